public import ByteStream
internal import CCSV

/// Writes records as CSV with minimal quoting, in the dialect it is given.
///
/// A field is quoted only when it must be: it holds the delimiter, a quote, CR or LF, or it is
/// the only field of its record and empty (an empty line would read back as no record). In
/// TSV a quote inside a value is text to every reader (Excel, libcsv, `cut`), so there a
/// value is quoted for a quote only when it starts with one: `5" screen` stays as it was.
/// Quoting itself goes through libcsv's `csv_write2`, which doubles inner quotes. Values are
/// otherwise written byte for byte, so CRLF inside a quoted cell stays CRLF.
public final class CSVWriter {
    public let dialect: Dialect
    private let output: OutputFile
    private let lineEnding: [UInt8]
    /// False for TSV: only a leading quote needs quoting there.
    private let quoteAnyQuote: Bool

    public init(output: OutputFile, dialect: Dialect) {
        self.output = output
        self.dialect = dialect
        self.lineEnding = dialect.lineEnding.bytes
        self.quoteAnyQuote = dialect.delimiter != UInt8(ascii: "\t")
        if dialect.hasBOM { output.append([0xEF, 0xBB, 0xBF]) }
    }

    /// Writes one record: `fields`, then `extra` cells appended after them.
    public func write(_ fields: Fields, extra: [[UInt8]] = []) throws(ByteStreamError) {
        let alone = fields.count + extra.count == 1
        // Room for the worst case: every byte a doubled quote, every field quoted.
        var maximum = fields.bytes.count * 2 + fields.count * 3 + lineEnding.count + 2
        for cell in extra { maximum += cell.count * 2 + 3 }
        let delimiter = dialect.delimiter
        output.write(upTo: maximum) { start in
            var out = start
            fields.bytes.withUnsafeBufferPointer { bytes in
                // Most records need no quotes at all: one scan of all their bytes tells, and
                // then each field is a plain copy.
                fields.ends.withUnsafeBufferPointer { ends in
                    let plain = !alone && !needsQuotes(bytes) && (quoteAnyQuote || !anyStartsWithQuote(bytes, ends))
                    var from = 0
                    for index in 0..<ends.count {
                        if index > 0 {
                            out.pointee = delimiter
                            out += 1
                        }
                        let to = ends[index]
                        let field = UnsafeBufferPointer(rebasing: bytes[from..<to])
                        if plain {
                            if let base = field.baseAddress { out.update(from: base, count: field.count) }
                            out += field.count
                        } else {
                            out += writeField(field, alone: alone, to: out)
                        }
                        from = to
                    }
                }
            }
            for (index, cell) in extra.enumerated() {
                if index > 0 || fields.count > 0 {
                    out.pointee = delimiter
                    out += 1
                }
                out += cell.withUnsafeBufferPointer { writeField($0, alone: alone, to: out) }
            }
            for byte in lineEnding {
                out.pointee = byte
                out += 1
            }
            return out - start
        }
        try output.flushIfFull()
    }

    /// Writes a malformed record exactly as it was read, then the line ending.
    public func writeRaw(_ raw: [UInt8]) throws(ByteStreamError) {
        output.append(raw)
        output.append(lineEnding)
        try output.flushIfFull()
    }

    public func flush() throws(ByteStreamError) {
        try output.flush()
    }

    /// Writes one field at `out`, quoted if it must be; returns the bytes written.
    @inline(__always)
    private func writeField(_ field: UnsafeBufferPointer<UInt8>, alone: Bool, to out: UnsafeMutablePointer<UInt8>) -> Int {
        guard (alone && field.isEmpty) || needsQuotes(field) || (!quoteAnyQuote && field.first == 0x22) else {
            if let base = field.baseAddress { out.update(from: base, count: field.count) }
            return field.count
        }
        // csv_write2 doubles inner quotes and adds the outer ones: at most 2n + 2 bytes.
        return csv_write2(out, field.count * 2 + 2, field.baseAddress, field.count, UInt8(ascii: "\""))
    }

    /// Whether a field of the record starts with a quote.
    private func anyStartsWithQuote(_ bytes: UnsafeBufferPointer<UInt8>, _ ends: UnsafeBufferPointer<Int>) -> Bool {
        var from = 0
        for end in ends {
            if end > from && bytes[from] == 0x22 { return true }
            from = end
        }
        return false
    }

    /// `delimiter`, `"` (the delimiter again in TSV), CR and LF each repeated in every byte of
    /// a word.
    private var specialWords: (UInt64, UInt64, UInt64, UInt64) {
        let quote: UInt8 = quoteAnyQuote ? 0x22 : dialect.delimiter
        return (UInt64(dialect.delimiter) &* Self.ones, UInt64(quote) &* Self.ones, 0x0A &* Self.ones, 0x0D &* Self.ones)
    }

    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highs: UInt64 = 0x8080_8080_8080_8080

    /// Whether the field holds the delimiter, a quote (not in TSV), CR or LF. Eight bytes at a
    /// time: a byte of `word ^ special` is zero exactly where `word` has that special byte, and
    /// `(v - ones) & ~v & highs` is non-zero exactly when `v` has a zero byte.
    @inline(__always)
    private func needsQuotes(_ field: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = field.baseAddress else { return false }
        let (d, q, lf, cr) = specialWords
        let count = field.count
        var i = 0
        while i + 8 <= count {
            let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
            let a = word ^ d, b = word ^ q, c = word ^ lf, e = word ^ cr
            let hit = ((a &- Self.ones) & ~a) | ((b &- Self.ones) & ~b) | ((c &- Self.ones) & ~c) | ((e &- Self.ones) & ~e)
            if hit & Self.highs != 0 { return true }
            i += 8
        }
        let delimiter = dialect.delimiter
        let quote: UInt8 = quoteAnyQuote ? 0x22 : delimiter
        while i < count {
            let byte = base[i]
            if byte == delimiter || byte == quote || byte == 0x0A || byte == 0x0D { return true }
            i += 1
        }
        return false
    }
}
