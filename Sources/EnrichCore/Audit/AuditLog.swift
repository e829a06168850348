public import ByteStream
public import Foundation

/// The per-row audit log (JSONL): one object per row, written as the row finishes.
public final class AuditLog {
    private let output: OutputFile

    public init(path: String) throws(ByteStreamError) {
        output = try OutputFile(path: path)
    }

    public func write(_ record: AuditRecord) throws(ByteStreamError) {
        try write(line: record.json)
    }

    /// Writes an audit line as it was made (by this run, or kept in the checkpoint by an earlier one).
    public func write(line: String) throws(ByteStreamError) {
        output.append(line + "\n")
        try output.flushIfFull()
    }

    /// Records a row that was passed through unchanged because it is malformed.
    public func recordInvalid(_ row: Row, recordID: String, at time: Date = Date()) throws(ByteStreamError) {
        guard row.problem != nil else { return }
        try write(AuditRecord.invalid(row, recordID: recordID, at: time))
    }

    public func flush() throws(ByteStreamError) {
        try output.flush()
    }
}
