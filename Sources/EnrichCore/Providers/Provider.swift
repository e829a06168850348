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
func requestKey(provider: String, fields: Set<EnrichField>, payloads: [(strategy: String, payload: [String: String])]) -> String {
    var key = provider + "\u{1F}" + fields.map(\.rawValue).sorted().joined(separator: ",")
    for (strategy, payload) in payloads {
        key += "\u{1F}" + strategy
        for (name, value) in payload.sorted(by: { $0.key < $1.key }) { key += "\u{1E}" + name + "=" + value }
    }
    return key
}

/// The job id the key checks ask about: no job has it, so a valid key gets a 404.
let keyCheckJobID = "enrich-key-check"
