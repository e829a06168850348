import SQLiteStore

/// Where finished lookups and shared answers wait before they reach their keyed tables.
///
/// `lookups` and `requests` are keyed by text that is random in input order, so every row
/// dirtied a page of each that no neighbour shared, and each group commit wrote about two WAL
/// pages per row for them. Rows are first appended to `staged_lookups` and `staged_requests`
/// instead (rowid order: a page holds many rows), and found again through the maps below; every
/// `limit` entries they move to the keyed tables in one transaction, in key order, so a page
/// there is written once for all the rows that land on it.
///
/// Nothing is less durable: the staged tables are in the same database and the same commits.
/// A run that dies leaves them for the next open, which moves them first.
struct Staging: Sendable {
    /// Staged rowids by identity and by request key.
    var lookups = StagedKeys()
    var requests = StagedKeys()

    /// Entries in one table before a move: a few hundred kilobytes of maps, and a move of tens
    /// of milliseconds.
    var limit = 16384

    var isFull: Bool { max(lookups.count, requests.count) >= limit }

    /// Forgets every entry, keeping the maps' storage for the next ones.
    mutating func removeAll() {
        lookups.removeAll()
        requests.removeAll()
    }

    static let schema = """
        CREATE TABLE IF NOT EXISTS staged_lookups(
            id INTEGER PRIMARY KEY, identity TEXT NOT NULL, result BLOB NOT NULL, row INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS staged_requests(id INTEGER PRIMARY KEY, key TEXT NOT NULL, outcome BLOB NOT NULL);
        """

    /// Moves every staged entry to its keyed table, with the semantics the direct writes had:
    /// a later result of an identity replaces an earlier one, a request's first answer stays.
    /// A key is staged at most once (`finish` deletes an earlier staged result of the identity
    /// and never stages a request twice), so the order rows are moved in is only for speed:
    /// key order, sorting the keys alone (`LIMIT -1` keeps the subquery's `ORDER BY`), not the
    /// results, which made the sort hold megabytes.
    static func move(_ database: Database) throws(SQLiteError) {
        try database.execute(
            """
            INSERT OR REPLACE INTO lookups(identity, result, row)
                SELECT s.identity, s.result, s.row
                FROM (SELECT id FROM staged_lookups ORDER BY identity LIMIT -1) AS o CROSS JOIN staged_lookups AS s ON s.id = o.id;
            DELETE FROM staged_lookups;
            INSERT OR IGNORE INTO requests(key, outcome)
                SELECT s.key, s.outcome
                FROM (SELECT id FROM staged_requests ORDER BY key LIMIT -1) AS o CROSS JOIN staged_requests AS s ON s.id = o.id;
            DELETE FROM staged_requests;
            """)
    }
}

/// Staged rowids by key, held as the keys' hashes: the keys themselves are long, and holding
/// sixteen thousand of them between moves cost megabytes and a slower allocator. Two keys with
/// the same hash are told apart by the key stored in the staged row; the later one is kept in
/// `colliding`, by its text.
struct StagedKeys: Sendable {
    private var byHash: [Int: Int64] = [:]
    private var colliding: [String: Int64] = [:]
    /// The standard hash; tests give one that makes every key collide.
    var hash: @Sendable (String) -> Int = { $0.hashValue }

    mutating func removeAll() {
        byHash.removeAll(keepingCapacity: true)
        colliding.removeAll()
    }

    var count: Int { byHash.count + colliding.count }
    var isEmpty: Bool { count == 0 }

    /// The rowid staged for `key`; `keyOf` reads the key stored in a staged row.
    func id(of key: String, keyOf: (Int64) throws(SQLiteError) -> String?) throws(SQLiteError) -> Int64? {
        if let id = colliding[key] { return id }
        guard let id = byHash[hash(key)], try keyOf(id) == key else { return nil }
        return id
    }

    /// Records `id` as the staged row of `key`, replacing an earlier row of the same key
    /// (deleted by then: `keyOf` gives nil for it).
    mutating func set(_ id: Int64, for key: String, keyOf: (Int64) throws(SQLiteError) -> String?) throws(SQLiteError) {
        let hashed = hash(key)
        if colliding[key] != nil {
            colliding[key] = id
        } else if let earlier = byHash[hashed], let earlierKey = try keyOf(earlier), earlierKey != key {
            colliding[key] = id
        } else {
            byHash[hashed] = id
        }
    }
}

extension Checkpoint {
    /// Moves what is staged to the keyed tables, and forgets the maps.
    func moveStaged() throws(SQLiteError) {
        guard !staging.lookups.isEmpty || !staging.requests.isEmpty else { return }
        try database.transaction { () throws(SQLiteError) in try Staging.move(database) }
        staging.removeAll()
    }

    /// For tests: moves after `limit` entries, and hashes keys with `hash`.
    func stage(limit: Int, hash: @escaping @Sendable (String) -> Int) {
        staging.limit = limit
        staging.lookups.hash = hash
        staging.requests.hash = hash
    }

    func stagedIdentity(_ id: Int64) throws(SQLiteError) -> String? {
        try database.rows("SELECT identity FROM staged_lookups WHERE id = ?", .integer(id)).first?[0].text
    }

    func stagedRequestKey(_ id: Int64) throws(SQLiteError) -> String? {
        try database.rows("SELECT key FROM staged_requests WHERE id = ?", .integer(id)).first?[0].text
    }

    /// A finished lookup's result, staged or moved; the latest wins, as `INSERT OR REPLACE` did.
    func storedResult(identity: String) throws(SQLiteError) -> [UInt8]? {
        if let id = try staging.lookups.id(of: identity, keyOf: stagedIdentity) {
            return try database.rows("SELECT result FROM staged_lookups WHERE id = ?", .integer(id)).first?[0].blob
        }
        return try database.rows("SELECT result FROM lookups WHERE identity = ?", .text(identity)).first?[0].blob
    }

    /// A request's stored answer; the first one kept wins, as `INSERT OR IGNORE` did.
    func storedAnswer(requestKey: String) throws(SQLiteError) -> [UInt8]? {
        if let moved = try database.rows("SELECT outcome FROM requests WHERE key = ?", .text(requestKey)).first?[0].blob {
            return moved
        }
        guard let id = try staging.requests.id(of: requestKey, keyOf: stagedRequestKey) else { return nil }
        return try database.rows("SELECT outcome FROM staged_requests WHERE id = ?", .integer(id)).first?[0].blob
    }
}
