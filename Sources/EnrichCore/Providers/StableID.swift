/// A short id that is the same for the same text in every run and on every machine (Swift's
/// `Hasher` is seeded per process, so it cannot be used).
enum StableID {
    /// FNV-1a, 64 bits, as 16 lower-case hex digits.
    static func hex(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
