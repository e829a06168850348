import ByteStream

/// Opens the right reader for an input path.
public enum RecordSources {
    /// - Parameters:
    ///   - format: `--input-format`; otherwise the file name's extension decides.
    ///   - delimiter: `--delimiter`; otherwise detected from the header line.
    public static func open(path: String, format: RecordFormat?, delimiter: UInt8?) throws(InputError) -> any RecordSource {
        guard let format = format ?? RecordFormat.inferred(from: path) ?? (path == "-" ? .csv : nil) else {
            throw InputError.unknownFormat(path: path)
        }
        let input: InputFile
        do { input = try InputFile(path: path) } catch { throw InputError.io(error) }
        switch format {
        case .csv, .tsv: return try CSVRecordSource(input: input, format: format, delimiter: delimiter)
        case .jsonl: return try JSONLRecordSource(input: input)
        }
    }
}
