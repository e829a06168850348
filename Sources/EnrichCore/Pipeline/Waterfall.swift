import ProviderHTTP

/// One row's lookups: each enrich field asks its providers in order until one finds it; a
/// provider that answers every field at once is asked once for all of them.
///
/// Before calling, it looks at what an earlier run left for this lookup (an answer, journaled
/// jobs, launches in doubt) so nothing is paid twice; after a call that more calls follow, it
/// keeps the answer in the checkpoint.
struct Waterfall: Sendable {
    let targets: [EnrichTarget]
    let providers: [String: any Provider]
    let inDoubt: InDoubtPolicy
    let checkpoint: Checkpoint
    let stop: StopSignal
    /// Answers to requests this run sent, for rows that would send the same.
    var requests = SharedRequests()

    /// Whether any provider of any field has a strategy the row's identifiers allow.
    func canAsk(_ identifiers: Identifiers) -> Bool {
        targets.contains { target in
            target.providers.contains { name in
                providers[name]?.kind.strategies(for: target.field).contains { $0.isUsable(with: identifiers) } ?? false
            }
        }
    }

    /// What the providers search by, for a row that has none of it.
    var requirements: String {
        var seen = Set<String>()
        var parts: [String] = []
        for target in targets {
            for name in target.providers {
                for strategy in providers[name]?.kind.strategies(for: target.field) ?? [] {
                    let need = strategy.requires.map(\.rawValue).joined(separator: " + ")
                    if seen.insert(need).inserted { parts.append(need) }
                }
            }
        }
        return "give at least one of: " + parts.joined(separator: ", ")
    }

    /// How a row's waterfall ended.
    enum End: Sendable {
        /// Every field reached a final state. `credits` are those not yet in the checkpoint;
        /// `sharedAnswers` the finds this row paid for, to keep for rows sending the same;
        /// `earlierAttempts` the audit's attempts of the run before `--retry-failed`.
        case finished(
            WaterfallResult, attempts: [AttemptLog], credits: [String: Int], sharedAnswers: [Checkpoint.SharedAnswer],
            earlierAttempts: String?)
        /// Stopped before that (stopping, budget, refused key, cancelled): nothing of it is
        /// final; what it launched is journaled for the next run.
        case unfinished
    }

