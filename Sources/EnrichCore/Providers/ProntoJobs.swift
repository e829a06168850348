import CurlHTTP

/// One Pronto enrichment job: launch (unless resumed), journal, poll, read.
struct ProntoJobs: Sendable {
    let transport: ProviderTransport
    let polling: JobPolling
    let creditsPerLookup: Int
    let phoneCountries: [String]
    let consent: ProntoConsent
    /// Where results arrive by webhook during this run; nil: poll `GET /contacts/{id}`.
    var inbox: (any WebhookInbox)? = nil

    struct Step {
        var status: LookupOutcome.Status
        var attempts: [AttemptLog]
    }

    func run(_ type: ProntoEnrichment, request: LookupRequest, resuming job: LaunchedJob?, journal: any JobJournal) async -> Step {
        if let job { return await collect(job.jobID, type: type, strategy: job.strategy, request: request, attempts: []) }
        let field = type.field
        let strategies = ProviderKind.pronto.strategies(for: type == .personalEmail ? .phone : field)
        guard let (strategy, payload) = strategies.lazy.compactMap({ s in type.payload(request, strategy: s).map { (s, $0) } }).first
        else {
            if type == .personalEmail { return Step(status: .notFound, attempts: []) }
            let reason = "the row lacks the identifiers \(transport.name) needs for \(type.rawValue) enrichment"
            return Step(status: .failed(LookupFailure(.missingIdentifiers, reason)), attempts: [])
        }
        let name = type.strategy(strategy.name)
        var log = AttemptLog(provider: transport.name, field: field, strategy: name, outcome: .launched)
        if type == .personalEmail, await consent.refused {
            log.outcome = .skipped
            log.error = "personal email enrichment needs the account's consent (reported once)"
            return Step(status: .notFound, attempts: [log])
        }
        var body = payload
        body["custom"] = ["record_key": request.recordKey]
        if type == .phone && !phoneCountries.isEmpty { body["phone_countries"] = phoneCountries }
        if let inbox { body["webhook_url"] = inbox.callbackURL(provider: transport.name) }
        let intent = LaunchIntent(
            provider: transport.name, lookupKey: request.lookupKey, field: field, strategy: name, credits: creditsPerLookup)
        if case .withheld(let reason) = await journal.willLaunch(intent) {
            log.outcome = .withheld
            log.error = reason
            return Step(status: .withheld(reason: reason), attempts: [log])
        }
        let (reply, report) = await transport.send(.post, "/contacts/single_enrich", json: body, launchesPaidJob: true)
        log.add(report)
        switch reply {
        case .ended(let status, let ending):
            log.outcome = ending
            log.error = status.message
            if case .inDoubt = status {} else { await journal.notLaunched(intent) }
            return Step(status: status, attempts: [log])
        case .response(let response):
            switch await launched(response, type: type) {
            case .failure(let failure):
                if failure.category != .malformedResponse { await journal.notLaunched(intent) }
                log.outcome = failure.category == .malformedResponse ? .inDoubt : .failed
                log.error = failure.message
                let status: LookupOutcome.Status =
                    failure.category == .malformedResponse ? .inDoubt(reason: failure.message) : .failed(failure)
                return Step(status: status, attempts: [log])
            case .success(let id):
                log.jobID = id
                await journal.launched(
                    LaunchedJob(provider: transport.name, lookupKey: request.lookupKey, field: field, strategy: name, jobID: id))
                return await collect(id, type: type, strategy: name, request: request, attempts: [log], immediately: false)
            }
        }
    }

    private func launched(_ response: HTTPResponse, type: ProntoEnrichment) async -> Result<String, LookupFailure> {
        guard (200..<300).contains(response.status) else {
            let message = Self.message(response)
            if response.status == 422 && type == .personalEmail {
                let first = await consent.refuse()
                let note = first ? "; personal_email is not requested again in this run" : ""
                return .failure(LookupFailure(.consentRequired, message + note))
            }
            return .failure(LookupFailure(response.status == 404 ? .unknownJob : .badRequest, message))
        }
        guard let launch = try? ProviderJSON.decode(ProntoLaunch.self, from: response.body),
            let id = launch.enrichmentId?.text, !id.isEmpty
        else {
            return .failure(
                LookupFailure(
                    .malformedResponse,
                    "the launch was answered HTTP \(response.status) without a readable enrichment_id; a job may have started"))
        }
        return .success(id)
    }

    static func message(_ response: HTTPResponse) -> String {
        let error = try? ProviderJSON.decode(ProntoError.self, from: response.body)
        let text = [error?.message, error?.error.map { "[\($0)]" }].compactMap { $0 }.joined(separator: " ")
        return "HTTP \(response.status): \(text.isEmpty ? "unreadable body" : text)"
    }
}
