public import ByteStream

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads a CSV file record by record through libcsv, in constant memory.
///
/// libcsv cannot say where in the input a record started, so the reader feeds it one physical
/// line at a time: after each line it knows whether a record ended, and so each record's line
/// number, byte offset and raw bytes (kept in the read buffer until the record ends, copied
/// only when the record is malformed and must be passed through as read).
public final class CSVReader {
    public let path: String
    public let dialect: Dialect
    /// The header record (the first line that is not blank).
    public private(set) var header: CSVRecord
    /// Blank lines skipped so far; they are not records, but line numbers still count them.
    public private(set) var blankLines = 0

    private let input: InputFile
    private let parser: CSVParser
    private var buffer: [UInt8] = []
    /// File offset of `buffer[0]`.
    private var bufferOffset = 0
    /// The next byte to feed to the parser.
    private var position = 0
    /// The line number of the byte at `position`.
    private var line = 1
    private var endOfFile = false
    private var expectedFields: Int?
    private let blockSize: Int
    private let maxRecordBytes: Int

    /// - Parameter maxRecordBytes: a quoted value still open after this many bytes is taken
    ///   for a quote that is never closed (Excel caps a cell at 32 767 characters): its first
    ///   line is passed through as malformed and reading resumes on the next line, instead of
    ///   the rest of the file being swallowed into one record held in memory.
    public init(
        input: InputFile, delimiter: UInt8? = nil, blockSize: Int = 1 << 20, maxRecordBytes: Int = 8 << 20
    ) throws(CSVError) {
        self.input = input
        self.path = input.path
        self.blockSize = blockSize
        self.maxRecordBytes = maxRecordBytes
        do {
            while buffer.count < 4096, try input.read(appendingTo: &buffer, count: blockSize) > 0 {}
            if buffer.count < 4096 { endOfFile = true }
        } catch {
            throw CSVError.io(error)
        }
        if let encoding = ForeignEncoding(start: buffer) { throw CSVError.notUTF8(path: path, encoding: encoding) }
        let bom = buffer.starts(with: [0xEF, 0xBB, 0xBF])
        if bom { position = 3 }
        if let encoding = ForeignEncoding(firstLine: buffer[position...].prefix(while: { $0 != 0x0A })) {
            throw CSVError.notUTF8(path: path, encoding: encoding)
        }
        let sniffed = DialectSniffer.sniff(buffer[position...])
        dialect = Dialect(delimiter: delimiter ?? sniffed.delimiter, lineEnding: sniffed.lineEnding, hasBOM: bom)
        parser = try CSVParser(delimiter: dialect.delimiter)
        header = CSVRecord(fields: Fields(), line: 1, byteOffset: 0)
        guard let first = try next() else { throw CSVError.noHeader(path: path) }
        switch first.problem {
        case .unterminatedQuote, .runawayQuote: throw CSVError.unclosedQuoteInHeader(path: path, line: first.line)
        case .invalidUTF8(let column): throw CSVError.headerNotUTF8(path: path, line: first.line, column: column)
        default: break
        }
        header = first
        expectedFields = first.fields.count
    }

    /// The next record, or nil at end of file.
    public func next() throws(CSVError) -> CSVRecord? {
        var record = CSVRecord(fields: Fields(), line: 0, byteOffset: 0)
        return try next(into: &record) ? record : nil
    }

    /// Reads the next record into `record`, reusing its storage; false at end of file.
    /// A conversion calls this with one record for the whole file: no allocation per record.
    public func next(into record: inout CSVRecord) throws(CSVError) -> Bool {
        var recordStart = position
        var recordLine = line
        var fedAny = false
        parser.startRecord()

        while true {
            guard let end = lineEnd(from: position) else {
                if !endOfFile {
                    try refill(keepingFrom: &recordStart)
                    continue
                }
                // End of file: whatever is left has no line ending.
                if position < buffer.count {
                    try feed(position..<buffer.count, startLine: recordLine)
                    fedAny = true
                    position = buffer.count
                }
                guard fedAny else { return false }
                let unterminated = parser.isInsideQuotes
                let spansLines = lineEnd(from: recordStart).map { $0 < buffer.count } ?? false
                if unterminated && expectedFields != nil && spansLines {
                    // Its first line is malformed; the lines after it are records of their own.
                    abandonRecord(&record, start: recordStart, line: recordLine, problem: .strayQuote(closed: false))
                    return true
                }
                parser.finish()
                fill(&record, start: recordStart, end: buffer.count, line: recordLine)
                if unterminated {
                    let raw = Array(buffer[recordStart..<trimmedEnd(buffer.count, from: recordStart)])
                    record.problem = .unterminatedQuote(lines: Self.lineCount(raw))
                    record.raw = raw
                }
                return true
            }
            if !fedAny && isOnlyLineEnding(position..<end) {
                blankLines += 1
                line += 1
                position = end
                recordStart = end
                recordLine = line
                continue
            }
            try feed(position..<end, startLine: recordLine)
            fedAny = true
            position = end
            line += 1
            if parser.recordEnded {
                // A record over several lines (a quoted value holding line breaks) with the
                // wrong number of fields, or with a quote closed and then followed by text, was
                // made by a quote not meant to open a value: `"quoted" word` keeps libcsv in
                // quotes until the next quote, lines later.
                if let expected = expectedFields, line - recordLine > 1,
                    parser.fieldCount != expected || StrayQuote.isIn(buffer[recordStart..<end], delimiter: dialect.delimiter)
                {
                    abandonRecord(&record, start: recordStart, line: recordLine, problem: .strayQuote(closed: true))
                    return true
                }
                fill(&record, start: recordStart, end: end, line: recordLine)
                return true
            }
            if position - recordStart > maxRecordBytes && parser.isInsideQuotes {
                abandonRecord(&record, start: recordStart, line: recordLine, problem: .runawayQuote(bytes: maxRecordBytes))
                return true
            }
        }
    }

