import Foundation
import SQLiteStore
import Synchronization

/// The run's memory across interruptions (SQLite, WAL): the input and mapping fingerprints,
/// each paid launch's intent (written before it is sent) and job id (written before its first
/// poll), each provider's answer for a lookup still in progress, each finished lookup's result
/// with its row's audit line, and the credits spent.
///
/// An actor: rows finish on many tasks, and SQLite wants one writer. Every method is one short
/// statement or transaction, so the actor is never held across a network call.
public actor Checkpoint: JobJournal {
    public nonisolated let path: String
    let database: Database
    let inDoubtPolicy: InDoubtPolicy
    var budget: Budget
    let stop: StopSignal
    /// What earlier runs left unfinished, by lookup key: loaded once, small (at most the
    /// lookups that were in flight when a run stopped).
    var leftovers: [String: Leftover] = [:]
    /// Whether an earlier run left any lookup unfinished: on a fresh run no lookup needs to ask
    /// the actor what was left (it only ever shrinks after loading).
    nonisolated let resumesLookups: Bool
    /// Whether a launch of this provider is counted against a budget; if not, a launch that
    /// writes no intent needs nothing from the actor either.
    nonisolated let hasTotalBudget: Bool
    nonisolated let budgetedProviders: Set<String>
    /// Lookup keys this run wrote intents or answers for, so finishing knows what to clear.
    var dirty: Set<String> = []
    /// Finished rows and identities from earlier runs.
    public private(set) var finishedRows = RowSet()
    /// Behind a lock rather than the actor: the coordinator asks it for every row it reads,
    /// and an actor hop per row held up the dispatch of the next lookup.
    let identities: Mutex<KeyFilter>
    /// Request keys with an answer stored for rows that send the same request later, this run
    /// or the next.
    let answeredRequests: Mutex<KeyFilter>
    /// Finished lookups and shared answers not yet in their keyed tables.
    var staging = Staging()
    let encoder = JSONEncoder()
    let decoder = JSONDecoder()

    /// Failed lookups of earlier runs that this run asks again (`retryFailed`), counted when
    /// the checkpoint was opened.
    public nonisolated let reopenedFailures: Int

    /// Opens (or creates) the checkpoint at `path`. An existing one written for another input
    /// or mapping is refused unless `fresh`, which deletes it first. With `retryFailed`, the
    /// lookups that ended `failed` are no longer finished: their rows are looked up again,
    /// keeping what they found (`kept`), so only the fields that failed are asked again.
    public init(
        path: String, fingerprints: Fingerprints, fresh: Bool, inDoubt: InDoubtPolicy, maxCredits: Int?,
        providerBudgets: [String: Int], stop: StopSignal, retryFailed: Bool = false
    ) throws(CheckpointError) {
        self.path = path
        if fresh {
            for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) }
        }
        let database: Database
        do {
            database = try Database(path: path)
            try database.execute(Self.schema)
            try database.execute(Staging.schema)
            try Self.upgrade(database)
        } catch {
            throw .database(error)
        }
        let loaded: Loaded
        do {
            try Self.check(fingerprints, in: database, path: path)
            // What a run that died left staged, before anything reads the keyed tables.
            try database.transaction { () throws(SQLiteError) in try Staging.moveAll(database) }
            reopenedFailures = retryFailed ? try Self.reopenFailures(database) : 0
            loaded = try Self.load(database, decoder: JSONDecoder())
        } catch let error as CheckpointError {
            throw error
        } catch let error as SQLiteError {
            throw .database(error)
        } catch {
            throw .corrupt(path: path, detail: "\(error)")
        }
        self.database = database
        inDoubtPolicy = inDoubt
        budget = Budget(total: maxCredits, perProvider: providerBudgets)
        budget.spent = loaded.spent
        hasTotalBudget = maxCredits != nil
        budgetedProviders = Set(providerBudgets.keys)
        self.stop = stop
        encoder.outputFormatting = [.sortedKeys]
        finishedRows = loaded.rows
        identities = Mutex(loaded.identities)
        answeredRequests = Mutex(loaded.requests)
        leftovers = loaded.leftovers
        resumesLookups = !loaded.leftovers.isEmpty
    }

    /// Records the fingerprints in a new checkpoint; refuses one written for another input or
    /// mapping.
    private static func check(_ fingerprints: Fingerprints, in database: Database, path: String) throws {
        let stored = Dictionary(
            try database.rows("SELECT key, value FROM meta").compactMap { row -> (String, String)? in
                guard let key = row[0].text, let value = row[1].text else { return nil }
                return (key, value)
            }, uniquingKeysWith: { $1 })
        let mode = fingerprints.sandbox ? "sandbox" : "live"
        if stored.isEmpty {
            try database.run(
                "INSERT INTO meta(key, value) VALUES ('input', ?), ('mapping', ?), ('mode', ?)", .text(fingerprints.input),
                .text(fingerprints.mapping), .text(mode))
        } else {
            // A checkpoint from before the mode was kept is taken as live: it cannot be told.
            if (stored["mode"] ?? "live") != mode { throw CheckpointError.otherMode(path: path, sandbox: !fingerprints.sandbox) }
            if stored["mapping"] != fingerprints.mapping { throw CheckpointError.changed(path: path, what: "mapping") }
            if fingerprints.input == standardInput { throw CheckpointError.unverifiableInput(path: path) }
            if stored["input"] == standardInput { throw CheckpointError.writtenFromStandardInput(path: path) }
            if stored["input"] != fingerprints.input { throw CheckpointError.changed(path: path, what: "input file") }
        }
    }

    /// The input fingerprint of standard input, which a later run cannot check.
    public static let standardInput = "stdin"

    static let schema = """
        CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS rows(row INTEGER PRIMARY KEY, identity TEXT NOT NULL, audit TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS lookups(identity TEXT PRIMARY KEY, result BLOB NOT NULL, row INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS credits(provider TEXT PRIMARY KEY, spent INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS intents(
            id INTEGER PRIMARY KEY, provider TEXT NOT NULL, lookup_key TEXT NOT NULL,
            field TEXT NOT NULL, strategy TEXT NOT NULL, job_id TEXT, detail TEXT);
        CREATE INDEX IF NOT EXISTS intents_by_lookup ON intents(lookup_key);
        CREATE TABLE IF NOT EXISTS answers(
            lookup_key TEXT NOT NULL, provider TEXT NOT NULL, fields TEXT NOT NULL, outcome BLOB NOT NULL,
            PRIMARY KEY(lookup_key, provider, fields));
        CREATE TABLE IF NOT EXISTS deliveries(
            provider TEXT NOT NULL, key TEXT NOT NULL, body BLOB NOT NULL, PRIMARY KEY(provider, key));
        CREATE TABLE IF NOT EXISTS requests(key TEXT PRIMARY KEY, outcome BLOB NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS doubts(
            lookup_key TEXT NOT NULL, provider TEXT NOT NULL, launches INTEGER NOT NULL, PRIMARY KEY(lookup_key, provider));
        CREATE TABLE IF NOT EXISTS kept(lookup_key TEXT PRIMARY KEY, result BLOB NOT NULL, attempts TEXT);
        """

    /// A `kept` table from before it held the earlier attempts gets the column.
    private static func upgrade(_ database: Database) throws(SQLiteError) {
        let columns = try database.rows("PRAGMA table_info(kept)").compactMap { $0[1].text }
        if !columns.contains("attempts") { try database.run("ALTER TABLE kept ADD COLUMN attempts TEXT") }
    }

    /// Moves every failed lookup's result to `kept` and makes its row unfinished, in one
    /// transaction: a retry stopped half-way still knows what the first run found and paid
    /// for. The attempts of the row's audit line go with it: the retry writes the line anew,
    /// and what the earlier run sent and paid must stay in the audit (and in `enrich report`).
    /// Gives how many lookups were reopened.
    private static func reopenFailures(_ database: Database) throws(SQLiteError) -> Int {
        try database.transaction { () throws(SQLiteError) in
            // The stored result is JSON text in a blob; SQLite's JSON functions before 3.45
            // refuse a blob.
            try database.run(
                """
                INSERT OR REPLACE INTO kept(lookup_key, result, attempts)
                SELECT l.identity, l.result, (SELECT json_extract(r.audit, '$.attempts') FROM rows r WHERE r.row = l.row)
                FROM lookups l WHERE json_extract(CAST(l.result AS TEXT), '$.status') = 'failed'
                """)
            // With those of a retry that stopped before finishing them.
            let reopened = try database.rows("SELECT count(*) FROM kept").first?[0].integer ?? 0
            try database.run("DELETE FROM rows WHERE identity IN (SELECT lookup_key FROM kept)")
            try database.run("DELETE FROM lookups WHERE identity IN (SELECT lookup_key FROM kept)")
            return Int(reopened)
        }
    }

    private struct Loaded {
        var rows = RowSet()
        var identities = KeyFilter()
        var requests = KeyFilter()
        var spent: [String: Int] = [:]
        var leftovers: [String: Leftover] = [:]
    }

    private static func load(_ database: Database, decoder: JSONDecoder) throws -> Loaded {
        var loaded = Loaded()
        for row in try database.rows("SELECT row FROM rows") {
            if let number = row[0].integer { loaded.rows.insert(Int(number)) }
        }
        for row in try database.rows("SELECT identity FROM lookups") {
            if let identity = row[0].text { loaded.identities.insert(identity) }
        }
        for row in try database.rows("SELECT key FROM requests") {
            if let key = row[0].text { loaded.requests.insert(key) }
        }
        for row in try database.rows("SELECT provider, spent FROM credits") {
            if let provider = row[0].text, let spent = row[1].integer { loaded.spent[provider] = Int(spent) }
        }
        for row in try database.rows("SELECT provider, lookup_key, field, strategy, job_id, detail FROM intents ORDER BY id") {
            guard let provider = row[0].text, let key = row[1].text, let fieldName = row[2].text,
                let field = EnrichField(rawValue: fieldName), let strategy = row[3].text
            else { continue }
            if let jobID = row[4].text {
                loaded.leftovers[key, default: Leftover()].jobs.append(
                    LaunchedJob(provider: provider, lookupKey: key, field: field, strategy: strategy, jobID: jobID, detail: row[5].text))
            } else {
                loaded.leftovers[key, default: Leftover()].jobless.append(
                    Leftover.Intent(provider: provider, field: field, strategy: strategy))
            }
        }
        for row in try database.rows("SELECT lookup_key, provider, launches FROM doubts") {
            guard let key = row[0].text, let provider = row[1].text, let launches = row[2].integer else { continue }
            loaded.leftovers[key, default: Leftover()].doubts[provider] = Int(launches)
        }
        for row in try database.rows("SELECT lookup_key, result, attempts FROM kept") {
            guard let key = row[0].text, let bytes = row[1].blob else { continue }
            let result = try decoder.decode(WaterfallResult.self, from: Data(bytes))
            loaded.leftovers[key, default: Leftover()].kept = Kept(result: result, earlierAttempts: Kept.members(ofArray: row[2].text))
        }
        for row in try database.rows("SELECT lookup_key, provider, fields, outcome FROM answers") {
            guard let key = row[0].text, let provider = row[1].text, let fields = row[2].text, let bytes = row[3].blob else { continue }
            let outcome = try decoder.decode(LookupOutcome.self, from: Data(bytes))
            loaded.leftovers[key, default: Leftover()].answers[Leftover.answerKey(provider, fields: fields)] = outcome
        }
        return loaded
    }

    /// Credits spent so far by every part of this run, per provider.
    public var spent: [String: Int] { budget.spent }

    /// Lookups an earlier run left in flight, for the summary.
    public var leftoverCount: Int {
        leftovers.values.count { !$0.jobs.isEmpty || !$0.jobless.isEmpty || !$0.doubts.isEmpty || !$0.answers.isEmpty }
    }

    /// Moves what is staged, so the file holds every result in its keyed table, and closes it.
    /// A failed move loses nothing: the next open moves it.
    public func close() {
        try? moveStaged()
        database.close()
    }
}

