import Foundation
import ProviderHTTP

/// `providers.<name>`: one configured provider.
public struct ProviderSettings: Sendable {
    public var name: String
    public var kind: ProviderKind
    public var apiKey: Secret?
    public var baseURL: String
    /// Requests in flight to this provider.
    public var concurrency: Int
    /// A steady request rate, if the provider has one.
    public var rate: Rate?
    public var maxCredits: Int?
    /// The longest 429 wait before the provider counts as exhausted for the run.
    public var maxWait: Duration
    /// Credits one charged lookup costs (prices differ by plan: they come from here).
    public var creditsPerLookup: Int
    /// First poll delay of an async job; it doubles up to `pollMaxInterval`.
    public var pollInterval: Duration
    public var pollMaxInterval: Duration
    /// How long an async job may take before it is given up as timed out.
    public var jobDeadline: Duration
    /// Settings only this kind understands (`verified_only`, `phone_countries` …), as written.
    public var options: [String: String]
    public var line: Int

    /// The keys every provider accepts.
    public static let commonKeys = [
        "kind", "api_key", "base_url", "concurrency", "rate", "max_credits", "max_wait",
        "credits_per_lookup", "poll_interval", "poll_max_interval", "job_deadline",
    ]

    /// What one launch can be billed at most, held against the budgets while it is in flight.
    /// Waterfall's phone launch is billed per number returned and its docs give no ceiling: the
    /// mapping's `max_billed_numbers` (default 3) is the user's. Every other kind bills one
    /// lookup per launch.
    public var creditsHeldPerLaunch: Int {
        kind == .waterfallPhone ? creditsPerLookup * maxBilledNumbers : creditsPerLookup
    }

    /// `max_billed_numbers` (`waterfall.phone`), or its default.
    public var maxBilledNumbers: Int {
        options["max_billed_numbers"].flatMap { Int($0) } ?? Self.defaultMaxBilledNumbers
    }

    public static let defaultMaxBilledNumbers = 3

    /// Pronto processes 5 requests at a time per account; the others take 8 as a start.
    static func defaultConcurrency(for kind: ProviderKind) -> Int {
        kind == .pronto ? 5 : 8
    }
}

/// A request rate such as `10/s`, `600/m` or `20000/h`.
public struct Rate: Sendable, Equatable, CustomStringConvertible {
    public var requests: Double
    public var per: Duration

    public var perSecond: Double {
        let seconds = Double(per.components.seconds) + Double(per.components.attoseconds) / 1e18
        return requests / seconds
    }

    public var description: String {
        let value = requests == requests.rounded() && requests < 1e15 ? String(Int(requests)) : String(requests)
        return "\(value)/\(Self.unitName(per))"
    }

    /// Parses `N/s`, `N/m`, `N/h` (also `N/sec`, `N/min`, `N/hour`).
    public static func parse(_ text: String) -> Rate? {
        let parts = text.replacingOccurrences(of: " ", with: "").split(separator: "/")
        guard parts.count == 2, let count = Double(parts[0]), count > 0, count.isFinite else { return nil }
        let rate: Rate
        switch parts[1].lowercased() {
        case "s", "sec", "second": rate = Rate(requests: count, per: .seconds(1))
        case "m", "min", "minute": rate = Rate(requests: count, per: .seconds(60))
        case "h", "hour": rate = Rate(requests: count, per: .seconds(3600))
        default: return nil
        }
        // Slower than a request a day is a typo (1e-300/s), not a pace anyone means.
        return rate.perSecond * 86_400 >= 1 ? rate : nil
    }

    private static func unitName(_ per: Duration) -> String {
        switch per {
        case .seconds(60): return "m"
        case .seconds(3600): return "h"
        default: return "s"
        }
    }
}

extension Duration {
    /// Parses `500ms`, `30s`, `10m`, `2h`, or a plain number of seconds; nil past a century
    /// (`1e999m`), which no setting means and which `Int64(_: Double)` would trap on.
    static func parse(_ text: String) -> Duration? {
        let trimmed = text.trimmingWhitespace().lowercased()
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)]
        for (suffix, scale) in units where trimmed.hasSuffix(suffix) {
            guard let number = Double(trimmed.dropLast(suffix.count)) else { return nil }
            return bounded(milliseconds: number * scale * 1000)
        }
        guard let seconds = Double(trimmed) else { return nil }
        return bounded(milliseconds: seconds * 1000)
    }

    private static func bounded(milliseconds value: Double) -> Duration? {
        guard value >= 0, value <= Double(Duration.longestWait.components.seconds) * 1000 else { return nil }
        return .milliseconds(Int64(value.rounded()))
    }
}
