/// The pacing arithmetic of one provider, without clocks or I/O: a token bucket whose rate
/// follows AIMD. Time is seconds since the gate started.
///
/// Without a configured rate, requests are unpaced until the first 429; pacing then starts
/// from half the rate at which requests were being sent. After each 429 the rate is cut by
/// `decreaseFactor`, or halved when the previous cut clearly was not enough (another 429 right
/// after its pause). It then climbs back quickly to just under the rate that was refused and
/// probes above it slowly, so a long run spends most of its time just under the real limit.
struct AdaptiveRate {
    let configured: Double?
    let decreaseFactor: Double
    let increasePerSecond: Double
    /// Never slower than this: a provider that keeps refusing is handled by retries and
    /// `maxWait`, not by pacing down to zero.
    let floor = 0.2
    /// Sends needed before a rate is inferred from them; fewer say nothing about a rate.
    static let minimumHistory = 20
    /// A 429 within this long after the end of the previous cut's pause means the cut was
    /// far too small.
    static let quickRefusal = 1.0

    private(set) var rate: Double?
    /// The rate that was refused last: the best guess of the real limit.
    private(set) var refusedRate: Double?
    /// Bumped by each decrease; a 429 to a request sent before the last decrease says nothing
    /// new about the current rate and is not counted again.
    private(set) var epoch = 0
    private var tokens = 1.0
    private var lastRefill = 0.0
    private var lastIncrease = 0.0
    private var quickUntil = -Double.infinity
    private var sent = SendHistory()

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

    /// A request left at `now`.
    mutating func recordSent(at now: Double) {
        sent.append(now)
    }

    /// A 429 for a request sent during `requestEpoch`; `pause` is the provider-wide wait it
    /// imposed (0 without a hint).
    mutating func recordRefused(at now: Double, requestEpoch: Int, pause: Double) {
        guard requestEpoch == epoch else { return }
        epoch += 1
        let current: Double
        let factor: Double
        if let rate {
            current = rate
            factor = now < quickUntil ? 0.5 : decreaseFactor
        } else if sent.total >= Self.minimumHistory {
            current = sent.rate(at: now)
            factor = 0.5
        } else {
            // Too little history to guess a rate from: the Retry-After pause alone must do.
            return
        }
        refusedRate = current
        var next = max(floor, current * factor)
        if let configured { next = min(next, configured) }
        rate = next
        // Reservations made at the old rate are void: the gate has their holders reserve again.
        tokens = 0
        lastRefill = max(lastRefill, now)
        lastIncrease = now + pause
        quickUntil = now + pause + Self.quickRefusal
    }

    private mutating func grow(at now: Double) {
        guard var next = rate, let refused = refusedRate, now > lastIncrease else { return }
        var elapsed = now - lastIncrease
        lastIncrease = now
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

/// Send times of the last few seconds, to tell the rate requests were going out at.
struct SendHistory {
    private var times: [Double] = []
    private var next = 0
    private static let capacity = 512
    private static let window = 2.0
    private(set) var total = 0

    mutating func append(_ time: Double) {
        total += 1
        if times.count < Self.capacity {
            times.append(time)
        } else {
            times[next] = time
            next = (next + 1) % Self.capacity
        }
    }

    /// Sends per second over the last `window` seconds; the 50 ms floor keeps one burst of
    /// simultaneous sends from reading as an unbounded rate.
    func rate(at now: Double) -> Double {
        let recent = times.filter { now - $0 <= Self.window }
        guard let oldest = recent.min() else { return 0 }
        return Double(recent.count) / max(0.05, now - oldest)
    }
}
