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

    public var dialectDescription: String {
        var text = "CSV, \(reader.dialect), \(columns.count) columns"
        if !columns.renamed.isEmpty { text += "; " + columns.renamed.joined(separator: "; ") }
        return text
    }

    public func next() throws(InputError) -> Row? {
        let record: CSVRecord?
        do {
            record = try reader.next()
        } catch {
            throw InputError.csv(error)
        }
        guard let record else { return nil }
        rowNumber += 1
        // One initialiser, no mutation afterwards: a `var` here costs a copy of the row.
        var row = Row(
            number: rowNumber, line: record.line, byteOffset: record.byteOffset, cells: record.fields,
            problem: record.problem.map(RowProblem.init), raw: record.raw)
        row.rawIsCSV = record.raw != nil
        return row
    }
}
