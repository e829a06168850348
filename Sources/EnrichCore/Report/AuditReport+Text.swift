extension AuditReport {
    /// The report as `enrich report` prints it by default.
    public var text: String {
        var lines: [String] = []
        lines.append("audit: \(path)")
        var notes: [String] = []
        if malformedLines > 0 { notes.append("\(malformedLines) malformed") }
        if let truncatedLine { notes.append("line \(truncatedLine) cut off") }
        if duplicateLines > 0 { notes.append("\(duplicateLines) left out as repeats of a row") }
        if blankLines > 0 { notes.append("\(blankLines) blank") }
        lines.append("lines: \(self.lines)" + (notes.isEmpty ? "" : " (\(notes.joined(separator: ", ")))"))
        lines.append("rows: \(rows)")
        let others = byStatus.keys.filter { !Self.statuses.contains($0) }.sorted()
        var statusTable: [[String]] = []
        for status in Self.statuses + others {
            let count = byStatus[status] ?? 0
            statusTable.append(["  " + status, String(count), Plan.percent(count, of: rows)])
            if status == "invalid_input" {
                for (kind, count) in invalidByReason.sorted(by: Self.byCountThenName) {
                    statusTable.append(["    " + kind, String(count), ""])
                }
            }
        }
        statusTable.append(["  cached", String(cachedRows), Plan.percent(cachedRows, of: rows)])
        lines += Self.table(statusTable)
        lines.append("found:" + (found.isEmpty ? " none" : ""))
        var foundTable: [[String]] = []
        for (field, byProvider) in found.sorted(by: { $0.key < $1.key }) {
            let providers = byProvider.sorted(by: Self.byCountThenName).map { "\($0.key) \($0.value)" }
            foundTable.append(["  " + field, String(byProvider.values.reduce(0, +)), "(" + providers.joined(separator: ", ") + ")"])
        }
        lines += Self.table(foundTable, leftAligned: [0, 2])
        lines += providerLines
        lines += errorLines
        if let wall = wallMilliseconds, let start = earliestStart, let end = latestFinish {
            lines.append("wall time: \(Self.duration(wall)) (\(start.text) to \(end.text))")
        } else {
            lines.append("wall time: unknown (no readable started_at / finished_at)")
        }
        return lines.joined(separator: "\n")
    }

    private var providerLines: [String] {
        guard !providers.isEmpty else { return ["providers: none called"] }
        var table = [["  provider", "requests", "credits", "retries", "429s", "429 wait", "in doubt", "p50 ms", "p95 ms", "p99 ms"]]
        func cells(_ name: String, _ stats: ProviderStats, latency: Bool) -> [String] {
            let percentiles = [50, 95, 99].map { latency ? stats.latencyPercentile($0).map(String.init) ?? "-" : "" }
            return [
                "  " + name, String(stats.requests), String(stats.credits), String(stats.retries), String(stats.rateLimited),
                Self.duration(Int64(stats.retryAfterMilliseconds)), String(stats.inDoubt),
            ] + percentiles
        }
        for (name, stats) in providers.sorted(by: { $0.key < $1.key }) {
            table.append(cells(name, stats, latency: true))
        }
        table.append(cells("total", total, latency: false))
        return ["providers (latency: nearest-rank percentiles of latency_ms):"] + Self.table(table)
    }

    private var errorLines: [String] {
        guard !errors.isEmpty else { return ["errors: none"] }
        let table = errors.sorted { $0.key < $1.key }.map { kind, group in
            [
                "  " + kind.provider, kind.outcome, kind.httpStatus.map { "HTTP \($0)" } ?? "no answer", String(group.count),
                group.example.map { "e.g. \($0)" } ?? "",
            ]
        }
        let count = errors.values.reduce(0) { $0 + $1.count }
        return ["errors (\(count) failed, in_doubt, unusable or exhausted calls):"] + Self.table(table, leftAligned: [0, 1, 2, 4])
    }

    static func byCountThenName(_ a: (key: String, value: Int), _ b: (key: String, value: Int)) -> Bool {
        a.value != b.value ? a.value > b.value : a.key < b.key
    }

    /// Columns padded to their widest cell; numbers right-aligned, `leftAligned` columns not.
    static func table(_ rows: [[String]], leftAligned: Set<Int> = [0]) -> [String] {
        let columns = rows.map(\.count).max() ?? 0
        let widths = (0..<columns).map { column in rows.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0 }
        return rows.map { row in
            let cells = row.enumerated().map { column, cell in
                leftAligned.contains(column) ? cell.padding(widths[column]) : cell.leftPadding(widths[column])
            }
            var line = cells.joined(separator: "  ")
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }
    }

    /// `850ms`, `4.1s`, `2m13.4s`, `3h02m05s`: short enough for a table cell.
    static func duration(_ milliseconds: Int64) -> String {
        if milliseconds < 1_000 { return "\(milliseconds)ms" }
        let tenths = milliseconds / 100
        if milliseconds < 60_000 { return "\(tenths / 10).\(tenths % 10)s" }
        if milliseconds < 3_600_000 {
            let seconds = tenths % 600
            return "\(tenths / 600)m\(seconds < 100 ? "0" : "")\(seconds / 10).\(seconds % 10)s"
        }
        let seconds = milliseconds / 1_000
        let minutes = seconds / 60 % 60
        let rest = seconds % 60
        return "\(seconds / 3_600)h\(minutes < 10 ? "0" : "")\(minutes)m\(rest < 10 ? "0" : "")\(rest)s"
    }
}
