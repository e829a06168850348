/// `enrich plan`: what a run would do, read off the input alone (no network, no credits).
public struct Plan: Sendable {
    public var dialect = ""
    public var rows = 0
    public var invalid: [String: Int] = [:]
    public var blankLines = 0
    /// Good rows holding each identifier (after transforms).
    public var coverage: [CanonicalField: Int] = [:]
    public var strategies: [StrategyCoverage] = []
    /// Good rows where no provider of any waterfall has a usable strategy.
    public var rowsWithoutIdentifier = 0
    /// Rows whose identity an earlier row already has (looked up once, served from cache).
    public var duplicateRows = 0
    public var distinctIdentities = 0
    public var launchesUpperBound = 0
    public var pollsUpperBound = 0
    public var creditsUpperBound = 0
    public var warnings: [String] = []

    /// Rows per strategy of one provider in one waterfall.
    public struct StrategyCoverage: Sendable {
        public var field: EnrichField
        public var provider: String
        public var kind: ProviderKind
        public var strategy: String
        /// Rows that have this strategy's identifiers.
        public var usable = 0
        /// Rows for which it is the first usable strategy, the one sent first.
        public var first = 0
    }

    public init() {}
}
