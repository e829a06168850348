public import CSVStream

/// Why an input row is passed through as `invalid_input` instead of being enriched.
public struct RowProblem: Sendable, Equatable, CustomStringConvertible {
    /// A stable name for the audit and summary: `too_many_fields`, `invalid_json`, …
    public var kind: String
    /// What is wrong and how to fix it.
    public var message: String

    public init(kind: String, message: String) {
        self.kind = kind
        self.message = message
    }

    public init(_ problem: CSVProblem) {
        self.init(kind: problem.kind, message: problem.description)
    }

    public var description: String { message }
}
