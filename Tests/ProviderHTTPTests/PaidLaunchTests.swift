import CurlHTTP
import HTTPTestSupport
import ProviderHTTP
import Testing

/// A launch that may have started a paid job is never sent twice.
@Suite struct PaidLaunchTests {
    let launch = CallOptions(launchesPaidJob: true, notProcessedStatuses: [503])

    func request(_ server: TestHTTPServer) -> HTTPRequest {
        HTTPRequest(
            method: .post, url: server.baseURL + "/v1/enrichment/phone", body: Array(#"{"linkedin":"x"}"#.utf8),
            totalTimeout: .milliseconds(150))
    }

    @Test func timeoutAfterSendingIsInDoubtAndNotRetried() async throws {
        try await withProvider({ _, _ in .hang }) { server, provider in
            let result = await provider.send(request(server), options: launch)
            #expect(result.outcome.isInDoubt)
            #expect(result.report.attempts.map(\.failure) == [.timeout])
            #expect(server.requestCount == 1)
        }
    }

    @Test func resetAfterSendingIsInDoubt() async throws {
        try await withProvider({ _, _ in .reset }) { server, provider in
            let result = await provider.send(request(server), options: launch)
            #expect(result.outcome.isInDoubt)
            #expect(server.requestCount == 1)
        }
    }

    @Test func refusedBeforeConnectingIsRetried() async throws {
        let clock = TestClock()
        try await withProvider(clock: clock, listening: false, { _, _ in json(200, #"{"job_id":"j1"}"#) }) { server, provider in
            // The server starts listening while the client backs off from "connection refused".
            clock.onSleep { server.startListening() }
            let result = await provider.send(request(server), options: launch)
            #expect(result.outcome.status == 200)
            #expect(result.report.attempts.map(\.failure) == [.connection, nil])
            #expect(server.requestCount == 1)
        }
    }

    @Test func rateLimitedLaunchIsRetried() async throws {
        try await withProvider({ _, n in n == 0 ? json(429, #"{"retry_after":1}"#) : json(200) }) { server, provider in
            let result = await provider.send(request(server), options: launch)
            #expect(result.outcome.status == 200)
            #expect(server.requestCount == 2)
        }
    }

    @Test func documentedNotProcessedStatusIsRetried() async throws {
        try await withProvider({ _, n in n == 0 ? json(503) : json(200) }) { server, provider in
            let result = await provider.send(request(server), options: launch)
            #expect(result.outcome.status == 200)
            #expect(server.requestCount == 2)
        }
    }

    @Test func otherServerErrorIsInDoubt() async throws {
        try await withProvider({ _, _ in json(500) }) { server, provider in
            let result = await provider.send(request(server), options: launch)
            #expect(result.outcome.isInDoubt)
            #expect(server.requestCount == 1)
        }
    }
}

extension PaidLaunchTests {
    /// Cancelling the caller does not cut a paid launch off on the wire: the exchange ends on
    /// its own (here the provider never answers: a timeout, in doubt, and not sent again).
    @Test func launchCancelledWhileOnTheWireIsNotCutOff() async throws {
        try await withProvider({ _, _ in .hang }) { server, provider in
            let task = Task { await provider.send(request(server), options: launch) }
            await server.waitForRequests(1)
            task.cancel()
            let result = await task.value
            #expect(result.outcome.isInDoubt)
            #expect(result.report.attempts.map(\.failure) == [.timeout], "it ran to its own timeout")
            #expect(server.requestCount == 1)
        }
    }

    /// A paid launch answered 429 without a hint backs off; a stop during that wait ends it at
    /// once (it used to sit out up to 20 backoffs of 30 s: a SIGTERM took minutes), and it
    /// was never processed, so it is not in doubt.
    @Test func launchCancelledWhileBackingOffEndsAtOnce() async throws {
        let clock = TestClock(.manual)
        try await withProvider(clock: clock, { _, _ in json(429, #"{"error":"daily credits used up"}"#) }) { server, provider in
            let task = Task { await provider.send(request(server), options: launch) }
            while clock.sleeperCount == 0 { try await Task.sleep(for: .milliseconds(5)) }
            task.cancel()
            let result = await task.value
            #expect(result.outcome.failure == .cancelled)
            #expect(server.requestCount == 1)
        }
    }

    @Test func launchCancelledBeforeSendingIsNotInDoubt() async throws {
        try await withProvider({ _, _ in json(200) }) { server, provider in
            let task = Task {
                withUnsafeCurrentTask { $0?.cancel() }
                return await provider.send(request(server), options: launch)
            }
            #expect(await task.value.outcome.failure == .cancelled)
            #expect(server.requestCount == 0)
        }
    }
}
