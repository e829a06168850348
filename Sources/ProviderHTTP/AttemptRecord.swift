/// One HTTP attempt, for the audit log. Holds no secret: no headers, no body, no query string.
public struct AttemptRecord: Sendable, Equatable {
    /// 1-based.
    public var number: Int
    /// The HTTP status, or nil when no response arrived.
    public var status: Int?
    /// Set when no response arrived.
    public var failure: FailureCategory?
    /// From handing the request to the transport to its completion.
    public var latency: Duration
    /// Waiting for an in-flight slot or a rate token before this attempt.
    public var waitedForLimits: Duration
    /// Waiting out a provider-wide `Retry-After` pause before this attempt.
    public var waitedForRetryAfter: Duration
    /// Backoff slept after this attempt, before the next one.
    public var backoffAfter: Duration
    public var reusedConnection: Bool
}

/// Everything a call did, returned with its outcome.
public struct CallReport: Sendable, Equatable {
    public var provider: String
    public var method: String
    /// Without query string or credentials.
    public var url: String
    public var attempts: [AttemptRecord]

    public var retries: Int { max(0, attempts.count - 1) }
    public var waitedForLimits: Duration { attempts.reduce(.zero) { $0 + $1.waitedForLimits } }
    public var waitedForRetryAfter: Duration { attempts.reduce(.zero) { $0 + $1.waitedForRetryAfter } }
    public var backoff: Duration { attempts.reduce(.zero) { $0 + $1.backoffAfter } }
}
