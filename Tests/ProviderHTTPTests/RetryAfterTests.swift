import Testing

@testable import ProviderHTTP

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

    /// These used to trap (`Duration.seconds(1e300)`, a year's days overflowing Int), ending
    /// the whole run on one provider answer.
    @Test func hintsPastAnyLimitAreACenturyOrNothing() {
        #expect(RetryAfter.parseHeader("1e300", now: now) == .longestWait)
        #expect(RetryAfter.parseBody(Array(#"{"retry_after":1e300}"#.utf8)) == .longestWait)
        #expect(RetryAfter.parseBody(Array(#"{"retry_after":"-1e300"}"#.utf8)) == .zero)
        #expect(RetryAfter.parseHeader("Sun, 06 Nov 99999999999999999 08:49:37 GMT", now: now) == nil)
        #expect(RetryAfter.parseHeader("Sun, 06 Nov 1994 99999999999999999:49:37 GMT", now: now) == nil)
        #expect(RetryAfter.parseHeader("Fri, 31 Dec 9999 23:59:59 GMT", now: now).map { $0 > .seconds(0) } == true)
        #expect(Duration.wait(seconds: .nan) == nil)
        #expect(Duration.wait(seconds: 2.5) == .milliseconds(2500))
    }

    @Test func bodyForms() {
        #expect(RetryAfter.parseBody(Array(#"{"retry_after":12}"#.utf8)) == .seconds(12))
        #expect(RetryAfter.parseBody(Array(#"{"retry_after":"12"}"#.utf8)) == .seconds(12))
        #expect(RetryAfter.parseBody(Array(#"{"retry_after_seconds":30}"#.utf8)) == .seconds(30))
        #expect(RetryAfter.parseBody(Array(#"{"retry_after":null}"#.utf8)) == nil)
        #expect(RetryAfter.parseBody(Array(#"{"retry_after":true}"#.utf8)) == nil)
        // 0 and 1 bridge to Bool on Linux; they are still numbers of seconds.
        #expect(RetryAfter.parseBody(Array(#"{"retry_after":1}"#.utf8)) == .seconds(1))
        #expect(RetryAfter.parseBody(Array(#"{"retry_after":0}"#.utf8)) == .seconds(0))
        #expect(RetryAfter.parseBody(Array(#"{"retry_after":false}"#.utf8)) == nil)
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
    @Test func firstRefusalStartsPacingAtHalfTheSendRate() {
        var rate = AdaptiveRate(limits: ProviderLimits())
        #expect(rate.reserve(at: 0) == 0)
        for i in 0..<200 { rate.recordSent(at: 1 + Double(i) / 100) }  // 100/s
        rate.recordRefused(at: 3, requestEpoch: 0, pause: 1)
        // 200 sent in the 2 s before the 429 → 100/s → 50/s.
        #expect(rate.rate.map { abs($0 - 50) < 1e-9 } == true)
    }

    @Test func aRefusalWithoutHistoryDoesNotStartPacing() {
        var rate = AdaptiveRate(limits: ProviderLimits())
        rate.recordSent(at: 0)
        rate.recordRefused(at: 0.1, requestEpoch: 0, pause: 1)
        #expect(rate.rate == nil)
    }

    @Test func refusalsFromBeforeTheLastDecreaseCountOnce() {
        var rate = AdaptiveRate(limits: ProviderLimits(requestsPerSecond: 100))
        rate.recordRefused(at: 1, requestEpoch: 0, pause: 0)
        rate.recordRefused(at: 1, requestEpoch: 0, pause: 0)
        #expect(rate.rate == 90)
        rate.recordRefused(at: 5, requestEpoch: 1, pause: 0)
        #expect(rate.rate.map { abs($0 - 81) < 1e-9 } == true)
    }

    @Test func aRefusalRightAfterThePauseHalvesTheRate() {
        var rate = AdaptiveRate(limits: ProviderLimits(requestsPerSecond: 100))
        rate.recordRefused(at: 1, requestEpoch: 0, pause: 1)  // → 90, pause until 2
        rate.recordRefused(at: 2.5, requestEpoch: 1, pause: 1)  // within 1 s after the pause
        #expect(rate.rate == 45)
    }

    @Test func recoversQuicklyToJustUnderTheRefusedRateThenProbesSlowly() {
        var rate = AdaptiveRate(limits: ProviderLimits(requestsPerSecond: 100, decreaseFactor: 0.9, increasePerSecond: 0.01))
        rate.recordRefused(at: 1, requestEpoch: 0, pause: 0)  // refused 100/s → 90/s
        _ = rate.reserve(at: 1.25)  // fast: +10/s up to the knee (95/s)
        #expect(rate.rate.map { abs($0 - 92.5) < 1e-9 } == true)
        _ = rate.reserve(at: 2)  // 0.25 s more to the knee, then 0.5 s at +1/s, capped at 100
        #expect(rate.rate.map { abs($0 - 95.5) < 1e-9 } == true)
    }

    @Test func probesAboveTheRefusedRateWithoutAConfiguredOne() {
        var rate = AdaptiveRate(limits: ProviderLimits(decreaseFactor: 0.9, increasePerSecond: 0.01))
        for i in 0..<200 { rate.recordSent(at: 1 + Double(i) / 100) }
        rate.recordRefused(at: 3, requestEpoch: 0, pause: 0)  // 100/s refused → 50/s
        let refused = 100.0
        _ = rate.reserve(at: 100)  // long enough to pass the knee and probe
        #expect(rate.rate.map { $0 > refused } == true)
    }

    @Test func growthWaitsForThePauseToEnd() {
        var rate = AdaptiveRate(limits: ProviderLimits(requestsPerSecond: 100))
        rate.recordRefused(at: 1, requestEpoch: 0, pause: 5)
        _ = rate.reserve(at: 5)
        #expect(rate.rate == 90)
    }

    @Test func neverExceedsTheConfiguredRate() {
        var rate = AdaptiveRate(limits: ProviderLimits(requestsPerSecond: 10))
        rate.recordRefused(at: 1, requestEpoch: 0, pause: 0)
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
