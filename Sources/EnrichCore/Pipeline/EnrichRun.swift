import CSVStream
import Foundation

/// The enrichment run: rows stream from the source into one task group with at most
/// `concurrency` lookups in flight, and leave, in input order, through a reorder window.
///
/// One coordinator (the caller's task) reads, dispatches and writes; child tasks only run a
/// row's waterfall and make its result durable. Reading stops while the window is full, so
/// memory holds at most `window` rows whatever the input's size.
public final class EnrichRun {
    public struct Options: Sendable {
        public var concurrency: Int
        public var limit: Int?
        /// Rows between the oldest not yet written and the newest read.
        public var window: Int

        public init(concurrency: Int, limit: Int? = nil, window: Int? = nil) {
            self.concurrency = max(1, concurrency)
            self.limit = limit
            self.window = window ?? max(1024, self.concurrency * 16)
        }
    }

    private let source: any RecordSource
    private let mapping: BoundMapping
    private let sink: any RecordSink
    private let audit: AuditLog
    private let checkpoint: Checkpoint
    private let stop: StopSignal
    private let options: Options
    private let progress: ProgressBoard
    private let waterfall: Waterfall
    private let cells: OutputCells
    private let finishedEarlier: RowSet

    /// A row ready to be written, once every row before it is.
    private struct Ready: Sendable {
        var row: Row
        var cells: [String?]
        var audit: String
        var status: AuditRecord.Status
        /// The lookup's result, for the summary's counts; nil for a row with no lookup.
        var result: WaterfallResult?
    }

    /// A row waiting for the lookup of the same identity that is in flight.
    private struct Follower {
        var ordinal: Int
        var row: Row
        var recordID: String
    }

    /// What a child task hands back.
    private enum Completion: Sendable {
        case row(ordinal: Int, identity: String, end: Finished?)
        /// A batch of finished lookups is durable (or could not be made so: `error`).
        case committed([Uncommitted], error: String?)
        case stopRequested
        /// `flushInterval` has passed.
        case flushDue
    }

    /// A finished lookup on its way into the checkpoint, and its row once it is there.
    private struct Uncommitted: Sendable {
        var ordinal: Int
        var lookup: Checkpoint.FinishedLookup
        var ready: Ready
    }

    private struct Finished: Sendable {
        var result: WaterfallResult
        var audit: String
        var attempts: [AttemptLog]
        var credits: [String: Int]
        var sharedAnswers: [Checkpoint.SharedAnswer]
    }

    public init(
        source: any RecordSource, mapping: BoundMapping, sink: any RecordSink, audit: AuditLog, checkpoint: Checkpoint,
        providers: [String: any Provider], stop: StopSignal, options: Options, progress: ProgressBoard
    ) async {
        self.source = source
        self.mapping = mapping
        self.sink = sink
        self.audit = audit
        self.checkpoint = checkpoint
        self.stop = stop
        self.options = options
        self.progress = progress
        waterfall = Waterfall(
            targets: mapping.mapping.enrich, providers: providers, inDoubt: mapping.mapping.inDoubt, checkpoint: checkpoint, stop: stop)
        cells = OutputCells(mapping: mapping.mapping)
        finishedEarlier = await checkpoint.finishedRows
    }

