import Foundation

extension Mapping {
    /// Reads and validates a mapping file. Column names are checked later, against the input.
    public static func load(path: String, environment: [String: String]? = nil) throws -> Mapping {
        let environment = environment ?? ProcessInfo.processInfo.environment
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw MappingError(file: path, line: nil, message: "cannot read the mapping file: check the path given to --mapping.")
        }
        return try parse(yaml: text, file: path, environment: environment)
    }

    public static func parse(yaml: String, file: String, environment: [String: String] = [:]) throws(MappingErrors) -> Mapping {
        var parser = MappingParser(file: file, environment: environment)
        return try parser.parse(yaml)
    }
}
