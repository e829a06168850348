extension AuditRecord {
    /// The record as one JSON object, keys in SPEC order, without a line ending.
    public var json: String {
        var out = "{\"row\":\(row),\"record_id\":\(JSONText.string(recordID)),\"status\":\"\(status.rawValue)\""
        if let line { out += ",\"line\":\(line)" }
        if let byteOffset { out += ",\"byte_offset\":\(byteOffset)" }
        if let reason {
            out += ",\"reason\":{\"kind\":\(JSONText.string(reason.kind)),\"message\":\(JSONText.string(reason.message))}"
        }
        out += ",\"fields\":{"
        out += fields.map { field, found in
            var value = "\(JSONText.string(field)):{\"value\":\(JSONText.string(found.value)),"
            value += "\"provider\":\(JSONText.string(found.provider)),\"strategy\":\(Self.optional(found.strategy))}"
            return value
        }.joined(separator: ",")
        out += "},\"attempts\":[" + attempts.map(Self.json).joined(separator: ",") + "]"
        out += ",\"cached\":\(cached)"
        out += ",\"started_at\":\"\(Timestamp.iso8601(startedAt))\",\"finished_at\":\"\(Timestamp.iso8601(finishedAt))\"}"
        return out
    }

    static func json(_ attempt: AttemptLog) -> String {
        var out = "{\"provider\":\(JSONText.string(attempt.provider))"
        out += ",\"field\":\(optional(attempt.field?.rawValue)),\"strategy\":\(optional(attempt.strategy))"
        out += ",\"job_id\":\(optional(attempt.jobID)),\"http_status\":\(attempt.httpStatus.map(String.init) ?? "null")"
        out += ",\"retries\":\(attempt.retries),\"waited_ms\":\(attempt.waitedMilliseconds)"
        out += ",\"latency_ms\":\(attempt.latencyMilliseconds),\"outcome\":\"\(attempt.outcome.rawValue)\""
        out += ",\"charged\":\(attempt.charged),\"error\":\(optional(attempt.error))"
        if attempt.polls > 0 { out += ",\"polls\":\(attempt.polls)" }
        if attempt.credits > 0 { out += ",\"credits\":\(attempt.credits)" }
        if attempt.rateLimited > 0 { out += ",\"rate_limited\":\(attempt.rateLimited)" }
        if attempt.retryAfterMilliseconds > 0 { out += ",\"retry_after_ms\":\(attempt.retryAfterMilliseconds)" }
        if attempt.viaWebhook { out += ",\"via\":\"webhook\"" }
        if let status = attempt.providerStatus { out += ",\"provider_status\":\(JSONText.string(status))" }
        if let vendors = attempt.vendors, !vendors.isEmpty {
            out += ",\"vendors\":[" + vendors.map(JSONText.string).joined(separator: ",") + "]"
        }
        return out + "}"
    }

    private static func optional(_ text: String?) -> String {
        text.map(JSONText.string) ?? "null"
    }
}
