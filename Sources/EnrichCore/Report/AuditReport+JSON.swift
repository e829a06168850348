extension AuditReport {
    /// The report as one JSON object for `--format json`. Every key is always there (null
    /// when unknown, 0 when none), in a fixed order, so scripts need no existence checks.
    /// Maps keyed by status, reason, field or provider are sorted by key.
    public var json: String {
        var out = ""
        value.write(to: &out)
        return out
    }

    private var value: ReportJSON {
        .object([
            ("audit", .string(path)), ("lines", linesJSON), ("rows", rowsJSON), ("found", foundJSON),
            ("providers", .object(providers.sorted { $0.key < $1.key }.map { ($0.key, Self.stats($0.value, latency: true)) })),
            ("total", Self.stats(total, latency: false)), ("errors", errorsJSON), ("wall_time", wallTimeJSON),
        ])
    }

    private var linesJSON: ReportJSON {
        let truncated: ReportJSON = truncatedLine.map(ReportJSON.int) ?? .null
        return .object([
            ("read", .int(lines)), ("blank", .int(blankLines)), ("malformed", .int(malformedLines)),
            ("truncated_line", truncated), ("repeated_rows", .int(duplicateLines)),
        ])
    }

    private var rowsJSON: ReportJSON {
        let statuses = Self.statuses + byStatus.keys.filter { !Self.statuses.contains($0) }.sorted()
        let byStatus: [(String, ReportJSON)] = statuses.map { ($0, .int(self.byStatus[$0] ?? 0)) }
        return .object([
            ("total", .int(rows)), ("by_status", .object(byStatus)),
            ("invalid_input_by_reason", Self.counts(invalidByReason)), ("cached", .int(cachedRows)),
        ])
    }

    private var foundJSON: ReportJSON {
        var members: [(String, ReportJSON)] = []
        for (field, byProvider) in found.sorted(by: { $0.key < $1.key }) {
            let total: ReportJSON = .int(byProvider.values.reduce(0, +))
            members.append((field, .object([("total", total), ("by_provider", Self.counts(byProvider))])))
        }
        return .object(members)
    }

    private var errorsJSON: ReportJSON {
        var groups: [ReportJSON] = []
        for (kind, group) in errors.sorted(by: { $0.key < $1.key }) {
            let status: ReportJSON = kind.httpStatus.map(ReportJSON.int) ?? .null
            let example: ReportJSON = group.example.map(ReportJSON.string) ?? .null
            groups.append(
                .object([
                    ("provider", .string(kind.provider)), ("outcome", .string(kind.outcome)), ("http_status", status),
                    ("count", .int(group.count)), ("example", example),
                ]))
        }
        return .array(groups)
    }

    private var wallTimeJSON: ReportJSON {
        let start: ReportJSON = earliestStart.map { .string($0.text) } ?? .null
        let end: ReportJSON = latestFinish.map { .string($0.text) } ?? .null
        let milliseconds: ReportJSON = wallMilliseconds.map { .int(Int($0)) } ?? .null
        return .object([("started_at", start), ("finished_at", end), ("ms", milliseconds)])
    }

    private static func counts(_ counts: [String: Int]) -> ReportJSON {
        .object(counts.sorted { $0.key < $1.key }.map { ($0.key, .int($0.value)) })
    }

    private static func stats(_ stats: ProviderStats, latency: Bool) -> ReportJSON {
        var members: [(String, ReportJSON)] = [
            ("attempts", .int(stats.attempts)), ("requests", .int(stats.requests)), ("credits", .int(stats.credits)),
            ("retries", .int(stats.retries)), ("rate_limited", .int(stats.rateLimited)),
            ("retry_after_ms", .int(stats.retryAfterMilliseconds)), ("waited_ms", .int(stats.waitedMilliseconds)),
            ("in_doubt", .int(stats.inDoubt)),
        ]
        if latency {
            func optional(_ value: Int?) -> ReportJSON { value.map(ReportJSON.int) ?? .null }
            let latency: [(String, ReportJSON)] = [
                ("count", .int(stats.latencySamples)), ("p50", optional(stats.latencyPercentile(50))),
                ("p95", optional(stats.latencyPercentile(95))), ("p99", optional(stats.latencyPercentile(99))),
                ("max", optional(stats.latencyMaximum)),
            ]
            members.append(("latency_ms", .object(latency)))
        }
        return .object(members)
    }
}

/// Just enough JSON to write the report with its keys in a chosen order.
enum ReportJSON {
    case object([(String, ReportJSON)])
    case array([ReportJSON])
    case string(String)
    case int(Int)
    case null

    func write(to out: inout String) {
        switch self {
        case .object(let members):
            out += "{"
            for (index, (key, value)) in members.enumerated() {
                if index > 0 { out += "," }
                out += JSONText.string(key) + ":"
                value.write(to: &out)
            }
            out += "}"
        case .array(let values):
            out += "["
            for (index, value) in values.enumerated() {
                if index > 0 { out += "," }
                value.write(to: &out)
            }
            out += "]"
        case .string(let text): out += JSONText.string(text)
        case .int(let number): out += String(number)
        case .null: out += "null"
        }
    }
}
