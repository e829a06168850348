public import ByteStream

/// Why `enrich report` could not read an audit log at all. A bad line is not one: it is a
/// warning, and the report goes on.
public enum ReportError: Error, CustomStringConvertible, Equatable {
    case unreadable(ByteStreamError)

    public var description: String {
        switch self {
        case .unreadable(let error):
            return
                "\(error) `enrich report` reads the audit log a run wrote: OUTPUT.audit.jsonl beside the output, or the --audit path of that run."
        }
    }
}
