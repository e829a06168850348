extension Plan {
    /// The plan as `enrich plan` prints it.
    public var text: String {
        var lines: [String] = []
        lines.append("input: \(dialect)")
        let invalidCount = invalid.values.reduce(0, +)
        lines.append("rows: \(rows) (\(rows - invalidCount) readable, \(invalidCount) invalid_input\(blankLines > 0 ? ", \(blankLines) blank lines skipped" : ""))")
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
            for entry in strategies {
                let name = "\(entry.field.rawValue) \(entry.provider) (\(entry.kind.rawValue)) \(entry.strategy)"
                lines.append("  \(name.padding(52)) \(String(entry.usable).leftPadding(8)) / \(String(entry.first).leftPadding(8))")
            }
        }
        lines.append("")
        lines.append("rows with no usable identifier: \(rowsWithoutIdentifier)")
        lines.append("duplicate identities: \(duplicateRows) rows (\(distinctIdentities) distinct people to look up)")
        lines.append("upper bound: \(launchesUpperBound) launches + \(pollsUpperBound) polls, \(creditsUpperBound) credits")
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
