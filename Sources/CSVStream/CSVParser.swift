internal import CCSV

/// Owns one libcsv parser and collects the fields of the record being parsed.
///
/// libcsv calls back for every field (`cb1`) and at the end of every record (`cb2`). The
/// callbacks are C function pointers, so they cannot capture: the collector travels as the
/// `data` pointer. It is plain memory owned by this object, valid for the object's life.
/// See `man 3 csv`.
final class CSVParser {
    private let parser: UnsafeMutablePointer<csv_parser>
    private let collector: UnsafeMutablePointer<FieldCollector>

    init(delimiter: UInt8) throws(CSVError) {
        parser = UnsafeMutablePointer<csv_parser>.allocate(capacity: 1)
        // Options 0: lenient mode. Strict mode would reject `5" screen`, a value people write.
        guard csv_init(parser, 0) == 0 else {
            parser.deallocate()
            throw CSVError.parser(path: "", line: 0, message: "csv_init failed")
        }
        csv_set_delim(parser, delimiter)
        csv_set_space_func(parser, ccsv_no_spaces)
        collector = UnsafeMutablePointer<FieldCollector>.allocate(capacity: 1)
        collector.initialize(to: FieldCollector())
    }

    deinit {
        csv_free(parser)
        parser.deallocate()
        collector.pointee.free()
        collector.deinitialize(count: 1)
        collector.deallocate()
    }

    /// Forgets the fields collected so far, to start a record.
    func startRecord() { collector.pointee.reset() }

    /// Whether `cb2` has ended the current record.
    var recordEnded: Bool { collector.pointee.recordEnded }

    var fieldCount: Int { collector.pointee.fieldCount }

    func copyFields(into fields: inout Fields) { collector.pointee.copy(into: &fields) }

    /// The 1-based column of the first field that is not valid UTF-8, if any.
    var firstInvalidUTF8Column: Int? {
        let collected = collector.pointee
        guard let bad = firstInvalidUTF8(UnsafeBufferPointer(start: collected.bytes, count: collected.byteCount)) else {
            return nil
        }
        for column in 0..<collected.fieldCount where collected.ends[column] > bad { return column + 1 }
        return collected.fieldCount
    }

    /// Whether the bytes fed so far end inside a quoted field.
    var isInsideQuotes: Bool { ccsv_in_quoted_field(parser) != 0 }

    /// Parses `bytes`; returns false when libcsv stopped early (`csv_error` says why).
    func feed(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return true }
        let consumed = csv_parse(parser, base, bytes.count, CSVParser.fieldEnded, CSVParser.recordEndedCallback, collector)
        return consumed == bytes.count
    }

    /// Drops the record being parsed: `csv_fini` without callbacks resets libcsv's state.
    func reset() {
        csv_fini(parser, nil, nil, nil)
        collector.pointee.reset()
    }

    /// Ends the last field and record at end of input (`csv_fini`); resets the parser.
    func finish() {
        csv_fini(parser, CSVParser.fieldEnded, CSVParser.recordEndedCallback, collector)
    }

    var errorMessage: String {
        String(cString: csv_strerror(csv_error(parser)))
    }

    // The field points into libcsv's entry buffer, valid only during this call: it is copied.
    private static let fieldEnded: @convention(c) (UnsafeMutableRawPointer?, Int, UnsafeMutableRawPointer?) -> Void = {
        field, length, data in
        data?.assumingMemoryBound(to: FieldCollector.self).pointee.append(field, length)
    }

    // The first argument is the terminating byte, or -1 when csv_fini ends a record that had
    // no line ending.
    private static let recordEndedCallback: @convention(c) (Int32, UnsafeMutableRawPointer?) -> Void = { _, data in
        data?.assumingMemoryBound(to: FieldCollector.self).pointee.recordEnded = true
    }
}
