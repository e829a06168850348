import CurlHTTP
import HTTPTestSupport
import ProviderHTTP
import Testing

/// Retries without randomness, so recorded backoffs are exact.
let noJitter = RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(500), maxDelay: .seconds(8), jitter: { $0 })

/// Runs `body` with a fresh server, HTTP client and provider client; always stops them.
func withProvider<T>(
    limits: ProviderLimits = ProviderLimits(),
    retry: RetryPolicy = noJitter,
    clock: TestClock = TestClock(),
    listening: Bool = true,
    wallClock: @escaping @Sendable () -> Double = ProviderClient<TestClock>.systemTime,
    tally: RateLimitTally? = nil,
    _ handler: @escaping TestHTTPServer.Handler,
    _ body: (TestHTTPServer, ProviderClient<TestClock>) async throws -> T
) async throws -> T {
    let server = try TestHTTPServer(listening: listening, handler: handler)
    let http = try HTTPClient()
    let provider = ProviderClient(
        name: "lantern", http: http, limits: limits, retry: retry, clock: clock, wallClock: wallClock, tally: tally)
    do {
        let result = try await body(server, provider)
        await http.shutdown()
        await server.stop()
        return result
    } catch {
        await http.shutdown()
        await server.stop()
        throw error
    }
}

func json(_ status: Int, _ text: String = "{}", headers: [(String, String)] = []) -> TestHTTPServer.Reply {
    .respond(status: status, headers: [("Content-Type", "application/json")] + headers, body: Array(text.utf8))
}

extension ProviderCall {
    var status: Int? {
        if case .response(let response) = self { response.status } else { nil }
    }

    var isInDoubt: Bool {
        if case .inDoubt = self { true } else { false }
    }

    var isExhausted: Bool {
        if case .exhausted = self { true } else { false }
    }

    var failure: FailureCategory? {
        if case .failed(let category, _) = self { category } else { nil }
    }

    var unusable: (reason: String, firstNotice: Bool)? {
        if case .unusable(let reason, let first) = self { (reason, first) } else { nil }
    }
}
