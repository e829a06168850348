extension EasyTransfer {
    /// Decides who resumes the awaiting task, so that it is resumed exactly once whether the
    /// transfer completes, fails, or the task is cancelled first, in any interleaving. Pure:
    /// it returns what to do and the caller does it after releasing the lock.
    struct StateMachine {
        /// Unsafe rather than checked: this machine already guarantees exactly one resume, and a
        /// checked continuation allocates a canary object per request and does an extra atomic
        /// exchange on resume, on the client's hot path.
        typealias Continuation = UnsafeContinuation<Result<HTTPResponse, HTTPError>, Never>

        enum State {
            /// `withTaskCancellationHandler` may run `onCancel` before the operation body has
            /// stored its continuation: the cancellation is remembered for when it arrives.
            case idle
            case cancelledBeforeStart
            case waiting(Continuation)
            case finished
        }

        enum StartAction {
            /// Hand the transfer to the multi thread.
            case enqueue
            /// The task was already cancelled: resume at once, nothing was enqueued.
            case resume(Continuation, HTTPError)
        }

        enum CancelAction {
            /// Resume the task now and ask the multi thread to drop the transfer.
            case resumeAndRemove(Continuation)
            case none
        }

        private(set) var state: State = .idle

        /// `cancelledError` is built only in the rare case that needs it: every request starts.
        mutating func start(_ continuation: Continuation, cancelledError: @autoclosure () -> HTTPError) -> StartAction {
            switch state {
            case .idle:
                state = .waiting(continuation)
                return .enqueue
            case .cancelledBeforeStart:
                state = .finished
                return .resume(continuation, cancelledError())
            case .waiting, .finished:
                preconditionFailure("a transfer is started once")
            }
        }

        mutating func cancel() -> CancelAction {
            switch state {
            case .idle:
                state = .cancelledBeforeStart
                return .none
            case .waiting(let continuation):
                state = .finished
                return .resumeAndRemove(continuation)
            case .cancelledBeforeStart, .finished:
                return .none
            }
        }

        /// The multi thread finished the transfer; nil when cancellation already resumed the task.
        mutating func complete() -> Continuation? {
            switch state {
            case .waiting(let continuation):
                state = .finished
                return continuation
            case .idle, .cancelledBeforeStart, .finished:
                state = .finished
                return nil
            }
        }
    }
}