    public func run() async throws -> RunSummary {
        let started = ContinuousClock.now
        var summary = RunSummary()
        var enrichment = RunSummary.Enrichment()
        let spentBefore = await checkpoint.spent
        var state = State()
        try await withThrowingTaskGroup(of: Completion.self) { group in
            let stop = self.stop
            group.addTask {
                await stop.wait()
                return .stopRequested
            }
            group.addTask { await Self.flushTimer() }
            var readerDone = false
            while true {
                while !readerDone && stop.reason == nil && state.inFlight < options.concurrency
                    && state.read - state.written < options.window
                {
                    if let limit = options.limit, state.read >= limit {
                        readerDone = true
                        break
                    }
                    guard let row = try source.next() else {
                        readerDone = true
                        break
                    }
                    state.read += 1
                    if state.read & 63 == 0 { progress.update { $0.bytesRead = row.byteOffset } }
                    if let job = try await dispatch(row, ordinal: state.read, state: &state, summary: &enrichment) {
                        let (waterfall, checkpoint) = (self.waterfall, self.checkpoint)
                        group.addTask { await Self.lookUp(job, waterfall: waterfall, checkpoint: checkpoint) }
                    }
                }
                let draining = state.inFlight == 0 && (readerDone || stop.reason != nil)
                // Group commit: while one batch is being made durable the next gathers, so the
                // coordinator never waits for SQLite and the lookups in flight stay at the limit.
                // A commit does not wait to fill up: a lookup answered but not yet committed is
                // paid for again if the process dies, and Lantern's answers have no journal.
                if !state.committing && !state.uncommitted.isEmpty {
                    let batch = state.uncommitted
                    state.uncommitted = []
                    state.committing = true
                    let checkpoint = self.checkpoint
                    group.addTask {
                        do {
                            try await checkpoint.finish(batch.map(\.lookup))
                            return .committed(batch, error: nil)
                        } catch {
                            return .committed(batch, error: "\(error)")
                        }
                    }
                }
                try writeReady(&state, summary: &summary, enrichment: &enrichment)
                if draining && !state.committing { break }
                // Rows that need no lookup (invalid, skipped, finished by an earlier run, served
                // from the cache) are written at once. When that made room, read on: a window
                // full of them may leave no child task to wait for.
                if !readerDone && stop.reason == nil && state.inFlight < options.concurrency
                    && state.read - state.written < options.window
                {
                    continue
                }
                guard let completion = try await group.next() else { break }
                switch completion {
                case .flushDue:
                    if state.written > state.flushedAt {
                        state.flushedAt = state.written
                        try sink.flush()
                        try audit.flush()
                    }
                    // Once the group is cancelled a new timer would end at once, again and again.
                    if !state.cancelled { group.addTask { await Self.flushTimer() } }
                case .stopRequested:
                    // A budget withholds new launches only: what it granted is sent and the
                    // jobs in flight are collected (cancelling them made a budget under what
                    // the rows in flight hold send nothing, run after run). A signal may still
                    // come while they finish.
                    if stop.isBudgetOnly {
                        group.addTask {
                            await stop.wait(ignoringBudget: true)
                            return .stopRequested
                        }
                        break
                    }
                    state.cancelled = true
                    group.cancelAll()
                case .committed(let batch, let error):
                    state.committing = false
                    if let error {
                        stop.request(.checkpointFailed(error))
                        continue
                    }
                    for entry in batch {
                        state.ready[entry.ordinal] = entry.ready
                        state.recent[entry.lookup.lookupKey] = nil
                    }
                case .row(let ordinal, let identity, let finished):
                    state.inFlight -= 1
                    let followers = state.followers.removeValue(forKey: identity) ?? []
                    guard let finished, let pending = state.pending.removeValue(forKey: ordinal) else { continue }
                    enrichment.count(finished.attempts)
                    let ready = Ready(
                        row: pending.row, cells: cells.cells(for: finished.result), audit: finished.audit, status: finished.result.status,
                        result: finished.result)
                    let lookup = Checkpoint.FinishedLookup(
                        row: pending.row.number, lookupKey: identity, result: finished.result, audit: finished.audit,
                        credits: finished.credits, sharedAnswers: finished.sharedAnswers)
                    state.uncommitted.append(Uncommitted(ordinal: ordinal, lookup: lookup, ready: ready))
                    state.recent[identity] = finished.result
                    for follower in followers {
                        state.ready[follower.ordinal] = cached(follower, result: finished.result, summary: &enrichment)
                    }
                }
                progress.update { $0.inFlight = state.inFlight }
            }
            group.cancelAll()
        }
        try writeReady(&state, summary: &summary, enrichment: &enrichment)
        try sink.flush()
        try audit.flush()
        enrichment.stop = stop.reason
        enrichment.unwritten = state.read - state.written
        enrichment.creditsTotal = await checkpoint.spent
        enrichment.creditsNow = enrichment.creditsTotal.reduce(into: [:]) { now, entry in
            let spent = entry.value - (spentBefore[entry.key] ?? 0)
            if spent > 0 { now[entry.key] = spent }
        }
        summary.enrichment = enrichment
        summary.blankLines = source.blankLines
        summary.elapsed = ContinuousClock.now - started
        return summary
    }

