/// One record of a CSV file, with where it came from and, if it is malformed, why.
public struct CSVRecord: Sendable {
    public var fields: Fields
    /// The line of the file where the record starts (1-based; a quoted newline spans lines).
    public var line: Int
    /// The offset in the file of the record's first byte (a BOM counts).
    public var byteOffset: Int
    /// What is wrong with it; nil for a good record.
    public var problem: CSVProblem?
    /// The record's bytes as read, without its line ending; kept only for a malformed record,
    /// which is passed through unchanged.
    public var raw: [UInt8]?

    public init(fields: Fields, line: Int, byteOffset: Int, problem: CSVProblem? = nil, raw: [UInt8]? = nil) {
        self.fields = fields
        self.line = line
        self.byteOffset = byteOffset
        self.problem = problem
        self.raw = raw
    }
}

/// Why a record cannot be used as it is.
public enum CSVProblem: Sendable, Equatable, CustomStringConvertible {
    case tooManyFields(expected: Int, found: Int)
    case tooFewFields(expected: Int, found: Int)
    /// The file ends inside a quoted field that started on `line`.
    case unterminatedQuote(lines: Int)
    /// Column `column` (1-based) is not valid UTF-8 at `byteOffset` in the file.
    case invalidUTF8(column: Int)
    /// A quoted value was still open after `bytes` bytes: its quote is taken as never closed.
    case runawayQuote(bytes: Int)
    /// A quote on this line opened a value that ran over the next lines and then either closed
    /// into a record that does not read right (`closed`: a quote followed by more text, or the
    /// wrong number of fields) or never closed before the end of the file: the quote is taken
    /// as part of the text, not as an opening quote.
    case strayQuote(closed: Bool)

    public var kind: String {
        switch self {
        case .tooManyFields: return "too_many_fields"
        case .tooFewFields: return "too_few_fields"
        case .unterminatedQuote: return "unterminated_quote"
        case .invalidUTF8: return "invalid_utf8"
        case .runawayQuote: return "unterminated_quote"
        case .strayQuote: return "unterminated_quote"
        }
    }

    public var description: String {
        switch self {
        case .tooManyFields(let expected, let found):
            return "\(found) fields where the header has \(expected): a delimiter inside an unquoted value? Quote the value."
        case .tooFewFields(let expected, let found):
            return "\(found) fields where the header has \(expected): add the missing delimiters or quote a value that holds a newline."
        case .unterminatedQuote(let lines):
            return
                "a quoted value is never closed: the file ends inside it (\(lines) line\(lines == 1 ? "" : "s") from its start). Close the quote."
        case .invalidUTF8(let column):
            return "column \(column) is not valid UTF-8: save the file as UTF-8."
        case .strayQuote(let closed):
            let how =
                closed
                ? "runs over the next lines into a row that does not read right (a quote followed by more text, or the wrong number of fields)"
                : "is never closed before the end of the file"
            return
                "a quote opened on this line \(how), so it is taken as stray; the line is passed through and reading goes on with the next line. Double a quote that is part of the value, or close it."
        case .runawayQuote(let bytes):
            return
                "a quoted value opened on this line is still open \(bytes / 1024) KiB later, so its quote is taken as never closed; the line is passed through and reading goes on with the next line. Close the quote, or double a quote that is part of the value."
        }
    }
}
