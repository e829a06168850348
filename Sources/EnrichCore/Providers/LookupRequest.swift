/// What one row asks one provider: its identifiers, its record key and the fields still missing.
public struct LookupRequest: Sendable, Equatable {
    public let identifiers: Identifiers
    /// The row's record key (`input.id`, or the row number): stable across runs.
    public var recordKey: String
    /// The fields the waterfall still needs from this provider.
    public var fields: Set<EnrichField>

    /// Names the lookup in the job journal: the same identity asks the same question, so two
    /// duplicate rows share one job. Computed once: normalising identifiers is not free.
    public let lookupKey: String

    /// The input row that asks (the first of its duplicates; 0 when there is none). A call made
    /// for several rows puts them in row order, so its first place, where the call's figures
    /// are counted, is on the earliest row: a stopped run's audit, which is a prefix of the
    /// rows, then counts every call of the rows it holds.
    public var row: Int

    public init(
        identifiers: Identifiers, recordKey: String, fields: Set<EnrichField>, lookupKey: String? = nil, row: Int = 0
    ) {
        self.identifiers = identifiers
        self.recordKey = recordKey
        self.fields = fields
        self.lookupKey = lookupKey ?? identifiers.identityKey
        self.row = row
    }

    /// A field's value, trimmed; nil when empty.
    func value(_ field: CanonicalField) -> String? {
        guard let text = identifiers[field]?.trimmingWhitespace(), !text.isEmpty else { return nil }
        return text
    }
}
