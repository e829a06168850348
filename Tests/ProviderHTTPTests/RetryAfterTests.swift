@testable import ProviderHTTP
import Testing

@Suite struct RetryAfterTests {
    let now = 784_111_777.0  // Sun, 06 Nov 1994 08:49:37 GMT

    @Test func headerForms() {
        #expect(RetryAfter.parseHeader("120", now: now) == .seconds(120))
        #expect(RetryAfter.parseHeader(" 3 ", now: now) == .seconds(3))
        #expect(RetryAfter.parseHeader("Sun, 06 Nov 1994 08:50:37 GMT", now: now) == .seconds(60))
        #expect(RetryAfter.parseHeader("Sunday, 06-Nov-94 08:49:47 GMT", now: now) == .seconds(10))
        #expect(RetryAfter.parseHeader("Sun Nov  6 08:49:57 1994", now: now) == .seconds(20))
        #expect(RetryAfter.parseHeader("Sun, 06 Nov 1994 08:00:00 GMT", now: now) == .zero, "a past date means now")
        #expect(RetryAfter.parseHeader("soon", now: now) == nil)
    }

    @Test func bodyForms() {
        #expect(RetryAfter.parseBody(Array(#"{"retry_after":12}"#.utf8)) == .seconds(12))
        #expect(RetryAfter.parseBody(Array(#"{"retry_after":"12"}"#.utf8)) == .seconds(12))
        #expect(RetryAfter.parseBody(Array(#"{"retry_after_seconds":30}"#.utf8)) == .seconds(30))
        #expect(RetryAfter.parseBody(Array(#"{"retry_after":null}"#.utf8)) == nil)
        #expect(RetryAfter.parseBody(Array(#"{"retry_after":true}"#.utf8)) == nil)
        #expect(RetryAfter.parseBody(Array("<html>429</html>".utf8)) == nil)
        #expect(RetryAfter.parseBody([]) == nil)
    }

    @Test func headerWinsOverBody() {
        #expect(RetryAfter.delay(header: "4", body: Array(#"{"retry_after":9}"#.utf8), now: now) == .seconds(4))
        #expect(RetryAfter.delay(header: "garbage", body: Array(#"{"retry_after":9}"#.utf8), now: now) == .seconds(9))
        #expect(RetryAfter.delay(header: nil, body: [], now: now) == nil)
    }
}

@Suite struct AdaptiveRateTests {
    @Test func firstRefusalStartsPacingFromWhatWasAccepted() {
        var rate = AdaptiveRate(limits: ProviderLimits())
        #expect(rate.reserve(at: 0) == 0)
        for _ in 0..<200 { rate.recordAccepted() }
        rate.recordRefused(at: 2, requestEpoch: 0)
        // 200 accepted in 2 s → 100/s refused → 90/s.
        #expect(rate.rate.map { abs($0 - 90) < 1e-9 } == true)
    }

    @Test func aRefusalWithoutHistoryDoesNotStartPacing() {
        var rate = AdaptiveRate(limits: ProviderLimits())
        rate.recordRefused(at: 0.1, requestEpoch: 0)
        #expect(rate.rate == nil)
    }

    @Test func refusalsFromBeforeTheLastDecreaseCountOnce() {
        var rate = AdaptiveRate(limits: ProviderLimits(requestsPerSecond: 100))
        rate.recordRefused(at: 1, requestEpoch: 0)
        rate.recordRefused(at: 1, requestEpoch: 0)
        #expect(rate.rate == 90)
        rate.recordRefused(at: 1, requestEpoch: 1)
        #expect(rate.rate.map { abs($0 - 81) < 1e-9 } == true)
    }

    @Test func recoversQuicklyToJustUnderTheRefusedRateThenProbesSlowly() {
        var rate = AdaptiveRate(limits: ProviderLimits(decreaseFactor: 0.9, increasePerSecond: 0.01))
        for _ in 0..<100 { rate.recordAccepted() }
        rate.recordRefused(at: 1, requestEpoch: 0)  // refused 100/s → 90/s
        _ = rate.reserve(at: 1.25)  // fast: +10/s up to the knee (95/s)
        #expect(rate.rate.map { abs($0 - 92.5) < 1e-9 } == true)
        _ = rate.reserve(at: 2)  // 0.25 s more to the knee, then 0.5 s at +1/s
        #expect(rate.rate.map { abs($0 - 95.5) < 1e-9 } == true)
        _ = rate.reserve(at: 12)  // slow: +1/s for 10 s
        #expect(rate.rate.map { abs($0 - 105.5) < 1e-9 } == true)
    }

    @Test func neverExceedsTheConfiguredRate() {
        var rate = AdaptiveRate(limits: ProviderLimits(requestsPerSecond: 10))
        rate.recordRefused(at: 1, requestEpoch: 0)
        _ = rate.reserve(at: 1000)
        #expect(rate.rate == 10)
    }

    @Test func tokenBucketSpacesRequests() {
        var rate = AdaptiveRate(limits: ProviderLimits(requestsPerSecond: 4))
        #expect(rate.reserve(at: 0) == 0)
        #expect(rate.reserve(at: 0) == 0.25)
        #expect(rate.reserve(at: 0) == 0.5)
        #expect(rate.reserve(at: 10) == 0)
    }
}
