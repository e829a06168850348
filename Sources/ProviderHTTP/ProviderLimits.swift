/// How hard one provider may be called. Plain data with defaults, taken from configuration.
public struct ProviderLimits: Sendable {
    /// Requests to this provider on the wire at once.
    public var maxInFlight: Int
    /// Steady requests per second (token bucket), or nil for no configured rate. Even without
    /// one, a 429 makes the gate pace requests at an adaptive rate from then on.
    public var requestsPerSecond: Double?
    /// A single wait (a `Retry-After`, or a provider-wide pause) longer than this marks the
    /// provider exhausted for the run instead of stalling it.
    public var maxWait: Duration
    /// After a 429 the rate is multiplied by this (multiplicative decrease).
    public var decreaseFactor: Double
    /// Per second without a 429, the rate grows by this fraction of the rate at the last 429
    /// (additive increase): slow, so a long run settles just under the real limit.
    public var increasePerSecond: Double

    public init(
        maxInFlight: Int = 8,
        requestsPerSecond: Double? = nil,
        maxWait: Duration = .seconds(600),
        decreaseFactor: Double = 0.9,
        increasePerSecond: Double = 0.001
    ) {
        self.maxInFlight = max(1, maxInFlight)
        self.requestsPerSecond = requestsPerSecond
        self.maxWait = maxWait
        self.decreaseFactor = decreaseFactor
        self.increasePerSecond = increasePerSecond
    }
}

/// Retries as data: how many, and how long between them. The jitter function is injected so
/// tests can switch randomness off.
public struct RetryPolicy: Sendable {
    /// Attempts in all for 5xx, timeouts and connection errors (the first one included).
    public var maxAttempts: Int
    /// Retries after 429s, counted separately: a rate-limited provider is slow, not broken.
    public var maxRateLimitRetries: Int
    public var baseDelay: Duration
    public var maxDelay: Duration
    /// Maps the capped exponential delay to the delay actually slept. The default is "full
    /// jitter": uniform in 0...delay, which spreads retries of many rows apart.
    public var jitter: @Sendable (Duration) -> Duration

    public init(
        maxAttempts: Int = 4,
        maxRateLimitRetries: Int = 20,
        baseDelay: Duration = .milliseconds(500),
        maxDelay: Duration = .seconds(30),
        jitter: @escaping @Sendable (Duration) -> Duration = RetryPolicy.fullJitter
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.maxRateLimitRetries = maxRateLimitRetries
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.jitter = jitter
    }

    @Sendable public static func fullJitter(_ delay: Duration) -> Duration {
        delay * Double.random(in: 0...1)
    }

    /// The delay before retry number `retry` (1-based): jitter(min(maxDelay, base · 2^(retry-1))).
    public func backoff(retry: Int) -> Duration {
        let exponent = min(max(retry - 1, 0), 30)
        let raw = baseDelay * Double(1 << exponent)
        return jitter(min(raw, maxDelay))
    }
}

/// Per request: what makes a retry safe.
public struct CallOptions: Sendable {
    /// The request starts a paid job (a launch). It is then retried only where it provably
    /// started nothing; otherwise its outcome is `.inDoubt`.
    public var launchesPaidJob: Bool
    /// 5xx statuses the provider documents as "not processed": safe to retry even for a launch.
    public var notProcessedStatuses: Set<Int>

    public init(launchesPaidJob: Bool = false, notProcessedStatuses: Set<Int> = []) {
        self.launchesPaidJob = launchesPaidJob
        self.notProcessedStatuses = notProcessedStatuses
    }
}
