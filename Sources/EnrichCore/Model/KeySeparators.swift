/// Identity, request and record keys join values with the ASCII separators 0x1C–0x1F. A value
/// holding one of them (only a broken or hand-made file has one) could otherwise pose as the
/// key's structure: a first name of "X␟last_name=Y" would give the key of first name X, last
/// name Y, and one row would take the other's answer. Such a value is written as 0x1C and its
/// bytes in hex instead, which no plain value can be. Every other value is written as it is,
/// so the keys earlier checkpoints stored stay valid.
enum KeySeparators {
    static func isSeparator(_ byte: UInt8) -> Bool { (0x1C...0x1F).contains(byte) }

    /// `value` as it goes into a key.
    static func escaped(_ value: String) -> String {
        guard value.utf8.contains(where: isSeparator) else { return value }
        var out: [UInt8] = []
        escape(value.utf8, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Escapes what `out` holds from `start` on, if any of it is a separator.
    static func escapeTail(of out: inout [UInt8], from start: Int) {
        guard out[start...].contains(where: isSeparator) else { return }
        let value = Array(out[start...])
        out.removeSubrange(start...)
        escape(value, to: &out)
    }

    private static func escape(_ bytes: some Sequence<UInt8>, to out: inout [UInt8]) {
        let digits = Array("0123456789abcdef".utf8)
        out.append(0x1C)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
    }
}
