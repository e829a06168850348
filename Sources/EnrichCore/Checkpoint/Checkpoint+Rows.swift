import Foundation
import SQLiteStore

extension Checkpoint {
    /// Makes a finished lookup durable in one transaction: the leader row's audit line, the
    /// result its duplicates are served from, and the credits not counted yet; its intents and
    /// answers go. Only after this does the row count as done.
    func finish(row: Int, lookupKey: String, result: WaterfallResult, audit: String, credits: [String: Int]) throws(SQLiteError) {
        let bytes: [UInt8]
        do { bytes = Array(try encoder.encode(result)) } catch {
            throw SQLiteError(code: 0, message: "cannot encode a result: \(error)", path: path, context: "finishing row \(row)")
        }
        let clear = dirty.contains(lookupKey) || leftovers[lookupKey] != nil
        try database.transaction { () throws(SQLiteError) in
            try database.run(
                "INSERT OR REPLACE INTO rows(row, identity, audit) VALUES (?, ?, ?)", .integer(Int64(row)), .text(lookupKey), .text(audit))
            try database.run(
                "INSERT OR REPLACE INTO lookups(identity, result, row) VALUES (?, ?, ?)", .text(lookupKey), .blob(bytes),
                .integer(Int64(row)))
            if clear {
                try database.run("DELETE FROM intents WHERE lookup_key = ?", .text(lookupKey))
                try database.run("DELETE FROM answers WHERE lookup_key = ?", .text(lookupKey))
            }
            try addCredits(credits)
        }
        if clear {
            dirty.remove(lookupKey)
            leftovers[lookupKey] = nil
        }
        identities.insert(lookupKey)
        budget.settle(lookupKey: lookupKey, charged: credits)
    }

    /// A lookup left unfinished (stopping, budget, refused key): its reservations go; its
    /// intents and journaled jobs stay for the next run.
    func abandon(lookupKey: String) {
        budget.settle(lookupKey: lookupKey, charged: [:])
    }

    /// The result an earlier lookup of `identity` found, if there was one.
    func result(identity: String) throws -> WaterfallResult? {
        guard identities.mayContain(identity) else { return nil }
        guard let bytes = try database.rows("SELECT result FROM lookups WHERE identity = ?", .text(identity)).first?[0].blob else {
            return nil
        }
        return try decoder.decode(WaterfallResult.self, from: Data(bytes))
    }

    /// A row an earlier run finished: its audit line as written then, and its lookup's result.
    func finished(row: Int) throws -> (audit: String, result: WaterfallResult)? {
        let rows = try database.rows(
            "SELECT r.audit, l.result FROM rows r JOIN lookups l ON l.identity = r.identity WHERE r.row = ?", .integer(Int64(row)))
        guard let first = rows.first, let audit = first[0].text, let bytes = first[1].blob else { return nil }
        return (audit, try decoder.decode(WaterfallResult.self, from: Data(bytes)))
    }
}
