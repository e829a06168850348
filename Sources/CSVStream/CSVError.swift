public import ByteStream

/// A CSV file that cannot be read at all (as opposed to a bad record, which is data).
public enum CSVError: Error, CustomStringConvertible {
    case io(ByteStreamError)
    /// libcsv could not go on, e.g. out of memory for a field (`csv_strerror` text).
    case parser(path: String, line: Int, message: String)
    case noHeader(path: String)

    public var description: String {
        switch self {
        case .io(let error):
            return error.description
        case .parser(let path, let line, let message):
            return "\(path):\(line): the CSV parser stopped: \(message)."
        case .noHeader(let path):
            return "\(path): the file is empty: a CSV input needs a header line naming its columns."
        }
    }
}
