/// `waterfall.phone`: launch `POST /v1/enrichment/phone`, collect with the finder. LinkedIn
/// first; after a LinkedIn miss a professional email is launched too (other sources).
public struct WaterfallPhoneProvider: Provider {
    public let name: String
    public var kind: ProviderKind { .waterfallPhone }
    let jobs: WaterfallJobs

    public init(transport: ProviderTransport, polling: JobPolling, creditsPerLookup: Int = 1) {
        self.name = transport.name
        self.jobs = WaterfallJobs(
            transport: transport, path: "/v1/enrichment/phone", field: .phone, polling: polling, creditsPerLookup: creditsPerLookup)
    }

    public func lookup(_ request: LookupRequest, journal: any JobJournal) async -> LookupOutcome {
        await run(request, resuming: nil, journal: journal)
    }

    public func collect(_ job: LaunchedJob, request: LookupRequest, journal: any JobJournal) async -> LookupOutcome {
        await run(request, resuming: job, journal: journal)
    }

    private func run(_ request: LookupRequest, resuming job: LaunchedJob?, journal: any JobJournal) async -> LookupOutcome {
        let (plans, skipped, tooLong) = WaterfallPlans.plans(kind: kind, field: .phone, request: request, provider: name)
        if plans.isEmpty && job == nil { return WaterfallPlans.nothingToLaunch(provider: name, skipped: skipped, tooLong: tooLong) }
        return await jobs.run(plans, resuming: job, request: request, journal: journal, attempts: skipped, read: Self.read)
    }

    /// Billed per number returned; a job without a number is a miss.
    @Sendable static func read(_ finder: WaterfallFinder) -> (result: LookupResult?, chargedUnits: Int) {
        let phones = finder.phones
        guard !phones.isEmpty else { return (nil, 0) }
        var result = LookupResult()
        result.phones = phones
        if let person = finder.output?.person { result.person = WaterfallContactProvider.person(person) }
        return (result, phones.count)
    }
}
