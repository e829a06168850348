/// A set of row numbers as a bitmap: 10 million rows take 1.25 MB.
public struct RowSet: Sendable {
    private var words: [UInt64] = []
    public private(set) var count = 0

    public init() {}

    public mutating func insert(_ row: Int) {
        guard row >= 0 else { return }
        let word = row >> 6
        if word >= words.count { words += Array(repeating: 0, count: word - words.count + 1) }
        let bit = UInt64(1) << UInt64(row & 63)
        if words[word] & bit == 0 {
            words[word] |= bit
            count += 1
        }
    }

    public func contains(_ row: Int) -> Bool {
        guard row >= 0, row >> 6 < words.count else { return false }
        return words[row >> 6] & (UInt64(1) << UInt64(row & 63)) != 0
    }
}
