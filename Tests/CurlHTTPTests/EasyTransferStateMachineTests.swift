import Testing

@testable import CurlHTTP

/// The state machine without I/O: who resumes the continuation in each interleaving.
@Suite struct EasyTransferStateMachineTests {
    typealias Machine = EasyTransfer.StateMachine
    let error = HTTPError(kind: .cancelled, detail: "", url: "", requestMayHaveBeenSent: false)

    @Test func cancelBeforeStartResumesAtStartWithoutEnqueueing() async {
        var machine = Machine()
        guard case .none = machine.cancel() else { Issue.record("nothing to resume yet"); return }
        let result = await withUnsafeContinuation { continuation in
            guard case .resume(let c, let e) = machine.start(continuation, cancelledError: error) else {
                Issue.record("must not enqueue")
                return
            }
            c.resume(returning: .failure(e))
        }
        #expect(throws: HTTPError.self) { try result.get() }
        #expect(machine.complete() == nil)
    }

    @Test func cancelWhileWaitingResumesOnceAndCompletionIsIgnored() async {
        var machine = Machine()
        let result = await withUnsafeContinuation { continuation in
            guard case .enqueue = machine.start(continuation, cancelledError: error),
                case .resumeAndRemove(let c) = machine.cancel()
            else {
                Issue.record("unexpected action")
                return
            }
            c.resume(returning: .failure(error))
        }
        #expect(throws: HTTPError.self) { try result.get() }
        #expect(machine.complete() == nil)
        guard case .none = machine.cancel() else { Issue.record("second cancel must do nothing"); return }
    }

    @Test func completionFirstThenCancelDoesNothing() async {
        var machine = Machine()
        let result = await withUnsafeContinuation { continuation in
            _ = machine.start(continuation, cancelledError: error)
            machine.complete()?.resume(returning: .success(HTTPResponse(status: 204)))
        }
        #expect((try? result.get().status) == 204)
        guard case .none = machine.cancel() else { Issue.record("cancel after completion must do nothing"); return }
    }
}
