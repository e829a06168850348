import ProviderHTTP

/// One call to a provider as the audit records it (SPEC: `attempts[]`). Holds no key, header,
/// request body or query string.
public struct AttemptLog: Sendable, Equatable, Codable {
    public enum Outcome: String, Sendable, Codable {
        case found
        case notFound = "not_found"
        /// A job was launched; its result is in the poll entry that follows.
        case launched
        case failed
        case inDoubt = "in_doubt"
        case unusable
        case exhausted
        /// Not sent: a row problem found before calling (an over-long field).
        case skipped
        /// Not sent: the run held the paid launch back (credit budget reached, or stopping).
        case withheld
        /// Not sent: another row of this run sent the very same request, or an earlier run
        /// found it; its answer is used and nothing is paid again.
        case shared
    }

    public var provider: String
    public var field: EnrichField?
    public var strategy: String?
    public var jobID: String?
    /// The last HTTP status, nil when no answer arrived or nothing was sent.
    public var httpStatus: Int?
    /// HTTP retries (5xx, timeouts, 429s) inside this call; for polling, of every poll.
    public var retries: Int
    /// Time waiting for limits, 429 pauses and, for polling, between polls.
    public var waitedMilliseconds: Int
    /// Time on the wire, summed over the HTTP attempts.
    public var latencyMilliseconds: Int
    /// Of `waitedMilliseconds`, the time spent in provider-wide 429 pauses.
    public var retryAfterMilliseconds = 0
    /// 429 answers received.
    public var rateLimited = 0
    /// The job's result came by webhook, not by polling.
    public var viaWebhook = false
    /// How many polls a collect entry made; 0 for other calls.
    public var polls: Int
    public var outcome: Outcome
    public var charged: Bool
    /// Credits at the configured price when `charged`.
    public var credits: Int
    /// The provider's raw job or answer status (`SUCCEEDED`, `finished`, `success` …).
    public var providerStatus: String?
    public var error: String?
    /// This row's place in a call made for several rows (Apollo's `bulk_match`). The call's
    /// requests, retries, 429s and latency are counted once, on its first row; every row of
    /// it carries the same figures.
    public var bulk: BulkShare?
    /// The data sources a provider's own waterfall tried (Apollo's per-vendor attempts), one
    /// readable line each: `email Icypeas: UNVERIFIED, 1 found`.
    public var vendors: [String]?

    /// A row's place in a call sent for `size` rows; `position` from 1.
    public struct BulkShare: Sendable, Equatable, Codable {
        public var position: Int
        public var size: Int

        public init(position: Int, size: Int) {
            self.position = position
            self.size = size
        }
    }

    /// Whether the HTTP figures of this entry (requests, retries, 429s, latency) are its own,
    /// not a copy of a bulk call's already counted on that call's first row.
    public var countsItsCall: Bool { (bulk?.position ?? 1) == 1 }

    public init(
        provider: String, field: EnrichField? = nil, strategy: String? = nil, jobID: String? = nil, httpStatus: Int? = nil,
        retries: Int = 0, waitedMilliseconds: Int = 0, latencyMilliseconds: Int = 0, polls: Int = 0, outcome: Outcome,
        charged: Bool = false, credits: Int = 0, providerStatus: String? = nil, error: String? = nil
    ) {
        self.provider = provider
        self.field = field
        self.strategy = strategy
        self.jobID = jobID
        self.httpStatus = httpStatus
        self.retries = retries
        self.waitedMilliseconds = waitedMilliseconds
        self.latencyMilliseconds = latencyMilliseconds
        self.polls = polls
        self.outcome = outcome
        self.charged = charged
        self.credits = credits
        self.providerStatus = providerStatus
        self.error = error
    }

    /// Adds the timings and retries of an HTTP call.
    mutating func add(_ report: CallReport) {
        retries += report.retries
        waitedMilliseconds += (report.waitedForLimits + report.waitedForRetryAfter + report.backoff).milliseconds
        latencyMilliseconds += report.attempts.reduce(Duration.zero) { $0 + $1.latency }.milliseconds
        retryAfterMilliseconds += report.waitedForRetryAfter.milliseconds
        rateLimited += report.attempts.filter { $0.status == 429 }.count
        if let status = report.attempts.last?.status { httpStatus = status }
    }
}

extension Duration {
    /// Whole milliseconds, rounded down.
    var milliseconds: Int {
        let (seconds, attoseconds) = components
        return Int(seconds * 1000 + attoseconds / 1_000_000_000_000_000)
    }
}
