import ByteStream
import Foundation

extension AuditReport {
    /// How many warnings of each sort are printed before the rest are only counted.
    static let warningLimit = 20

    /// Reads the audit log at `path` (or standard input for `-`) line by line and counts it.
    ///
    /// Bad lines become warnings through `warn` and the reading goes on: a malformed line is
    /// counted and skipped; a last line that does not parse is taken as cut off by a crash.
    /// A `row` on several lines is counted once, from its last line (a resumed run's newer
    /// word): a regular file is read twice for that, the first time only for row numbers.
    /// Standard input cannot be read twice, so there the first line of a row counts.
    public static func read(path: String, warn: (String) -> Void) throws(ReportError) -> AuditReport {
        do {
            return try readLines(path: path, warn: warn)
        } catch {
            throw .unreadable(error)
        }
    }

    private static func readLines(path: String, warn: (String) -> Void) throws(ByteStreamError) -> AuditReport {
        let file = try InputFile(path: path)
        let decoder = JSONDecoder()
        let twoPasses = file.isRegularFile
        var repeated: [Int: Repeat] = [:]
        if twoPasses {
            repeated = try repeatedRows(LineReader(input: file), decoder: decoder)
            try file.rewind()
        }
        var report = AuditReport(path: path)
        var seen = SeenRows()
        var pending: (number: Int, message: String)?
        var malformedWarnings = 0
        var repeatWarnings = 0
        let reader = LineReader(input: file)
        while let line = try reader.next() {
            if isBlank(line.bytes) {
                report.blankLines += 1
                continue
            }
            report.lines += 1
            // Known bad only once a line follows: the last one is the crash's cut.
            if let bad = pending {
                report.malformedLines += 1
                if malformedWarnings < warningLimit { warn("line \(bad.number): \(bad.message); skipped") }
                malformedWarnings += 1
                pending = nil
            }
            let entry: AuditEntry
            switch parse(line.bytes, decoder: decoder) {
            case .failure(let problem):
                pending = (line.number, problem.message)
                continue
            case .success(let parsed):
                entry = parsed
            }
            guard let row = entry.row, let status = entry.status else {
                report.malformedLines += 1
                if malformedWarnings < warningLimit {
                    warn("line \(line.number): no \(entry.row == nil ? "\"row\"" : "\"status\""); skipped")
                }
                malformedWarnings += 1
                continue
            }
            if twoPasses, let again = repeated[row] {
                guard line.number == again.lastLine else {
                    report.duplicateLines += 1
                    continue
                }
                if repeatWarnings < warningLimit {
                    warn("row \(row) is on \(again.count) lines; counted once, from its last (line \(line.number))")
                }
                repeatWarnings += 1
            } else if !twoPasses && !seen.insert(row) {
                report.duplicateLines += 1
                if repeatWarnings < warningLimit {
                    warn("line \(line.number): row \(row) again; counted once, from its first line (standard input is read once)")
                }
                repeatWarnings += 1
                continue
            }
            report.add(entry, status: status)
        }
        if malformedWarnings > warningLimit {
            warn("\(malformedWarnings - warningLimit) more malformed lines not listed")
        }
        if repeatWarnings > warningLimit {
            warn("\(repeatWarnings - warningLimit) more repeated rows not listed")
        }
        if let cut = pending {
            report.truncatedLine = cut.number
            warn("line \(cut.number), the last, is incomplete (\(cut.message)): the run probably stopped while writing it; left out")
        }
        if report.lines == 0 { warn("\(path) holds no audit lines") }
        return report
    }

    /// A row number on more than one line: how many, and the last line, the one that counts.
    struct Repeat {
        var count: Int
        var lastLine: Int
    }

    /// The first pass: row numbers only. Memory is one bit per row plus the repeated ones.
    private static func repeatedRows(_ reader: LineReader, decoder: JSONDecoder) throws(ByteStreamError) -> [Int: Repeat] {
        var seen = SeenRows()
        var repeated: [Int: Repeat] = [:]
        while let line = try reader.next() {
            guard let row = leadingRow(line.bytes) ?? (try? parse(line.bytes, decoder: decoder).get())?.row else { continue }
            if seen.insert(row) { continue }
            var again = repeated[row] ?? Repeat(count: 1, lastLine: line.number)
            again.count += 1
            again.lastLine = line.number
            repeated[row] = again
        }
        return repeated
    }

    /// The row number of a line as `run` writes it (`{"row":17,…}`), without a JSON parse;
    /// nil for any other shape, which then gets the full parse. A line must end in `}`: a cut
    /// one must not claim to be its row's last word, or that row would not be counted at all.
    static func leadingRow(_ bytes: ArraySlice<UInt8>) -> Int? {
        let prefix = Array(#"{"row":"#.utf8)
        guard bytes.starts(with: prefix), bytes.last == UInt8(ascii: "}") else { return nil }
        var value = 0
        var digits = 0
        for byte in bytes.dropFirst(prefix.count) {
            if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                guard digits < 18 else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
                digits += 1
            } else {
                return digits > 0 && (byte == UInt8(ascii: ",") || byte == UInt8(ascii: "}")) ? value : nil
            }
        }
        return nil
    }

    struct LineProblem: Error {
        var message: String
    }

    static func parse(_ bytes: ArraySlice<UInt8>, decoder: JSONDecoder) -> Result<AuditEntry, LineProblem> {
        do {
            return .success(try decoder.decode(AuditEntry.self, from: Data(bytes)))
        } catch let error as DecodingError {
            return .failure(LineProblem(message: describe(error)))
        } catch {
            return .failure(LineProblem(message: "not an audit object"))
        }
    }

    /// A short reason that names the key, never the line's text (it holds personal data).
    static func describe(_ error: DecodingError) -> String {
        func key(_ path: [any CodingKey]) -> String {
            path.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().drop { $0 == "." }.description
        }
        switch error {
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            return "not valid JSON"
        case .typeMismatch(_, let context) where context.codingPath.isEmpty:
            return "not a JSON object"
        case .typeMismatch(let type, let context):
            return "\"\(key(context.codingPath))\" is not \(describe(type))"
        case .valueNotFound(_, let context), .keyNotFound(_, let context), .dataCorrupted(let context):
            return "\"\(key(context.codingPath))\" is unreadable"
        @unknown default:
            return "not an audit object"
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is Int.Type: return "an integer"
        case is String.Type: return "a string"
        case is Bool.Type: return "true or false"
        default: return "of the expected type"
        }
    }

    private static func isBlank(_ bytes: ArraySlice<UInt8>) -> Bool {
        bytes.allSatisfy { $0 == 0x20 || $0 == 0x09 }
    }
}
