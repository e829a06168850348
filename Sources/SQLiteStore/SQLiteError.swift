/// A failed SQLite call: what SQLite said, on which database, doing what.
public struct SQLiteError: Error, CustomStringConvertible, Sendable {
    /// SQLite's primary result code (`SQLITE_BUSY`, `SQLITE_CORRUPT` …).
    public let code: Int32
    public let message: String
    public let path: String
    /// The statement that failed, or what was being done (open, close).
    public let context: String

    public init(code: Int32, message: String, path: String, context: String) {
        self.code = code
        self.message = message
        self.path = path
        self.context = context
    }

    public var description: String {
        "\(path): SQLite error \(code) (\(message)) while \(context)"
    }
}
