/// `pronto`: asynchronous single-contact enrichment. One job per wanted field (`enrichment_type`
/// holds exactly one type): launch `POST /contacts/single_enrich`, poll `GET /contacts/{id}`
/// until `finished`.
public struct ProntoProvider: Provider {
    public let name: String
    public var kind: ProviderKind { .pronto }
    let runner: ProntoJobs
    /// `personal_email: true`: after a work-email miss, ask for a personal email (needs consent).
    let personalEmail: Bool

    /// - Parameter phoneCountries: ISO 3166-1 alpha-2 codes restricting phone results; empty
    ///   leaves the account's default.
    public init(
        transport: ProviderTransport, polling: JobPolling, creditsPerLookup: Int = 1, phoneCountries: [String] = [],
        personalEmail: Bool = false, inbox: (any WebhookInbox)? = nil
    ) {
        self.name = transport.name
        self.runner = ProntoJobs(
            transport: transport, polling: polling, creditsPerLookup: creditsPerLookup, phoneCountries: phoneCountries,
            consent: ProntoConsent(), inbox: inbox)
        self.personalEmail = personalEmail
    }

    public func checkKey() async -> KeyCheck {
        await runner.transport.checkKey("/contacts/" + keyCheckJobID)
    }

    public func lookup(_ request: LookupRequest, journal: any JobJournal) async -> LookupOutcome {
        await run(request, resuming: [], journal: journal)
    }

    /// Every identifier a Pronto request may carry (a superset of one payload: safe to share).
    public func requestKey(_ request: LookupRequest) -> String? {
        var values: [String: String] = [:]
        values["first_name"] = request.value(.firstName)
        values["last_name"] = request.value(.lastName)
        values["domain"] = request.value(.domain)
        values["company"] = request.value(.company)
        values["linkedin"] = request.value(.linkedin).flatMap(Normalize.linkedinSlug)
        return EnrichCore.requestKey(provider: name, fields: request.fields, payloads: [("any", values)])
    }

    public func collect(_ jobs: [LaunchedJob], request: LookupRequest, journal: any JobJournal) async -> LookupOutcome {
        await run(request, resuming: jobs, journal: journal)
    }

    /// The types this request asks for, in the order they are launched.
    func types(for request: LookupRequest) -> [ProntoEnrichment] {
        var types: [ProntoEnrichment] = []
        if request.fields.contains(.phone) { types.append(.phone) }
        if request.fields.contains(.email) { types.append(.email) }
        if request.fields.contains(.email) && personalEmail { types.append(.personalEmail) }
        return types
    }

    private func run(_ request: LookupRequest, resuming jobs: [LaunchedJob], journal: any JobJournal) async -> LookupOutcome {
        var attempts: [AttemptLog] = []
        var result = LookupResult()
        var failure: LookupFailure?
        for type in types(for: request) {
            // A personal email is only worth paying for when no work email was found.
            if type == .personalEmail && result.email != nil { continue }
            let journaled = jobs.last { $0.strategy.hasPrefix(type.rawValue + ":") }
            let step = await runner.run(type, request: request, resuming: journaled, journal: journal)
            attempts += step.attempts
            switch step.status {
            case .found(let found): result.merge(found)
            case .notFound: continue
            case .failed(let reason): failure = failure ?? reason
            case .inDoubt, .providerUnusable, .exhausted, .withheld:
                return LookupOutcome(provider: name, status: step.status, attempts: attempts)
            }
        }
        let status: LookupOutcome.Status
        if result != LookupResult() {
            status = .found(result)
        } else if let failure {
            status = .failed(failure)
        } else {
            status = .notFound
        }
        return LookupOutcome(provider: name, status: status, attempts: attempts)
    }
}

/// Whether the account consented to personal email enrichment, learnt from the first 422, so
/// the refusal is reported once and not one row at a time.
actor ProntoConsent {
    private(set) var refused = false

    /// True for the first refusal only.
    func refuse() -> Bool {
        defer { refused = true }
        return !refused
    }
}
