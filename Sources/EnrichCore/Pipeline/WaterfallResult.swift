/// What the waterfall found for one identity. Every row with that identity gets the same
/// result, which is why the checkpoint keeps it: a resumed run writes it again byte for byte.
public struct WaterfallResult: Sendable, Codable, Equatable {
    public enum State: String, Sendable, Codable {
        case found
        case notFound = "not_found"
        /// No provider in the field's waterfall could be asked with the row's identifiers.
        case noIdentifier = "no_identifier"
        /// A provider could not answer (errors after retries, malformed answers, deadline,
        /// `max_wait`): the row counts as failed.
        case failed
        /// A launch in doubt was not repeated (`in_doubt: skip`).
        case inDoubt = "in_doubt"
    }

    public struct Field: Sendable, Codable, Equatable {
        public var state: State
        public var provider: String?
        public var strategy: String?
        /// The answer of the provider that found it: its values and person fields.
        public var result: LookupResult?
        /// Why nothing was found, provider by provider.
        public var reason: String?
    }

    /// In the mapping's `enrich` order.
    public var fields: [EnrichField: Field]
    public var status: AuditRecord.Status
    public var reason: String?

    /// The found value of `field` as the audit shows it.
    public func value(_ field: EnrichField) -> String? {
        guard let found = fields[field], found.state == .found, let result = found.result else { return nil }
        switch field {
        case .phone: return result.phone
        case .email: return result.email
        }
    }

    /// The row status from the fields' states: any failure fails the row (exit 1, and the
    /// audit says which provider); otherwise a find enriches it; a skipped in-doubt launch or a
    /// row no provider could be asked about is skipped; the rest were asked and missed.
    static func status(of fields: [EnrichField: Field]) -> AuditRecord.Status {
        let states = fields.values.map(\.state)
        if states.contains(.failed) { return .failed }
        if states.contains(.found) { return .enriched }
        if states.contains(.inDoubt) || states.allSatisfy({ $0 == .noIdentifier }) { return .skipped }
        return .notFound
    }
}
