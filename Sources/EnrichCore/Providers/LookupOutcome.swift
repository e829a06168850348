public import ProviderHTTP

/// How one provider's lookup for one row ended, with every call it made for the audit.
public struct LookupOutcome: Sendable, Codable {
    public enum Status: Sendable, Codable {
        /// At least one wanted field was found.
        case found(LookupResult)
        /// Every strategy was asked; none found anything.
        case notFound
        /// A row problem: the provider refused the request or its job ended badly. The waterfall
        /// moves on; the reason goes to the audit.
        case failed(LookupFailure)
        /// A paid launch whose fate is unknown: handled per the mapping's `in_doubt`.
        case inDoubt(reason: String)
        /// The key was refused: the provider is not called again in this run. `firstNotice` is
        /// true for one outcome only, so the message is shown once.
        case providerUnusable(reason: String, firstNotice: Bool)
        /// The provider asked for a longer wait than `max_wait`, or has no credits left.
        case exhausted(reason: String)
        /// The run held a paid launch back (budget reached, or stopping): nothing was sent,
        /// and the lookup is left for the next run.
        case withheld(reason: String)
    }

    public var provider: String
    public var status: Status
    /// One entry per launch, per polled job and per synchronous call.
    public var attempts: [AttemptLog]

    public init(provider: String, status: Status, attempts: [AttemptLog]) {
        self.provider = provider
        self.status = status
        self.attempts = attempts
    }

    /// Whether any call of this lookup was charged (the docs: only when data came back).
    public var charged: Bool { attempts.contains { $0.charged } }
    /// Credits the charged calls cost, at the configured price.
    public var credits: Int { attempts.reduce(0) { $0 + $1.credits } }

    public var result: LookupResult? {
        if case .found(let result) = status { return result }
        return nil
    }
}

/// Why a lookup failed for this row: a closed category for the summary and the provider's own
/// message for the reader.
public struct LookupFailure: Sendable, Equatable, Error, Codable {
    public enum Category: String, Sendable, CaseIterable, Codable {
        /// An identifier exceeds a documented length: caught before sending, so nothing was paid.
        case fieldTooLong = "field_too_long"
        /// No strategy of this provider can be built from the row's identifiers.
        case missingIdentifiers = "missing_identifiers"
        /// 400 or 422: the provider refused the request.
        case badRequest = "bad_request"
        /// 404 on a job id.
        case unknownJob = "unknown_job"
        /// A 2xx body that does not have the documented shape.
        case malformedResponse = "malformed_response"
        case jobFailed = "job_failed"
        case jobTimedOut = "job_timed_out"
        case jobAborted = "job_aborted"
        /// Our own job deadline passed while the job was still running.
        case deadline
        /// Pronto's personal email without the account's consent.
        case consentRequired = "consent_required"
        /// The call itself failed after retries (see `transport`).
        case transport
    }

    public var category: Category
    /// The provider's message, or ours; never a key, a header or a request body.
    public var message: String
    public var transport: FailureCategory?

    private enum CodingKeys: String, CodingKey { case category, message, transport }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        category = try container.decode(Category.self, forKey: .category)
        message = try container.decode(String.self, forKey: .message)
        transport = try container.decodeIfPresent(String.self, forKey: .transport).flatMap(FailureCategory.init(rawValue:))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(category, forKey: .category)
        try container.encode(message, forKey: .message)
        try container.encodeIfPresent(transport?.rawValue, forKey: .transport)
    }

    public init(_ category: Category, _ message: String, transport: FailureCategory? = nil) {
        self.category = category
        self.message = message
        self.transport = transport
    }
}
