internal import CCSV

/// Owns one libcsv parser and collects the fields of the record being parsed.
///
/// libcsv calls back for every field (`cb1`) and at the end of every record (`cb2`). The
/// callbacks are C function pointers, so they cannot capture: `self` travels as the `data`
/// pointer, unretained, which is safe because `csv_parse` only calls back before it returns.
/// See `man 3 csv`.
final class CSVParser {
    private let parser: UnsafeMutablePointer<csv_parser>
    /// The fields of the current record so far.
    var fields = Fields()
    /// Set by `cb2` when the current record has ended.
    var recordEnded = false

    init(delimiter: UInt8) throws(CSVError) {
        parser = UnsafeMutablePointer<csv_parser>.allocate(capacity: 1)
        // Options 0: lenient mode. Strict mode would reject `5" screen`, a value people write.
        guard csv_init(parser, 0) == 0 else {
            parser.deallocate()
            throw CSVError.parser(path: "", line: 0, message: "csv_init failed")
        }
        csv_set_delim(parser, delimiter)
        csv_set_space_func(parser, ccsv_no_spaces)
    }

    deinit {
        csv_free(parser)
        parser.deallocate()
    }

    /// Whether the bytes fed so far end inside a quoted field.
    var isInsideQuotes: Bool { ccsv_in_quoted_field(parser) != 0 }

    /// Parses `bytes`; returns false when libcsv stopped early (`csv_error` says why).
    func feed(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return true }
        let data = Unmanaged.passUnretained(self).toOpaque()
        let consumed = csv_parse(parser, base, bytes.count, CSVParser.fieldEnded, CSVParser.recordEndedCallback, data)
        return consumed == bytes.count
    }

    /// Ends the last field and record at end of input (`csv_fini`); resets the parser.
    func finish() {
        let data = Unmanaged.passUnretained(self).toOpaque()
        csv_fini(parser, CSVParser.fieldEnded, CSVParser.recordEndedCallback, data)
    }

    var errorMessage: String {
        String(cString: csv_strerror(csv_error(parser)))
    }

    private static let fieldEnded: @convention(c) (UnsafeMutableRawPointer?, Int, UnsafeMutableRawPointer?) -> Void = {
        field, length, data in
        guard let data else { return }
        let this = Unmanaged<CSVParser>.fromOpaque(data).takeUnretainedValue()
        // The field points into libcsv's entry buffer, valid only during this call: copy now.
        if let field, length > 0 {
            this.fields.append(UnsafeBufferPointer(start: field.assumingMemoryBound(to: UInt8.self), count: length))
        } else {
            this.fields.ends.append(this.fields.bytes.count)
        }
    }

    // `c` is the terminating byte, or -1 when csv_fini ends a record that had no line ending.
    private static let recordEndedCallback: @convention(c) (Int32, UnsafeMutableRawPointer?) -> Void = { _, data in
        guard let data else { return }
        Unmanaged<CSVParser>.fromOpaque(data).takeUnretainedValue().recordEnded = true
    }
}
