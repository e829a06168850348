/// Guesses the delimiter and line ending from the header line.
enum DialectSniffer {
    /// Counts each candidate delimiter outside quotes on the first non-blank line; the most
    /// frequent wins, a comma on a tie or when there is none (a one-column file).
    static func sniff(_ bytes: ArraySlice<UInt8>) -> (delimiter: UInt8, lineEnding: Dialect.LineEnding) {
        var counts = [Int](repeating: 0, count: Dialect.candidateDelimiters.count)
        var inQuotes = false
        var started = false
        var lineEnding = Dialect.LineEnding.lf
        var index = bytes.startIndex
        scan: while index < bytes.endIndex {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                inQuotes.toggle()
                started = true
            case 0x0A where !inQuotes, 0x0D where !inQuotes:
                if !started { break }
                if byte == 0x0A {
                    lineEnding = .lf
                } else {
                    let next = bytes.index(after: index)
                    lineEnding = next < bytes.endIndex && bytes[next] == 0x0A ? .crlf : .cr
                }
                break scan
            default:
                started = true
                if !inQuotes, let k = Dialect.candidateDelimiters.firstIndex(of: byte) { counts[k] += 1 }
            }
            index = bytes.index(after: index)
        }
        var best = 0
        for k in counts.indices where counts[k] > counts[best] { best = k }
        return (Dialect.candidateDelimiters[best], lineEnding)
    }
}
