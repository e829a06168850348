/// The pacing arithmetic of one provider, without clocks or I/O: a token bucket whose rate
/// follows AIMD. Time is seconds since the gate started.
///
/// Without a configured rate, requests are unpaced until the first 429; the rate then starts
/// from what the provider actually accepted so far. After each 429 the rate is cut by
/// `decreaseFactor`; it climbs back quickly to just under the rate that was refused, then
/// probes above it slowly. A long run thus spends most of its time just under the real limit.
struct AdaptiveRate {
    let configured: Double?
    let decreaseFactor: Double
    let increasePerSecond: Double
    /// Never slower than this: a provider that keeps refusing is handled by retries and
    /// `maxWait`, not by pacing down to zero.
    let floor = 0.2

    private(set) var rate: Double?
    /// The rate that was refused last: the best guess of the real limit.
    private(set) var refusedRate: Double?
    /// Bumped by each decrease; a 429 to a request sent before the last decrease says nothing
    /// new about the current rate and is not counted again.
    private(set) var epoch = 0
    private var tokens = 1.0
    private var lastRefill = 0.0
    private var lastIncrease = 0.0
    private var accepted = 0

    init(limits: ProviderLimits) {
        configured = limits.requestsPerSecond
        decreaseFactor = limits.decreaseFactor
        increasePerSecond = limits.increasePerSecond
        rate = limits.requestsPerSecond
    }

    /// Takes a token; returns how long the caller must wait before sending (0 if none).
    mutating func reserve(at now: Double) -> Double {
        grow(at: now)
        guard let rate else { return 0 }
        // Capacity of one token: pacing stays smooth, no bursts after a quiet spell.
        tokens = min(1, tokens + (now - lastRefill) * rate)
        lastRefill = now
        tokens -= 1
        return tokens >= 0 ? 0 : -tokens / rate
    }

    mutating func recordAccepted() {
        accepted += 1
    }

    /// A 429 for a request sent during `requestEpoch`.
    mutating func recordRefused(at now: Double, requestEpoch: Int) {
        guard requestEpoch == epoch else { return }
        epoch += 1
        let current: Double
        if let rate {
            current = rate
        } else if accepted >= Self.minimumHistory {
            // Without a rate yet, what the provider accepted per second so far is the first
            // guess; the 1 s floor keeps a burst in the first milliseconds from looking huge.
            current = max(floor, Double(accepted) / max(1, now))
        } else {
            // Too little history to guess a rate from: the Retry-After pause alone must do.
            return
        }
        refusedRate = current
        var next = max(floor, current * decreaseFactor)
        if let configured { next = min(next, configured) }
        rate = next
        tokens = min(tokens, 0)
        lastRefill = max(lastRefill, now)
        lastIncrease = now
    }

    /// Accepted requests needed before a rate is inferred from them.
    static let minimumHistory = 20

    private mutating func grow(at now: Double) {
        defer { lastIncrease = max(lastIncrease, now) }
        guard var next = rate, let refused = refusedRate, now > lastIncrease else { return }
        var elapsed = now - lastIncrease
        // Fast back to just under the refused rate, then a slow probe above it.
        let knee = refused * (1 - (1 - decreaseFactor) / 2)
        if next < knee {
            let fast = refused * 0.1
            let toKnee = (knee - next) / fast
            if elapsed <= toKnee {
                next += fast * elapsed
                elapsed = 0
            } else {
                next = knee
                elapsed -= toKnee
            }
        }
        next += refused * increasePerSecond * elapsed
        if let configured { next = min(next, configured) }
        rate = next
    }
}
