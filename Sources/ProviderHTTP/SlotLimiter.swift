import Synchronization

/// At most `limit` holders at once; the others wait in FIFO order without blocking a thread.
/// A lock rather than an actor so that cancellation can remove a waiter synchronously.
final class SlotLimiter: Sendable {
    private struct State {
        var available: Int
        var nextID: UInt64 = 0
        var waiters: [(id: UInt64, continuation: CheckedContinuation<Void, any Error>)] = []
    }

    private let state: Mutex<State>

    init(limit: Int) {
        state = Mutex(State(available: limit))
    }

    /// Throws `CancellationError` if the task is cancelled while waiting; no slot is held then.
    func acquire() async throws {
        let id: UInt64? = state.withLock { s in
            if s.available > 0 {
                s.available -= 1
                return nil
            }
            s.nextID += 1
            return s.nextID
        }
        guard let id else { return }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                enum Step { case wait, granted, cancelled }
                let step: Step = state.withLock { s in
                    // A slot may have been released since the fast path looked.
                    if s.available > 0 {
                        s.available -= 1
                        return .granted
                    }
                    // Checked under the lock: if onCancel already ran it found no waiter, and the
                    // flag is already set; if it runs later it will find this waiter.
                    if Task.isCancelled { return .cancelled }
                    s.waiters.append((id, continuation))
                    return .wait
                }
                switch step {
                case .wait: break
                case .granted: continuation.resume()
                case .cancelled: continuation.resume(throwing: CancellationError())
                }
            }
        } onCancel: {
            let waiter: CheckedContinuation<Void, any Error>? = state.withLock { s in
                guard let index = s.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                return s.waiters.remove(at: index).continuation
            }
            waiter?.resume(throwing: CancellationError())
        }
    }

    func release() {
        let next: CheckedContinuation<Void, any Error>? = state.withLock { s in
            if s.waiters.isEmpty {
                s.available += 1
                return nil
            }
            return s.waiters.removeFirst().continuation
        }
        // The slot passes straight to the next waiter.
        next?.resume()
    }
}
