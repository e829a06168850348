import CurlHTTP
import Foundation

/// `lantern`: one synchronous `POST /v1/enrich/phone` per row, Bearer auth. Name + company (or
/// domain) first, then the LinkedIn slug, then email.
public struct LanternProvider: Provider {
    public let name: String
    public var kind: ProviderKind { .lantern }
    let transport: ProviderTransport
    let creditsPerLookup: Int

    public init(transport: ProviderTransport, creditsPerLookup: Int = 1) {
        self.name = transport.name
        self.transport = transport
        self.creditsPerLookup = creditsPerLookup
    }

    /// Lantern's cache and duplicate key. The record key alone would collide between input files
    /// numbered by row (row 5 of today's file is not row 5 of yesterday's), so the identity is
    /// hashed in: the same row with the same identifiers gets the same id in every run.
    public static func recordID(for request: LookupRequest) -> String {
        "enrich-" + StableID.hex(KeySeparators.escaped(request.recordKey) + "\u{1F}" + request.lookupKey)
    }

    public func checkKey() async -> KeyCheck {
        await transport.checkKey("/v1/credits/remaining")
    }

    /// The payload without `record_id`: Lantern bills each record, so two rows with the same
    /// person but different record keys would each pay.
    public func requestKey(_ request: LookupRequest) -> String? {
        guard request.fields.contains(.phone), let (strategy, payload) = Self.plan(request) else { return nil }
        return EnrichCore.requestKey(provider: name, fields: request.fields, payloads: [(strategy, payload)])
    }

    public func lookup(_ request: LookupRequest, journal: any JobJournal) async -> LookupOutcome {
        guard request.fields.contains(.phone) else { return LookupOutcome(provider: name, status: .notFound, attempts: []) }
        guard let (strategy, payload) = Self.plan(request) else {
            let failure = LookupFailure(.missingIdentifiers, "the row has none of the identifiers \(name) searches by")
            return LookupOutcome(provider: name, status: .failed(failure), attempts: [])
        }
        var body: [String: Any] = payload
        body["record_id"] = Self.recordID(for: request)
        var log = AttemptLog(provider: name, field: .phone, strategy: strategy, outcome: .notFound)
        let intent = LaunchIntent(
            provider: name, lookupKey: request.lookupKey, field: .phone, strategy: strategy, credits: creditsPerLookup, idempotent: true)
        if case .withheld(let reason) = await journal.willLaunch(intent) {
            log.outcome = .withheld
            log.error = reason
            return LookupOutcome(provider: name, status: .withheld(reason: reason), attempts: [log])
        }
        // Not a paid launch: `record_id` makes a repeated request a cache hit, so retrying a
        // request cut off on the wire cannot pay twice.
        let (reply, report) = await transport.send(.post, "/v1/enrich/phone", json: body)
        log.add(report)
        let status: LookupOutcome.Status
        switch reply {
        case .ended(let ended, let ending):
            log.outcome = ending
            status = ended
        case .response(let response):
            status = read(response, strategy: strategy, log: &log)
        }
        log.error = status.message
        return LookupOutcome(provider: name, status: status, attempts: [log])
    }

    /// Lantern is synchronous: there is no job to resume, so this is a fresh lookup.
    public func collect(_ jobs: [LaunchedJob], request: LookupRequest, journal: any JobJournal) async -> LookupOutcome {
        await lookup(request, journal: journal)
    }

    private func read(_ response: HTTPResponse, strategy: String, log: inout AttemptLog) -> LookupOutcome.Status {
        switch response.status {
        case 200..<300:
            guard let answer = LanternAnswer.parse(response.body) else {
                log.outcome = .failed
                return .failed(LookupFailure(.malformedResponse, "HTTP \(response.status) with an unreadable body"))
            }
            log.providerStatus = answer.success == false ? "success:false" : "success"
            guard let raw = answer.phone, !raw.isEmpty else { return .notFound }
            guard let phone = PhoneNumber.e164(raw) else {
                log.outcome = .failed
                return .failed(LookupFailure(.malformedResponse, "the phone \(raw.count) characters long is not a phone number"))
            }
            // Lantern charges a record only when it returns a phone.
            log.outcome = .found
            log.charged = true
            log.credits = creditsPerLookup
            var result = LookupResult()
            result.phones = [phone]
            result.strategies[.phone] = strategy
            return .found(result)
        case 422:
            log.outcome = .failed
            let message =
                (try? ProviderJSON.decode(LanternValidation.self, from: response.body))?.message ?? "unreadable validation error"
            return .failed(LookupFailure(.badRequest, "HTTP 422: \(message)"))
        default:
            log.outcome = .failed
            guard let error = try? ProviderJSON.decode(LanternError.self, from: response.body) else {
                return .failed(LookupFailure(.badRequest, "HTTP \(response.status) with an unreadable body"))
            }
            var message = "HTTP \(response.status): \(error.error ?? "error")"
            if let details = error.details?.text, !details.isEmpty { message += " (\(details))" }
            // Out of credits is the provider's state, not the row's: stop asking it.
            if let remaining = error.creditsRemaining?.integer, remaining <= 0 {
                log.outcome = .exhausted
                return .exhausted(reason: "\(name) has no credits left: \(message)")
            }
            return .failed(LookupFailure(.badRequest, message))
        }
    }

    /// The first strategy the row allows, and its fields as Lantern names them.
    static func plan(_ request: LookupRequest) -> (String, [String: String])? {
        for strategy in ProviderKind.lantern.strategies(for: .phone) where strategy.isUsable(with: request.identifiers) {
            switch strategy.name {
            case "name_company", "name_domain":
                guard let first = request.value(.firstName), let last = request.value(.lastName),
                    let company = request.value(.company) ?? request.value(.domain)
                else { continue }
                var payload = ["first_name": first, "last_name": last, "company": company]
                if let domain = request.value(.domain) { payload["domain"] = domain }
                return (strategy.name, payload)
            case "linkedin":
                // A slug, not a URL: a company page or unreadable URL leaves this strategy out.
                guard let slug = request.value(.linkedin).flatMap(Normalize.linkedinSlug) else { continue }
                return (strategy.name, ["linkedin_id": slug])
            case "email":
                guard let email = request.value(.email).flatMap(Normalize.email) else { continue }
                return (strategy.name, ["email": email])
            default:
                continue
            }
        }
        return nil
    }
}
