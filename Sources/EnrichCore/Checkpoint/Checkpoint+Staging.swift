import SQLiteStore

/// Where finished lookups and shared answers wait before they reach their keyed tables.
///
/// `lookups` and `requests` are keyed by text that is random in input order, so every row
/// dirtied a page of each that no neighbour shared, and each group commit wrote about two WAL
/// pages per row for them. Rows are first appended to `staged_lookups` and `staged_requests`
/// instead (rowid order: a page holds many rows), and found again through the maps below.
///
/// When `limit` entries are staged, they become the moving generation: their ids are sorted by
/// key once, and each later batch moves the next few of them to the keyed tables, in key order,
/// so a page there is written once for all the rows that land on it in that chunk. Moving in
/// one transaction instead held the actor for a tenth of a second and more at a million rows,
/// long enough for the reorder window to fill. New entries stage meanwhile in a new generation.
///
/// Nothing is less durable: the staged tables are in the same database and the same commits.
/// A moved entry stays staged, with the same bytes, until its whole generation has moved. A run
/// that dies leaves them for the next open, which moves everything staged first.
struct Staging: Sendable {
    /// Staged rowids by identity and by request key, of entries staged since the last freeze.
    var current = Generation()
    /// The generation being moved, if any.
    var moving: Moving?

    /// Entries in one table before its generation starts to move: about a megabyte of maps a
    /// generation (two while one moves), and a sort of a few milliseconds.
    var limit = 16384
    /// Entries of a table moved after a batch: `perStaged` for each one the batch staged in it,
    /// so a moving generation is gone long before the next one fills, and at least `chunk`.
    var chunk = 256
    var perStaged = 4

    struct Generation: Sendable {
        var lookups = StagedKeys()
        var requests = StagedKeys()
        var count: Int { max(lookups.count, requests.count) }

        /// A new, empty generation hashing keys as this one does.
        func next() -> Generation {
            var next = Generation()
            next.lookups.hash = lookups.hash
            next.requests.hash = requests.hash
            return next
        }
    }

    var isEmpty: Bool { moving == nil && current.lookups.isEmpty && current.requests.isEmpty }

    struct Moving: Sendable {
        var keys: Generation
        /// Every staged id of the generation is at most this (ids are never given out twice).
        var lastID: (lookups: Int64, requests: Int64)
        /// Ids in key order, and how many of them have moved.
        var lookupIDs: [Int64]
        var requestIDs: [Int64]
        var movedLookups = 0
        var movedRequests = 0
        var isDone: Bool { movedLookups == lookupIDs.count && movedRequests == requestIDs.count }
    }

    /// The rowid of `identity`'s staged result, in either generation.
    func lookupID(_ identity: String, keyOf: (Int64) throws(SQLiteError) -> String?) throws(SQLiteError) -> Int64? {
        if let id = try current.lookups.id(of: identity, keyOf: keyOf) { return id }
        return try moving?.keys.lookups.id(of: identity, keyOf: keyOf)
    }

    /// The rowid of `key`'s staged answer, in either generation.
    func requestID(_ key: String, keyOf: (Int64) throws(SQLiteError) -> String?) throws(SQLiteError) -> Int64? {
        if let id = try current.requests.id(of: key, keyOf: keyOf) { return id }
        return try moving?.keys.requests.id(of: key, keyOf: keyOf)
    }

    /// `AUTOINCREMENT`: a rowid is never given out again, so a generation is a range of ids and
    /// a deleted row's id cannot come back with another key.
    static let schema = """
        CREATE TABLE IF NOT EXISTS staged_lookups(
            id INTEGER PRIMARY KEY AUTOINCREMENT, identity TEXT NOT NULL, result BLOB NOT NULL, row INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS staged_requests(id INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT NOT NULL, outcome BLOB NOT NULL);
        """

