import Foundation

/// Why a run stops before its end: asked to (SIGINT/SIGTERM), out of budget, a refused key, or
/// a checkpoint it cannot write. The first reason wins, but any other replaces a budget's.
public enum StopReason: Sendable, CustomStringConvertible {
    case interrupted(signal: String)
    case budget(String)
    case keyRejected(String)
    case checkpointFailed(String)

    var isBudget: Bool {
        if case .budget = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .interrupted(let signal): return "interrupted by \(signal)"
        case .budget(let reason): return reason
        case .keyRejected(let reason): return reason
        case .checkpointFailed(let reason): return "the checkpoint cannot be written: \(reason)"
        }
    }
}

/// Tells every part of a run that it is stopping, and wakes the tasks that wait for it.
/// A class with a lock: the signal handler and the checkpoint actor both set it, and the
/// adapters read it without a suspension point.
public final class StopSignal: @unchecked Sendable {
    private struct Waiter {
        var continuation: CheckedContinuation<Void, Never>
        var ignoringBudget: Bool
    }

    private let lock = NSLock()
    private var stored: StopReason?
    private var waiters: [Waiter] = []

    public init() {}

    public var reason: StopReason? {
        lock.withLock { stored }
    }

    /// Whether the run is only winding down after its budget: it collects what it launched,
    /// and a signal may still stop it sooner.
    public var isBudgetOnly: Bool {
        reason?.isBudget ?? false
    }

    /// The first reason wins, except that any other reason replaces a budget's: a budget stop
    /// lets what is in flight finish, and an interruption or a failure must not wait for that.
    public func request(_ reason: StopReason) {
        let woken: [Waiter] = lock.withLock {
            if let stored, !stored.isBudget || reason.isBudget { return [] }
            stored = reason
            let wake = waiters.filter { !(reason.isBudget && $0.ignoringBudget) }
            waiters.removeAll { !(reason.isBudget && $0.ignoringBudget) }
            return wake
        }
        for waiter in woken { waiter.continuation.resume() }
    }

    /// Returns once a stop is requested (with `ignoringBudget`, one other than a budget's); or
    /// at once when cancelled, which is how the run ends this wait when it finishes normally.
    public func wait(ignoringBudget: Bool = false) async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow: Bool = lock.withLock {
                    if Task.isCancelled { return true }
                    if let stored, !(ignoringBudget && stored.isBudget) { return true }
                    waiters.append(Waiter(continuation: continuation, ignoringBudget: ignoringBudget))
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let woken: [Waiter] = lock.withLock {
                defer { waiters = [] }
                return waiters
            }
            for waiter in woken { waiter.continuation.resume() }
        }
    }
}
