import Foundation
import SQLiteStore
import Synchronization

extension Checkpoint {
    /// A finished lookup, ready to be made durable.
    struct FinishedLookup: Sendable {
        var row: Int
        var lookupKey: String
        var result: WaterfallResult
        var audit: String
        /// Credits not counted yet (the answers kept on the way are).
        var credits: [String: Int]
        /// Finds this lookup paid for, as rows sending the same request take them.
        var sharedAnswers: [SharedAnswer] = []
    }

    /// Makes finished lookups durable in one transaction: each leader row's audit line, the
    /// result its duplicates are served from, and the credits not counted yet; their intents
    /// and answers go. Only after this do the rows count as done. One transaction for many
    /// rows: a commit per row cost more than the lookup. A lookup not committed when the
    /// process dies is not lost money: its jobs are still journaled (collected again, free)
    /// and Lantern's `record_id` makes its repeat free.
    func finish(_ lookups: [FinishedLookup]) throws(SQLiteError) {
        let answers = lookups.flatMap { $0.sharedAnswers.map { (key: $0.requestKey, bytes: $0.storedJSON) } }
        // The maps learn the staged rowids only once they are committed: a rolled-back rowid
        // is given out again. By identity, so an identity finished twice in one batch finds its
        // earlier row without a scan of the batch.
        var stagedLookups: [String: Int64] = [:]
        stagedLookups.reserveCapacity(lookups.count)
        var stagedRequests: [(String, Int64)] = []
        try database.transaction { () throws(SQLiteError) in
            for lookup in lookups {
                try database.run(
                    "INSERT OR REPLACE INTO rows(row, identity, audit) VALUES (?, ?, ?)", .integer(Int64(lookup.row)),
                    .text(lookup.lookupKey), .text(lookup.audit))
                // One staged result an identity: the move need not know which came last.
                var earlier = stagedLookups[lookup.lookupKey]
                if earlier == nil { earlier = try staging.lookupID(lookup.lookupKey, keyOf: stagedIdentity) }
                if let earlier { try database.run("DELETE FROM staged_lookups WHERE id = ?", .integer(earlier)) }
                try database.run(
                    "INSERT INTO staged_lookups(identity, result, row) VALUES (?, ?, ?)", .text(lookup.lookupKey),
                    .blob(lookup.result.storedJSON), .integer(Int64(lookup.row)))
                stagedLookups[lookup.lookupKey] = database.lastInsertedRowID
                if dirty.contains(lookup.lookupKey) || leftovers[lookup.lookupKey] != nil {
                    try database.run(
                        "DELETE FROM deliveries WHERE key IN (SELECT job_id FROM intents WHERE lookup_key = ? AND job_id IS NOT NULL)",
                        .text(lookup.lookupKey))
                    try database.run("DELETE FROM intents WHERE lookup_key = ?", .text(lookup.lookupKey))
                    try database.run("DELETE FROM answers WHERE lookup_key = ?", .text(lookup.lookupKey))
                    try database.run("DELETE FROM doubts WHERE lookup_key = ?", .text(lookup.lookupKey))
                    try database.run("DELETE FROM kept WHERE lookup_key = ?", .text(lookup.lookupKey))
                }
                try addCredits(lookup.credits)
            }
            // A request's first answer stays, as the move keeps it.
            var seen = Set<String>()
            for answer in answers where seen.insert(answer.key).inserted {
                guard try staging.requestID(answer.key, keyOf: stagedRequestKey) == nil else { continue }
                try database.run("INSERT INTO staged_requests(key, outcome) VALUES (?, ?)", .text(answer.key), .blob(answer.bytes))
                stagedRequests.append((answer.key, database.lastInsertedRowID))
            }
        }
        for (identity, id) in stagedLookups { try staging.current.lookups.set(id, for: identity, keyOf: stagedIdentity) }
        for (key, id) in stagedRequests { try staging.current.requests.set(id, for: key, keyOf: stagedRequestKey) }
        try? advanceStaging(lookups: stagedLookups.count, requests: stagedRequests.count)
        if !answers.isEmpty {
            answeredRequests.withLock { filter in
                for answer in answers { filter.insert(answer.key) }
            }
        }
        for lookup in lookups {
            dirty.remove(lookup.lookupKey)
            leftovers[lookup.lookupKey] = nil
            identities.withLock { $0.insert(lookup.lookupKey) }
            budget.settle(lookupKey: lookup.lookupKey, charged: lookup.credits)
        }
    }

    /// A lookup left unfinished (stopping, budget, refused key): its reservations go; its
    /// intents and journaled jobs stay for the next run.
    func abandon(lookupKey: String) {
        budget.settle(lookupKey: lookupKey, charged: [:])
    }

    /// Whether a finished lookup of `identity` may be stored (false: it certainly is not),
    /// answered without waiting for the actor.
    nonisolated func mayHaveResult(identity: String) -> Bool {
        identities.withLock { $0.mayContain(identity) }
    }

    /// The result an earlier lookup of `identity` found, if there was one.
    func result(identity: String) throws -> WaterfallResult? {
        guard mayHaveResult(identity: identity) else { return nil }
        guard let bytes = try storedResult(identity: identity) else { return nil }
        return try decoder.decode(WaterfallResult.self, from: Data(bytes))
    }

    /// A row an earlier run finished: its audit line as written then, and its lookup's latest
    /// result, staged or moved.
    func finished(row: Int) throws -> (audit: String, result: WaterfallResult)? {
        let rows = try database.rows("SELECT audit, identity FROM rows WHERE row = ?", .integer(Int64(row)))
        guard let first = rows.first, let audit = first[0].text, let identity = first[1].text,
            let bytes = try storedResult(identity: identity)
        else { return nil }
        return (audit, try decoder.decode(WaterfallResult.self, from: Data(bytes)))
    }
}
