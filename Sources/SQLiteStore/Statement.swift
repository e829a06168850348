import CSQLite

/// A prepared statement, owned by its `Database`'s cache; finalised with it.
public final class Statement {
    private let handle: OpaquePointer
    private let sql: String
    private unowned let database: Database

    init(_ handle: OpaquePointer, sql: String, database: Database) {
        self.handle = handle
        self.sql = sql
        self.database = database
    }

    deinit {
        sqlite3_finalize(handle)
    }

    /// Binds `values` and steps until the statement is done.
    public func run(_ values: [SQLiteValue]) throws(SQLiteError) {
        try bind(values)
        defer { sqlite3_reset(handle) }
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE || code == SQLITE_ROW else { throw database.error(code, "running \(sql)") }
    }

    /// Binds `values` and collects every row.
    public func rows(_ values: [SQLiteValue]) throws(SQLiteError) -> [[SQLiteValue]] {
        try bind(values)
        defer { sqlite3_reset(handle) }
        var rows: [[SQLiteValue]] = []
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { return rows }
            guard code == SQLITE_ROW else { throw database.error(code, "running \(sql)") }
            rows.append((0..<sqlite3_column_count(handle)).map(column))
        }
    }

    private func bind(_ values: [SQLiteValue]) throws(SQLiteError) {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let code: Int32
            switch value {
            case .null: code = sqlite3_bind_null(handle, index)
            case .integer(let number): code = sqlite3_bind_int64(handle, index, number)
            case .text(var text):
                // The string's own UTF-8, not a C-string copy of it: SQLite copies it anyway.
                // An empty one may have no address, which SQLite would bind as NULL.
                code = text.withUTF8 { buffer in
                    guard let base = buffer.baseAddress, !buffer.isEmpty else { return csqlite_bind_text(handle, index, "", 0) }
                    return base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                        csqlite_bind_text(handle, index, $0, Int32(buffer.count))
                    }
                }
            case .blob(let bytes):
                // An empty array's base address may be nil, which SQLite would bind as NULL.
                code = bytes.withUnsafeBytes { buffer in
                    csqlite_bind_blob(handle, index, buffer.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32(buffer.count))
                }
            }
            guard code == SQLITE_OK else { throw database.error(code, "binding parameter \(index) of \(sql)") }
        }
    }

    private func column(_ index: Int32) -> SQLiteValue {
        switch sqlite3_column_type(handle, index) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(handle, index))
        case SQLITE_NULL: return .null
        case SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(handle, index))
            guard count > 0, let bytes = sqlite3_column_blob(handle, index) else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: bytes, count: count)))
        default:
            guard let text = sqlite3_column_text(handle, index) else { return .text("") }
            return .text(String(cString: text))
        }
    }
}
