public import ByteStream
public import CSVStream

/// Rows from a CSV (or TSV) file, read through libcsv.
public final class CSVRecordSource: RecordSource {
    public let format: RecordFormat
    public let columns: Columns
    public let reader: CSVReader
    private var rowNumber = 0

    /// - Parameter delimiter: overrides detection (`--delimiter`); a `.tsv` input defaults to tab.
    public init(input: InputFile, format: RecordFormat = .csv, delimiter: UInt8? = nil) throws(InputError) {
        self.format = format
        let chosen = delimiter ?? (format == .tsv ? UInt8(ascii: "\t") : nil)
        do {
            reader = try CSVReader(input: input, delimiter: chosen)
        } catch {
            if case .noHeader(let path) = error { throw InputError.empty(path: path) }
            throw InputError.csv(error)
        }
        columns = Columns(header: reader.header.fields.strings)
    }

    public var dialect: Dialect { reader.dialect }
    public var blankLines: Int { reader.blankLines }

    static let renamesShown = 10

    public var dialectDescription: String {
        var text = "CSV, \(reader.dialect), \(columns.count) columns"
        let renamed = columns.renamed
        if !renamed.isEmpty { text += "; " + renamed.prefix(Self.renamesShown).joined(separator: "; ") }
        // An export with thousands of repeated names made this one line of megabytes.
        if renamed.count > Self.renamesShown { text += "; … \(renamed.count) columns renamed in all" }
        return text
    }

    public func next() throws(InputError) -> Row? {
        var row = Row(number: 0, line: 0, byteOffset: 0, cells: Fields())
        return try next(into: &row) ? row : nil
    }

    public func next(into row: inout Row) throws(InputError) -> Bool {
        // The record borrows the row's cell storage for the read, and gives it back.
        var record = CSVRecord(fields: Fields(), line: 0, byteOffset: 0)
        swap(&record.fields, &row.cells)
        defer { swap(&record.fields, &row.cells) }
        do {
            guard try reader.next(into: &record) else { return false }
        } catch {
            throw InputError.csv(error)
        }
        rowNumber += 1
        row.number = rowNumber
        row.line = record.line
        row.byteOffset = record.byteOffset
        row.kinds = nil
        row.problem = record.problem.map(RowProblem.init)
        row.raw = record.raw
        row.rawIsCSV = record.raw != nil
        return true
    }
}
