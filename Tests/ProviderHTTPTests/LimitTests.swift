import CurlHTTP
import Foundation
import HTTPTestSupport
import ProviderHTTP
import Synchronization
import Testing

@Suite struct LimitTests {
    /// One request's 429 holds every request to the provider until the hinted deadline.
    @Test func rateLimitPauseHoldsConcurrentRequests() async throws {
        let clock = TestClock(.manual)
        try await withProvider(clock: clock, { _, n in n == 0 ? json(429, headers: [("Retry-After", "30")]) : json(200) }) {
            server, provider in
            let url = server.baseURL + "/v1/enrich/phone"
            async let first = provider.send(HTTPRequest(url: url))
            await clock.waitForSleepers(1)
            async let second = provider.send(HTTPRequest(url: url))
            async let third = provider.send(HTTPRequest(url: url))
            await clock.waitForSleepers(3)
            // Paused: the two later requests were not sent at all.
            #expect(server.requestCount == 1)
            clock.advance(by: .seconds(30))
            let results = await [first, second, third]
            #expect(results.map(\.outcome.status) == [200, 200, 200])
            #expect(results[0].report.attempts.map(\.status) == [429, 200])
            #expect(results[0].report.waitedForRetryAfter == .seconds(30))
            #expect(results[1].report.attempts.map(\.waitedForRetryAfter) == [.seconds(30)])
            #expect(results[2].report.attempts.map(\.waitedForRetryAfter) == [.seconds(30)])
            #expect(server.requestCount == 4)
        }
    }

    @Test func inFlightLimitIsNeverExceeded() async throws {
        let concurrency = Mutex((now: 0, peak: 0))
        let handler: TestHTTPServer.Handler = { _, _ in
            concurrency.withLock {
                $0.now += 1; $0.peak = max($0.peak, $0.now)
            }
            Thread.sleep(forTimeInterval: 0.01)
            concurrency.withLock { $0.now -= 1 }
            return json(200)
        }
        try await withProvider(limits: ProviderLimits(maxInFlight: 2), handler) { server, provider in
            await withTaskGroup(of: Int?.self) { group in
                for _ in 0..<8 { group.addTask { await provider.send(HTTPRequest(url: server.baseURL + "/")).outcome.status } }
                for await status in group { #expect(status == 200) }
            }
            #expect(concurrency.withLock { $0.peak } <= 2)
            #expect(server.requestCount == 8)
        }
    }

    @Test func steadyRateSpacesRequests() async throws {
        let clock = TestClock()
        try await withProvider(limits: ProviderLimits(requestsPerSecond: 10), clock: clock, { _, _ in json(200) }) {
            server, provider in
            var waits: [Duration] = []
            for _ in 0..<5 {
                waits.append(await provider.send(HTTPRequest(url: server.baseURL + "/")).report.waitedForLimits)
            }
            #expect(waits[0] == .zero)
            for wait in waits.dropFirst() { #expect(abs((wait - .milliseconds(100)).seconds) < 1e-6) }
        }
    }

    @Test func rateLimitLowersTheAdaptiveRate() async throws {
        let clock = TestClock()
        try await withProvider(
            limits: ProviderLimits(requestsPerSecond: 20), clock: clock,
            { _, n in n == 3 ? json(429, headers: [("Retry-After", "1")]) : json(200) }
        ) { server, provider in
            for _ in 0..<3 { _ = await provider.send(HTTPRequest(url: server.baseURL + "/")) }
            #expect(await provider.currentRate == 20)
            _ = await provider.send(HTTPRequest(url: server.baseURL + "/"))
            let lowered = try #require(await provider.currentRate)
            #expect(lowered < 20)
            #expect(lowered >= 17.9)
        }
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
