import CurlHTTP

/// What a provider said of its key before the run paid for anything.
public enum KeyCheck: Sendable, Equatable {
    case accepted
    /// 401/403: the run must not start (exit 2).
    case rejected(reason: String)
    /// No answer (network, 5xx): the run goes on and its lookups retry as usual.
    case unknown(reason: String)
}

extension ProviderTransport {
    /// Asks a free endpoint (a job that does not exist, a balance) only to see whether the key
    /// is refused: a wrong key then stops the run before any paid call, not after the first one.
    func checkKey(_ path: String, query: [(String, String)] = []) async -> KeyCheck {
        let (reply, _) = await send(.get, path, query: query)
        switch reply {
        case .response: return .accepted
        case .ended(.providerUnusable(let reason, _), _): return .rejected(reason: reason)
        case .ended(let status, _): return .unknown(reason: status.message ?? "no answer")
        }
    }
}