    /// Gives up on a record that a quote made span several lines (still open after
    /// `maxRecordBytes`, open at the end of the file, or closed lines later into a record of the
    /// wrong shape): the record is its first line, malformed, and parsing starts again on the
    /// line after it. Its bytes are still in the buffer, which keeps everything from the
    /// record's start; so no row after a stray quote is lost in it.
    private func abandonRecord(_ record: inout CSVRecord, start: Int, line recordLine: Int, problem: CSVProblem) {
        parser.reset()
        let firstLineEnd = lineEnd(from: start) ?? position
        record.fields = Fields()
        record.line = recordLine
        record.byteOffset = bufferOffset + start
        record.problem = problem
        record.raw = Array(buffer[start..<trimmedEnd(firstLineEnd, from: start)])
        position = firstLineEnd
        line = recordLine + 1
    }

    private func fill(_ record: inout CSVRecord, start: Int, end: Int, line: Int) {
        var problem: CSVProblem?
        let count = parser.fieldCount
        if let expected = expectedFields, count != expected {
            problem =
                count > expected
                ? .tooManyFields(expected: expected, found: count)
                : .tooFewFields(expected: expected, found: count)
        } else if let column = parser.firstInvalidUTF8Column {
            problem = .invalidUTF8(column: column)
        }
        parser.copyFields(into: &record.fields)
        record.line = line
        record.byteOffset = bufferOffset + start
        record.problem = problem
        record.raw = problem == nil ? nil : Array(buffer[start..<trimmedEnd(end, from: start)])
    }

    private func feed(_ range: Range<Int>, startLine: Int) throws(CSVError) {
        let ok = buffer.withUnsafeBufferPointer { all in
            parser.feed(UnsafeBufferPointer(rebasing: all[range]))
        }
        if !ok { throw CSVError.parser(path: path, line: startLine, message: parser.errorMessage) }
    }

    /// The end (exclusive) of the physical line starting at `start`, its line ending included;
    /// nil when the buffer does not hold the whole line yet.
    private func lineEnd(from start: Int) -> Int? {
        buffer.withUnsafeBufferPointer { bytes -> Int? in
            guard let base = bytes.baseAddress, start < bytes.count else { return nil }
            // glibc's memchr is vectorised: find the LF, then look for a CR only before it.
            let origin = UnsafeRawPointer(base)
            let lf = memchr(origin + start, 0x0A, bytes.count - start).map { UnsafeRawPointer($0) - origin }
            let crLimit = (lf ?? bytes.count) - start
            guard let cr = memchr(origin + start, 0x0D, crLimit).map({ UnsafeRawPointer($0) - origin }) else {
                return lf.map { $0 + 1 }
            }
            if cr + 1 < bytes.count { return base[cr + 1] == 0x0A ? cr + 2 : cr + 1 }
            // A CR at the end of the buffer may be the first half of a CRLF.
            return endOfFile ? cr + 1 : nil
        }
    }

    private func isOnlyLineEnding(_ range: Range<Int>) -> Bool {
        let first = buffer[range.lowerBound]
        return (first == 0x0A || first == 0x0D) && buffer[range].allSatisfy { $0 == 0x0A || $0 == 0x0D }
    }

    /// The lines `bytes` spans: one more than its line breaks (CRLF counts once).
    private static func lineCount(_ bytes: [UInt8]) -> Int {
        var lines = 1
        for (index, byte) in bytes.enumerated() {
            if byte == 0x0A || (byte == 0x0D && (index + 1 == bytes.count || bytes[index + 1] != 0x0A)) { lines += 1 }
        }
        return lines
    }

    /// `end` less a line ending just before it.
    private func trimmedEnd(_ end: Int, from start: Int) -> Int {
        var end = end
        if end > start && buffer[end - 1] == 0x0A { end -= 1 }
        if end > start && buffer[end - 1] == 0x0D { end -= 1 }
        return end
    }

    /// Drops the bytes before the current record and reads another block.
    private func refill(keepingFrom recordStart: inout Int) throws(CSVError) {
        if recordStart > 0 {
            buffer.removeSubrange(0..<recordStart)
            bufferOffset += recordStart
            position -= recordStart
            recordStart = 0
        }
        do {
            if try input.read(appendingTo: &buffer, count: blockSize) == 0 { endOfFile = true }
        } catch {
            throw CSVError.io(error)
        }
    }
}