/// A failed lookup reopened by `--retry-failed`: its result, and the attempts its row's audit
/// line had.
struct Kept: Sendable {
    var result: WaterfallResult
    /// The audit's attempt objects, joined by commas as in the line (nil: none).
    var earlierAttempts: String?

    /// What is inside the brackets of a JSON array's text; nil for no text or an empty array.
    static func members(ofArray text: String?) -> String? {
        guard let text, text.hasPrefix("["), text.hasSuffix("]"), text.count > 2 else { return nil }
        return String(text.dropFirst().dropLast())
    }
}

/// What an earlier run left of one lookup.
struct Leftover: Sendable {
    struct Intent: Sendable, Equatable {
        var provider: String
        var field: EnrichField
        var strategy: String
    }

    /// Jobs launched and journaled, not yet collected.
    var jobs: [LaunchedJob] = []
    /// Paid launches that were about to be sent, or on the wire, when the run died: in doubt.
    var jobless: [Intent] = []
    /// Launches in doubt that a run had already launched again, by provider: their intents
    /// are gone, but the run that finishes the lookup still reports them.
    var doubts: [String: Int] = [:]
    /// Providers that had answered, by provider and the fields asked.
    var answers: [String: LookupOutcome] = [:]
    /// A failed lookup's result, asked again with `--retry-failed`: its finds stay.
    var kept: Kept?

    static func answerKey(_ provider: String, fields: String) -> String { provider + "\u{1F}" + fields }
}
