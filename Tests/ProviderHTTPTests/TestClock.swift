import Synchronization

/// A virtual clock. `.automatic`: every sleep returns at once and moves time forward by its
/// length, so backoffs and pauses cost nothing and are recorded exactly. `.manual`: sleepers
/// wait until the test calls `advance(by:)`, to observe who waits for what.
final class TestClock: Clock, Sendable {
    struct Instant: InstantProtocol {
        var offset: Duration
        func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        func duration(to other: Instant) -> Duration { other.offset - offset }
        static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
    }

    enum Mode { case automatic, manual }

    private struct Sleeper {
        var id: Int
        var deadline: Instant
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var now = Instant(offset: .zero)
        var sleepers: [Sleeper] = []
        var nextID = 0
        var slept: [Duration] = []
        var onSleep: (@Sendable () -> Void)?
    }

    let mode: Mode
    private let state = Mutex(State())

    init(_ mode: Mode = .automatic) { self.mode = mode }

    var now: Instant { state.withLock { $0.now } }
    var minimumResolution: Duration { .nanoseconds(1) }
    /// Tasks currently suspended in `sleep` (manual mode).
    var sleeperCount: Int { state.withLock { $0.sleepers.count } }
    /// Every positive sleep requested, in order.
    var slept: [Duration] { state.withLock { $0.slept } }

    /// Runs before each sleep returns (automatic mode); tests use it to change the world
    /// "while" a backoff elapses.
    func onSleep(_ hook: @escaping @Sendable () -> Void) {
        state.withLock { $0.onSleep = hook }
    }

    func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        try Task.checkCancellation()
        switch mode {
        case .automatic:
            let hook: (@Sendable () -> Void)? = state.withLock { s in
                let length = s.now.duration(to: deadline)
                if length > .zero {
                    s.slept.append(length)
                    s.now = deadline
                }
                return s.onSleep
            }
            hook?()
            await Task.yield()
        case .manual:
            let id: Int? = state.withLock { s in
                guard s.now < deadline else { return nil }
                s.slept.append(s.now.duration(to: deadline))
                s.nextID += 1
                return s.nextID
            }
            guard let id else { return }
            try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                    let cancelled: Bool = state.withLock { s in
                        if Task.isCancelled { return true }
                        s.sleepers.append(Sleeper(id: id, deadline: deadline, continuation: continuation))
                        return false
                    }
                    if cancelled { continuation.resume(throwing: CancellationError()) }
                }
            } onCancel: {
                let sleeper: Sleeper? = state.withLock { s in
                    guard let index = s.sleepers.firstIndex(where: { $0.id == id }) else { return nil }
                    return s.sleepers.remove(at: index)
                }
                sleeper?.continuation.resume(throwing: CancellationError())
            }
        }
    }

    /// Moves time forward and wakes every sleeper whose deadline has passed.
    func advance(by duration: Duration) {
        let due: [Sleeper] = state.withLock { s in
            s.now = s.now.advanced(by: duration)
            let now = s.now
            let due = s.sleepers.filter { $0.deadline <= now }
            s.sleepers.removeAll { $0.deadline <= now }
            return due
        }
        for sleeper in due { sleeper.continuation.resume() }
    }

    /// Waits (in real time, briefly) until `count` tasks sleep on this clock.
    func waitForSleepers(_ count: Int) async {
        while sleeperCount < count { try? await Task.sleep(for: .milliseconds(1)) }
    }
}
