public import ByteStream
public import Foundation

/// The per-row audit log (JSONL): one object per row, written as the row finishes.
public final class AuditLog {
    private let output: OutputFile
    private let timestamps = ISO8601DateFormatter()

    public init(path: String) throws(ByteStreamError) {
        output = try OutputFile(path: path)
        timestamps.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    }

    public func write(_ record: AuditRecord) throws(ByteStreamError) {
        output.append(record.json(timestamps: timestamps) + "\n")
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
