public import CurlHTTP
import Foundation

/// Calls one provider: its limits, its retries, its 429 pauses, and the in-doubt rule for
/// paid launches. One instance per provider, shared by every task calling it.
///
/// Generic over the clock so tests sleep in virtual time; production uses `ContinuousClock`.
public final class ProviderClient<C: Clock>: Sendable where C.Duration == Duration {
    public let name: String
    private let http: HTTPClient
    private let gate: ProviderGate<C>
    private let retry: RetryPolicy
    private let clock: C
    private let wallClock: @Sendable () -> Double
    private let tally: RateLimitTally?

    /// - Parameters:
    ///   - wallClock: seconds since 1970, to turn a `Retry-After` HTTP-date into a wait.
    ///   - tally: counts every 429 answer as it arrives.
    public init(
        name: String,
        http: HTTPClient,
        limits: ProviderLimits = ProviderLimits(),
        retry: RetryPolicy = RetryPolicy(),
        clock: C,
        wallClock: @escaping @Sendable () -> Double = ProviderClient.systemTime,
        tally: RateLimitTally? = nil
    ) {
        self.name = name
        self.http = http
        self.gate = ProviderGate(name: name, limits: limits, clock: clock)
        self.retry = retry
        self.clock = clock
        self.wallClock = wallClock
        self.tally = tally
    }

    /// Wall-clock seconds since 1970.
    @Sendable public static func systemTime() -> Double { Date().timeIntervalSince1970 }

    /// Whether the provider may still be called, for the run summary.
    public var status: ProviderStatus {
        get async { await gate.status }
    }

    /// The adaptive rate in requests per second; nil while requests are not paced.
    public var currentRate: Double? {
        get async { await gate.currentRate }
    }

    /// Sends `request`, retrying as the policy and `options` allow. Never throws: every ending,
    /// cancellation included, is an outcome with its report.
    public func send(_ request: HTTPRequest, options: CallOptions = CallOptions()) async -> CallResult {
        var call = Call(name: name, request: request, options: options, retry: retry)
        while true {
            if Task.isCancelled { return call.finish(.failed(.cancelled, detail: "cancelled before calling \(name)")) }
            let admission: ProviderGate<C>.Admission
            switch await gate.admit() {
            case .admitted(let granted): admission = granted
            case .refused(let outcome): return call.finish(outcome)
            case .cancelled: return call.finish(.failed(.cancelled, detail: "cancelled while waiting for \(name)'s limits"))
            }
            let started = ContinuousClock.now
            let result: Result<HTTPResponse, HTTPError>
            if options.launchesPaidJob {
                // Cut off on the wire, a paid launch would be in doubt and might be paid twice:
                // its exchange runs in a task of its own, not cancelled with the caller (awaited
                // here, so it never outlives it). Waiting for limits or a backoff is cancelled.
                let http = self.http
                result = await Task { await Self.execute(request, on: http) }.value
            } else {
                result = await Self.execute(request, on: http)
            }
            gate.release()
            var record = AttemptRecord(
                number: call.attempts.count + 1, status: nil, failure: nil, latency: started.duration(to: .now),
                waitedForLimits: admission.waitedForLimits, waitedForRetryAfter: admission.waitedForRetryAfter,
                backoffAfter: .zero, reusedConnection: false)

            let decision: Call.Decision
            switch result {
            case .success(let response):
                record.status = response.status
                record.reusedConnection = response.metrics.reusedConnection
                decision = await judge(response, admission: admission, call: &call)
            case .failure(let error):
                record.failure = FailureCategory(error.kind)
                decision = call.judge(error)
            }
            switch decision {
            case .done(let outcome):
                call.attempts.append(record)
                return call.finish(outcome)
            case .retry(let backoff):
                record.backoffAfter = backoff
                call.attempts.append(record)
                if backoff > .zero {
                    do {
                        try await clock.sleep(for: backoff)
                    } catch {
                        return call.finish(.failed(.cancelled, detail: "cancelled while backing off from \(name)"))
                    }
                }
            }
        }
    }

    private static func execute(_ request: HTTPRequest, on http: HTTPClient) async -> Result<HTTPResponse, HTTPError> {
        do {
            return .success(try await http.execute(request))
        } catch {
            return .failure(error)
        }
    }

    private func judge(_ response: HTTPResponse, admission: ProviderGate<C>.Admission, call: inout Call) async -> Call.Decision {
        switch response.status {
        case 429:
            tally?.record()
            let hint = RetryAfter.delay(header: response.header("Retry-After"), body: response.body, now: wallClock())
            if let exhausted = await gate.refused(retryAfter: hint, epoch: admission.epoch) { return .done(exhausted) }
            return call.rateLimited(hinted: hint != nil)
        case 401, 403:
            let reason =
                "\(name) answered HTTP \(response.status) at \(call.url): the API key is missing or not accepted. "
                + "Check the key in the configuration; \(name) is not called again in this run."
            let (shown, first) = await gate.markUnusable(reason: reason)
            return .done(.unusable(reason: shown, firstNotice: first))
        case 500...599:
            return call.serverError(response.status)
        default:
            return .done(.response(response))
        }
    }
}

extension ProviderClient where C == ContinuousClock {
    /// A client on the real clock with full jitter.
    public convenience init(
        name: String, http: HTTPClient, limits: ProviderLimits = ProviderLimits(), retry: RetryPolicy = RetryPolicy(),
        tally: RateLimitTally? = nil
    ) {
        self.init(name: name, http: http, limits: limits, retry: retry, clock: ContinuousClock(), tally: tally)
    }
}