    /// The coordinator's bookkeeping.
    private struct State {
        var read = 0
        var written = 0
        var inFlight = 0
        var ready: [Int: Ready] = [:]
        /// Rows whose lookup is in flight, by ordinal.
        var pending: [Int: (row: Row, recordID: String)] = [:]
        /// Identities in flight, with the rows waiting for them.
        var followers: [String: [Follower]] = [:]
        /// Finished lookups waiting for the next commit, and their results by identity (so a
        /// duplicate read meanwhile is served, not looked up again).
        var uncommitted: [Uncommitted] = []
        var recent: [String: WaterfallResult] = [:]
        /// A commit is in flight (one at a time).
        var committing = false
        /// Rows written when OUTPUT and AUDIT were last flushed.
        var flushedAt = 0
        /// The lookups in flight were cancelled (the run is stopping).
        var cancelled = false
    }

    /// OUTPUT and AUDIT are written in 256 KiB blocks, which on a slow run kept rows out of
    /// `tail -f` for minutes (and out of the files after a kill -9): a written row reaches the
    /// files within this long.
    static let flushInterval = Duration.seconds(1)

    /// Decides what a row needs: nothing (invalid, no identifier, finished by an earlier run,
    /// a duplicate of a finished lookup), to wait for a lookup in flight, or a lookup of its own.
    private func dispatch(
        _ row: Row, ordinal: Int, state: inout State, summary: inout RunSummary.Enrichment
    ) async throws -> LookupJob? {
        let recordID = mapping.recordID(for: row)
        let now = Date()
        if row.problem != nil {
            state.ready[ordinal] = Ready(
                row: row, cells: cells.cells(for: nil), audit: AuditRecord.invalid(row, recordID: recordID, at: now).json,
                status: .invalidInput)
            return nil
        }
        if finishedEarlier.contains(row.number), let (line, result) = try await checkpoint.finished(row: row.number) {
            summary.resumed += 1
            state.ready[ordinal] = Ready(row: row, cells: cells.cells(for: result), audit: line, status: result.status, result: result)
            return nil
        }
        let identifiers = mapping.identifiers(for: row)
        guard waterfall.canAsk(identifiers) else {
            var record = AuditRecord(row: row.number, recordID: recordID, status: .skipped, startedAt: now, finishedAt: now)
            record.reason = RowProblem(
                kind: "no_identifier",
                message: "no provider in the waterfall can be asked with this row's identifiers: \(waterfall.requirements)")
            state.ready[ordinal] = Ready(row: row, cells: cells.cells(for: nil), audit: record.json, status: .skipped)
            return nil
        }
        let identity = identifiers.identityKey
        let follower = Follower(ordinal: ordinal, row: row, recordID: recordID)
        if state.followers[identity] != nil {
            state.followers[identity, default: []].append(follower)
            return nil
        }
        var known = state.recent[identity]
        if known == nil, checkpoint.mayHaveResult(identity: identity) { known = try await checkpoint.result(identity: identity) }
        if let result = known {
            state.ready[ordinal] = cached(follower, result: result, summary: &summary)
            return nil
        }
        state.followers[identity] = []
        state.pending[ordinal] = (row, recordID)
        state.inFlight += 1
        return LookupJob(row: row.number, ordinal: ordinal, recordID: recordID, identifiers: identifiers, identity: identity)
    }

    /// A row's lookup, handed to a child task.
    private struct LookupJob: Sendable {
        var row: Int
        var ordinal: Int
        var recordID: String
        var identifiers: Identifiers
        var identity: String
    }

    /// Wakes the coordinator to flush; ends at once when the run ends (cancelled).
    private static func flushTimer() async -> Completion {
        try? await Task.sleep(for: flushInterval)
        return .flushDue
    }

