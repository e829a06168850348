import ByteStream
public import CSVStream

/// Opens the right writer for an output path.
public enum RecordSinks {
    /// The output format: `--output-format`, else the output name's extension, else the input's.
    public static func format(path: String, given: RecordFormat?, source: any RecordSource) -> RecordFormat {
        given ?? RecordFormat.inferred(from: path) ?? source.format
    }

    /// The CSV dialect of the output: the input's when it was CSV (so a conversion keeps its
    /// delimiter, line endings and BOM), tab for TSV, otherwise comma and LF.
    public static func dialect(for format: RecordFormat, source: any RecordSource) -> Dialect {
        var dialect = (source as? CSVRecordSource)?.dialect ?? Dialect()
        switch format {
        case .tsv: dialect.delimiter = UInt8(ascii: "\t")
        case .csv where source.format == .tsv: dialect.delimiter = UInt8(ascii: ",")
        default: break
        }
        return dialect
    }

    public static func open(
        path: String, format: RecordFormat, source: any RecordSource, header: [String], extraColumns: [String]
    ) throws(OutputError) -> any RecordSink {
        let output: OutputFile
        do { output = try OutputFile(path: path) } catch { throw OutputError.io(error.description) }
        switch format {
        case .csv, .tsv:
            let dialect = dialect(for: format, source: source)
            // Raw CSV carried through JSONL is taken to be comma-separated, as JSONL → CSV writes.
            let inputDelimiter = (source as? CSVRecordSource)?.dialect.delimiter ?? UInt8(ascii: ",")
            let sameDialect = inputDelimiter == dialect.delimiter
            // The input's header cells as given (a blank or repeated name stays so), then the
            // appended columns.
            let columns = source.columns
            let written = columns.given + header.dropFirst(columns.count)
            return try CSVRecordSink(output: output, dialect: dialect, header: written, rawIsCompatible: sameDialect)
        case .jsonl:
            let inputColumns = Array(header.dropLast(extraColumns.count))
            return JSONLRecordSink(output: output, columns: inputColumns, extraColumns: extraColumns)
        }
    }
}
