public import CurlHTTP

/// How a call to a provider ended, after retries. Record problems are data: none of these is
/// thrown, each is written, audited and counted by the caller.
public enum ProviderCall: Sendable {
    /// An HTTP answer to judge: 2xx, or a 4xx such as 400/404/422 that is not retried and
    /// whose body holds the provider's message.
    case response(HTTPResponse)
    /// A paid launch whose fate is unknown: it may have started a job. Never retried here.
    case inDoubt(reason: String)
    /// 401/403: the key is wrong; no further calls to this provider in this run.
    /// `firstNotice` is true for exactly one call, so the message is shown once.
    case unusable(reason: String, firstNotice: Bool)
    /// The provider asked for a wait longer than `maxWait`; it is skipped for this run.
    case exhausted(reason: String)
    /// Retries ran out, or the failure is not retryable.
    case failed(FailureCategory, detail: String)
}

/// Why a call failed, for the audit and the summary: a closed set, never free text.
public enum FailureCategory: String, Sendable, CaseIterable {
    case timeout
    case connection
    case serverError = "server_error"
    case rateLimited = "rate_limited"
    case responseTooLarge = "response_too_large"
    case tls
    case invalidRequest = "invalid_request"
    case cancelled

    init(_ kind: HTTPError.Kind) {
        switch kind {
        case .timedOut: self = .timeout
        case .couldNotConnect, .connectionLost, .other: self = .connection
        case .responseTooLarge: self = .responseTooLarge
        case .tls: self = .tls
        case .invalidRequest: self = .invalidRequest
        case .cancelled, .shutdown: self = .cancelled
        }
    }
}

/// The outcome of `ProviderClient.send` together with what every attempt did.
public struct CallResult: Sendable {
    public var outcome: ProviderCall
    public var report: CallReport
}
