/// Where a provider reports a launched async job before polling it, so that a run interrupted
/// while the job runs resumes polling it instead of paying for a second launch.
///
/// The checkpoint implements it; `launched` must return only once the job id is durable.
public protocol JobJournal: Sendable {
    func launched(_ job: LaunchedJob) async
}

/// A paid job whose id the provider returned: enough to collect it in a later run.
public struct LaunchedJob: Sendable, Equatable, Hashable {
    /// The provider's name in the mapping.
    public var provider: String
    /// The lookup it belongs to (`LookupRequest.lookupKey`).
    public var lookupKey: String
    /// The field it looks for; Pronto launches one job per field.
    public var field: EnrichField
    /// The strategy it was launched with, so a resumed run knows what would come next.
    public var strategy: String
    public var jobID: String

    public init(provider: String, lookupKey: String, field: EnrichField, strategy: String, jobID: String) {
        self.provider = provider
        self.lookupKey = lookupKey
        self.field = field
        self.strategy = strategy
        self.jobID = jobID
    }
}

/// A journal that forgets: for `plan`, tests and synchronous providers.
public struct NoJobJournal: JobJournal {
    public init() {}
    public func launched(_ job: LaunchedJob) async {}
}
