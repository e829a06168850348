/// Latencies of one provider's calls, for nearest-rank percentiles in constant memory.
///
/// Every millisecond below 10 s has its own count, so percentiles there are exact. Slower
/// calls (timeouts, long polls) go into one bucket per second up to an hour and one bucket
/// above; a percentile that lands in such a bucket is given as the bucket's upper end, never
/// below the truth, and never above the largest value seen.
struct LatencyHistogram: Sendable, Equatable {
    static let exactLimit = 10_000
    static let secondLimit = 3_600_000

    private var exact: [Int] = []
    private var seconds: [Int] = []
    private var beyond = 0
    private(set) var count = 0
    private(set) var maximum = 0

    mutating func add(_ milliseconds: Int) {
        let value = max(milliseconds, 0)
        count += 1
        maximum = max(maximum, value)
        if value < Self.exactLimit {
            if exact.isEmpty { exact = Array(repeating: 0, count: Self.exactLimit) }
            exact[value] += 1
        } else if value < Self.secondLimit {
            if seconds.isEmpty { seconds = Array(repeating: 0, count: (Self.secondLimit - Self.exactLimit) / 1_000) }
            seconds[(value - Self.exactLimit) / 1_000] += 1
        } else {
            beyond += 1
        }
    }

    /// The nearest-rank `percent` percentile: the smallest value with at least `percent`% of
    /// the values at or below it. Nil when empty.
    func percentile(_ percent: Int) -> Int? {
        guard count > 0 else { return nil }
        // rank = ceil(percent / 100 × count), at least 1.
        let rank = max((percent * count + 99) / 100, 1)
        var seen = 0
        for (value, n) in exact.enumerated() where n > 0 {
            seen += n
            if seen >= rank { return value }
        }
        for (index, n) in seconds.enumerated() where n > 0 {
            seen += n
            if seen >= rank { return min(Self.exactLimit + (index + 1) * 1_000 - 1, maximum) }
        }
        return maximum
    }
}
