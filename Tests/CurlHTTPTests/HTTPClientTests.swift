import HTTPTestSupport
import Testing

@testable import CurlHTTP

/// Runs `body` with a fresh server and client, and always stops both.
func withServer<T>(
    listening: Bool = true,
    _ handler: @escaping TestHTTPServer.Handler,
    _ body: (TestHTTPServer, HTTPClient) async throws -> T
) async throws -> T {
    let server = try TestHTTPServer(listening: listening, handler: handler)
    let client = try HTTPClient()
    do {
        let result = try await body(server, client)
        await client.shutdown()
        await server.stop()
        return result
    } catch {
        await client.shutdown()
        await server.stop()
        throw error
    }
}

/// Waits until the multi thread has freed every easy handle (removal after cancel is async).
func expectNoLiveHandles(_ client: HTTPClient) async {
    while client.liveTransfers > 0 { await Task.yield() }
    #expect(client.liveTransfers == 0)
}

func expectHTTPError(_ kind: HTTPError.Kind, _ run: () async throws -> HTTPResponse) async -> HTTPError? {
    do {
        let response = try await run()
        Issue.record("expected \(kind), got HTTP \(response.status)")
        return nil
    } catch let error as HTTPError {
        #expect(error.kind == kind, "\(error)")
        return error
    } catch {
        Issue.record("expected HTTPError, got \(error)")
        return nil
    }
}

