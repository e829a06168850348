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
    @Test func launchCancelledWhileOnTheWireIsInDoubt() async throws {
        try await withProvider({ _, _ in .hang }) { server, provider in
            let slow = HTTPRequest(method: .post, url: server.baseURL + "/v1/enrichment/phone", body: Array("{}".utf8))
            let task = Task { await provider.send(slow, options: launch) }
            await server.waitForRequests(1)
            task.cancel()
            #expect(await task.value.outcome.isInDoubt)
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
