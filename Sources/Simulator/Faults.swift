/// The ways a request can go wrong on purpose.
enum Fault: String, Sendable {
    case status500 = "status_500"
    case status502 = "status_502"
    case status503 = "status_503"
    case reset
    case slow
    case malformedJSON = "malformed_json"
    case empty200 = "empty_200"
}

/// Picks faults and latencies from the request's sequence number, so a run with the same
/// requests in the same order misbehaves the same way.
struct FaultPlan: Sendable {
    let seed: String
    let faults: SimulatorConfiguration.Faults
    let latency: SimulatorConfiguration.Latency

    func fault(forRequest sequence: Int) -> Fault? {
        let roll = StableHash.unit(seed, "fault", String(sequence))
        let table: [(Double, Fault)] = [
            (faults.status500, .status500), (faults.status502, .status502), (faults.status503, .status503),
            (faults.reset, .reset), (faults.slow, .slow), (faults.malformedJSON, .malformedJSON), (faults.empty200, .empty200),
        ]
        var cumulative = 0.0
        for (rate, fault) in table {
            cumulative += rate
            if roll < cumulative { return fault }
        }
        return nil
    }

    func latency(method: String, path: String, sequence: Int) -> Duration {
        let range =
            latency.perEndpoint.first { FaultPlan.matches(pattern: $0.key, method: method, path: path) }?.value
            ?? latency.default
        return range.pick(StableHash.unit(seed, "latency", String(sequence)))
    }

    /// `"GET /api/v2/contacts/{id}"` matches `GET /api/v2/contacts/abc`; a bare path matches any method.
    static func matches(pattern: String, method: String, path: String) -> Bool {
        let parts = pattern.split(separator: " ", maxSplits: 1)
        let patternPath: Substring
        if parts.count == 2 {
            guard parts[0].uppercased() == method.uppercased() else { return false }
            patternPath = parts[1]
        } else {
            patternPath = parts.first ?? ""
        }
        let want = patternPath.split(separator: "/")
        let have = path.split(separator: "/")
        guard want.count == have.count else { return false }
        return zip(want, have).allSatisfy { $0 == $1 || $0.hasPrefix("{") || $0.hasPrefix(":") || $0 == "*" }
    }
}
