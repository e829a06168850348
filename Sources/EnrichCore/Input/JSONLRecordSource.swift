public import ByteStream
import CSVStream

#if canImport(Glibc)
    import Glibc
#endif

/// Rows from a JSONL file: one JSON object per line.
///
/// The columns are every key seen in the file, in order of first appearance, so a key that
/// shows up only on line 90 000 still gets a CSV column. That takes one scan before the real
/// read; standard input is first spooled to a temporary file (unlinked at once) for it.
public final class JSONLRecordSource: RecordSource {
    public let format = RecordFormat.jsonl
    public let columns: Columns
    public private(set) var blankLines = 0
    private let lines: LineReader
    private let columnIndex: [String: Int]
    private var rowNumber = 0

    public init(input: InputFile) throws(InputError) {
        var file = input
        var foreign: ForeignEncoding?
        do {
            if !input.isRegularFile { file = try Self.spool(input) }
            var keys: [String] = []
            var seen = Set<String>()
            let scan = LineReader(input: file)
            while let next = try scan.next() {
                let line = Self.withoutByteOrderMark(next)
                if line.number == 1 {
                    foreign = ForeignEncoding(start: next.bytes) ?? ForeignEncoding(firstLine: line.bytes)
                    if foreign != nil { break }
                }
                guard case .success(let members) = JSONLine.parseObject(line.bytes),
                    !Self.isPassedThrough(members)
                else { continue }
                for member in members where seen.insert(member.key).inserted { keys.append(member.key) }
            }
            try file.rewind()
            columns = Columns(unique: keys)
        } catch {
            throw InputError.io(error)
        }
        if let foreign { throw InputError.notUTF8(path: input.path, encoding: foreign) }
        lines = LineReader(input: file)
        var index: [String: Int] = [:]
        for (position, name) in columns.names.enumerated() { index[name] = position }
        columnIndex = index
    }

    public var dialectDescription: String {
        "JSONL, \(columns.count) keys (the union over all lines, in order of first appearance)"
    }

    public func next() throws(InputError) -> Row? {
        while true {
            let line: LineReader.Line?
            do { line = try lines.next() } catch { throw InputError.io(error) }
            guard let line = line.map(Self.withoutByteOrderMark) else { return nil }
            if line.bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
                blankLines += 1
                continue
            }
            rowNumber += 1
            return makeRow(line)
        }
    }

    /// Some exports open the file with a UTF-8 byte-order mark, as they do CSV: not content.
    private static func withoutByteOrderMark(_ line: LineReader.Line) -> LineReader.Line {
        guard line.offset == 0, line.bytes.starts(with: [0xEF, 0xBB, 0xBF]) else { return line }
        var line = line
        line.bytes = line.bytes.dropFirst(3)
        return line
    }

    private func makeRow(_ line: LineReader.Line) -> Row {
        var row = Row(number: rowNumber, line: line.number, byteOffset: line.offset, cells: Fields())
        guard isValidUTF8(line.bytes) else {
            row.problem = RowProblem(kind: "invalid_utf8", message: "the line is not valid UTF-8: save the file as UTF-8.")
            row.raw = Array(line.bytes)
            return row
        }
        switch JSONLine.parseObject(line.bytes) {
        case .failure(let failure):
            row.problem =
                failure.notAnObject
                ? RowProblem(kind: "not_an_object", message: "\(failure.message): each line must be one JSON object.")
                : RowProblem(kind: "invalid_json", message: "invalid JSON at byte \(failure.offset + 1) of the line: \(failure.message).")
            row.raw = Array(line.bytes)
        case .success(let members) where Self.isPassedThrough(members):
            // A row an earlier conversion could not read, carried as {"_invalid_input": …}: it
            // stays invalid, and its original bytes go on.
            let kind = String(decoding: members[0].text ?? [], as: UTF8.self)
            let originalLine = members.first { $0.key == "_line" }.map { String(decoding: $0.value, as: UTF8.self) } ?? "?"
            row.problem = RowProblem(
                kind: kind.isEmpty ? "invalid_input" : kind,
                message: "passed through as invalid input by an earlier conversion (its line \(originalLine) then).")
            row.raw = members.first { $0.key == "_raw" }?.text ?? Array(line.bytes)
            row.rawIsCSV = true
        case .success(let members):
            var values = [ArraySlice<UInt8>?](repeating: nil, count: columns.count)
            var kinds = [CellKind](repeating: .absent, count: columns.count)
            var texts = [[UInt8]?](repeating: nil, count: columns.count)
            for member in members {
                guard let column = columnIndex[member.key] else { continue }
                values[column] = member.value
                texts[column] = member.text
                kinds[column] = member.text == nil ? .json : .text
            }
            var cells = Fields()
            for column in 0..<columns.count {
                if let text = texts[column] {
                    cells.append(text)
                } else {
                    cells.append(values[column] ?? [])
                }
            }
            row.cells = cells
            row.kinds = kinds
        }
        return row
    }

    /// Whether an object is a malformed row written by `JSONLRecordSink`.
    private static func isPassedThrough(_ members: [JSONLine.Member]) -> Bool {
        members.first?.key == "_invalid_input" && members.contains { $0.key == "_raw" }
    }

    /// Copies a pipe to an unlinked temporary file, which lives as long as it is open.
    private static func spool(_ input: InputFile) throws(ByteStreamError) -> InputFile {
        var template = Array("/tmp/enrich-stdin-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.map { mkstemp($0) } ?? -1 }
        guard fd >= 0 else { throw ByteStreamError.create(path: "/tmp", errno: errno) }
        close(fd)
        let path = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        defer { unlink(path) }
        let output = try OutputFile(path: path)
        var chunk: [UInt8] = []
        while try input.read(appendingTo: &chunk, count: 1 << 20) > 0 {
            output.append(chunk)
            chunk.removeAll(keepingCapacity: true)
            try output.flushIfFull()
        }
        try output.flush()
        return try InputFile(path: path)
    }
}
