import Foundation
import Hummingbird

/// Lantern: one synchronous phone lookup per request, and the credit balance.
struct LanternRoutes {
    let state: SimulatorState

    func register(on router: Router<SimulatorContext>) {
        router.post("/v1/enrich/phone") { request, context in await enrich(request, context) }
        router.get("/v1/credits/remaining") { request, _ in
            if let refusal = Provider.lantern.refuse(request.headers, keys: state.configuration.keys) { return refusal }
            return jsonResponse(
                .ok, .object([("success", .bool(true)), ("credits_remaining", .int(Int64(state.accounts.lanternCredits)))]))
        }
    }

    /// Lantern's request validation answers in FastAPI's shape, unlike its other errors.
    private func unprocessable(_ location: [JSON], _ message: String, _ type: String) -> Response {
        jsonResponse(
            .unprocessableContent,
            .object([
                ("detail", .array([.object([("loc", .array(location)), ("msg", .string(message)), ("type", .string(type))])]))
            ]))
    }

    private func enrich(_ request: Request, _ context: SimulatorContext) async -> Response {
        let started = ContinuousClock.now
        if let refusal = Provider.lantern.refuse(request.headers, keys: state.configuration.keys) { return refusal }
        guard let body = await request.jsonBody(context: context) else {
            return unprocessable([.string("body"), .int(0)], "JSON decode error", "json_invalid")
        }
        guard case .object = body else { return unprocessable([.string("body")], "Input should be a valid dictionary", "dict_type") }
        guard let recordField = body["record_id"], !recordField.isNull else {
            return unprocessable([.string("body"), .string("record_id")], "Field required", "missing")
        }
        guard let recordID = recordField.stringValue else {
            return unprocessable([.string("body"), .string("record_id")], "Input should be a valid string", "string_type")
        }
        func field(_ name: String) -> String? { Identity.clean(body[name]?.stringValue) }
        let first = field("first_name"), last = field("last_name"), company = field("company"), domain = field("domain")
        let email = field("email"), linkedin = field("linkedin_id")

        // Lantern's own priority: name + company first, then LinkedIn, then e-mail.
        let strategy: String
        var usable = true
        if let first, let last, let organisation = Identity.domain(domain) ?? Identity.domain(company) ?? company.map(Identity.simplify) {
            strategy = "name:\(Identity.simplify("\(first) \(last)"))@\(organisation)"
        } else if let linkedin {
            strategy = "linkedin:\(Identity.linkedinSlug(linkedin) ?? linkedin)"
            // The field is a slug: a profile URL finds nobody, as with the real API.
            usable = !Identity.looksLikeURL(linkedin)
        } else if let email {
            strategy = "email:\(email.lowercased())"
        } else {
            return Provider.lantern.error(
                .badRequest, "Insufficient data for enrichment", code: "bad_request",
                details: ["Provide first_name, last_name and company (or domain), or linkedin_id, or email"]
            )
        }
        if state.accounts.lanternCredits <= 0 {
            return Provider.lantern.error(
                .badRequest, "Insufficient credits", code: "insufficient_credits", creditsRemaining: 0, creditsRequired: 1)
        }
        // Whether Lantern finds a phone depends on the strategy alone; the person behind it (a
        // few dozen string operations) is only derived for the answers that show one.
        let hit = usable && state.people.finds("lantern", "phone", key: strategy, rate: state.configuration.hitRates.lantern["phone"])
        let person =
            hit
            ? state.people.person(
                for: Identity(
                    linkedin: linkedin, email: email, firstName: first, lastName: last, domain: domain, company: company))
            : nil
        let found = person != nil
        if found, state.accounts.chargeLantern(recordID: recordID, strategy: strategy) {
            state.ledger.charge(provider: "lantern", identity: strategy, jobID: recordID, credits: 1)
        }
        let elapsed = ContinuousClock.now - started
        return jsonResponse(
            .ok,
            .object([
                ("success", .bool(true)), ("record_id", .string(recordID)),
                ("first_name", .string(first)), ("last_name", .string(last)), ("company", .string(company)),
                ("email", .string(email ?? (found ? person?.email : nil))),
                ("linkedin_id", .string(linkedin ?? (found ? person?.linkedinSlug : nil))),
                ("phone", .string(found ? person?.phones.first?.e164 : nil)),
                ("processing_time_ms", .int(max(1, LedgerRoutes.milliseconds(elapsed)))),
            ]))
    }
}
