public import Foundation

/// One line of the audit log (SPEC "Files it writes"): what happened to one input row.
public struct AuditRecord: Sendable {
    public enum Status: String, Sendable, Codable, CaseIterable {
        case enriched
        case notFound = "not_found"
        case skipped
        case failed
        case invalidInput = "invalid_input"
    }

    /// A value found for an enrich field, and who found it how.
    public struct FoundValue: Sendable, Equatable {
        public var value: String
        public var provider: String
        public var strategy: String?

        public init(value: String, provider: String, strategy: String? = nil) {
            self.value = value
            self.provider = provider
            self.strategy = strategy
        }
    }

    public var row: Int
    public var recordID: String
    public var status: Status
    /// Where a malformed row is in the input, and why it is malformed.
    public var line: Int?
    public var byteOffset: Int?
    public var reason: RowProblem?
    public var fields: [(field: String, found: FoundValue)] = []
    public var attempts: [AttemptLog] = []
    /// After `--retry-failed`: the attempts of the row's line before, as JSON objects joined
    /// by commas, written ahead of `attempts`. What the earlier run sent and paid for stays in
    /// the audit, and `enrich report` counts it; this run's summary does not.
    public var earlierAttempts: String?
    /// Served from an earlier lookup of the same identity.
    public var cached = false
    public var startedAt: Date
    public var finishedAt: Date

    public init(row: Int, recordID: String, status: Status, startedAt: Date, finishedAt: Date) {
        self.row = row
        self.recordID = recordID
        self.status = status
        self.startedAt = startedAt
        self.finishedAt = finishedAt
    }

    /// The audit line for a row passed through because it is malformed.
    public static func invalid(_ row: Row, recordID: String, at time: Date) -> AuditRecord {
        var record = AuditRecord(row: row.number, recordID: recordID, status: .invalidInput, startedAt: time, finishedAt: time)
        record.line = row.line
        record.byteOffset = row.byteOffset
        record.reason = row.problem
        return record
    }
}
