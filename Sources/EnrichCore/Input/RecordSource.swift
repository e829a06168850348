import CSVStream

/// Where rows come from: a CSV or JSONL reader.
public protocol RecordSource: AnyObject {
    var format: RecordFormat { get }
    var columns: Columns { get }
    /// The dialect and anything cleaned up, in a sentence, for `plan` and `run` to report.
    var dialectDescription: String { get }
    /// Blank lines skipped so far.
    var blankLines: Int { get }
    /// The next row, or nil at end of input.
    func next() throws(InputError) -> Row?
    /// Reads the next row into `row`, reusing its storage where the source can; false at the
    /// end. For a caller that is done with each row before it reads the next (a conversion).
    func next(into row: inout Row) throws(InputError) -> Bool
}

extension RecordSource {
    public func next(into row: inout Row) throws(InputError) -> Bool {
        guard let next = try next() else { return false }
        row = next
        return true
    }
}

/// The file formats `enrich` reads and writes.
public enum RecordFormat: String, Sendable, CaseIterable {
    case csv, tsv, jsonl

    /// The format a file name implies: `.csv`, `.tsv`, `.jsonl` / `.ndjson`.
    public static func inferred(from path: String) -> RecordFormat? {
        let lower = path.lowercased()
        if lower.hasSuffix(".csv") { return .csv }
        if lower.hasSuffix(".tsv") || lower.hasSuffix(".tab") { return .tsv }
        if lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") { return .jsonl }
        return nil
    }

    public static func named(_ name: String) -> RecordFormat? {
        switch name.lowercased() {
        case "csv": return .csv
        case "tsv": return .tsv
        case "jsonl", "ndjson": return .jsonl
        default: return nil
        }
    }

    /// A CSV delimiter as a user names it (`,` `;` `|` `tab`).
    public static func delimiter(named name: String) -> UInt8? {
        Dialect.delimiter(named: name)
    }
}
