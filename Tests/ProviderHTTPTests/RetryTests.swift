import CurlHTTP
import HTTPTestSupport
import ProviderHTTP
import Testing

@Suite struct RetryTests {
    /// The four ways a 429 can say how long to wait; the wait is the provider-wide pause.
    @Test(
        arguments: [
            ("header seconds", [("Retry-After", "7")], "{}", Duration.seconds(7)),
            ("header HTTP-date", [("Retry-After", "Sun, 06 Nov 1994 08:49:46 GMT")], "{}", .seconds(9)),
            ("body retry_after string", [], #"{"success":false,"retry_after":"5"}"#, .seconds(5)),
            ("body retry_after number", [], #"{"success":false,"retry_after":2.5}"#, .milliseconds(2500)),
            ("Apollo retry_after_seconds", [], #"{"retry_after_seconds":4}"#, .seconds(4)),
        ] as [(String, [(String, String)], String, Duration)])
    func rateLimitHintIsWaitedOut(form: String, headers: [(String, String)], body: String, wait: Duration) async throws {
        // 784111777 is 1994-11-06 08:49:37 UTC: the date header lies 9 s ahead.
        try await withProvider(wallClock: { 784_111_777 }, { _, n in n == 0 ? json(429, body, headers: headers) : json(200) }) {
            server, provider in
            let result = await provider.send(HTTPRequest(url: server.baseURL + "/v1/enrich/phone?key=secret"))
            #expect(result.outcome.status == 200, "\(form)")
            #expect(result.report.attempts.map(\.status) == [429, 200])
            #expect(result.report.attempts[1].waitedForRetryAfter == wait, "\(form)")
            #expect(result.report.attempts[0].backoffAfter == .zero)
            #expect(result.report.url == server.baseURL + "/v1/enrich/phone")
        }
    }

    @Test func rateLimitWithoutHintBacksOffExponentially() async throws {
        try await withProvider({ _, n in n < 2 ? json(429) : json(200) }) { server, provider in
            let result = await provider.send(HTTPRequest(url: server.baseURL + "/"))
            #expect(result.outcome.status == 200)
            #expect(result.report.attempts.map(\.backoffAfter) == [.milliseconds(500), .seconds(1), .zero])
            #expect(result.report.waitedForRetryAfter == .zero)
        }
    }

    /// The progress line counts a 429 when it arrives, not when its row finishes: a row backing
    /// off from 429s that carry no hint would otherwise leave a stalled run unexplained.
    @Test func each429IsTalliedAsItArrivesWhileTheCallBacksOff() async throws {
        let clock = TestClock(.manual)
        let tally = RateLimitTally()
        try await withProvider(clock: clock, tally: tally, { _, n in n < 2 ? json(429) : json(200) }) { server, provider in
            let task = Task { await provider.send(HTTPRequest(url: server.baseURL + "/")) }
            while clock.sleeperCount == 0 { try await Task.sleep(for: .milliseconds(5)) }
            #expect(tally.count == 1, "the first 429, while its call backs off")
            clock.advance(by: .seconds(1))
            while server.requestCount < 2 || clock.sleeperCount == 0 { try await Task.sleep(for: .milliseconds(5)) }
            #expect(tally.count == 2)
            clock.advance(by: .seconds(2))
            let result = await task.value
            #expect(result.outcome.status == 200)
            #expect(tally.count == 2, "a 200 is not counted")
        }
    }

    @Test func serverErrorsAreRetriedWithBackoffThenSucceed() async throws {
        try await withProvider({ _, n in n == 0 ? json(503) : n == 1 ? json(500) : json(200) }) { server, provider in
            let result = await provider.send(HTTPRequest(method: .post, url: server.baseURL + "/", body: Array("{}".utf8)))
            #expect(result.outcome.status == 200)
            #expect(result.report.retries == 2)
            #expect(result.report.attempts.map(\.backoffAfter) == [.milliseconds(500), .seconds(1), .zero])
        }
    }

    @Test func serverErrorsStopAfterTheLastAttempt() async throws {
        try await withProvider({ _, _ in json(502) }) { server, provider in
            let result = await provider.send(HTTPRequest(url: server.baseURL + "/"))
            #expect(result.outcome.failure == .serverError)
            #expect(server.requestCount == 3)
        }
    }

    @Test(arguments: [400, 404, 422])
    func clientErrorsAreNotRetried(status: Int) async throws {
        try await withProvider({ _, _ in json(status, #"{"detail":[{"msg":"bad"}]}"#) }) { server, provider in
            let result = await provider.send(HTTPRequest(url: server.baseURL + "/"))
            #expect(result.outcome.status == status)
            #expect(server.requestCount == 1)
        }
    }

    @Test func connectionResetIsRetried() async throws {
        try await withProvider({ _, n in n == 0 ? .reset : json(200) }) { server, provider in
            let result = await provider.send(HTTPRequest(url: server.baseURL + "/"))
            #expect(result.outcome.status == 200)
            #expect(result.report.attempts.map(\.failure) == [.connection, nil])
        }
    }

    @Test func serverThatNeverAnswersFailsAsTimeoutAfterBoundedAttempts() async throws {
        let retry = RetryPolicy(maxAttempts: 2, baseDelay: .milliseconds(100), jitter: { $0 })
        try await withProvider(retry: retry, { _, _ in .hang }) { server, provider in
            let result = await provider.send(HTTPRequest(url: server.baseURL + "/", totalTimeout: .milliseconds(100)))
            #expect(result.outcome.failure == .timeout)
            #expect(result.report.attempts.count == 2)
            #expect(server.requestCount == 2)
        }
    }

    @Test(arguments: [401, 403])
    func badKeyStopsTheProviderAndSaysSoOnce(status: Int) async throws {
        try await withProvider({ _, _ in json(status, #"{"error":"invalid key"}"#) }) { server, provider in
            let first = await provider.send(HTTPRequest(url: server.baseURL + "/v1/enrich/phone"))
            let second = await provider.send(HTTPRequest(url: server.baseURL + "/v1/enrich/phone"))
            #expect(first.outcome.unusable?.firstNotice == true)
            #expect(first.outcome.unusable?.reason.contains("lantern answered HTTP \(status)") == true)
            #expect(second.outcome.unusable?.firstNotice == false)
            #expect(second.report.attempts.isEmpty)
            #expect(server.requestCount == 1)
            #expect(await provider.status != .usable)
        }
    }

    @Test func waitLongerThanMaxWaitExhaustsTheProvider() async throws {
        let limits = ProviderLimits(maxWait: .seconds(60))
        try await withProvider(limits: limits, { _, _ in json(429, #"{"retry_after":3600}"#) }) { server, provider in
            let first = await provider.send(HTTPRequest(url: server.baseURL + "/"))
            let second = await provider.send(HTTPRequest(url: server.baseURL + "/"))
            #expect(first.outcome.isExhausted)
            #expect(second.outcome.isExhausted)
            #expect(server.requestCount == 1)
            guard case .exhausted(let reason) = await provider.status else {
                Issue.record("provider must be exhausted")
                return
            }
            #expect(reason.contains("max_wait"))
        }
    }

    @Test func cancellingDuringAPauseEndsTheCall() async throws {
        let clock = TestClock(.manual)
        try await withProvider(clock: clock, { _, _ in json(429, headers: [("Retry-After", "30")]) }) { server, provider in
            let task = Task { await provider.send(HTTPRequest(url: server.baseURL + "/")) }
            await clock.waitForSleepers(1)
            task.cancel()
            let result = await task.value
            #expect(result.outcome.failure == .cancelled)
            #expect(server.requestCount == 1)
        }
    }
}
