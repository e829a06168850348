import Foundation

/// Per-vendor account balances and counters that a reset puts back.
final class Accounts: Sendable {
    private struct State {
        var lanternCredits: Int
        /// Lantern's cache: record ids (with what was asked) already charged for.
        var lanternCharged: Set<String> = []
        var prontoCreditsUsed = 0
        var apolloRequestID: UInt64 = 1_039_995_589_705_121_975
        /// Apollo's per-key windows: [key: [window name: (window index, count)]].
        var apolloWindows: [String: [String: (Int, Int)]] = [:]
    }

    private let initial: SimulatorConfiguration
    private let state: Locked<State>

    init(_ configuration: SimulatorConfiguration) {
        initial = configuration
        state = Locked(State(lanternCredits: configuration.lantern.credits))
    }

    func reset() {
        state.withLock { $0 = State(lanternCredits: initial.lantern.credits) }
    }

    var lanternCredits: Int { state.withLock { $0.lanternCredits } }

    /// Charges one credit for a found phone unless this record was charged for the same
    /// lookup before: `record_id` is Lantern's cache and duplicate key (provider-docs NOTES),
    /// so a repeat is answered from its cache for free. Returns whether it charged.
    func chargeLantern(recordID: String, strategy: String) -> Bool {
        state.withLock { state in
            guard state.lanternCharged.insert(recordID + "\u{1F}" + strategy).inserted else { return false }
            state.lanternCredits -= 1
            return true
        }
    }

    var prontoCreditsLeft: Int { state.withLock { initial.pronto.dailyCredits - $0.prontoCreditsUsed } }

    func spendPronto(_ credits: Int) {
        state.withLock { $0.prontoCreditsUsed += credits }
    }

    /// Apollo's request ids are above 2^53 so a client decoding them as doubles loses digits.
    func nextApolloRequestID() -> UInt64 {
        state.withLock { state in
            state.apolloRequestID &+= 7_919
            return state.apolloRequestID
        }
    }

    /// Counts an Apollo request; returns what is left per window, or the seconds to wait.
    func apolloAdmit(key: String, bulk: Bool, now: Date = Date()) -> Result<(minute: Int, hour: Int, day: Int), ApolloLimited> {
        let divisor = bulk ? 10 : 1
        let seconds = Int(now.timeIntervalSince1970)
        let windows: [(String, Int, Int)] = [
            ("minute", seconds / 60, max(1, initial.apollo.perMinute / divisor)),
            ("hour", seconds / 3600, max(1, initial.apollo.perHour / divisor)),
            ("day", seconds / 86_400, max(1, initial.apollo.perDay / divisor)),
        ]
        let bucket = (bulk ? "bulk:" : "single:") + key
        return state.withLock { state in
            var counters = state.apolloWindows[bucket] ?? [:]
            var left: [Int] = []
            for (name, index, limit) in windows {
                let used = counters[name].flatMap { $0.0 == index ? $0.1 : nil } ?? 0
                if used >= limit {
                    let size = name == "minute" ? 60 : (name == "hour" ? 3600 : 86_400)
                    return .failure(ApolloLimited(window: name, retryAfter: size - seconds % size))
                }
                left.append(limit - used - 1)
            }
            for (name, index, _) in windows {
                let used = counters[name].flatMap { $0.0 == index ? $0.1 : nil } ?? 0
                counters[name] = (index, used + 1)
            }
            state.apolloWindows[bucket] = counters
            return .success((left[0], left[1], left[2]))
        }
    }
}

struct ApolloLimited: Error {
    let window: String
    let retryAfter: Int
}
