/// `waterfall.contact`: launch `POST /v1/enrichment/contact`, collect with the finder; one job
/// fills phone, email and the person's fields. Email first, then LinkedIn, then name + domain.
public struct WaterfallContactProvider: Provider {
    public let name: String
    public var kind: ProviderKind { .waterfallContact }
    let runner: WaterfallJobs
    /// `verified_only`: keep an email only when Waterfall verified it.
    let verifiedOnly: Bool
    /// `include_phones`: take the phones a contact job returns (the default).
    let includePhones: Bool

    public init(
        transport: ProviderTransport, polling: JobPolling, creditsPerLookup: Int = 1, verifiedOnly: Bool = false,
        includePhones: Bool = true, inbox: (any WebhookInbox)? = nil
    ) {
        self.name = transport.name
        self.runner = WaterfallJobs(
            transport: transport, path: "/v1/enrichment/contact", field: .email, polling: polling,
            creditsPerLookup: creditsPerLookup, creditsHeld: creditsPerLookup, inbox: inbox)
        self.verifiedOnly = verifiedOnly
        self.includePhones = includePhones
    }

    public func checkKey() async -> KeyCheck {
        await runner.checkKey()
    }

    public func requestKey(_ request: LookupRequest) -> String? {
        let plans = WaterfallPlans.plans(kind: kind, field: .email, request: request, provider: name).plans
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
        let (plans, skipped, tooLong) = WaterfallPlans.plans(kind: kind, field: .email, request: request, provider: name)
        if plans.isEmpty && jobs.isEmpty { return WaterfallPlans.nothingToLaunch(provider: name, skipped: skipped, tooLong: tooLong) }
        let verifiedOnly = verifiedOnly
        let includePhones = includePhones && request.fields.contains(.phone)
        let includeEmail = request.fields.contains(.email)
        return await runner.run(plans, resuming: jobs, request: request, journal: journal, attempts: skipped) { finder in
            Self.read(finder, verifiedOnly: verifiedOnly, includePhones: includePhones, includeEmail: includeEmail)
        }
    }

    /// Billed per contact returned with data (NOTES.md: charged only when data is returned),
    /// whatever the settings then keep of it.
    static func read(
        _ finder: WaterfallFinder, verifiedOnly: Bool, includePhones: Bool, includeEmail: Bool
    ) -> (result: LookupResult?, chargedUnits: Int) {
        guard let person = finder.output?.person else { return (nil, 0) }
        let email = person.professionalEmail.flatMap { Normalize.email($0) }
        let phones = finder.phones
        let charged = email != nil || !phones.isEmpty ? 1 : 0
        var result = LookupResult()
        result.person = Self.person(person)
        if includePhones { result.phones = phones }
        if includeEmail, let email, !verifiedOnly || person.emailVerified == true {
            result.email = email
            result.providerEmailStatus = person.emailVerifiedStatus
            result.emailVerified = person.emailVerified
            result.emailConfidence = person.emailConfidence
            result.emailStatus =
                person.emailVerifiedStatus.map { EmailStatus(providerValue: $0) }
                ?? (person.emailVerified == true ? .verified : .unverified)
        }
        return (result.fields.isEmpty ? nil : result, charged)
    }

    static func person(_ person: WaterfallFinder.Person) -> LookupResult.Person {
        var mapped = LookupResult.Person()
        mapped.firstName = person.firstName
        mapped.lastName = person.lastName
        mapped.title = person.title
        mapped.seniority = person.seniority
        mapped.department = person.department
        mapped.company = person.companyName
        mapped.domain = person.companyDomain
        mapped.linkedinURL = person.linkedinUrl ?? person.linkedinId.map { "https://www.linkedin.com/in/\($0)/" }
        mapped.country = person.country
        return mapped
    }
}
