import Foundation

extension RunSummary {
    private static let order: [AuditRecord.Status] = [.enriched, .notFound, .skipped, .failed, .invalidInput]

    private static func listing(_ counts: [String: Int]) -> String {
        counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map { "\($0.key) \($0.value)" }
            .joined(separator: ", ")
    }

    func enrichmentText(_ run: Enrichment) -> String {
        let statuses = Self.order.map { "\($0.rawValue) \(run.statuses[$0] ?? 0)" }.joined(separator: ", ")
        var lines = ["rows: \(rows) written — \(statuses)"]
        if run.cached > 0 || run.resumed > 0 {
            lines.append("  cached (duplicates served from one lookup): \(run.cached); from the checkpoint: \(run.resumed)")
        }
        for (kind, count) in invalid.sorted(by: { $0.key < $1.key }) { lines.append("  invalid_input \(kind): \(count)") }
        if run.stop != nil && run.unwritten > 0 {
            lines.append("  not written yet: \(run.unwritten) rows read after the first unfinished one (kept in the checkpoint)")
        }
        let byProvider = Self.listing(run.foundByProvider)
        let fields = EnrichField.allCases.compactMap { field in run.foundByField[field].map { "\(field.rawValue) \($0)" } }
        lines.append(
            "found: \(fields.isEmpty ? "nothing" : fields.joined(separator: ", "))\(byProvider.isEmpty ? "" : " (by provider: \(byProvider))")"
        )
        let now = run.creditsNow.values.reduce(0, +)
        let total = run.creditsTotal.values.reduce(0, +)
        lines.append("credits: \(now) this run\(now > 0 ? " (\(Self.listing(run.creditsNow)))" : ""); \(total) in all")
        let requests = run.requests.values.reduce(0, +)
        lines.append(
            "requests: \(requests)\(requests > 0 ? " (\(Self.listing(run.requests)))" : ""); retries \(run.retries); 429 answers \(run.rateLimited), waited \(String(format: "%.1f", Double(run.retryAfterMilliseconds) / 1000)) s; in doubt \(run.inDoubt)"
        )
        for (provider, reason) in run.exhausted.sorted(by: { $0.key < $1.key }) { lines.append("exhausted: \(provider): \(reason)") }
        if blankLines > 0 { lines.append("blank lines skipped: \(blankLines)") }
        if let stop = run.stop { lines.append("stopped: \(stop)") }
        lines.append(String(format: "elapsed: %.2f s (%.1f rows/s)", seconds, seconds > 0 ? Double(rows) / seconds : 0))
        return lines.joined(separator: "\n")
    }

    func enrichmentJSON(_ run: Enrichment) -> String {
        func object(_ counts: [String: Int]) -> String {
            "{" + counts.sorted { $0.key < $1.key }.map { "\(JSONText.string($0.key)):\($0.value)" }.joined(separator: ",") + "}"
        }
        let statuses = object(Dictionary(uniqueKeysWithValues: Self.order.map { ($0.rawValue, run.statuses[$0] ?? 0) }))
        let fields = object(Dictionary(uniqueKeysWithValues: run.foundByField.map { ($0.key.rawValue, $0.value) }))
        var out = "{\"event\":\"run.summary\",\"rows\":\(rows),\"statuses\":\(statuses),\"cached\":\(run.cached),\"resumed\":\(run.resumed)"
        out += ",\"invalid_input\":\(object(invalid)),\"found\":\(fields),\"found_by_provider\":\(object(run.foundByProvider))"
        out += ",\"credits\":\(object(run.creditsNow)),\"credits_total\":\(object(run.creditsTotal)),\"requests\":\(object(run.requests))"
        out += ",\"retries\":\(run.retries),\"rate_limited\":\(run.rateLimited),\"retry_after_ms\":\(run.retryAfterMilliseconds)"
        out += ",\"in_doubt\":\(run.inDoubt),\"exhausted\":{"
        out += run.exhausted.sorted { $0.key < $1.key }.map { "\(JSONText.string($0.key)):\(JSONText.string($0.value))" }.joined(
            separator: ",")
        out += "},\"stopped\":\(run.stop.map { JSONText.string($0.description) } ?? "null"),\"unwritten\":\(run.unwritten)"
        out += ",\"blank_lines\":\(blankLines),\"elapsed_s\":\(String(format: "%.3f", seconds))}"
        return out
    }
}
