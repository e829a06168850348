/// What `enrich report` says about one audit log. Counters and histograms only, so it is the
/// same size for ten rows or ten million.
public struct AuditReport: Sendable {
    /// One provider's calls, from the `attempts` of every row.
    public struct ProviderStats: Sendable, Equatable {
        /// Audit entries naming this provider, sent or not.
        public var attempts = 0
        /// HTTP requests sent: each sent entry once (a poll series once per poll), and every
        /// retry; a bulk call once, on its first row.
        public var requests = 0
        public var credits = 0
        public var retries = 0
        /// 429 answers received.
        public var rateLimited = 0
        /// Time spent in 429 pauses.
        public var retryAfterMilliseconds = 0
        /// All waiting: limits, 429 pauses, backoff, time between polls.
        public var waitedMilliseconds = 0
        public var inDoubt = 0
        var latency = LatencyHistogram()

        /// The nearest-rank percentile of the sent entries' `latency_ms`; nil when none was sent.
        public func latencyPercentile(_ percent: Int) -> Int? { latency.percentile(percent) }
        public var latencyMaximum: Int? { latency.count > 0 ? latency.maximum : nil }
        public var latencySamples: Int { latency.count }

        mutating func add(_ other: ProviderStats) {
            attempts += other.attempts
            requests += other.requests
            credits += other.credits
            retries += other.retries
            rateLimited += other.rateLimited
            retryAfterMilliseconds += other.retryAfterMilliseconds
            waitedMilliseconds += other.waitedMilliseconds
            inDoubt += other.inDoubt
        }
    }

    /// How a call went wrong: grouped by who, which outcome and which HTTP status (nil: no
    /// answer, e.g. a timeout), because that is what tells a key problem from an outage.
    public struct ErrorKind: Sendable, Hashable, Comparable {
        public var provider: String
        public var outcome: String
        public var httpStatus: Int?

        public static func < (a: ErrorKind, b: ErrorKind) -> Bool {
            (a.provider, a.outcome, a.httpStatus ?? -1) < (b.provider, b.outcome, b.httpStatus ?? -1)
        }
    }

    public struct ErrorGroup: Sendable, Equatable {
        public var count = 0
        /// The first `error` text of the group, shortened: one example, not every message.
        public var example: String?
    }

    /// A time of the audit as written and as milliseconds since 1970, for the wall time.
    public struct Moment: Sendable, Equatable {
        public var text: String
        public var milliseconds: Int64
    }

    /// The statuses of SPEC "Files it writes", in its order; always reported, even at 0.
    public static let statuses = ["enriched", "not_found", "skipped", "failed", "invalid_input"]
    /// Attempt outcomes that mean nothing was sent (no request, no latency).
    static let unsent: Set<String> = ["skipped", "withheld", "shared", "budget"]
    /// Attempt outcomes counted as errors.
    public static let errorOutcomes: Set<String> = ["failed", "in_doubt", "unusable", "exhausted"]
    static let exampleLength = 160

    public var path: String
    /// Non-blank lines read.
    public var lines = 0
    public var blankLines = 0
    /// Lines that are not an audit object, the cut-off last line not included.
    public var malformedLines = 0
    /// The number of the last line when it is cut off (the run stopped while writing it).
    public var truncatedLine: Int?
    /// Lines left out because the same `row` is on another line that is counted instead.
    public var duplicateLines = 0
    /// Rows counted (each row number once).
    public var rows = 0
    public var byStatus: [String: Int] = [:]
    /// `invalid_input` rows by `reason.kind`.
    public var invalidByReason: [String: Int] = [:]
    public var cachedRows = 0
    /// Found values: field → provider → rows.
    public var found: [String: [String: Int]] = [:]
    public var providers: [String: ProviderStats] = [:]
    public var errors: [ErrorKind: ErrorGroup] = [:]
    public var earliestStart: Moment?
    public var latestFinish: Moment?

    public init(path: String) {
        self.path = path
    }

    /// The sum over providers (its latency histogram stays empty).
    public var total: ProviderStats {
        var total = ProviderStats()
        for stats in providers.values { total.add(stats) }
        return total
    }

    /// Milliseconds from the earliest `started_at` to the latest `finished_at`.
    public var wallMilliseconds: Int64? {
        guard let start = earliestStart, let end = latestFinish else { return nil }
        return max(end.milliseconds - start.milliseconds, 0)
    }

    /// Counts one row (already checked to have a `row` and a `status`).
    mutating func add(_ entry: AuditEntry, status: String) {
        rows += 1
        byStatus[status, default: 0] += 1
        if status == "invalid_input" { invalidByReason[entry.reason?.kind ?? "unknown", default: 0] += 1 }
        if entry.cached == true { cachedRows += 1 }
        for (field, value) in entry.fields ?? [:] {
            found[field, default: [:]][value.provider ?? "unknown", default: 0] += 1
        }
        for attempt in entry.attempts ?? [] { add(attempt) }
        if let text = entry.startedAt, let milliseconds = AuditTimestamp.milliseconds(text),
            earliestStart.map({ milliseconds < $0.milliseconds }) ?? true
        {
            earliestStart = Moment(text: text, milliseconds: milliseconds)
        }
        if let text = entry.finishedAt, let milliseconds = AuditTimestamp.milliseconds(text),
            latestFinish.map({ milliseconds > $0.milliseconds }) ?? true
        {
            latestFinish = Moment(text: text, milliseconds: milliseconds)
        }
    }

    private mutating func add(_ attempt: AuditEntry.Attempt) {
        let provider = attempt.provider ?? "unknown"
        let outcome = attempt.outcome ?? "unknown"
        var stats = providers[provider] ?? ProviderStats()
        stats.attempts += 1
        // A bulk call's figures are on each of its rows: they count once, on its first.
        let ownCall = attempt.countsItsCall
        if !Self.unsent.contains(outcome), ownCall {
            // A poll series is one request a poll; a result by webhook asked nothing unless it
            // had to poll after all; any other entry is one request. Retries are requests too,
            // as the run's summary and the provider count them.
            let polls = max(attempt.polls ?? 0, 0)
            stats.requests += (attempt.via == "webhook" || polls > 0 ? polls : 1) + max(attempt.retries ?? 0, 0)
            stats.latency.add(attempt.latencyMilliseconds ?? 0)
        }
        stats.credits += attempt.credits ?? 0
        if ownCall {
            stats.retries += attempt.retries ?? 0
            stats.rateLimited += attempt.rateLimited ?? 0
            stats.retryAfterMilliseconds += attempt.retryAfterMilliseconds ?? 0
        }
        stats.waitedMilliseconds += attempt.waitedMilliseconds ?? 0
        if outcome == "in_doubt" { stats.inDoubt += 1 }
        providers[provider] = stats
        if Self.errorOutcomes.contains(outcome) {
            let kind = ErrorKind(provider: provider, outcome: outcome, httpStatus: attempt.httpStatus)
            var group = errors[kind] ?? ErrorGroup()
            group.count += 1
            if group.example == nil, let error = attempt.error, !error.isEmpty {
                group.example = error.count > Self.exampleLength ? String(error.prefix(Self.exampleLength)) + "…" : error
            }
            errors[kind] = group
        }
    }
}
