/// How a CSV file is written: delimiter, line ending and byte-order mark.
public struct Dialect: Sendable, Equatable, CustomStringConvertible {
    public enum LineEnding: String, Sendable, Equatable {
        case lf = "LF"
        case crlf = "CRLF"
        case cr = "CR"

        public var bytes: [UInt8] {
            switch self {
            case .lf: return [0x0A]
            case .crlf: return [0x0D, 0x0A]
            case .cr: return [0x0D]
            }
        }
    }

    public var delimiter: UInt8
    public var lineEnding: LineEnding
    public var hasBOM: Bool

    public init(delimiter: UInt8 = UInt8(ascii: ","), lineEnding: LineEnding = .lf, hasBOM: Bool = false) {
        self.delimiter = delimiter
        self.lineEnding = lineEnding
        self.hasBOM = hasBOM
    }

    /// The delimiters that detection chooses between.
    public static let candidateDelimiters: [UInt8] = [
        UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\t"), UInt8(ascii: "|"),
    ]

    /// A delimiter as a user names it: `,` `;` `|`, or `tab` / `\t`.
    public static func delimiter(named name: String) -> UInt8? {
        switch name {
        case ",", "comma": return UInt8(ascii: ",")
        case ";", "semicolon": return UInt8(ascii: ";")
        case "\t", "\\t", "tab": return UInt8(ascii: "\t")
        case "|", "pipe": return UInt8(ascii: "|")
        default: return nil
        }
    }

    private static func name(ofDelimiter byte: UInt8) -> String {
        switch byte {
        case UInt8(ascii: "\t"): return "tab"
        default: return String(decoding: [byte], as: UTF8.self)
        }
    }

    public var description: String {
        let name = Self.name(ofDelimiter: delimiter)
        let shown = delimiter == UInt8(ascii: "\t") ? name : "'\(name)'"
        return "delimiter \(shown), \(lineEnding.rawValue) line endings, \(hasBOM ? "UTF-8 BOM" : "no BOM")"
    }
}
