import Foundation

/// Why a run stops before its end: asked to (SIGINT/SIGTERM), out of budget, a refused key, or
/// a checkpoint it cannot write. The first reason wins; later ones do not replace it.
public enum StopReason: Sendable, CustomStringConvertible {
    case interrupted(signal: String)
    case budget(String)
    case keyRejected(String)
    case checkpointFailed(String)

    public var description: String {
        switch self {
        case .interrupted(let signal): return "interrupted by \(signal)"
        case .budget(let reason): return reason
        case .keyRejected(let reason): return reason
        case .checkpointFailed(let reason): return "the checkpoint cannot be written: \(reason)"
        }
    }
}

/// Tells every part of a run that it is stopping, and wakes the one task that waits for it.
/// A class with a lock: the signal handler and the checkpoint actor both set it, and the
/// adapters read it without a suspension point.
public final class StopSignal: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: StopReason?
    private var waiters: [CheckedContinuation<Void, Never>] = []

    public init() {}

    public var reason: StopReason? {
        lock.withLock { stored }
    }

    public func request(_ reason: StopReason) {
        let woken: [CheckedContinuation<Void, Never>] = lock.withLock {
            guard stored == nil else { return [] }
            stored = reason
            defer { waiters = [] }
            return waiters
        }
        for waiter in woken { waiter.resume() }
    }

    /// Returns once a stop is requested; or at once when cancelled, which is how the run ends
    /// this wait when it finishes normally.
    public func wait() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow: Bool = lock.withLock {
                    if stored != nil || Task.isCancelled { return true }
                    waiters.append(continuation)
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let woken: [CheckedContinuation<Void, Never>] = lock.withLock {
                defer { waiters = [] }
                return waiters
            }
            for waiter in woken { waiter.resume() }
        }
    }
}
