/// Where a provider reports a launched async job before polling it, so that a run interrupted
/// while the job runs resumes polling it instead of paying for a second launch.
///
/// The checkpoint implements it; `launched` must return only once the job id is durable.
public protocol JobJournal: Sendable {
    /// Called before every paid call is sent. The checkpoint makes the intent durable (so that
    /// a crash with the call on the wire is seen as an in-doubt launch by the next run) and
    /// checks the credit budget; `.withheld` means: do not send it.
    func willLaunch(_ intent: LaunchIntent) async -> LaunchPermission

    func launched(_ job: LaunchedJob) async

    /// The launch `intent` announced was certainly not processed (refused, rate-limited to the
    /// end, or stopped before it was sent): a later run must not count it as in doubt.
    func notLaunched(_ intent: LaunchIntent) async
}

extension JobJournal {
    public func notLaunched(_ intent: LaunchIntent) async {}
}

/// A paid call about to be sent.
public struct LaunchIntent: Sendable, Equatable {
    public var provider: String
    public var lookupKey: String
    public var field: EnrichField
    public var strategy: String
    /// What it costs if it finds something, at the configured price.
    public var credits: Int
    /// A repeat of the same request is free (Lantern's `record_id`): a crash with it on the
    /// wire cannot make a second one pay, so no intent needs to be kept for it.
    public var idempotent: Bool

    public init(provider: String, lookupKey: String, field: EnrichField, strategy: String, credits: Int, idempotent: Bool = false) {
        self.provider = provider
        self.lookupKey = lookupKey
        self.field = field
        self.strategy = strategy
        self.credits = credits
        self.idempotent = idempotent
    }
}

public enum LaunchPermission: Sendable, Equatable {
    case granted
    /// Not to be sent: the credit budget is reached or the run is stopping.
    case withheld(reason: String)
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
    /// What the launch's answer said that the job's result will not repeat (Apollo's person
    /// fields), as JSON: kept with the job so a resumed run writes the same row.
    public var detail: String?

    public init(provider: String, lookupKey: String, field: EnrichField, strategy: String, jobID: String, detail: String? = nil) {
        self.provider = provider
        self.lookupKey = lookupKey
        self.field = field
        self.strategy = strategy
        self.jobID = jobID
        self.detail = detail
    }
}

/// A journal that forgets: for `plan`, tests and synchronous providers.
public struct NoJobJournal: JobJournal {
    public init() {}
    public func willLaunch(_ intent: LaunchIntent) async -> LaunchPermission { .granted }
    public func launched(_ job: LaunchedJob) async {}
}
