/// Where a provider's shared limits live: in-flight slots, the adaptive token bucket, a
/// provider-wide pause after a 429, and whether the provider may be called at all.
///
/// Every request to the provider passes `admit()` first, so a pause set by one request's 429
/// holds all of them. Waiting is `Clock.sleep`: no thread is blocked.
actor ProviderGate<C: Clock> where C.Duration == Duration {
    struct Admission: Sendable {
        var waitedForLimits: Duration
        var waitedForRetryAfter: Duration
        /// The rate epoch the request was sent in (see `AdaptiveRate.epoch`).
        var epoch: Int
    }

    enum Admit: Sendable {
        case admitted(Admission)
        case refused(ProviderCall)
        case cancelled
    }

    let name: String
    let limits: ProviderLimits
    let clock: C
    private let start: C.Instant
    private let slots: SlotLimiter
    private var rate: AdaptiveRate
    private var pausedUntil: C.Instant?
    private(set) var status: ProviderStatus = .usable

    init(name: String, limits: ProviderLimits, clock: C) {
        self.name = name
        self.limits = limits
        self.clock = clock
        self.start = clock.now
        self.slots = SlotLimiter(limit: limits.maxInFlight)
        self.rate = AdaptiveRate(limits: limits)
    }

    /// Waits for the pause, a rate token and an in-flight slot, in that order. On `.admitted`
    /// the caller holds a slot and must call `release()`.
    func admit() async -> Admit {
        var limitWait = Duration.zero
        var pauseWait = Duration.zero
        var haveToken = false
        while true {
            if let refusal = refusal() { return .refused(refusal) }
            let now = clock.now
            if let until = pausedUntil, now < until {
                do { try await clock.sleep(until: until, tolerance: nil) } catch { return .cancelled }
                pauseWait += now.duration(to: clock.now)
                // A token taken before the pause was priced at the old rate; honouring all of
                // them at once when the pause ends would be a burst straight into another 429.
                haveToken = false
                continue
            }
            if !haveToken {
                haveToken = true
                let wait = rate.reserve(at: seconds(since: now))
                if wait > 0 {
                    do { try await clock.sleep(for: .wait(seconds: wait) ?? .zero) } catch { return .cancelled }
                    limitWait += now.duration(to: clock.now)
                    // A pause may have begun while this request waited for its token.
                    continue
                }
            }
            let beforeSlot = clock.now
            do { try await slots.acquire() } catch { return .cancelled }
            limitWait += beforeSlot.duration(to: clock.now)
            // While this request waited for its slot, a 429 may have paused the provider or a
            // 401 made it unusable: check again rather than send into either.
            if refusal() != nil || pausedUntil.map({ clock.now < $0 }) == true {
                slots.release()
                continue
            }
            rate.recordSent(at: seconds(since: clock.now))
            return .admitted(Admission(waitedForLimits: limitWait, waitedForRetryAfter: pauseWait, epoch: rate.epoch))
        }
    }

    /// Gives back the in-flight slot taken by `admit()`.
    nonisolated func release() {
        slots.release()
    }

    /// A 429. With a hint, every request waits until `now + retryAfter`; a hint longer than
    /// `maxWait` marks the provider exhausted instead, and that outcome is returned.
    func refused(retryAfter: Duration?, epoch: Int) -> ProviderCall? {
        let now = clock.now
        let pause = retryAfter.map { min($0, limits.maxWait) } ?? .zero
        rate.recordRefused(at: seconds(since: now), requestEpoch: epoch, pause: pause.seconds)
        guard let retryAfter else { return nil }
        if retryAfter > limits.maxWait {
            // A hint past a century was capped when read; its number would only mislead.
            let asked = retryAfter >= .longestWait ? "a century or more" : retryAfter.secondsText
            let reason =
                "\(name) asked to wait \(asked) after HTTP 429, more than max_wait "
                + "(\(limits.maxWait.secondsText)); its rows move on to the next provider for the rest of this run. "
                + "Raise max_wait; a rerun keeps the rows this run failed as they are, --fresh asks again for every row."
            if case .usable = status { status = .exhausted(reason) }
            return refusal()
        }
        let until = now.advanced(by: retryAfter)
        if pausedUntil.map({ $0 < until }) ?? true { pausedUntil = until }
        return nil
    }

    /// 401/403. Returns the reason, and true for the one caller that should show it.
    func markUnusable(reason: String) -> (reason: String, firstNotice: Bool) {
        if case .unusable(let existing) = status { return (existing, false) }
        status = .unusable(reason)
        return (reason, true)
    }

    /// The adaptive rate in requests per second, nil while unpaced.
    var currentRate: Double? { rate.rate }

    private func refusal() -> ProviderCall? {
        switch status {
        case .usable: nil
        case .unusable(let reason): .unusable(reason: reason, firstNotice: false)
        case .exhausted(let reason): .exhausted(reason: reason)
        }
    }

    private func seconds(since instant: C.Instant) -> Double {
        start.duration(to: instant).seconds
    }
}

/// Whether a provider may still be called in this run; for the summary.
public enum ProviderStatus: Sendable, Equatable {
    case usable
    /// 401/403: wrong or missing key.
    case unusable(String)
    /// Asked for a wait longer than `maxWait`.
    case exhausted(String)
}

extension Duration {
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }

    var secondsText: String {
        let s = seconds
        return s == s.rounded() && abs(s) < 1e15 ? "\(Int(s)) s" : "\((s * 1000).rounded() / 1000) s"
    }
}
