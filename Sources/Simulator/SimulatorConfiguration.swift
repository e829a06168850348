/// Everything the simulator can be told: where it listens, which keys it accepts, how often it
/// finds data, and how badly it behaves. Every field has a default, so `SimulatorConfiguration()`
/// is a well-behaved simulator with no latency and no faults.
public struct SimulatorConfiguration: Sendable {
    /// Address to bind; the simulator is meant for loopback only.
    public var host: String = "127.0.0.1"
    /// Port to bind; 0 lets the OS choose (read it back from the running simulator).
    public var port: Int = 0
    /// Salt for every derived value: change it to get another, equally stable, population.
    public var seed: String = "enrich-sim"
    /// API keys the simulator accepts, one per vendor (both Waterfall kinds share one).
    public var keys = Keys()
    /// Chance, per provider kind and field, that a lookup finds a value.
    public var hitRates = HitRates()
    /// Delay before answering; per endpoint (`"GET /v1/enrichment/phone"`) or `default`.
    public var latency = Latency()
    /// Requests allowed per API key and window before answering 429.
    public var rateLimit = RateLimit()
    /// Chances that a request is answered with a fault instead of the real answer.
    public var faults = Faults()
    /// How long async jobs (Waterfall, Apollo waterfall, Pronto) stay running.
    public var jobDuration: DurationRange = .fixed(.seconds(2))
    /// Chances that a Waterfall job ends `FAILED`, `TIMED_OUT` or `ABORTED` instead of `SUCCEEDED`.
    public var jobOutcomes = JobOutcomes()
    /// Past this many vendor requests, every key is refused as that vendor refuses a wrong one,
    /// until `POST /__sim/keys/restore`: a key revoked or rotated in the middle of a run.
    public var revokeKeysAfter: Int?
    /// Chance that a person's free-text fields start with a spreadsheet formula (`=`, `+`, `@`, `-`).
    public var formulaRate: Double = 0
    /// Webhook delivery: attempts after the first, backoff base and per-attempt timeout.
    public var webhook = Webhook()
    /// Vendor account state.
    public var lantern = Lantern()
    public var pronto = Pronto()
    public var apollo = Apollo()
    /// Most request entries the ledger keeps (counts are always complete).
    public var ledgerRequestLimit: Int = 100_000

    public init() {}

    public struct Keys: Sendable {
        public var waterfall = "sim-waterfall-key"
        public var apollo = "sim-apollo-key"
        public var lantern = "sim-lantern-key"
        public var pronto = "sim-pronto-key"
        public init() {}
    }

    public struct HitRates: Sendable {
        public var waterfallPhone: [String: Double] = ["phone": 0.6]
        public var waterfallContact: [String: Double] = ["email": 0.7, "phone": 0.3]
        public var apollo: [String: Double] = ["person": 0.9, "email": 0.6, "phone": 0.4]
        public var lantern: [String: Double] = ["phone": 0.5]
        public var pronto: [String: Double] = ["email": 0.55, "phone": 0.45, "personal_email": 0.35]
        public init() {}
    }

    public struct Latency: Sendable {
        public var `default`: DurationRange = .fixed(.zero)
        public var perEndpoint: [String: DurationRange] = [:]
        public init() {}
    }

    /// How a 429 tells the client when to come back.
    public enum RetryHint: String, Sendable, CaseIterable {
        case header, body, both
        case httpDate = "http_date"
    }

    public struct RateLimit: Sendable {
        /// Requests per key per window; 0 turns rate limiting off.
        public var limit: Int = 0
        public var window: Duration = .seconds(1)
        public var hint: RetryHint = .both
        /// Seconds announced in the hint.
        public var retryAfterSeconds: Int = 1
        public init() {}
    }

    public struct Faults: Sendable {
        public var status500: Double = 0
        public var status502: Double = 0
        public var status503: Double = 0
        /// The connection is reset (TCP RST) instead of answered.
        public var reset: Double = 0
        /// The answer comes after `slowDuration`, longer than any sane client timeout.
        public var slow: Double = 0
        public var slowDuration: Duration = .seconds(300)
        /// A 200 whose body is cut-off JSON.
        public var malformedJSON: Double = 0
        /// A 200 with an empty body.
        public var empty200: Double = 0
        public init() {}
    }

    public struct JobOutcomes: Sendable {
        public var failed: Double = 0
        public var timedOut: Double = 0
        public var aborted: Double = 0
        public init() {}
    }

    public struct Webhook: Sendable {
        /// Retries after the first attempt when the receiver answers 429/500/502/504 (the docs say 5).
        public var maxRetries: Int = 5
        public var backoffBase: Duration = .seconds(1)
        public var timeout: Duration = .seconds(10)
        public init() {}
    }

    public struct Lantern: Sendable {
        public var credits: Int = 10_000
        public init() {}
    }

    public struct Pronto: Sendable {
        /// Whether the account consented to personal e-mail enrichment (else 422).
        public var personalEmailConsent = true
        /// Jobs processed at once per account; more wait in a queue.
        public var concurrency = 5
        public var dailyCredits = 2_500
        /// Credits per finished lookup that found data, by enrichment type.
        public var prices: [String: Int] = ["email": 1, "phone": 10, "personal_email": 3]
        public init() {}
    }

    public struct Apollo: Sendable {
        /// Requests per key per minute / hour / day on `people/match`; `bulk_match` gets a tenth.
        public var perMinute = 600
        public var perHour = 6_000
        public var perDay = 50_000
        /// Credits per record whose waterfall found an e-mail or phone.
        public var creditsPerRecord = 1
        /// Whether the team may run waterfall enrichment.
        public var waterfallEnabled = true
        public init() {}
    }
}

/// A fixed duration or a range to draw from.
public struct DurationRange: Sendable, Equatable {
    public var lower: Duration
    public var upper: Duration

    public init(lower: Duration, upper: Duration) {
        self.lower = min(lower, upper)
        self.upper = max(lower, upper)
    }

    public static func fixed(_ value: Duration) -> DurationRange {
        DurationRange(lower: value, upper: value)
    }

    /// Picks a point in the range from a number in [0, 1).
    func pick(_ unit: Double) -> Duration {
        lower + (upper - lower) * unit
    }
}
