public import ByteStream
internal import CCSV

/// Writes records as CSV with minimal quoting, in the dialect it is given.
///
/// A field is quoted only when it must be: it holds the delimiter, a quote, CR or LF, or it is
/// the only field of its record and empty (an empty line would read back as no record).
/// Quoting itself goes through libcsv's `csv_write2`, which doubles inner quotes. Values are
/// otherwise written byte for byte, so CRLF inside a quoted cell stays CRLF.
public final class CSVWriter {
    public let dialect: Dialect
    private let output: OutputFile
    private let lineEnding: [UInt8]
    /// needsQuote[byte] is true for the bytes that force a field into quotes.
    private let needsQuote: [Bool]

    public init(output: OutputFile, dialect: Dialect) {
        self.output = output
        self.dialect = dialect
        self.lineEnding = dialect.lineEnding.bytes
        var table = [Bool](repeating: false, count: 256)
        for byte in [dialect.delimiter, UInt8(ascii: "\""), 0x0A, 0x0D] { table[Int(byte)] = true }
        needsQuote = table
        if dialect.hasBOM { output.buffer.append(contentsOf: [0xEF, 0xBB, 0xBF]) }
    }

    /// Writes one record: `fields`, then `extra` cells appended after them.
    public func write(_ fields: Fields, extra: [[UInt8]] = []) throws(ByteStreamError) {
        let total = fields.count + extra.count
        fields.bytes.withUnsafeBufferPointer { bytes in
            var start = 0
            for (index, end) in fields.ends.enumerated() {
                if index > 0 { output.buffer.append(dialect.delimiter) }
                writeField(UnsafeBufferPointer(rebasing: bytes[start..<end]), alone: total == 1)
                start = end
            }
        }
        for (index, cell) in extra.enumerated() {
            if index > 0 || fields.count > 0 { output.buffer.append(dialect.delimiter) }
            cell.withUnsafeBufferPointer { writeField($0, alone: total == 1) }
        }
        output.buffer.append(contentsOf: lineEnding)
        try output.flushIfFull()
    }

    /// Writes a malformed record exactly as it was read, then the line ending.
    public func writeRaw(_ raw: [UInt8]) throws(ByteStreamError) {
        output.buffer.append(contentsOf: raw)
        output.buffer.append(contentsOf: lineEnding)
        try output.flushIfFull()
    }

    public func flush() throws(ByteStreamError) {
        try output.flush()
    }

    @inline(__always)
    private func writeField(_ field: UnsafeBufferPointer<UInt8>, alone: Bool) {
        var quote = alone && field.isEmpty
        if !quote {
            needsQuote.withUnsafeBufferPointer { table in
                for byte in field where table[Int(byte)] {
                    quote = true
                    break
                }
            }
        }
        guard quote else {
            output.buffer.append(contentsOf: field)
            return
        }
        // csv_write2 needs at most 2 bytes per input byte plus the two quotes.
        let start = output.buffer.count
        let room = field.count * 2 + 2
        output.buffer.append(contentsOf: repeatElement(0, count: room))
        let written = output.buffer.withUnsafeMutableBufferPointer { out in
            csv_write2(out.baseAddress! + start, room, field.baseAddress, field.count, UInt8(ascii: "\""))
        }
        output.buffer.removeLast(room - written)
    }
}
