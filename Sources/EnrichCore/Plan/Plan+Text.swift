extension Plan {
    /// The plan as `enrich plan` prints it.
    public var text: String {
        var lines: [String] = []
        lines.append("input: \(dialect)")
        let invalidCount = invalid.values.reduce(0, +)
        lines.append(
            "rows: \(rows) (\(rows - invalidCount) readable, \(invalidCount) invalid_input\(blankLines > 0 ? ", \(blankLines) blank lines skipped" : ""))"
        )
        for (kind, count) in invalid.sorted(by: { $0.key < $1.key }) {
            lines.append("  invalid_input \(kind): \(count)")
        }
        let readable = max(rows - invalidCount, 0)
        lines.append("")
        lines.append("identifier coverage (readable rows with a value):")
        for field in CanonicalField.allCases {
            let count = coverage[field] ?? 0
            lines.append("  \(field.rawValue.padding(12)) \(String(count).leftPadding(8))  \(Self.percent(count, of: readable))")
        }
        if !strategies.isEmpty {
            lines.append("")
            lines.append("provider strategies (rows that can use it / rows that send it first):")
            let names = strategies.map { "\($0.field.rawValue)  \($0.provider) (\($0.kind.rawValue))  \($0.strategy)" }
            let width = names.map(\.count).max() ?? 0
            for (name, entry) in zip(names, strategies) {
                lines.append("  \(name.padding(width)) \(String(entry.usable).leftPadding(8)) / \(String(entry.first).leftPadding(8))")
            }
        }
        lines.append("")
        lines.append("rows with no usable identifier: \(rowsWithoutIdentifier)")
        lines.append("duplicate identities: \(duplicateRows) rows (\(distinctIdentities) distinct people to look up)")
        lines.append(
            "upper bound: \(launchesUpperBound) lookup requests, \(pollsUpperBound) polls (async jobs polled until their deadline), \(creditsUpperBound) credits"
        )
        for warning in warnings { lines.append("warning: \(warning)") }
        return lines.joined(separator: "\n")
    }

    static func percent(_ count: Int, of total: Int) -> String {
        guard total > 0 else { return "-" }
        let tenths = (count * 1000 + total / 2) / total
        return "\(tenths / 10).\(tenths % 10)%"
    }
}

extension String {
    func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }

    func leftPadding(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
