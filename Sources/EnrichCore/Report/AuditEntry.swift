/// One audit line as `enrich report` reads it back: only the keys the report counts.
///
/// Every member is optional and other keys are not decoded at all, so an audit of an older or
/// newer version — or a key of an unexpected type the report does not use — costs no line.
/// Decoding into typed optionals (not `JSONSerialization`) also keeps `0`/`1` from passing for
/// booleans, which `NSNumber` does on Linux.
struct AuditEntry: Decodable {
    struct Reason: Decodable {
        var kind: String?
    }

    struct Found: Decodable {
        var provider: String?
    }

    struct Attempt: Decodable {
        var provider: String?
        var httpStatus: Int?
        var retries: Int?
        var waitedMilliseconds: Int?
        var latencyMilliseconds: Int?
        var outcome: String?
        var error: String?
        var polls: Int?
        var credits: Int?
        /// Time spent in 429 pauses.
        var retryAfterMilliseconds: Int?
        /// 429 answers received.
        var rateLimited: Int?
        /// `webhook` when the result came by webhook (no request for it).
        var via: String?
        /// The row's place in a call made for several rows.
        var bulk: Bulk?

        struct Bulk: Decodable {
            var position: Int?
        }

        /// False for the later rows of a bulk call: the call is counted on its first.
        var countsItsCall: Bool { (bulk?.position ?? 1) <= 1 }

        enum CodingKeys: String, CodingKey {
            case provider, retries, outcome, error, polls, credits, via, bulk
            case httpStatus = "http_status"
            case waitedMilliseconds = "waited_ms"
            case latencyMilliseconds = "latency_ms"
            case retryAfterMilliseconds = "retry_after_ms"
            case rateLimited = "rate_limited"
        }
    }

    var row: Int?
    var status: String?
    var reason: Reason?
    var fields: [String: Found]?
    var attempts: [Attempt]?
    var cached: Bool?
    var startedAt: String?
    var finishedAt: String?

    enum CodingKeys: String, CodingKey {
        case row, status, reason, fields, attempts, cached
        case startedAt = "started_at"
        case finishedAt = "finished_at"
    }
}
