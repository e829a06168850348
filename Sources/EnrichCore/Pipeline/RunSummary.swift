import Foundation

/// What a run did, for the summary on stderr.
public struct RunSummary: Sendable {
    public var rows = 0
    /// Rows passed through as `invalid_input`, by reason.
    public var invalid: [String: Int] = [:]
    public var blankLines = 0
    public var elapsed: Duration = .zero
    /// Enrichment only (a conversion leaves these empty).
    public var enrichment: Enrichment?

    public init() {}

    /// What the lookups did, for the summary.
    public struct Enrichment: Sendable {
        public var statuses: [AuditRecord.Status: Int] = [:]
        /// Rows written from an earlier part of this run (the checkpoint), not looked up again.
        public var resumed = 0
        /// Rows served from an earlier lookup of the same identity.
        public var cached = 0
        public var foundByField: [EnrichField: Int] = [:]
        public var foundByProvider: [String: Int] = [:]
        /// Credits spent in this invocation, and by every part of the run so far, per provider.
        public var creditsNow: [String: Int] = [:]
        public var creditsTotal: [String: Int] = [:]
        public var requests: [String: Int] = [:]
        public var retries = 0
        public var rateLimited = 0
        public var retryAfterMilliseconds = 0
        public var inDoubt = 0
        /// Providers that stopped answering for the run (`max_wait`, no credits), with why.
        public var exhausted: [String: String] = [:]
        /// Set when the run stopped early; rows after the first unfinished one are not written.
        public var stop: StopReason?
        public var unwritten = 0

        public init() {}

        /// HTTP requests an audit entry stands for: a poll series is one per poll; an entry for
        /// something not sent (skipped, withheld, an earlier run's launch in doubt) is none, and
        /// so is a bulk call's copy on its later rows.
        static func requests(_ attempt: AttemptLog) -> Int {
            switch attempt.outcome {
            case .skipped, .withheld, .shared: return 0
            case _ where !attempt.countsItsCall: return 0
            case _ where attempt.viaWebhook: return attempt.polls + attempt.retries
            case .inDoubt where attempt.jobID == nil && attempt.httpStatus == nil && attempt.latencyMilliseconds == 0: return 0
            default: return max(1, attempt.polls) + attempt.retries
            }
        }

        mutating func count(_ attempts: [AttemptLog]) {
            for attempt in attempts {
                requests[attempt.provider, default: 0] += Self.requests(attempt)
                if attempt.countsItsCall {
                    retries += attempt.retries
                    rateLimited += attempt.rateLimited
                    retryAfterMilliseconds += attempt.retryAfterMilliseconds
                }
                if attempt.outcome == .inDoubt { inDoubt += 1 }
                if attempt.credits > 0 { creditsNow[attempt.provider, default: 0] += attempt.credits }
                if attempt.outcome == .exhausted, exhausted[attempt.provider] == nil {
                    exhausted[attempt.provider] = attempt.error ?? "exhausted"
                }
            }
        }
    }

    public var invalidCount: Int { invalid.values.reduce(0, +) }

    public var seconds: Double {
        Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    /// The summary as lines of text.
    public var text: String {
        if let enrichment { return enrichmentText(enrichment) }
        var lines = ["rows: \(rows) (\(rows - invalidCount) converted, \(invalidCount) invalid_input)"]
        for (kind, count) in invalid.sorted(by: { $0.key < $1.key }) {
            lines.append("  invalid_input \(kind): \(count)")
        }
        if blankLines > 0 { lines.append("blank lines skipped: \(blankLines)") }
        lines.append(String(format: "elapsed: %.2f s", seconds))
        return lines.joined(separator: "\n")
    }

    /// The summary as one JSON object.
    public var json: String {
        if let enrichment { return enrichmentJSON(enrichment) }
        let invalidJSON = invalid.sorted(by: { $0.key < $1.key })
            .map { "\(JSONText.string($0.key)):\($0.value)" }.joined(separator: ",")
        return "{\"event\":\"run.summary\",\"rows\":\(rows),\"invalid_input\":{\(invalidJSON)},"
            + "\"blank_lines\":\(blankLines),\"elapsed_s\":\(String(format: "%.3f", seconds))}"
    }
}
