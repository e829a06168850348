/// Where rows go: a CSV or JSONL writer.
public protocol RecordSink: AnyObject {
    /// Writes one row and the enriched cells appended after its columns (nil: no value).
    func write(_ row: Row, extra: [String?]) throws(OutputError)
    /// Flushes everything written so far.
    func flush() throws(OutputError)
}

public enum OutputError: Error, CustomStringConvertible {
    case io(String)

    public var description: String {
        switch self {
        case .io(let message): return message
        }
    }
}