    /// Moves every staged entry to its keyed table, with the semantics the direct writes had:
    /// a later result of an identity replaces an earlier one, a request's first answer stays.
    /// A key is staged at most once (`finish` deletes an earlier staged result of the identity
    /// and never stages a request twice), and an entry moved already has the same bytes in its
    /// keyed table, so the order rows are moved in is only for speed: key order, sorting the
    /// keys alone (`LIMIT -1` keeps the subquery's `ORDER BY`), not the results.
    static func moveAll(_ database: Database) throws(SQLiteError) {
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

    var count: Int { byHash.count + colliding.count }
    var isEmpty: Bool { count == 0 }

    /// The rowid staged for `key`; `keyOf` reads the key stored in a staged row (nil once the
    /// row is deleted).
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
    /// After a committed batch that staged `lookups` results and `requests` answers: moves the
    /// next chunk of the moving generation, or starts moving the current one once it is full.
    /// The batch is durable either way: a chunk that fails is moved again after the next batch,
    /// or at the next open.
    func advanceStaging(lookups staged: Int, requests stagedAnswers: Int) throws(SQLiteError) {
        if staging.moving == nil, staging.current.count >= staging.limit { try freezeStaging() }
        guard var moving = staging.moving else { return }
        let lookupCount = max(staging.chunk, staging.perStaged * staged)
        let requestCount = max(staging.chunk, staging.perStaged * stagedAnswers)
        let lookups = moving.lookupIDs[moving.movedLookups..<min(moving.lookupIDs.count, moving.movedLookups + lookupCount)]
        let requests = moving.requestIDs[moving.movedRequests..<min(moving.requestIDs.count, moving.movedRequests + requestCount)]
        let finishing =
            moving.movedLookups + lookups.count == moving.lookupIDs.count
            && moving.movedRequests + requests.count == moving.requestIDs.count
        try database.transaction { () throws(SQLiteError) in
            // The ids as one JSON array: `json_each` walks it in key order, and the keyed
            // tables take the rows in that order.
            if !lookups.isEmpty {
                try database.run(
                    """
                    INSERT OR REPLACE INTO lookups(identity, result, row)
                        SELECT s.identity, s.result, s.row FROM json_each(?) AS j CROSS JOIN staged_lookups AS s ON s.id = j.value
                    """, .text(Self.jsonArray(lookups)))
            }
            if !requests.isEmpty {
                try database.run(
                    """
                    INSERT OR IGNORE INTO requests(key, outcome)
                        SELECT s.key, s.outcome FROM json_each(?) AS j CROSS JOIN staged_requests AS s ON s.id = j.value
                    """, .text(Self.jsonArray(requests)))
            }
            if finishing {
                try database.run("DELETE FROM staged_lookups WHERE id <= ?", .integer(moving.lastID.lookups))
                try database.run("DELETE FROM staged_requests WHERE id <= ?", .integer(moving.lastID.requests))
            }
        }
        moving.movedLookups += lookups.count
        moving.movedRequests += requests.count
        staging.moving = moving.isDone ? nil : moving
    }

    /// Makes the current generation the moving one: its ids sorted by key, read once.
    private func freezeStaging() throws(SQLiteError) {
        let lookupIDs = try database.rows("SELECT id FROM staged_lookups ORDER BY identity").compactMap { $0[0].integer }
        let requestIDs = try database.rows("SELECT id FROM staged_requests ORDER BY key").compactMap { $0[0].integer }
        staging.moving = Staging.Moving(
            keys: staging.current, lastID: (lookupIDs.max() ?? 0, requestIDs.max() ?? 0), lookupIDs: lookupIDs,
            requestIDs: requestIDs)
        staging.current = staging.current.next()
    }

    private static func jsonArray(_ ids: ArraySlice<Int64>) -> String {
        "[" + ids.map { String($0) }.joined(separator: ",") + "]"
    }

    /// Moves everything staged to the keyed tables, and forgets the maps.
    func moveStaged() throws(SQLiteError) {
        guard !staging.isEmpty else { return }
        try database.transaction { () throws(SQLiteError) in try Staging.moveAll(database) }
        staging.current = staging.current.next()
        staging.moving = nil
    }

    /// For tests: starts moving after `limit` entries, `chunk` at a time, and hashes keys with
    /// `hash`.
    func stage(limit: Int, chunk: Int = 256, hash: @escaping @Sendable (String) -> Int) {
        staging.limit = limit
        staging.chunk = chunk
        staging.perStaged = chunk
        staging.current.lookups.hash = hash
        staging.current.requests.hash = hash
    }

    func stagedIdentity(_ id: Int64) throws(SQLiteError) -> String? {
        try database.rows("SELECT identity FROM staged_lookups WHERE id = ?", .integer(id)).first?[0].text
    }

    func stagedRequestKey(_ id: Int64) throws(SQLiteError) -> String? {
        try database.rows("SELECT key FROM staged_requests WHERE id = ?", .integer(id)).first?[0].text
    }

    /// A finished lookup's result, staged or moved; the latest wins, as `INSERT OR REPLACE` did.
    func storedResult(identity: String) throws(SQLiteError) -> [UInt8]? {
        if let id = try staging.lookupID(identity, keyOf: stagedIdentity) {
            return try database.rows("SELECT result FROM staged_lookups WHERE id = ?", .integer(id)).first?[0].blob
        }
        return try database.rows("SELECT result FROM lookups WHERE identity = ?", .text(identity)).first?[0].blob
    }

    /// A request's stored answer; the first one kept wins, as `INSERT OR IGNORE` did.
    func storedAnswer(requestKey: String) throws(SQLiteError) -> [UInt8]? {
        if let moved = try database.rows("SELECT outcome FROM requests WHERE key = ?", .text(requestKey)).first?[0].blob {
            return moved
        }
        guard let id = try staging.requestID(requestKey, keyOf: stagedRequestKey) else { return nil }
        return try database.rows("SELECT outcome FROM staged_requests WHERE id = ?", .integer(id)).first?[0].blob
    }
}
