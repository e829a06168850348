extension AuditRecord {
    /// The record as one JSON object, keys in SPEC order, without a line ending.
    public var json: String {
        var out: [UInt8] = []
        out.reserveCapacity(512)
        appendJSON(to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Written as bytes into one buffer: every row builds one, and a string per key and value
    /// was a twentieth of a run's CPU.
    func appendJSON(to out: inout [UInt8]) {
        out.append(contentsOf: #"{"row":"#.utf8)
        JSONText.appendInt(row, to: &out)
        out.append(contentsOf: #","record_id":"#.utf8)
        JSONText.appendString(recordID.utf8, to: &out)
        out.append(contentsOf: #","status":""#.utf8)
        out.append(contentsOf: status.rawValue.utf8)
        out.append(UInt8(ascii: "\""))
        if let line {
            out.append(contentsOf: #","line":"#.utf8)
            JSONText.appendInt(line, to: &out)
        }
        if let byteOffset {
            out.append(contentsOf: #","byte_offset":"#.utf8)
            JSONText.appendInt(byteOffset, to: &out)
        }
        if let reason {
            out.append(contentsOf: #","reason":{"kind":"#.utf8)
            JSONText.appendString(reason.kind.utf8, to: &out)
            out.append(contentsOf: #","message":"#.utf8)
            JSONText.appendString(reason.message.utf8, to: &out)
            out.append(UInt8(ascii: "}"))
        }
        out.append(contentsOf: #","fields":{"#.utf8)
        for (index, (field, found)) in fields.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            JSONText.appendString(field.utf8, to: &out)
            out.append(contentsOf: #":{"value":"#.utf8)
            JSONText.appendString(found.value.utf8, to: &out)
            out.append(contentsOf: #","provider":"#.utf8)
            JSONText.appendString(found.provider.utf8, to: &out)
            out.append(contentsOf: #","strategy":"#.utf8)
            Self.appendOptional(found.strategy, to: &out)
            out.append(UInt8(ascii: "}"))
        }
        out.append(contentsOf: #"},"attempts":["#.utf8)
        if let earlierAttempts {
            out.append(contentsOf: earlierAttempts.utf8)
            if !attempts.isEmpty { out.append(UInt8(ascii: ",")) }
        }
        for (index, attempt) in attempts.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            Self.append(attempt, to: &out)
        }
        out.append(contentsOf: #"],"cached":"#.utf8)
        out.append(contentsOf: (cached ? "true" : "false").utf8)
        out.append(contentsOf: #","started_at":""#.utf8)
        Timestamp.appendISO8601(startedAt, to: &out)
        out.append(contentsOf: #"","finished_at":""#.utf8)
        Timestamp.appendISO8601(finishedAt, to: &out)
        out.append(contentsOf: #""}"#.utf8)
    }

    private static func append(_ attempt: AttemptLog, to out: inout [UInt8]) {
        out.append(contentsOf: #"{"provider":"#.utf8)
        JSONText.appendString(attempt.provider.utf8, to: &out)
        out.append(contentsOf: #","field":"#.utf8)
        appendOptional(attempt.field?.rawValue, to: &out)
        out.append(contentsOf: #","strategy":"#.utf8)
        appendOptional(attempt.strategy, to: &out)
        out.append(contentsOf: #","job_id":"#.utf8)
        appendOptional(attempt.jobID, to: &out)
        out.append(contentsOf: #","http_status":"#.utf8)
        if let status = attempt.httpStatus { JSONText.appendInt(status, to: &out) } else { out.append(contentsOf: "null".utf8) }
        out.append(contentsOf: #","retries":"#.utf8)
        JSONText.appendInt(attempt.retries, to: &out)
        out.append(contentsOf: #","waited_ms":"#.utf8)
        JSONText.appendInt(attempt.waitedMilliseconds, to: &out)
        out.append(contentsOf: #","latency_ms":"#.utf8)
        JSONText.appendInt(attempt.latencyMilliseconds, to: &out)
        out.append(contentsOf: #","outcome":""#.utf8)
        out.append(contentsOf: attempt.outcome.rawValue.utf8)
        out.append(contentsOf: #"","charged":"#.utf8)
        out.append(contentsOf: (attempt.charged ? "true" : "false").utf8)
        out.append(contentsOf: #","error":"#.utf8)
        appendOptional(attempt.error, to: &out)
        // Counts that are mostly zero are left out when they are.
        func count(_ key: String, _ value: Int) {
            guard value > 0 else { return }
            out.append(contentsOf: key.utf8)
            JSONText.appendInt(value, to: &out)
        }
        count(#","polls":"#, attempt.polls)
        count(#","credits":"#, attempt.credits)
        count(#","rate_limited":"#, attempt.rateLimited)
        count(#","retry_after_ms":"#, attempt.retryAfterMilliseconds)
        if let bulk = attempt.bulk {
            out.append(contentsOf: #","bulk":{"position":"#.utf8)
            JSONText.appendInt(bulk.position, to: &out)
            out.append(contentsOf: #","size":"#.utf8)
            JSONText.appendInt(bulk.size, to: &out)
            out.append(UInt8(ascii: "}"))
        }
        if attempt.viaWebhook { out.append(contentsOf: #","via":"webhook""#.utf8) }
        if let status = attempt.providerStatus {
            out.append(contentsOf: #","provider_status":"#.utf8)
            JSONText.appendString(status.utf8, to: &out)
        }
        if let vendors = attempt.vendors, !vendors.isEmpty {
            out.append(contentsOf: #","vendors":["#.utf8)
            for (index, vendor) in vendors.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                JSONText.appendString(vendor.utf8, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        }
        out.append(UInt8(ascii: "}"))
    }

    private static func appendOptional(_ text: String?, to out: inout [UInt8]) {
        if let text { JSONText.appendString(text.utf8, to: &out) } else { out.append(contentsOf: "null".utf8) }
    }
}
