/// A Bloom filter over finished identities: most rows are not duplicates, and this answers
/// "certainly not seen" without a database query, in 2 MB whatever the number of rows.
struct IdentityFilter: Sendable {
    private var bits = [UInt64](repeating: 0, count: 1 << 18)

    mutating func insert(_ identity: String) {
        for index in indices(identity) { bits[index >> 6] |= UInt64(1) << UInt64(index & 63) }
    }

    func mayContain(_ identity: String) -> Bool {
        indices(identity).allSatisfy { bits[$0 >> 6] & (UInt64(1) << UInt64($0 & 63)) != 0 }
    }

    /// Four positions from two FNV-1a variants (double hashing).
    private func indices(_ identity: String) -> [Int] {
        var first: UInt64 = 0xcbf2_9ce4_8422_2325
        var second: UInt64 = 0x84222325_cbf29ce4
        for byte in identity.utf8 {
            first = (first ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
            second = (second ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        second |= 1
        let size = UInt64(bits.count * 64)
        return (0..<4).map { Int((first &+ UInt64($0) &* second) % size) }
    }
}
