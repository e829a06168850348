public import ByteStream

/// A CSV file that cannot be read at all (as opposed to a bad record, which is data).
public enum CSVError: Error, CustomStringConvertible {
    case io(ByteStreamError)
    /// libcsv could not go on, e.g. out of memory for a field (`csv_strerror` text).
    case parser(path: String, line: Int, message: String)
    case noHeader(path: String)
    /// The header line opens a quote that is never closed: every line after it would become
    /// part of one column name, and no row would be read.
    case unclosedQuoteInHeader(path: String, line: Int)
    /// UTF-16 or UTF-32.
    case notUTF8(path: String, encoding: ForeignEncoding)
    /// A column name that is not valid UTF-8: it can be neither matched against the mapping
    /// nor written back unchanged, and the rows are most likely in the same encoding.
    case headerNotUTF8(path: String, line: Int, column: Int)

    public var description: String {
        switch self {
        case .io(let error):
            return error.description
        case .parser(let path, let line, let message):
            return "\(path):\(line): the CSV parser stopped: \(message)."
        case .noHeader(let path):
            return "\(path): the file is empty: a CSV input needs a header line naming its columns."
        case .unclosedQuoteInHeader(let path, let line):
            return
                "\(path):\(line): the header line opens a quote that is never closed, so the lines after it would be read as one column name and no row as data. Close the quote in the header, or remove it."
        case .notUTF8(let path, let encoding):
            return encoding.advice(path: path)
        case .headerNotUTF8(let path, let line, let column):
            return
                "\(path):\(line): column \(column) of the header is not valid UTF-8, so it can be neither matched against the mapping nor written back unchanged, and the rows with accents would all be invalid_input. The file is probably Windows-1252 or Latin-1 (Excel's plain \"CSV\"): save it as \"CSV UTF-8\", or convert it: \(iconvCommand(from: "WINDOWS-1252", path: path))"
        }
    }
}