    /// - Parameter lookupKey: `identifiers.identityKey`, computed once by the caller.
    func run(identifiers: Identifiers, recordKey: String, lookupKey: String, row: Int = 0) async -> End {
        var fields: [EnrichField: WaterfallResult.Field] = [:]
        var attempts: [AttemptLog] = []
        var unsaved: [String: Int] = [:]
        var askedAtOnce: [String: LookupOutcome] = [:]
        var sharedAnswers: [Checkpoint.SharedAnswer] = []
        let wanted = targets.map(\.field)
        // A failed lookup asked again (`--retry-failed`) keeps every field that did not fail:
        // what it found and paid for, and what its providers did not have. Only the fields
        // that failed go down their waterfalls again.
        var settled: Set<EnrichField> = []
        var earlierAttempts: String?
        if checkpoint.resumesLookups, let kept = await checkpoint.kept(lookupKey: lookupKey) {
            earlierAttempts = kept.earlierAttempts
            for field in wanted {
                guard let earlier = kept.result.fields[field], earlier.state != .failed else { continue }
                fields[field] = earlier
                settled.insert(field)
                guard earlier.state == .found, let provider = earlier.provider else { continue }
                var entry = AttemptLog(provider: provider, field: field, strategy: earlier.strategy, outcome: .shared)
                entry.providerStatus = "found by a run before --retry-failed; not asked again"
                attempts.append(entry)
            }
        }
        for (targetIndex, target) in targets.enumerated() {
            let field = target.field
            if fields[field]?.state == .found || settled.contains(field) { continue }
            var missed = Missed()
            for (providerIndex, name) in target.providers.enumerated() {
                guard let provider = providers[name] else { continue }
                let outcome: LookupOutcome
                if let earlier = askedAtOnce[name] {
                    outcome = earlier
                } else {
                    let missing = Set(wanted.filter { fields[$0]?.state != .found && !settled.contains($0) })
                    let asked: Set<EnrichField> =
                        provider.kind.answersAllFieldsAtOnce ? missing.intersection(provider.kind.fields) : [field]
                    let request = LookupRequest(
                        identifiers: identifiers, recordKey: recordKey, fields: asked, lookupKey: lookupKey, row: row)
                    let (answer, replayed, requestKey) = await ask(provider, request)
                    if case .providerUnusable(let reason, _) = answer.status {
                        stop.request(.keyRejected(reason))
                        return .unfinished
                    }
                    if Task.isCancelled || answer.isUnfinished { return .unfinished }
                    outcome = answer
                    attempts += answer.attempts
                    if let requestKey, answer.isAnswer, answer.result != nil {
                        sharedAnswers.append(Checkpoint.SharedAnswer(requestKey: requestKey, outcome: answer.sharedCopy()))
                    }
                    if provider.kind.answersAllFieldsAtOnce { askedAtOnce[name] = answer }
                    let last = targetIndex == targets.count - 1 && providerIndex == target.providers.count - 1
                    if !replayed {
                        let worthKeeping = answer.attempts.contains { $0.charged || $0.jobID != nil || $0.outcome == .inDoubt }
                        if !last && worthKeeping {
                            do {
                                try await checkpoint.saveAnswer(answer, lookupKey: lookupKey, fields: Self.key(asked))
                            } catch {
                                return .unfinished
                            }
                        } else {
                            unsaved[name, default: 0] += answer.credits
                        }
                    }
                }
                if let result = outcome.result {
                    for found in result.fields where wanted.contains(found) && fields[found]?.state != .found {
                        fields[found] = WaterfallResult.Field(
                            state: .found, provider: name, strategy: result.strategies[found], result: result)
                    }
                }
                if fields[field]?.state == .found { break }
                missed.add(outcome, provider: name)
            }
            if fields[field]?.state != .found {
                fields[field] = WaterfallResult.Field(
                    state: missed.state, reason: missed.reasons.isEmpty ? nil : missed.reasons.joined(separator: "; "))
            }
        }
        let status = WaterfallResult.status(of: fields)
        let reasons = wanted.compactMap { field in fields[field]?.reason.map { "\(field.rawValue): \($0)" } }
        let result = WaterfallResult(fields: fields, status: status, reason: reasons.isEmpty ? nil : reasons.joined(separator: "; "))
        return .finished(result, attempts: attempts, credits: unsaved, sharedAnswers: sharedAnswers, earlierAttempts: earlierAttempts)
    }

    /// Asks `provider`, or takes what an earlier run left: its answer (`replayed`), or its
    /// journaled jobs to collect. Launches in doubt are relaunched or not per `in_doubt`, as is
    /// a launch that comes back in doubt in this run (once). `requestKey`: what rows sending the
    /// same request would share this answer under, when this row asked it.
    private func ask(
        _ provider: any Provider, _ request: LookupRequest
    ) async -> (LookupOutcome, replayed: Bool, requestKey: String?) {
        var notes: [AttemptLog] = []
        var outcome: LookupOutcome
        var requestKey: String?
        let leftover = await checkpoint.leftover(provider: provider.name, lookupKey: request.lookupKey, fields: Self.key(request.fields))
        switch leftover {
        case .answer(let answer)?:
            return (answer, true, nil)
        case .launched(let jobs, let inDoubtCount)?:
            if inDoubtCount > 0 {
                notes.append(inDoubtNote(provider, request, "cut off on the wire when an earlier run ended, its job id unknown"))
                // Skip means nothing more is launched for this lookup: collecting the journaled
                // jobs would go on to the strategies after them, the one in doubt among them.
                if inDoubt == .skip {
                    return (LookupOutcome(provider: provider.name, status: .inDoubt(reason: Self.skipped), attempts: notes), false, nil)
                }
                guard await acknowledge(inDoubtCount, provider, request) else { return (Self.unfinished(provider), false, nil) }
            }
            outcome =
                jobs.isEmpty
                ? await provider.lookup(request, journal: checkpoint)
                : await provider.collect(jobs, request: request, journal: checkpoint)
        case nil:
            guard let key = provider.requestKey(request) else {
                outcome = await provider.lookup(request, journal: checkpoint)
                break
            }
            let checkpoint = checkpoint
            let (answer, shared) = await requests.outcome(
                key,
                recall: { key in
                    // Most requests were never answered before: no hop to the actor for those.
                    checkpoint.mayHaveSharedAnswer(requestKey: key) ? await checkpoint.sharedAnswer(requestKey: key) : nil
                },
                ask: { await provider.lookup(request, journal: checkpoint) })
            if shared { return (answer, false, nil) }
            outcome = answer
            requestKey = key
        }
        if case .inDoubt = outcome.status, inDoubt == .relaunch, !Task.isCancelled {
            guard await acknowledge(1, provider, request) else { return (Self.unfinished(provider), false, nil) }
            let again = await provider.lookup(request, journal: checkpoint)
            outcome = LookupOutcome(provider: provider.name, status: again.status, attempts: outcome.attempts + again.attempts)
        }
        outcome.attempts = notes + outcome.attempts
        return (outcome, false, requestKey)
    }

