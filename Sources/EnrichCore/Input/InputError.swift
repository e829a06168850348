public import ByteStream
public import CSVStream

/// An input that cannot be read at all. A bad row is not an error: it is a `RowProblem`.
public enum InputError: Error, CustomStringConvertible {
    case io(ByteStreamError)
    case csv(CSVError)
    case unknownFormat(path: String)
    case empty(path: String)
    /// A JSONL file in UTF-16 or UTF-32 (a CSV one is a `CSVError`).
    case notUTF8(path: String, encoding: ForeignEncoding)

    public var description: String {
        switch self {
        case .io(let error): return error.description
        case .csv(let error): return error.description
        case .unknownFormat(let path):
            return "\(path): cannot tell the format from the name. Use a .csv, .tsv, .jsonl or .ndjson name, or --input-format."
        case .empty(let path):
            return "\(path): the input is empty: there is nothing to read."
        case .notUTF8(let path, let encoding):
            return encoding.advice(path: path)
        }
    }
}
