/// What one row asks one provider: its identifiers, its record key and the fields still missing.
public struct LookupRequest: Sendable, Equatable {
    public var identifiers: Identifiers
    /// The row's record key (`input.id`, or the row number): stable across runs.
    public var recordKey: String
    /// The fields the waterfall still needs from this provider.
    public var fields: Set<EnrichField>

    public init(identifiers: Identifiers, recordKey: String, fields: Set<EnrichField>) {
        self.identifiers = identifiers
        self.recordKey = recordKey
        self.fields = fields
    }

    /// Names the lookup in the job journal: the same identity asks the same question, so two
    /// duplicate rows share one job.
    public var lookupKey: String { identifiers.identityKey }

    /// A field's value, trimmed; nil when empty.
    func value(_ field: CanonicalField) -> String? {
        guard let text = identifiers[field]?.trimmingWhitespace(), !text.isEmpty else { return nil }
        return text
    }
}
