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
    /// Most specific first: the configuration's dictionary has no order, and a request that two
    /// patterns match must get the same latency in every run.
    private let endpoints: [(pattern: EndpointPattern, range: DurationRange)]
    private let table: [(rate: Double, fault: Fault)]

    init(seed: String, faults: SimulatorConfiguration.Faults, latency: SimulatorConfiguration.Latency) {
        self.seed = seed
        self.faults = faults
        self.latency = latency
        endpoints = latency.perEndpoint.map { (EndpointPattern($0.key), $0.value) }.sorted { $0.pattern.comesBefore($1.pattern) }
        table = [
            (faults.status500, .status500), (faults.status502, .status502), (faults.status503, .status503),
            (faults.reset, .reset), (faults.slow, .slow), (faults.malformedJSON, .malformedJSON), (faults.empty200, .empty200),
        ].filter { $0.0 > 0 }
    }

    func fault(forRequest sequence: Int) -> Fault? {
        // No fault configured: the roll could pick nothing, so it is not hashed for every request.
        guard !table.isEmpty else { return nil }
        let roll = StableHash.unit(seed, "fault", String(sequence))
        var cumulative = 0.0
        for (rate, fault) in table {
            cumulative += rate
            if roll < cumulative { return fault }
        }
        return nil
    }

    func latency(method: String, path: String, sequence: Int) -> Duration {
        let range = endpoints.first { $0.pattern.matches(method: method, path: path) }?.range ?? latency.default
        if range.lower == range.upper { return range.lower }
        return range.pick(StableHash.unit(seed, "latency", String(sequence)))
    }
}

/// An endpoint pattern from the configuration, split once instead of on every request:
/// `"GET /api/v2/contacts/{id}"` matches `GET /api/v2/contacts/abc`; a bare path matches any method.
struct EndpointPattern: Sendable {
    let text: String
    /// Upper-cased; `nil` matches any method.
    let method: String?
    /// `nil` stands for a placeholder (`{id}`, `:id` or `*`), which matches any one segment.
    let segments: [String?]

    init(_ pattern: String) {
        text = pattern
        let parts = pattern.split(separator: " ", maxSplits: 1)
        method = parts.count == 2 ? parts[0].uppercased() : nil
        segments = (parts.last ?? "").split(separator: "/").map { segment in
            segment.hasPrefix("{") || segment.hasPrefix(":") || segment == "*" ? nil : String(segment)
        }
    }

    func matches(method: String, path: String) -> Bool {
        if let expected = self.method, expected != method, expected != method.uppercased() { return false }
        let have = path.split(separator: "/")
        guard have.count == segments.count else { return false }
        return zip(segments, have).allSatisfy { want, segment in want.map { $0 == segment } ?? true }
    }

    /// A method before none, then more literal segments, then the text itself.
    func comesBefore(_ other: EndpointPattern) -> Bool {
        let mine = (method == nil ? 1 : 0, -segments.count { $0 != nil })
        let theirs = (other.method == nil ? 1 : 0, -other.segments.count { $0 != nil })
        return mine != theirs ? mine < theirs : text < other.text
    }
}
