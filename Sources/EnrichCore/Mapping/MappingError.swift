/// A mapping file that cannot be used, with where and how to fix it.
public struct MappingError: Error, CustomStringConvertible, Equatable {
    public var file: String
    /// 1-based line in the mapping file; nil when the problem is not on one line.
    public var line: Int?
    public var message: String

    public init(file: String, line: Int?, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        if let line { return "\(file):\(line): \(message)" }
        return "\(file): \(message)"
    }
}

/// Several mapping problems at once, so a user fixes them in one go.
public struct MappingErrors: Error, CustomStringConvertible {
    public var errors: [MappingError]

    public var description: String {
        errors.map(\.description).joined(separator: "\n")
    }
}
