/// FNV-1a over UTF-8, 64-bit: the same input gives the same number in every process, unlike
/// Swift's `Hasher`, which is seeded per process.
struct StableHash {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    init(_ parts: String...) {
        for part in parts { mix(part) }
    }

    mutating func mix(_ part: String) {
        for byte in part.utf8 {
            value ^= UInt64(byte)
            value &*= 0x0000_0100_0000_01b3
        }
        // A separator keeps ("ab", "c") apart from ("a", "bc").
        value ^= 0xff
        value &*= 0x0000_0100_0000_01b3
    }

    /// The hash finalised (FNV's low bits are weak) and mapped into [0, 1).
    var unit: Double {
        Double(mixed >> 11) / Double(UInt64(1) << 53)
    }

    /// SplitMix64's finaliser, so nearby inputs give unrelated outputs.
    var mixed: UInt64 {
        var z = value &+ 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    static func unit(_ parts: String...) -> Double {
        var hash = StableHash()
        for part in parts { hash.mix(part) }
        return hash.unit
    }

    static func number(_ parts: String...) -> UInt64 {
        var hash = StableHash()
        for part in parts { hash.mix(part) }
        return hash.mixed
    }
}