@Suite struct HTTPClientTests {
    @Test func postsBodyAndHeadersAndReadsTheAnswer() async throws {
        try await withServer({ request, _ in
            let echo = "\(request.method) \(request.target) key=\(request.headers["x-api-key"] ?? "-") "
            return .respond(status: 201, headers: [("X-Reply", "yes")], body: Array(echo.utf8) + request.body)
        }) { server, client in
            let response = try await client.execute(
                HTTPRequest(
                    method: .post, url: server.baseURL + "/v1/launch?token=secret",
                    headers: [(name: "X-Api-Key", value: "k1"), (name: "Content-Type", value: "application/json")],
                    body: Array(#"{"a":1}"#.utf8)))
            #expect(response.status == 201)
            #expect(response.header("x-reply") == "yes")
            #expect(String(decoding: response.body, as: UTF8.self) == #"POST /v1/launch?token=secret key=k1 {"a":1}"#)
            #expect(response.metrics.httpVersion == "1.1")
            await expectNoLiveHandles(client)
        }
    }

    @Test func reusesOneKeptAliveConnection() async throws {
        try await withServer({ _, _ in .respond(status: 200, body: Array("{}".utf8)) }) { server, client in
            var reused: [Bool] = []
            for _ in 0..<10 {
                reused.append(try await client.execute(HTTPRequest(url: server.baseURL + "/ok")).metrics.reusedConnection)
            }
            #expect(server.acceptedConnections == 1)
            #expect(reused == [false] + Array(repeating: true, count: 9))
        }
    }

    @Test func concurrentRequestsShareAFewConnections() async throws {
        try await withServer({ _, _ in .respond(status: 200, body: Array("{}".utf8)) }) { server, client in
            for _ in 0..<3 {
                try await withThrowingTaskGroup(of: Int.self) { group in
                    for _ in 0..<8 {
                        group.addTask { try await client.execute(HTTPRequest(url: server.baseURL + "/")).status }
                    }
                    for try await status in group { #expect(status == 200) }
                }
            }
            // 24 requests in three waves of 8: later waves reuse the first wave's connections.
            #expect(server.acceptedConnections <= 8)
            #expect(server.requestCount == 24)
        }
    }

    @Test func serverThatNeverAnswersTimesOutAfterSending() async throws {
        try await withServer({ _, _ in .hang }) { server, client in
            let error = await expectHTTPError(.timedOut) {
                try await client.execute(HTTPRequest(url: server.baseURL + "/hang?k=secret", totalTimeout: .milliseconds(150)))
            }
            #expect(error?.requestMayHaveBeenSent == true)
            #expect(error?.url == server.baseURL + "/hang")
            #expect(error?.description.contains("secret") == false)
            await expectNoLiveHandles(client)
        }
    }

    @Test func refusedConnectionProvablySentNothing() async throws {
        try await withServer(listening: false, { _, _ in .respond(status: 200) }) { server, client in
            let error = await expectHTTPError(.couldNotConnect) {
                try await client.execute(HTTPRequest(url: server.baseURL + "/"))
            }
            #expect(error?.requestMayHaveBeenSent == false)
            #expect(server.requestCount == 0)
        }
    }

    @Test func resetAfterTheRequestIsAConnectionLoss() async throws {
        try await withServer({ _, _ in .reset }) { server, client in
            let error = await expectHTTPError(.connectionLost) {
                try await client.execute(HTTPRequest(method: .post, url: server.baseURL + "/", body: Array("x".utf8)))
            }
            #expect(error?.requestMayHaveBeenSent == true)
            await expectNoLiveHandles(client)
        }
    }

    @Test func slowBodyArrivesWhole() async throws {
        let chunks = (0..<5).map { [UInt8](repeating: UInt8(65 + $0), count: 100) }
        try await withServer({ _, _ in .respondSlowly(status: 200, chunks: chunks, delay: .milliseconds(20)) }) { server, client in
            let response = try await client.execute(HTTPRequest(url: server.baseURL + "/slow"))
            #expect(response.body == chunks.flatMap { $0 })
        }
    }

    @Test func slowBodyPastTheTotalTimeoutFails() async throws {
        let chunks = (0..<50).map { _ in [UInt8](repeating: 66, count: 10) }
        try await withServer({ _, _ in .respondSlowly(status: 200, chunks: chunks, delay: .milliseconds(20)) }) { server, client in
            _ = await expectHTTPError(.timedOut) {
                try await client.execute(HTTPRequest(url: server.baseURL + "/slow", totalTimeout: .milliseconds(100)))
            }
            await expectNoLiveHandles(client)
        }
    }

    @Test(arguments: [false, true])
    func oversizedBodyIsCut(chunked: Bool) async throws {
        let big = [UInt8](repeating: 120, count: 256 * 1024)
        try await withServer({ _, _ in
            chunked
                ? .respondSlowly(status: 200, chunks: [big, big], delay: .zero)
                : .respond(status: 200, body: big)
        }) { server, client in
            _ = await expectHTTPError(.responseTooLarge) {
                try await client.execute(HTTPRequest(url: server.baseURL + "/big", maxResponseBytes: 64 * 1024))
            }
            await expectNoLiveHandles(client)
        }
    }

    @Test func cancellingTheTaskRemovesTheTransfer() async throws {
        try await withServer({ _, _ in .hang }) { server, client in
            let task = Task { () async throws(HTTPError) -> HTTPResponse in
                try await client.execute(HTTPRequest(url: server.baseURL + "/hang"))
            }
            await server.waitForRequests(1)
            task.cancel()
            let error = await expectHTTPError(.cancelled) { try await task.value }
            #expect(error != nil)
            await expectNoLiveHandles(client)
        }
    }

    @Test func alreadyCancelledTaskSendsNothing() async throws {
        try await withServer({ _, _ in .respond(status: 200) }) { server, client in
            let task = Task { () async throws(HTTPError) -> HTTPResponse in
                withUnsafeCurrentTask { $0?.cancel() }
                return try await client.execute(HTTPRequest(url: server.baseURL + "/"))
            }
            let error = await expectHTTPError(.cancelled) { try await task.value }
            #expect(error?.requestMayHaveBeenSent == false)
            #expect(server.requestCount == 0)
        }
    }

    @Test func shutdownFailsRunningTransfers() async throws {
        let server = try TestHTTPServer { _, _ in .hang }
        let client = try HTTPClient()
        async let outcome: HTTPError.Kind? = {
            do {
                _ = try await client.execute(HTTPRequest(url: server.baseURL + "/"))
                return nil
            } catch let error as HTTPError { return error.kind } catch { return nil }
        }()
        await server.waitForRequests(1)
        await client.shutdown()
        #expect(await outcome == .shutdown)
        #expect(client.liveTransfers == 0)
        _ = await expectHTTPError(.shutdown) { try await client.execute(HTTPRequest(url: server.baseURL + "/")) }
        await server.stop()
    }

    @Test func redactedURLDropsQueryFragmentAndCredentials() {
        #expect(HTTPRequest(url: "https://u:p@api.x.io/v1/a?api_key=1#f").redactedURL == "https://api.x.io/v1/a")
        #expect(HTTPRequest(url: "https://api.x.io/v1/b").redactedURL == "https://api.x.io/v1/b")
        #expect(HTTPRequest(url: "http://127.0.0.1:8080?key=1").redactedURL == "http://127.0.0.1:8080")
        #expect(HTTPRequest(url: "https://key@api.x.io:443/p?e=a@b").redactedURL == "https://api.x.io:443/p")
    }
}

extension HTTPClientTests {
    /// Cancellation racing completion at every stage: each task is resumed exactly once (a
    /// checked continuation would trap otherwise) and every easy handle comes back.
    @Test func cancellationRacingCompletionLeaksNothing() async throws {
        try await withServer({ _, n in n % 7 == 0 ? .hang : .respond(status: 200, body: Array("{}".utf8)) }) { server, client in
            await withTaskGroup(of: Void.self) { group in
                for i in 0..<200 {
                    let task = Task { try await client.execute(HTTPRequest(url: server.baseURL + "/\(i)")) }
                    group.addTask {
                        if i % 2 == 0 { for _ in 0..<(i % 5) { await Task.yield() } }
                        task.cancel()
                        _ = await task.result
                    }
                }
            }
            await expectNoLiveHandles(client)
        }
    }
}

extension HTTPClientTests {
    /// Pooled easy handles are reused without a reset: nothing of one request (method, body,
    /// headers) may leak into the next.
    @Test func reusedHandlesCarryNothingOver() async throws {
        try await withServer({ request, _ in
            let summary = "\(request.method) body=\(request.body.count) h=\(request.headers["x-one"] ?? "-")"
            return .respond(status: 200, body: Array(summary.utf8))
        }) { server, client in
            let requests = [
                HTTPRequest(method: .post, url: server.baseURL + "/", headers: [(name: "X-One", value: "1")], body: Array("hello".utf8)),
                HTTPRequest(url: server.baseURL + "/"),
                HTTPRequest(method: .put, url: server.baseURL + "/"),
                HTTPRequest(method: .delete, url: server.baseURL + "/"),
                HTTPRequest(method: .post, url: server.baseURL + "/"),
                HTTPRequest(url: server.baseURL + "/"),
            ]
            var seen: [String] = []
            for request in requests {
                seen.append(String(decoding: try await client.execute(request).body, as: UTF8.self))
            }
            #expect(
                seen == ["POST body=5 h=1", "GET body=0 h=-", "PUT body=0 h=-", "DELETE body=0 h=-", "POST body=0 h=-", "GET body=0 h=-"])
        }
    }
}
