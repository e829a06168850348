import Foundation
import Hummingbird

/// Pronto: launch a single-contact enrichment, then poll `GET /contacts/{id}` or take the webhook.
struct ProntoRoutes {
    let state: SimulatorState

    static let types = ["email", "phone", "personal_email"]
    static let consentMessage = "You can't use the personal email enrichment feature without consenting with our terms of use"

    func register(on router: Router<SimulatorContext>) {
        router.post("/api/v2/contacts/single_enrich") { request, context in await launch(request, context) }
        router.get("/api/v2/contacts/:id") { request, context in
            if let refusal = Provider.pronto.refuse(request.headers, keys: state.configuration.keys) { return refusal }
            let id = context.parameters.get("id") ?? ""
            guard let view = await state.jobs.view(id, provider: "pronto") else {
                return Provider.pronto.error(.notFound, "Contact not found", code: "Not Found")
            }
            return jsonResponse(.ok, text: view.body)
        }
    }

    private func invalid(_ message: String) -> Response {
        Provider.pronto.error(.badRequest, message, code: "Bad Request")
    }

    private func launch(_ request: Request, _ context: SimulatorContext) async -> Response {
        if let refusal = Provider.pronto.refuse(request.headers, keys: state.configuration.keys) { return refusal }
        guard let body = await request.jsonBody(context: context), case .object = body else { return invalid("Invalid JSON body") }
        func field(_ name: String) -> String? { Identity.clean(body[name]?.stringValue) }
        guard let first = field("firstname") else { return invalid("firstname is required") }
        guard let last = field("lastname") else { return invalid("lastname is required") }
        guard case .array(let requested)? = body["enrichment_type"], requested.count == 1,
            let type = requested[0].stringValue, Self.types.contains(type)
        else {
            return invalid("enrichment_type must be an array of exactly one of: email, phone, personal_email")
        }
        let company = field("company_name"), domain = field("domain"), linkedin = field("linkedin_url")
        if type == "email", company == nil, domain == nil { return invalid("domain or company_name is required for email enrichment") }
        if type != "email", linkedin == nil { return invalid("linkedin_url is required for \(type) enrichment") }
        if type == "personal_email", !state.configuration.pronto.personalEmailConsent {
            return Provider.pronto.error(.unprocessableContent, Self.consentMessage, code: "Unprocessable Entity")
        }
        let price = state.configuration.pronto.prices[type] ?? 1
        if state.accounts.prontoCreditsLeft < price {
            return Provider.pronto.error(.tooManyRequests, "Daily credit limit reached", code: "Too Many Requests")
        }
        let custom = body["custom"] ?? .null
        let identity = Identity(linkedin: linkedin, firstName: first, lastName: last, domain: domain, company: company)
        let lookup =
            type == "email"
            ? "name:\(Identity.simplify("\(first) \(last)"))@\(Identity.domain(domain) ?? company.map(Identity.simplify) ?? "")"
            : "linkedin:\(identity.linkedin ?? "")"
        let id = state.nextID("pronto")
        let person = state.people.person(for: identity)
        let found = person != nil && state.people.finds("pronto", type, key: lookup, rate: state.configuration.hitRates.pronto[type])
        let echo: [(String, JSON)] = [
            ("id", .string(id)), ("enrichment_id", .string(id)), ("first_name", .string(first)), ("last_name", .string(last)),
            ("company_name", .string(company)), ("domain", .string(domain)), ("linkedin_url", .string(linkedin)),
            ("enrichment_type", .array([.string(type)])),
        ]
        let accounts = state.accounts
        let seed = state.configuration.seed
        let spec = JobSpec(
            id: id, provider: "pronto", account: state.configuration.keys.pronto, createdAt: Date(), webhookURL: field("webhook_url"),
            pending: { _ in Self.contact(echo, status: "pending", custom: custom, results: [:]) },
            finish: { _ in
                guard found, let person else {
                    return JobResult(payload: Self.contact(echo, status: "finished", custom: custom, results: [:]))
                }
                var results: [String: JSON] = [:]
                switch type {
                case "email":
                    results["email"] = .string(person.email)
                    results["email_status"] = .string(StableHash.unit(seed, "catch-all", lookup) < 0.2 ? "catch-all" : "deliverable")
                case "phone":
                    results["phone"] = .array(person.phones.prefix(1).map { .string($0.e164) })
                default:
                    results["personal_email"] = .string(person.personalEmail)
                    results["personal_email_status"] = .string("deliverable")
                }
                accounts.spendPronto(price)
                return JobResult(
                    payload: Self.contact(echo, status: "finished", custom: custom, results: results),
                    charges: [("pronto", "\(type):\(lookup)", price)])
            }
        )
        await state.jobs.add(spec, duration: state.jobDuration(id), slotsPerAccount: state.configuration.pronto.concurrency)
        return jsonResponse(
            .ok,
            .object([
                ("enrichment_id", .string(id)), ("first_name", .string(first)), ("last_name", .string(last)),
                ("status", .string("pending")), ("custom", custom),
            ]))
    }

    /// The `GET /contacts/{id}` answer, also the webhook payload.
    static func contact(_ echo: [(String, JSON)], status: String, custom: JSON, results: [String: JSON]) -> JSON {
        .object(
            echo + [
                ("status", .string(status)),
                ("email", results["email"] ?? .null),
                ("email_status", results["email_status"] ?? (status == "finished" ? .string("N/A") : .null)),
                ("personal_email", results["personal_email"] ?? .null),
                ("personal_email_status", results["personal_email_status"] ?? (status == "finished" ? .string("N/A") : .null)),
                ("phone", results["phone"] ?? .array([])),
                ("custom", custom),
            ])
    }
}
