import Synchronization

/// HTTP 429 answers as they arrive, across the run's providers. The progress line reads it: a
/// row's own attempts are counted only when the row finishes, and a row backing off from 429s
/// that carry no hint can take minutes to, while the run looks stalled for no stated reason.
public final class RateLimitTally: Sendable {
    private let answers = Atomic<Int>(0)

    public init() {}

    /// 429 answers so far.
    public var count: Int { answers.load(ordering: .relaxed) }

    func record() {
        answers.add(1, ordering: .relaxed)
    }
}
