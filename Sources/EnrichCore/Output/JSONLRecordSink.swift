public import ByteStream
import CSVStream

/// Writes rows as JSONL: one object per row, keys in column order.
///
/// Text cells become JSON strings; cells that came in as JSON (numbers, objects…) go out as the
/// same JSON text; a key absent from an input object stays absent. A malformed input row is
/// written as `{"_invalid_input": reason, "_line": n, "_raw": text}` so every line of the
/// output stays valid JSON and nothing is lost.
public final class JSONLRecordSink: RecordSink {
    private let output: OutputFile
    private let columns: [String]
    private let extraColumns: [String]
    /// Each column name already escaped, with its quotes and colon.
    private let keyPrefixes: [[UInt8]]
    private let extraPrefixes: [[UInt8]]
    /// The line being built, kept between rows so its capacity is reused.
    private var scratch: [UInt8] = []

    public init(output: OutputFile, columns: [String], extraColumns: [String] = []) {
        self.output = output
        self.columns = columns
        self.extraColumns = extraColumns
        keyPrefixes = columns.map { JSONText.key($0) }
        extraPrefixes = extraColumns.map { JSONText.key($0) }
    }

    public func write(_ row: Row, extra: [String?]) throws(OutputError) {
        var first = true
        var line = scratch
        line.removeAll(keepingCapacity: true)
        line.append(UInt8(ascii: "{"))
        if let problem = row.problem, let raw = row.raw {
            member(&first, &line, JSONText.key("_invalid_input"))
            JSONText.appendString(problem.kind.utf8, to: &line)
            member(&first, &line, JSONText.key("_line"))
            line.append(contentsOf: String(row.line).utf8)
            member(&first, &line, JSONText.key("_raw"))
            JSONText.appendString(String(decoding: raw, as: UTF8.self).utf8, to: &line)
        } else {
            row.cells.bytes.withUnsafeBufferPointer { bytes in
                for column in 0..<min(row.cells.count, columns.count) {
                    let kind = row.kind(column)
                    if kind == .absent { continue }
                    member(&first, &line, keyPrefixes[column])
                    let cell = UnsafeBufferPointer(rebasing: bytes[row.cells.range(column)])
                    if kind == .json {
                        line.append(contentsOf: cell)
                    } else {
                        JSONText.appendString(cell, to: &line)
                    }
                }
            }
        }
        for (index, value) in extra.enumerated() where index < extraPrefixes.count {
            member(&first, &line, extraPrefixes[index])
            if let value {
                JSONText.appendString(value.utf8, to: &line)
            } else {
                line.append(contentsOf: "null".utf8)
            }
        }
        line.append(contentsOf: "}\n".utf8)
        output.append(line)
        scratch = line
        do { try output.flushIfFull() } catch { throw OutputError.io(error.description) }
    }

    public func flush() throws(OutputError) {
        do { try output.flush() } catch { throw OutputError.io(error.description) }
    }

    @inline(__always)
    private func member(_ first: inout Bool, _ line: inout [UInt8], _ prefix: [UInt8]) {
        if !first { line.append(UInt8(ascii: ",")) }
        first = false
        line.append(contentsOf: prefix)
    }
}
