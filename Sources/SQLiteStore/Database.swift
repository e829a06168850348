import CSQLite

/// One SQLite connection, in WAL mode. Not thread-safe: its owner (an actor) serialises use.
///
/// `synchronous=NORMAL` in WAL mode: a commit survives the process being killed (it is in the
/// WAL file, which the OS keeps), and the database stays consistent across a power loss, which
/// may drop the last commits. Statements are prepared once and cached by their text.
///
/// The WAL is checkpointed into the database every 16384 pages (64 MB) instead of SQLite's
/// 1000: a run commits a few pages per row, so the default checkpointed every two hundred rows
/// or so, each time with two fdatasyncs and the same hot pages copied back again.
public final class Database {
    public let path: String
    private var handle: OpaquePointer?
    private var statements: [String: Statement] = [:]

    public init(path: String) throws(SQLiteError) {
        self.path = path
        var db: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let code = sqlite3_open_v2(path, &db, flags, nil)
        guard code == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(db)
            throw SQLiteError(code: code, message: message, path: path, context: "opening the database")
        }
        handle = db
        sqlite3_busy_timeout(db, 5000)
        try execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA wal_autocheckpoint=16384")
    }

    deinit {
        close()
    }

    /// Finalises every statement and closes the connection; later calls fail.
    public func close() {
        statements.removeAll()
        if let handle { sqlite3_close_v2(handle) }
        handle = nil
    }

    /// Runs one or more statements that take no parameters.
    public func execute(_ sql: String) throws(SQLiteError) {
        let db = try open("running \(sql)")
        var error: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(db, sql, nil, nil, &error)
        if code != SQLITE_OK {
            let message = error.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(db))
            sqlite3_free(error)
            throw SQLiteError(code: code, message: message, path: path, context: "running \(sql)")
        }
    }

    /// The statement for `sql`, prepared on first use.
    public func statement(_ sql: String) throws(SQLiteError) -> Statement {
        if let cached = statements[sql] { return cached }
        let db = try open("preparing \(sql)")
        var prepared: OpaquePointer?
        let code = sqlite3_prepare_v2(db, sql, -1, &prepared, nil)
        guard code == SQLITE_OK, let prepared else {
            throw SQLiteError(code: code, message: String(cString: sqlite3_errmsg(db)), path: path, context: "preparing \(sql)")
        }
        let statement = Statement(prepared, sql: sql, database: self)
        statements[sql] = statement
        return statement
    }

    /// Runs `sql` with `values` bound to its `?` in order, to completion.
    public func run(_ sql: String, _ values: SQLiteValue...) throws(SQLiteError) {
        try statement(sql).run(values)
    }

    /// Every row `sql` returns, each as its columns' values.
    public func rows(_ sql: String, _ values: SQLiteValue...) throws(SQLiteError) -> [[SQLiteValue]] {
        try statement(sql).rows(values)
    }

    /// `body` inside BEGIN IMMEDIATE … COMMIT; rolled back if it throws.
    public func transaction<T>(_ body: () throws(SQLiteError) -> T) throws(SQLiteError) -> T {
        // Prepared once, like any statement: `execute` parsed them again for every batch.
        try run("BEGIN IMMEDIATE")
        do {
            let value = try body()
            try run("COMMIT")
            return value
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// Rows changed by the last INSERT, UPDATE or DELETE.
    public var changes: Int {
        handle.map { Int(sqlite3_changes($0)) } ?? 0
    }

    /// The rowid of the last row inserted on this connection.
    public var lastInsertedRowID: Int64 {
        handle.map { sqlite3_last_insert_rowid($0) } ?? 0
    }

    private func open(_ context: String) throws(SQLiteError) -> OpaquePointer {
        guard let handle else {
            throw SQLiteError(code: SQLITE_MISUSE, message: "the database is closed", path: path, context: context)
        }
        return handle
    }

    func error(_ code: Int32, _ context: String) -> SQLiteError {
        let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "the database is closed"
        return SQLiteError(code: code, message: message, path: path, context: context)
    }
}
