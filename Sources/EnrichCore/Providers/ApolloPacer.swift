import Foundation

/// Paces Apollo's match endpoints by the counts its answers carry (`x-minute-requests-left`,
/// `x-hourly-requests-left`, `x-daily-requests-left`): once a window's count is used up, the
/// endpoint's next request waits for that window to turn, instead of earning a 429.
///
/// Single and bulk matches are counted apart: the bulk limit is a tenth of the single one's.
/// Windows are taken as aligned to the clock (the minute, hour and UTC day), as Apollo's
/// counters reset. Requests sent but not yet answered are counted against the last known
/// count, so rows in flight together do not all spend the last request.
actor ApolloPacer {
    enum Endpoint: Sendable, Hashable {
        case single, bulk
    }

    enum Window: Int, Sendable, CaseIterable {
        case minute = 60
        case hour = 3600
        case day = 86_400

        var header: String {
            switch self {
            case .minute: "x-minute-requests-left"
            case .hour: "x-hourly-requests-left"
            case .day: "x-daily-requests-left"
            }
        }
    }

    /// What is known of one window: which one it is (its index since the epoch) and the
    /// requests left in it.
    private struct Count {
        var index: Int
        var left: Int
    }

    private var counts: [Endpoint: [Window: Count]] = [:]
    private let now: @Sendable () -> Date
    private let sleep: @Sendable (Duration) async throws -> Void
    /// A longer hold makes the provider exhausted for the run (`max_wait`).
    private let maxWait: Duration
    /// Paid after the turn of a window, as clocks are not exactly in step.
    private let margin: Duration

    init(
        maxWait: Duration, margin: Duration = .milliseconds(500), now: @escaping @Sendable () -> Date = { Date() },
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) {
        self.maxWait = maxWait
        self.margin = margin
        self.now = now
        self.sleep = sleep
    }

    /// Waits until `endpoint` may be called and counts the call. Returns the time held, or
    /// the reason the provider is exhausted (a hold longer than `max_wait`, or cancelled).
    func admit(_ endpoint: Endpoint) async -> Result<Duration, Exhausted> {
        var held = Duration.zero
        while let wait = hold(endpoint) {
            guard held + wait.duration <= maxWait else {
                return .failure(
                    Exhausted(
                        reason:
                            "Apollo's request count for this \(wait.window) is used up; it resets in \(wait.duration), more than max_wait"))
            }
            do {
                try await sleep(wait.duration)
            } catch {
                return .failure(Exhausted(reason: "cancelled while waiting for Apollo's \(wait.window) window"))
            }
            held += wait.duration
            // The window turned: what was known of it no longer holds.
            forget(endpoint, wait.window)
        }
        spend(endpoint)
        return .success(held)
    }

    struct Exhausted: Error, Sendable {
        var reason: String
    }

    /// Reads the counts an answer carries; an answer without them changes nothing.
    func observe(_ endpoint: Endpoint, headers: [String: String]) {
        let seconds = Int(now().timeIntervalSince1970)
        var known = counts[endpoint] ?? [:]
        for window in Window.allCases {
            guard let text = headers[window.header]?.trimmingWhitespace(), let left = Int(text) else { continue }
            let index = seconds / window.rawValue
            if let count = known[window], count.index == index {
                // Answers can arrive out of order, and calls in flight were already counted.
                known[window]?.left = min(count.left, left)
            } else {
                known[window] = Count(index: index, left: left)
            }
        }
        counts[endpoint] = known
    }

    private func hold(_ endpoint: Endpoint) -> (window: Window, duration: Duration)? {
        let date = now().timeIntervalSince1970
        let seconds = Int(date)
        var longest: (window: Window, duration: Duration)?
        for (window, count) in counts[endpoint] ?? [:] where count.index == seconds / window.rawValue && count.left <= 0 {
            let turn = Double((count.index + 1) * window.rawValue)
            let duration = Duration.milliseconds(Int64(((turn - date) * 1000).rounded(.up))) + margin
            if longest.map({ duration > $0.duration }) ?? true { longest = (window, duration) }
        }
        return longest
    }

    private func spend(_ endpoint: Endpoint) {
        let seconds = Int(now().timeIntervalSince1970)
        guard var known = counts[endpoint] else { return }
        for (window, count) in known where count.index == seconds / window.rawValue {
            known[window]?.left = count.left - 1
        }
        counts[endpoint] = known
    }

    private func forget(_ endpoint: Endpoint, _ window: Window) {
        counts[endpoint]?[window] = nil
    }
}

extension ApolloPacer.Window: CustomStringConvertible {
    var description: String {
        switch self {
        case .minute: "minute"
        case .hour: "hour"
        case .day: "day"
        }
    }
}
