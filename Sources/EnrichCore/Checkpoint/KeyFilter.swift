/// A Bloom filter over the checkpoint's keys (finished identities, requests answered): most
/// rows are not duplicates, and this answers "certainly not stored" without a database query,
/// in 2 MB whatever the number of rows.
struct KeyFilter: Sendable {
    private var bits = [UInt64](repeating: 0, count: 1 << 18)

    mutating func insert(_ key: String) {
        let (first, second) = Self.hashes(key)
        for probe in 0..<4 {
            let index = position(first, second, probe)
            bits[index >> 6] |= UInt64(1) << UInt64(index & 63)
        }
    }

    func mayContain(_ key: String) -> Bool {
        let (first, second) = Self.hashes(key)
        for probe in 0..<4 {
            let index = position(first, second, probe)
            if bits[index >> 6] & (UInt64(1) << UInt64(index & 63)) == 0 { return false }
        }
        return true
    }

    /// Four positions from two FNV-1a variants (double hashing).
    private static func hashes(_ key: String) -> (UInt64, UInt64) {
        var first: UInt64 = 0xcbf2_9ce4_8422_2325
        var second: UInt64 = 0x84222325_cbf29ce4
        for byte in key.utf8 {
            first = (first ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
            second = (second ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return (first, second | 1)
    }

    private func position(_ first: UInt64, _ second: UInt64, _ probe: Int) -> Int {
        Int((first &+ UInt64(probe) &* second) % UInt64(bits.count * 64))
    }
}
