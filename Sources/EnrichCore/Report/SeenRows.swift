/// Row numbers seen so far, one bit each: the report's duplicate check stays small for
/// millions of rows.
///
/// Row numbers are dense from 1, so a bitmap fits. A number far beyond what the audit could
/// hold (a corrupt line) goes into a plain set instead of growing the bitmap to its size.
struct SeenRows {
    private var words: [UInt64] = []
    private var outliers: Set<Int> = []
    private var calls = 0

    /// Adds `row`; false when it was already there.
    mutating func insert(_ row: Int) -> Bool {
        defer { calls += 1 }
        // Checked first: a row kept here while the bitmap was small stays here.
        if outliers.contains(row) { return false }
        let bound = max(2 * calls, 1 << 20)
        guard row >= 0, row < bound || row < words.count * 64 else { return outliers.insert(row).inserted }
        let word = row / 64
        let bit = UInt64(1) << UInt64(row % 64)
        if word >= words.count { words.append(contentsOf: repeatElement(0, count: max(word + 1 - words.count, words.count))) }
        if words[word] & bit != 0 { return false }
        words[word] |= bit
        return true
    }
}
