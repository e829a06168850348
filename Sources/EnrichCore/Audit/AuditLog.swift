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

    /// Records a row that was passed through unchanged because it is malformed.
    public func recordInvalid(_ row: Row, recordID: String, at time: Date = Date()) throws(ByteStreamError) {
        guard let problem = row.problem else { return }
        let stamp = timestamps.string(from: time)
        var line = "{\"row\":\(row.number),\"record_id\":\(JSONText.string(recordID)),\"status\":\"invalid_input\""
        line += ",\"line\":\(row.line),\"byte_offset\":\(row.byteOffset)"
        line += ",\"reason\":{\"kind\":\(JSONText.string(problem.kind)),\"message\":\(JSONText.string(problem.message))}"
        line += ",\"fields\":{},\"attempts\":[],\"cached\":false"
        line += ",\"started_at\":\"\(stamp)\",\"finished_at\":\"\(stamp)\"}\n"
        output.append(line)
        try output.flushIfFull()
    }

    public func flush() throws(ByteStreamError) {
        try output.flush()
    }
}
