import CurlHTTP

extension ProviderClient {
    /// The retry decisions of one `send`, as plain data so they read in one place.
    struct Call {
        enum Decision {
            case done(ProviderCall)
            /// Try again after this backoff (zero when a provider-wide pause does the waiting).
            case retry(backoff: Duration)
        }

        let name: String
        let method: String
        let url: String
        let options: CallOptions
        let retry: RetryPolicy
        var attempts: [AttemptRecord] = []
        /// 5xx, timeouts and connection errors so far.
        var failures = 0
        var rateLimits = 0

        init(name: String, request: HTTPRequest, options: CallOptions, retry: RetryPolicy) {
            self.name = name
            self.method = request.method.rawValue
            self.url = request.redactedURL
            self.options = options
            self.retry = retry
        }

        func finish(_ outcome: ProviderCall) -> CallResult {
            CallResult(outcome: outcome, report: CallReport(provider: name, method: method, url: url, attempts: attempts))
        }

        /// A 429 proves the request was not processed, so even a paid launch may be retried.
        mutating func rateLimited(hinted: Bool) -> Decision {
            rateLimits += 1
            guard rateLimits <= retry.maxRateLimitRetries else {
                return .done(.failed(.rateLimited, detail: "\(name) kept answering HTTP 429 at \(url) after \(rateLimits) tries"))
            }
            return .retry(backoff: hinted ? .zero : retry.backoff(retry: rateLimits))
        }

        mutating func serverError(_ status: Int) -> Decision {
            if options.launchesPaidJob && !options.notProcessedStatuses.contains(status) {
                return .done(
                    .inDoubt(
                        reason: "\(name) answered HTTP \(status) at \(url) to a paid launch; the job may have started, "
                            + "so it is not launched again"))
            }
            failures += 1
            guard failures < retry.maxAttempts else {
                return .done(.failed(.serverError, detail: "\(name) answered HTTP \(status) at \(url), \(failures) attempts"))
            }
            return .retry(backoff: retry.backoff(retry: failures))
        }

        mutating func judge(_ error: HTTPError) -> Decision {
            let category = FailureCategory(error.kind)
            // Whatever the reason, a launch that may be on the wire must not be sent again.
            if options.launchesPaidJob && error.requestMayHaveBeenSent {
                return .done(.inDoubt(reason: "\(error) The paid launch may have started a job at \(name); it is not launched again."))
            }
            switch error.kind {
            case .cancelled, .shutdown, .responseTooLarge, .tls, .invalidRequest:
                return .done(.failed(category, detail: error.description))
            case .couldNotConnect, .timedOut, .connectionLost, .other:
                failures += 1
                guard failures < retry.maxAttempts else {
                    return .done(.failed(category, detail: "\(error) (\(failures) attempts)"))
                }
                return .retry(backoff: retry.backoff(retry: failures))
            }
        }
    }
}
