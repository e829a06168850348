/// `waterfall.phone`: launch `POST /v1/enrichment/phone`, collect with the finder. LinkedIn
/// first; after a LinkedIn miss a professional email is launched too (other sources).
public struct WaterfallPhoneProvider: Provider {
    public let name: String
    public var kind: ProviderKind { .waterfallPhone }
    let runner: WaterfallJobs

    /// - Parameter maxBilledNumbers: the most numbers one launch is billed for, held against the
    ///   budgets while it is in flight (the docs bill per number and give no ceiling).
    public init(
        transport: ProviderTransport, polling: JobPolling, creditsPerLookup: Int = 1,
        maxBilledNumbers: Int = ProviderSettings.defaultMaxBilledNumbers, inbox: (any WebhookInbox)? = nil
    ) {
        self.name = transport.name
        self.runner = WaterfallJobs(
            transport: transport, path: "/v1/enrichment/phone", field: .phone, polling: polling, creditsPerLookup: creditsPerLookup,
            creditsHeld: creditsPerLookup * maxBilledNumbers, inbox: inbox)
    }

    public func checkKey() async -> KeyCheck {
        await runner.checkKey()
    }

    public func requestKey(_ request: LookupRequest) -> String? {
        let plans = WaterfallPlans.plans(kind: kind, field: .phone, request: request, provider: name).plans
        guard !plans.isEmpty else { return nil }
        return EnrichCore.requestKey(provider: name, fields: request.fields, payloads: plans.map { ($0.strategy, $0.payload) })
    }

    public func lookup(_ request: LookupRequest, journal: any JobJournal) async -> LookupOutcome {
        await run(request, resuming: [], journal: journal)
    }

    public func collect(_ jobs: [LaunchedJob], request: LookupRequest, journal: any JobJournal) async -> LookupOutcome {
        await run(request, resuming: jobs, journal: journal)
    }

    private func run(_ request: LookupRequest, resuming jobs: [LaunchedJob], journal: any JobJournal) async -> LookupOutcome {
        let (plans, skipped, tooLong) = WaterfallPlans.plans(kind: kind, field: .phone, request: request, provider: name)
        if plans.isEmpty && jobs.isEmpty { return WaterfallPlans.nothingToLaunch(provider: name, skipped: skipped, tooLong: tooLong) }
        return await runner.run(plans, resuming: jobs, request: request, journal: journal, attempts: skipped, read: Self.read)
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
