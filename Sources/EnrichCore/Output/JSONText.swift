/// JSON string escaping straight into a byte buffer.
public enum JSONText {
    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    /// Appends `value` as a JSON string literal. Bytes are assumed to be UTF-8; only `"`, `\`
    /// and control characters are escaped, so non-Latin text stays readable.
    static func appendString<C: Sequence>(_ value: C, to out: inout [UInt8]) where C.Element == UInt8 {
        out.append(UInt8(ascii: "\""))
        for byte in value {
            switch byte {
            case UInt8(ascii: "\""): out.append(UInt8(ascii: "\\")); out.append(byte)
            case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\")); out.append(byte)
            case 0x0A: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "n"))
            case 0x0D: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "r"))
            case 0x09: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "t"))
            case 0x00..<0x20, 0x7F:
                out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0F)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// Appends `value` in decimal without building a `String`.
    static func appendInt(_ value: Int, to out: inout [UInt8]) {
        if value < 0 {
            guard value != .min else { out.append(contentsOf: String(value).utf8); return }
            out.append(UInt8(ascii: "-"))
            appendInt(-value, to: &out)
            return
        }
        if value < 10 {
            out.append(UInt8(ascii: "0") + UInt8(value))
            return
        }
        let start = out.count
        var rest = value
        while rest > 0 {
            out.append(UInt8(ascii: "0") + UInt8(rest % 10))
            rest /= 10
        }
        out[start...].reverse()
    }

    /// `"name":` as bytes.
    static func key(_ name: String) -> [UInt8] {
        var out: [UInt8] = []
        appendString(name.utf8, to: &out)
        out.append(UInt8(ascii: ":"))
        return out
    }

    /// `value` as a JSON string literal.
    public static func string(_ value: String) -> String {
        var out: [UInt8] = []
        appendString(value.utf8, to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
