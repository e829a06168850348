/// One configured provider API: asks it about one row and maps its answer to a `LookupOutcome`.
///
/// Never throws: every ending (a miss, a provider error, a refused key, an in-doubt launch) is
/// data the pipeline writes, audits and counts.
public protocol Provider: Sendable {
    /// The provider's name in the mapping (`providers.<name>`).
    var name: String { get }
    var kind: ProviderKind { get }

    /// Looks `request` up: picks the strategies the row's identifiers allow, launches (and
    /// journals) jobs where the API is asynchronous, and collects them.
    func lookup(_ request: LookupRequest, journal: any JobJournal) async -> LookupOutcome

    /// Resumes a lookup from the jobs an earlier run journaled for it (this provider's, this
    /// `lookupKey`'s): polls them instead of launching again, then goes on with what would have
    /// followed them. Launches only what was never journaled.
    func collect(_ jobs: [LaunchedJob], request: LookupRequest, journal: any JobJournal) async -> LookupOutcome

    /// Whether the provider accepts the configured key, asked of a free endpoint.
    func checkKey() async -> KeyCheck

    /// Names what `lookup` would send for `request` (every payload it may try, and the fields
    /// asked), so two rows sending the same share one answer; nil: never shared.
    func requestKey(_ request: LookupRequest) -> String?
}

extension Provider {
    public func requestKey(_ request: LookupRequest) -> String? { nil }
}

/// A request key from the fields asked and the payloads that would be sent, in order.
/// Built by appending into one string: it is made for every provider call.
func requestKey(provider: String, fields: Set<EnrichField>, payloads: [(strategy: String, payload: [String: String])]) -> String {
    var key = provider
    key.reserveCapacity(128)
    for field in EnrichField.allCases where fields.contains(field) {
        key.append("\u{1F}")
        key.append(field.rawValue)
    }
    for (strategy, payload) in payloads {
        key.append("\u{1D}")
        key.append(strategy)
        // The adapters' payload names in a fixed order, which costs less than sorting; any
        // other name follows, sorted, so no part of a payload is ever left out of its key.
        var written = 0
        for name in payloadNames {
            guard let value = payload[name] else { continue }
            append(name, value, to: &key)
            written += 1
        }
        if written < payload.count {
            for (name, value) in payload.sorted(by: { $0.key < $1.key }) where !payloadNames.contains(name) {
                append(name, value, to: &key)
            }
        }
    }
    return key
}

private func append(_ name: String, _ value: String, to key: inout String) {
    key.append("\u{1E}")
    key.append(name)
    key.append("=")
    key.append(KeySeparators.escaped(value))
}

private let payloadNames = ["email", "linkedin", "linkedin_id", "full_name", "first_name", "last_name", "domain", "company"]

/// The job id the key checks ask about: no job has it, so a valid key gets a 404.
let keyCheckJobID = "enrich-key-check"