    /// Records, before the relaunch, that `launches` were in doubt; false if the checkpoint
    /// cannot (the run is stopping, and the relaunch is left to the next run).
    private func acknowledge(_ launches: Int, _ provider: any Provider, _ request: LookupRequest) async -> Bool {
        do {
            try await checkpoint.relaunching(provider: provider.name, lookupKey: request.lookupKey, inDoubt: launches)
            return true
        } catch {
            stop.request(.checkpointFailed("\(error)"))
            return false
        }
    }

    private static func unfinished(_ provider: any Provider) -> LookupOutcome {
        LookupOutcome(provider: provider.name, status: .withheld(reason: "the checkpoint cannot record a launch in doubt"), attempts: [])
    }

    private func inDoubtNote(_ provider: any Provider, _ request: LookupRequest, _ what: String) -> AttemptLog {
        let action = inDoubt == .relaunch ? "launched again (in_doubt: relaunch)" : "not launched again (in_doubt: skip)"
        return AttemptLog(
            provider: provider.name, field: request.fields.sorted { $0.rawValue < $1.rawValue }.first,
            outcome: .inDoubt, error: "a paid launch was \(what); \(action)")
    }

    static let skipped = "a paid launch in doubt was not repeated (in_doubt: skip)"

    static func key(_ fields: Set<EnrichField>) -> String {
        fields.map(\.rawValue).sorted().joined(separator: ",")
    }

    /// Why a field was not found, over its providers.
    private struct Missed {
        var state = WaterfallResult.State.noIdentifier
        var reasons: [String] = []

        mutating func add(_ outcome: LookupOutcome, provider: String) {
            switch outcome.status {
            case .found, .notFound:
                raise(.notFound)
            case .failed(let failure):
                switch failure.category {
                case .missingIdentifiers:
                    return
                case .transport, .malformedResponse, .deadline:
                    raise(.failed)
                default:
                    raise(.notFound)
                }
                reasons.append("\(provider): \(failure.message)")
            case .inDoubt(let reason):
                raise(.inDoubt)
                reasons.append("\(provider): \(reason)")
            case .exhausted(let reason):
                raise(.failed)
                reasons.append("\(provider): \(reason)")
            case .providerUnusable(let reason, _), .withheld(let reason):
                raise(.failed)
                reasons.append("\(provider): \(reason)")
            }
        }

        /// failed > in doubt > not found > no identifier.
        private mutating func raise(_ new: WaterfallResult.State) {
            let rank: [WaterfallResult.State: Int] = [.noIdentifier: 0, .notFound: 1, .inDoubt: 2, .failed: 3, .found: 4]
            if (rank[new] ?? 0) > (rank[state] ?? 0) { state = new }
        }
    }
}

extension LookupOutcome {
    /// Not an answer: the run held the launch back, the key was refused (the run stops), or
    /// the call was cancelled with its row.
    var isUnfinished: Bool {
        switch status {
        case .withheld, .providerUnusable: return true
        case .failed(let failure): return failure.transport == .cancelled
        default: return false
        }
    }
}
