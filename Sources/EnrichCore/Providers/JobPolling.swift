/// Polls an async job with exponential backoff (2 s, 4 s, 8 s … up to a cap) under an overall
/// deadline. Time is injected: tests poll in milliseconds or in virtual time.
public struct JobPolling: Sendable {
    public var interval: Duration
    public var maxInterval: Duration
    public var deadline: Duration

    /// How long a job waits for its webhook before polling takes over: two of the longest
    /// polling pauses, so a lost delivery costs about what polling would, never the deadline.
    public var webhookWait: Duration { min(deadline, maxInterval * 2) }
    /// Sleeps; throws when the task is cancelled.
    public var sleep: @Sendable (Duration) async throws -> Void
    public var now: @Sendable () -> ContinuousClock.Instant

    public init(
        interval: Duration = .seconds(2), maxInterval: Duration = .seconds(30), deadline: Duration = .seconds(300),
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
        now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }
    ) {
        self.interval = max(interval, .milliseconds(1))
        self.maxInterval = max(maxInterval, self.interval)
        self.deadline = deadline
        self.sleep = sleep
        self.now = now
    }

    /// What one poll saw.
    enum Step<Answer> {
        case pending
        case done(Answer)
    }

    /// How polling ended.
    enum End<Answer> {
        case done(Answer)
        case deadline
        case cancelled
    }

    /// Unreadable 2xx answers to a status poll taken in a row before the job counts as failed.
    /// Polling is free and changes nothing, while giving up loses a result the job may be
    /// billed for when it ends; the bound keeps a provider that always garbles from holding a
    /// row until the deadline.
    static let unreadableAnswersTolerated = 3

    /// The delay before poll number `poll` (1-based) of a fresh job: interval · 2^(poll-1), capped.
    func delay(beforePoll poll: Int) -> Duration {
        let exponent = min(max(poll - 1, 0), 30)
        return min(interval * Double(1 << exponent), maxInterval)
    }

    /// Polls until `poll` says done, the deadline passes or the task is cancelled.
    /// - Parameters:
    ///   - immediately: poll before the first wait: a job from an earlier run may be done already.
    ///   - waited: time slept between polls, for the audit.
    func run<Answer>(
        immediately: Bool, waited: inout Duration, polls: inout Int, _ poll: () async -> Step<Answer>
    ) async -> End<Answer> {
        let start = now()
        var next = immediately ? 0 : 1
        while true {
            if next > 0 {
                let remaining = deadline - (now() - start)
                guard remaining > .zero else { return .deadline }
                let pause = min(delay(beforePoll: next), remaining)
                do {
                    try await sleep(pause)
                } catch {
                    return .cancelled
                }
                waited += pause
            }
            if Task.isCancelled { return .cancelled }
            polls += 1
            next += 1
            if case .done(let answer) = await poll() { return .done(answer) }
        }
    }
}
