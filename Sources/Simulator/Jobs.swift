import Foundation

/// What a finished job produced: the payload a poll or webhook returns, and what it costs.
struct JobResult: Sendable {
    var payload: JSON
    var charges: [(provider: String, identity: String, credits: Int)] = []
}

/// A job's answer as sent: serialised once when it finishes, since clients poll it many times.
struct JobView: Sendable {
    let finished: Bool
    let body: String
}

/// An async job (Waterfall launch, Apollo waterfall, Pronto enrichment) and how to render it.
struct JobSpec: Sendable {
    let id: String
    let provider: String
    let account: String
    let createdAt: Date
    let webhookURL: String?
    /// The answer while the job runs, given the time left.
    let pending: @Sendable (_ remaining: Duration) -> JSON
    /// The answer once done; called exactly once, when the job finishes.
    let finish: @Sendable (_ finishedAt: Date) -> JobResult
}

/// Every async job, when it is due, and its result once finished. A job finishes when its
/// time comes (the scheduler wakes it) or when it is observed after that time (a poll), whichever
/// is first, so a poll never sees a job that should have finished still running.
actor JobStore {
    private struct Record {
        let spec: JobSpec
        var startsAt: ContinuousClock.Instant
        var dueAt: ContinuousClock.Instant
        var result: JobResult?
        var body: String?
    }

    private var jobs: [String: Record] = [:]
    /// Per-account times at which each processing slot frees up (Pronto's 5-at-a-time).
    private var slots: [String: [ContinuousClock.Instant]] = [:]
    private let ledger: Ledger
    private let background: BackgroundWork

    init(ledger: Ledger, background: BackgroundWork) {
        self.ledger = ledger
        self.background = background
    }

    /// Registers a job; `slotsPerAccount` queues it behind the account's running jobs.
    func add(_ spec: JobSpec, duration: Duration, slotsPerAccount: Int? = nil, now: ContinuousClock.Instant = .now) {
        var startsAt = now
        if let slotsPerAccount {
            var accountSlots = slots[spec.account] ?? Array(repeating: now, count: slotsPerAccount)
            let index = accountSlots.indices.min { accountSlots[$0] < accountSlots[$1] } ?? 0
            startsAt = max(now, accountSlots[index])
            accountSlots[index] = startsAt + duration
            slots[spec.account] = accountSlots
        }
        let dueAt = startsAt + duration
        jobs[spec.id] = Record(spec: spec, startsAt: startsAt, dueAt: dueAt, result: nil, body: nil)
        let id = spec.id
        background.schedule(at: dueAt) { await self.finishIfDue(id) }
    }

    /// The job's current answer, or `nil` for an unknown id (or one of another provider).
    func view(_ id: String, provider: String, now: ContinuousClock.Instant = .now) -> JobView? {
        guard let record = jobs[id], record.spec.provider == provider else { return nil }
        if let body = record.body { return JobView(finished: true, body: body) }
        if now >= record.dueAt, let body = finish(id) { return JobView(finished: true, body: body) }
        return JobView(finished: false, body: record.spec.pending(record.dueAt - now).serialized())
    }

    /// Called by the scheduler when a job's time has come.
    func finishIfDue(_ id: String, now: ContinuousClock.Instant = .now) {
        guard let record = jobs[id], record.result == nil, now >= record.dueAt else { return }
        _ = finish(id)
    }

    /// Finishes every running job now (`POST /__sim/jobs/complete`), for tests and demos.
    func completeAll() -> Int {
        let running = jobs.filter { $0.value.result == nil }.map(\.key).sorted()
        for id in running { _ = finish(id) }
        slots = [:]
        return running.count
    }

    /// Start and due times, for `GET /__sim/jobs`.
    func schedule() -> [(id: String, provider: String, startsIn: Duration, dueIn: Duration, finished: Bool)] {
        let now = ContinuousClock.now
        return jobs.values.sorted { $0.startsAt < $1.startsAt || ($0.startsAt == $1.startsAt && $0.spec.id < $1.spec.id) }
            .map { ($0.spec.id, $0.spec.provider, $0.startsAt - now, $0.dueAt - now, $0.result != nil) }
    }

    func reset() {
        jobs = [:]
        slots = [:]
    }

    private func finish(_ id: String) -> String? {
        guard var record = jobs[id] else { return nil }
        if let body = record.body { return body }
        let result = record.spec.finish(Date())
        let body = result.payload.serialized()
        record.result = result
        record.body = body
        jobs[id] = record
        // The result is stored before anything else happens, so the job is charged exactly once.
        for charge in result.charges {
            ledger.charge(provider: charge.provider, identity: charge.identity, jobID: id, credits: charge.credits)
        }
        if let url = record.spec.webhookURL {
            background.deliver(WebhookDelivery(url: url, body: body, jobID: id))
        }
        return body
    }
}
