import Foundation
import SQLiteStore

extension Checkpoint {
    public nonisolated func willLaunch(_ intent: LaunchIntent) async -> LaunchPermission {
        // Nothing to reserve and nothing to write: not worth queueing behind a commit.
        if intent.idempotent && !hasTotalBudget && !budgetedProviders.contains(intent.provider) {
            if let reason = stop.reason { return .withheld(reason: reason.description) }
            return .granted
        }
        return await reserveAndRecord(intent)
    }

    private func reserveAndRecord(_ intent: LaunchIntent) -> LaunchPermission {
        if let reason = stop.reason { return .withheld(reason: reason.description) }
        if let reason = budget.reserve(intent) {
            stop.request(.budget(reason))
            return .withheld(reason: reason)
        }
        guard !intent.idempotent else { return .granted }
        do {
            try database.run(
                "INSERT INTO intents(provider, lookup_key, field, strategy) VALUES (?, ?, ?, ?)",
                .text(intent.provider), .text(intent.lookupKey), .text(intent.field.rawValue), .text(intent.strategy))
            dirty.insert(intent.lookupKey)
            return .granted
        } catch {
            // Without a durable intent a crash could make this launch a silent second payment.
            stop.request(.checkpointFailed(error.description))
            return .withheld(reason: "the checkpoint cannot record the launch: \(error.description)")
        }
    }

    public func launched(_ job: LaunchedJob) async {
        do {
            try database.run(
                """
                UPDATE intents SET job_id = ?, detail = ? WHERE id = (SELECT id FROM intents WHERE provider = ? AND lookup_key = ?
                AND field = ? AND strategy = ? AND job_id IS NULL ORDER BY id DESC LIMIT 1)
                """,
                .text(job.jobID), job.detail.sqlite, .text(job.provider), .text(job.lookupKey), .text(job.field.rawValue),
                .text(job.strategy))
            if database.changes == 0 {
                try database.run(
                    "INSERT INTO intents(provider, lookup_key, field, strategy, job_id, detail) VALUES (?, ?, ?, ?, ?, ?)",
                    .text(job.provider), .text(job.lookupKey), .text(job.field.rawValue), .text(job.strategy), .text(job.jobID),
                    job.detail.sqlite)
            }
            dirty.insert(job.lookupKey)
        } catch {
            stop.request(.checkpointFailed(error.description))
        }
    }

    public func notLaunched(_ intent: LaunchIntent) async {
        guard !intent.idempotent else { return }
        do {
            try database.run(
                """
                DELETE FROM intents WHERE id = (SELECT id FROM intents WHERE provider = ? AND lookup_key = ? AND field = ?
                AND strategy = ? AND job_id IS NULL ORDER BY id DESC LIMIT 1)
                """,
                .text(intent.provider), .text(intent.lookupKey), .text(intent.field.rawValue), .text(intent.strategy))
        } catch {
            // Kept, it makes the next run count one launch in doubt: a report, not a payment.
        }
    }

    /// What an earlier run left of `lookupKey` with `provider`: its answer, its journaled jobs,
    /// and its launches in doubt.
    nonisolated func leftover(provider: String, lookupKey: String, fields: String) async -> ProviderLeftover? {
        guard resumesLookups else { return nil }
        return await storedLeftover(provider: provider, lookupKey: lookupKey, fields: fields)
    }

    private func storedLeftover(provider: String, lookupKey: String, fields: String) -> ProviderLeftover? {
        guard let leftover = leftovers[lookupKey] else { return nil }
        if let answer = leftover.answers[Leftover.answerKey(provider, fields: fields)] { return .answer(answer) }
        let jobs = leftover.jobs.filter { $0.provider == provider }
        let inDoubt = leftover.jobless.count { $0.provider == provider } + (leftover.doubts[provider] ?? 0)
        if jobs.isEmpty && inDoubt == 0 { return nil }
        return .launched(jobs: jobs, inDoubt: inDoubt)
    }

    /// What a failed lookup had found, and the attempts its row had, before `--retry-failed`
    /// asked it again.
    nonisolated func kept(lookupKey: String) async -> Kept? {
        guard resumesLookups else { return nil }
        return await storedKept(lookupKey: lookupKey)
    }

    private func storedKept(lookupKey: String) -> Kept? {
        leftovers[lookupKey]?.kept
    }

    /// Before `provider` is launched again for `lookupKey` because `launches` of its launches
    /// are in doubt: those are counted for good, and its jobless intents go. The relaunch then
    /// writes its own intent, so a run killed before the lookup is committed neither loses the
    /// doubt from the audit nor takes the relaunch's intent for a second one.
    func relaunching(provider: String, lookupKey: String, inDoubt launches: Int) throws(SQLiteError) {
        try database.transaction { () throws(SQLiteError) in
            try database.run(
                "DELETE FROM intents WHERE lookup_key = ? AND provider = ? AND job_id IS NULL", .text(lookupKey), .text(provider))
            try database.run(
                """
                INSERT INTO doubts(lookup_key, provider, launches) VALUES (?, ?, ?)
                ON CONFLICT(lookup_key, provider) DO UPDATE SET launches = launches + excluded.launches
                """,
                .text(lookupKey), .text(provider), .integer(Int64(launches)))
        }
        dirty.insert(lookupKey)
        // This run has reported them: asked again for another field, it must not count them twice.
        leftovers[lookupKey]?.jobless.removeAll { $0.provider == provider }
        leftovers[lookupKey]?.doubts[provider] = nil
    }

    /// A provider's answer for a lookup that goes on to other providers: kept, so a crash now
    /// neither loses what was paid for nor leaves its launch looking in doubt.
    func saveAnswer(_ outcome: LookupOutcome, lookupKey: String, fields: String) throws(SQLiteError) {
        let bytes: [UInt8]
        do { bytes = Array(try encoder.encode(outcome)) } catch {
            throw SQLiteError(code: 0, message: "cannot encode an answer: \(error)", path: path, context: "saving an answer")
        }
        try database.transaction { () throws(SQLiteError) in
            try database.run(
                "INSERT OR REPLACE INTO answers(lookup_key, provider, fields, outcome) VALUES (?, ?, ?, ?)",
                .text(lookupKey), .text(outcome.provider), .text(fields), .blob(bytes))
            try database.run("DELETE FROM intents WHERE lookup_key = ? AND provider = ?", .text(lookupKey), .text(outcome.provider))
            try database.run("DELETE FROM doubts WHERE lookup_key = ? AND provider = ?", .text(lookupKey), .text(outcome.provider))
            try addCredits([outcome.provider: outcome.credits])
        }
        dirty.insert(lookupKey)
        budget.settle(lookupKey: "", charged: [outcome.provider: outcome.credits])
    }

    func addCredits(_ credits: [String: Int]) throws(SQLiteError) {
        for (provider, amount) in credits where amount > 0 {
            try database.run(
                "INSERT INTO credits(provider, spent) VALUES (?, ?) ON CONFLICT(provider) DO UPDATE SET spent = spent + excluded.spent",
                .text(provider), .integer(Int64(amount)))
        }
    }
}

/// What the waterfall does with a provider an earlier run had started on.
enum ProviderLeftover: Sendable {
    /// It had answered: use the answer, call nobody.
    case answer(LookupOutcome)
    /// Collect these jobs; `inDoubt` launches were cut off with no job id.
    case launched(jobs: [LaunchedJob], inDoubt: Int)
}