    /// A child task: the row's waterfall, then its result made durable before the row counts.
    private static func lookUp(_ job: LookupJob, waterfall: Waterfall, checkpoint: Checkpoint) async -> Completion {
        let (number, ordinal, recordID, identity) = (job.row, job.ordinal, job.recordID, job.identity)
        let startedAt = Date()
        let end = await waterfall.run(identifiers: job.identifiers, recordKey: recordID, lookupKey: identity, row: number)
        switch end {
        case .unfinished:
            await checkpoint.abandon(lookupKey: identity)
            return .row(ordinal: ordinal, identity: identity, end: nil)
        case .finished(let result, let attempts, let credits, let sharedAnswers, let earlierAttempts):
            var record = record(row: number, recordID: recordID, result: result, attempts: attempts, started: startedAt)
            record.earlierAttempts = earlierAttempts
            let line = record.json
            let finished = Finished(result: result, audit: line, attempts: attempts, credits: credits, sharedAnswers: sharedAnswers)
            return .row(ordinal: ordinal, identity: identity, end: finished)
        }
    }

    private func cached(_ follower: Follower, result: WaterfallResult, summary: inout RunSummary.Enrichment) -> Ready {
        summary.cached += 1
        var record = Self.record(row: follower.row.number, recordID: follower.recordID, result: result, attempts: [], started: Date())
        record.cached = true
        return Ready(row: follower.row, cells: cells.cells(for: result), audit: record.json, status: result.status, result: result)
    }

    static func record(row: Int, recordID: String, result: WaterfallResult, attempts: [AttemptLog], started: Date) -> AuditRecord {
        var record = AuditRecord(row: row, recordID: recordID, status: result.status, startedAt: started, finishedAt: Date())
        for field in EnrichField.allCases {
            guard let value = result.value(field), let found = result.fields[field] else { continue }
            record.fields.append(
                (field.rawValue, AuditRecord.FoundValue(value: value, provider: found.provider ?? "", strategy: found.strategy)))
        }
        record.attempts = attempts
        if let reason = result.reason, result.status != .enriched {
            let kind: String
            switch result.status {
            case .failed: kind = "lookup_failed"
            case .skipped: kind = result.fields.values.contains { $0.state == .inDoubt } ? "in_doubt" : "no_identifier"
            default: kind = "not_found"
            }
            record.reason = RowProblem(kind: kind, message: reason)
        }
        return record
    }

    /// Writes every ready row whose predecessors are written, counting it for the summary.
    private func writeReady(_ state: inout State, summary: inout RunSummary, enrichment: inout RunSummary.Enrichment) throws {
        while let ready = state.ready.removeValue(forKey: state.written + 1) {
            state.written += 1
            try sink.write(overwritten(ready.row, ready.cells), extra: appended(ready.cells))
            try audit.write(line: ready.audit)
            summary.rows += 1
            if let problem = ready.row.problem { summary.invalid[problem.kind, default: 0] += 1 }
            enrichment.statuses[ready.status, default: 0] += 1
            for (field, found) in ready.result?.fields ?? [:] where found.state == .found {
                enrichment.foundByField[field, default: 0] += 1
                enrichment.foundByProvider[found.provider ?? "?", default: 0] += 1
            }
        }

        let found = enrichment.foundByField.values.reduce(0, +)
        let credits = enrichment.creditsNow.values.reduce(0, +)
        let waited = enrichment.retryAfterMilliseconds
        progress.update {
            $0.rowsDone = state.written
            $0.found = found
            $0.credits = credits
            $0.retryAfterMilliseconds = waited
        }
    }

    /// The row with the cells of `overwrite: true` columns replaced.
    private func overwritten(_ row: Row, _ values: [String?]) -> Row {
        guard mapping.overwrites.contains(where: { $0 != nil }), row.problem == nil else { return row }
        var strings = (0..<row.cells.count).map { row.text($0) ?? "" }
        for (index, target) in mapping.overwrites.enumerated() {
            if let target, target < strings.count, let value = values[index] { strings[target] = value }
        }
        var copy = row
        copy.cells = Fields(strings)
        copy.kinds = nil
        return copy
    }

    private func appended(_ values: [String?]) -> [String?] {
        var cells: [String?] = []
        for (target, value) in zip(mapping.overwrites, values) where target == nil { cells.append(value) }
        return cells
    }
}
