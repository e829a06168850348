extension Duration {
    /// A century: past any `max_wait`, and far inside what a `Duration` holds.
    public static let longestWait = Duration.seconds(3_155_760_000)

    /// `seconds` from outside (a server's `Retry-After`, a pacing delay, a config value) as a
    /// wait: below zero is none, past `longestWait` (1e300, infinity) is `longestWait`, NaN is
    /// nil. `Duration.seconds(_:)` traps on values it cannot hold (past about 1.7e20), and a
    /// provider's answer must never end the run.
    public static func wait(seconds: Double) -> Duration? {
        guard !seconds.isNaN else { return nil }
        if seconds >= Double(longestWait.components.seconds) { return longestWait }
        return .seconds(max(0, seconds))
    }
}
