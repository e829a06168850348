import Synchronization

/// Rows with different identities can still send a provider the very same request (one
/// email, two spellings of a name): the first row asks, the others wait for its answer and pay
/// nothing. Only answers (found, not found) are shared; after anything else each row asks on
/// its own. For rows that come later, the newest `capacity` finds are kept (memory stays flat
/// on any input; keeping every answer, 4096 of them, cost about a tenth of a row's CPU), and
/// every find is in the checkpoint once its row is committed, for `recall`.
///
/// A lock, not an actor: it is asked before every provider call, and a hop each time would
/// cost more than the lookup it saves on a file without such duplicates.
final class SharedRequests: Sendable {
    private struct State {
        /// Requests being asked, with the rows waiting for their answer.
        var asking: [String: [CheckedContinuation<LookupOutcome?, Never>]] = [:]
        var answers: [String: LookupOutcome] = [:]
        /// Keys of `answers`, oldest first, as a ring of `capacity`.
        var order: [String] = []
        var next = 0
    }

    private enum Claim {
        case answered(LookupOutcome)
        case ask
        case wait
    }

    let capacity: Int
    private let state = Mutex(State())

    init(capacity: Int = 1024) {
        self.capacity = max(1, capacity)
    }

    /// The answer to the request named `key`: asked with `ask` by the first row; the others
    /// get its `sharedCopy()` (`shared`: true, nothing sent or paid). Before asking, the first
    /// row tries `recall`: a find stored by a row that asked long before (past the newest
    /// `capacity`), or by the run before a restart.
    func outcome(
        _ key: String, recall: (String) async -> LookupOutcome? = { _ in nil }, ask: () async -> LookupOutcome
    ) async -> (LookupOutcome, shared: Bool) {
        while true {
            let claim: Claim = state.withLock { state in
                if let answer = state.answers[key] { return .answered(answer) }
                if state.asking[key] != nil { return .wait }
                state.asking[key] = []
                return .ask
            }
            switch claim {
            case .answered(let answer):
                return (answer, true)
            case .ask:
                if let stored = await recall(key) {
                    let waiting = state.withLock { state in
                        Self.keep(stored, key, in: &state, capacity: capacity)
                        return state.asking.removeValue(forKey: key) ?? []
                    }
                    for row in waiting { row.resume(returning: stored) }
                    return (stored, true)
                }
                let outcome = await ask()
                let copy = outcome.isAnswer ? outcome.sharedCopy() : nil
                let waiting: [CheckedContinuation<LookupOutcome?, Never>] = state.withLock { state in
                    // Only finds are kept for later rows: a miss is not charged, so asking it
                    // again costs a request, not credits.
                    if let copy, outcome.result != nil { Self.keep(copy, key, in: &state, capacity: capacity) }
                    return state.asking.removeValue(forKey: key) ?? []
                }
                for row in waiting { row.resume(returning: copy) }
                return (outcome, false)
            case .wait:
                let answer: LookupOutcome? = await withCheckedContinuation { continuation in
                    let now: LookupOutcome?? = state.withLock { state in
                        guard state.asking[key] != nil else { return .some(state.answers[key]) }
                        state.asking[key, default: []].append(continuation)
                        return .none
                    }
                    if case .some(let answer) = now { continuation.resume(returning: answer) }
                }
                if let answer { return (answer, true) }
            // The row that asked got no answer to share (it failed, or was stopped): ask again.
            }
        }
    }

    /// How many rows wait for the answer to the request named `key`.
    func waitingCount(_ key: String) -> Int {
        state.withLock { $0.asking[key]?.count ?? 0 }
    }

    private static func keep(_ outcome: LookupOutcome, _ key: String, in state: inout State, capacity: Int) {
        if state.order.count < capacity {
            state.order.append(key)
        } else {
            state.answers[state.order[state.next]] = nil
            state.order[state.next] = key
            state.next = (state.next + 1) % capacity
        }
        state.answers[key] = outcome
    }
}

extension LookupOutcome {
    /// A provider's answer about the person, the same for anyone sending the same request.
    var isAnswer: Bool {
        switch status {
        case .found, .notFound: return true
        default: return false
        }
    }

    /// This answer as another row records it: one entry that sent nothing and paid nothing.
    func sharedCopy() -> LookupOutcome {
        let source = attempts.last { $0.outcome != .skipped } ?? attempts.last
        var entry = AttemptLog(provider: provider, field: source?.field, strategy: source?.strategy, outcome: .shared)
        entry.jobID = attempts.last { $0.jobID != nil }?.jobID
        return LookupOutcome(provider: provider, status: status, attempts: [entry])
    }
}
