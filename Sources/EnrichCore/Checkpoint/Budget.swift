/// The credit budgets: `--max-credits` over the whole run (every resumed part of it) and each
/// provider's `max_credits`. A launch is let through only if what is spent, plus what launches
/// in flight could still cost, plus its own price stays within both.
struct Budget: Sendable {
    var total: Int?
    var perProvider: [String: Int]
    /// Credits spent, from the checkpoint: every earlier part of this run included.
    var spent: [String: Int] = [:]
    /// What each lookup in flight could still be charged, per provider.
    private var reserved: [String: [String: Int]] = [:]
    private(set) var reached: String?

    init(total: Int?, perProvider: [String: Int]) {
        self.total = total
        self.perProvider = perProvider
    }

    var spentTotal: Int { spent.values.reduce(0, +) }

    private var reservedTotal: Int { reserved.values.reduce(0) { $0 + $1.values.reduce(0, +) } }

    private func reserved(for provider: String) -> Int {
        reserved.values.reduce(0) { $0 + ($1[provider] ?? 0) }
    }

    /// Reserves `intent.credits` for its lookup, or says which budget it would break.
    mutating func reserve(_ intent: LaunchIntent) -> String? {
        if let reached { return reached }
        guard intent.credits > 0 else { return nil }
        if let total, spentTotal + reservedTotal + intent.credits > total {
            reached = "the credit budget of \(total) (--max-credits) is reached: \(spentTotal) spent\(Self.held(reservedTotal))"
            return reached
        }
        if let limit = perProvider[intent.provider],
            (spent[intent.provider] ?? 0) + reserved(for: intent.provider) + intent.credits > limit
        {
            reached =
                "\(intent.provider)'s budget of \(limit) credits (max_credits) is reached: \(spent[intent.provider] ?? 0) spent\(Self.held(reserved(for: intent.provider)))"
            return reached
        }
        reserved[intent.lookupKey, default: [:]][intent.provider, default: 0] += intent.credits
        return nil
    }

    /// What launches in flight may still cost, said beside what is spent: otherwise "20 reached:
    /// 2 spent" reads as a contradiction.
    private static func held(_ credits: Int) -> String {
        credits > 0 ? ", up to \(credits) more held for launches in flight" : ""
    }

    /// The lookup is over: its reservations go, what it was charged is spent.
    mutating func settle(lookupKey: String, charged: [String: Int]) {
        reserved[lookupKey] = nil
        for (provider, credits) in charged where credits > 0 { spent[provider, default: 0] += credits }
    }
}
