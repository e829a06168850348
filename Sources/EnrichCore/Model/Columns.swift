/// The input's column names, made unique, and what was changed to make them so.
public struct Columns: Sendable, Equatable {
    public private(set) var names: [String]
    /// The header cells as the file has them: a CSV output writes these back, since SPEC keeps
    /// the original columns unchanged and an import into the CRM matches columns by header.
    /// The unique `names` are for the mapping and for JSONL keys, which must differ.
    public let given: [String]
    /// One line per renamed column, for `plan` and `run` to report.
    public private(set) var renamed: [String] = []

    public init(unique names: [String]) {
        self.names = names
        given = names
    }

    /// Empty names become `column_N` (N is the 1-based position); a repeated name gets `_2`,
    /// `_3`… after it, skipping any suffix already taken by another column.
    public init(header: [String]) {
        given = header
        var taken = Set<String>()
        var result: [String] = []
        let inHeader = Set(header)
        // Where each repeated name's search for a free suffix goes on: starting again from 2
        // made a header of 20 000 equal names take 15 s.
        var nextSuffix: [String: Int] = [:]
        for (index, name) in header.enumerated() {
            var unique = name.isEmpty ? "column_\(index + 1)" : name
            if taken.contains(unique) || (name.isEmpty && inHeader.contains(unique)) {
                var suffix = nextSuffix[unique] ?? 2
                while taken.contains("\(unique)_\(suffix)") || inHeader.contains("\(unique)_\(suffix)") { suffix += 1 }
                nextSuffix[unique] = suffix + 1
                unique = "\(unique)_\(suffix)"
            }
            if unique != name {
                renamed.append("column \(index + 1) \(name.isEmpty ? "has no name" : "repeats \"\(name)\""): named \"\(unique)\"")
            }
            taken.insert(unique)
            result.append(unique)
        }
        names = result
    }

    public var count: Int { names.count }

    public func index(of name: String) -> Int? { names.firstIndex(of: name) }
}
