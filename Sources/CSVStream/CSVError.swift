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
        }
    }
}
