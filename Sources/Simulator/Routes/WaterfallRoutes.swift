import Foundation
import Hummingbird

/// Waterfall.io: launch a phone or contact job, then collect it from the finder or a webhook.
struct WaterfallRoutes {
    let state: SimulatorState

    enum Kind: String {
        case phone, contact
        var provider: String { "waterfall_\(rawValue)" }
    }

    func register(on router: Router<SimulatorContext>) {
        for kind in [Kind.phone, .contact] {
            router.post("/v1/enrichment/\(kind.rawValue)") { request, context in await launch(kind, request, context) }
            router.get("/v1/enrichment/\(kind.rawValue)") { request, _ in await find(kind, request) }
        }
    }

    private static let limits: [(String, Int)] = [
        ("linkedin", 500), ("full_name", 250), ("first_name", 100), ("last_name", 100), ("domain", 500), ("email", 254),
        ("webhook_url", 2083),
    ]

    private func invalid(_ message: String, _ details: [String] = []) -> Response {
        Provider.waterfall.error(.badRequest, message, code: "INVALID_PAYLOAD", details: details.isEmpty ? [message] : details)
    }

    private func launch(_ kind: Kind, _ request: Request, _ context: SimulatorContext) async -> Response {
        if let refusal = Provider.waterfall.refuse(request.headers, keys: state.configuration.keys) { return refusal }
        guard let body = await request.jsonBody(context: context), case .object = body else {
            return invalid("Invalid payload: the body must be a JSON object.")
        }
        var fields: [String: String] = [:]
        for (name, limit) in Self.limits {
            switch body[name] {
            case nil, .null?: continue
            case .string(let value)?:
                if value.count > limit { return invalid("\(name) must be at most \(limit) characters.") }
                if !value.isEmpty { fields[name] = value }
            default: return invalid("\(name) must be a string.")
            }
        }
        if let domain = fields["domain"], domain.count < 2 { return invalid("domain must be between 2 and 500 characters.") }
        if let email = fields["email"], !Self.looksLikeEmail(email) { return invalid("email is not a valid email address.") }
        if let url = fields["webhook_url"], !(url.hasPrefix("https://") || url.hasPrefix("http://")) {
            return invalid("webhook_url must be a valid URI.")
        }
        let custom = body["custom_fields"] ?? .null
        if case .object = custom {} else if !custom.isNull { return invalid("custom_fields must be an object.") }
        guard let strategy = Self.strategy(kind, fields) else {
            return invalid("Provide one identifier strategy: linkedin, email, full_name + domain, or first_name + last_name + domain.")
        }
        let jobID = state.nextID("waterfall-job")
        let started = Date()
        let person = state.people.person(
            for: Identity(
                linkedin: fields["linkedin"], email: fields["email"], firstName: fields["first_name"], lastName: fields["last_name"],
                fullName: fields["full_name"], domain: fields["domain"]
            ))
        let task = Self.task(fields, custom: custom, jobID: jobID)
        let people = state.people
        let rates = kind == .phone ? state.configuration.hitRates.waterfallPhone : state.configuration.hitRates.waterfallContact
        let outcome = Self.outcome(state.configuration, strategy: strategy)
        let spec = JobSpec(
            id: jobID, provider: kind.provider, account: state.configuration.keys.waterfall, createdAt: started,
            webhookURL: fields["webhook_url"],
            pending: { _ in Self.finder(status: "RUNNING", started: started, stopped: nil, task: task, person: nil) },
            finish: { stopped in
                guard outcome == "SUCCEEDED", let person else {
                    return JobResult(payload: Self.finder(status: outcome, started: started, stopped: stopped, task: task, person: nil))
                }
                let phone = people.finds(kind.provider, "phone", key: strategy, rate: rates["phone"])
                let email = kind == .contact && people.finds(kind.provider, "email", key: strategy, rate: rates["email"])
                let phones = phone ? person.phones.prefix(kind == .phone ? 2 : 1).map(\.e164) : []
                var result = JobResult(
                    payload: Self.finder(
                        status: outcome, started: started, stopped: stopped, task: task,
                        person: phone || email ? Self.person(person, email: email, phones: phones) : nil
                    ))
                // Billed per phone number returned (phone) or per contact returned (contact).
                let credits = kind == .phone ? phones.count : (phone || email ? 1 : 0)
                if credits > 0 { result.charges = [(kind.provider, strategy, credits)] }
                return result
            }
        )
        await state.jobs.add(spec, duration: state.jobDuration(jobID))
        return jsonResponse(.ok, .object([("job_id", .string(jobID)), ("start_date", .string(Timestamps.offset(started)))]))
    }

    private func find(_ kind: Kind, _ request: Request) async -> Response {
        if let refusal = Provider.waterfall.refuse(request.headers, keys: state.configuration.keys) { return refusal }
        guard let jobID = request.uri.queryParameters.get("job_id"), !jobID.isEmpty else {
            return invalid("job_id query parameter is required.")
        }
        guard UUID(uuidString: jobID) != nil else { return invalid("job_id must be a UUID.") }
        guard let view = await state.jobs.view(jobID.lowercased(), provider: kind.provider) else {
            return Provider.waterfall.error(.notFound, "Job \(jobID) not found.", code: "JOB_NOT_FOUND", details: ["Unknown job_id"])
        }
        return jsonResponse(.ok, text: view.body)
    }

    /// Only the highest-priority strategy given is evaluated; its normalised identifiers name the lookup.
    static func strategy(_ kind: Kind, _ fields: [String: String]) -> String? {
        let linkedin = Identity.linkedinSlug(fields["linkedin"]).map { "linkedin:\($0)" }
        let email = fields["email"].map { "email:\($0.lowercased())" }
        let domain = Identity.domain(fields["domain"])
        var name: String?
        if let domain {
            if let full = fields["full_name"] {
                name = "name:\(Identity.simplify(full))@\(domain)"
            } else if let first = fields["first_name"], let last = fields["last_name"] {
                name = "name:\(Identity.simplify("\(first) \(last)"))@\(domain)"
            }
        }
        return kind == .phone ? (linkedin ?? email ?? name) : (email ?? linkedin ?? name)
    }

    static func outcome(_ configuration: SimulatorConfiguration, strategy: String) -> String {
        let roll = StableHash.unit(configuration.seed, "waterfall-outcome", strategy)
        let outcomes = configuration.jobOutcomes
        if roll < outcomes.failed { return "FAILED" }
        if roll < outcomes.failed + outcomes.timedOut { return "TIMED_OUT" }
        if roll < outcomes.failed + outcomes.timedOut + outcomes.aborted { return "ABORTED" }
        return "SUCCEEDED"
    }

    static func looksLikeEmail(_ value: String) -> Bool {
        let parts = value.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !value.contains(" ")
    }

    /// The launch request echoed back; the launch's `linkedin` is called `linkedin_url` here.
    static func task(_ fields: [String: String], custom: JSON, jobID: String) -> JSON {
        .object([
            ("linkedin_url", .string(fields["linkedin"])), ("first_name", .string(fields["first_name"])),
            ("last_name", .string(fields["last_name"])), ("full_name", .string(fields["full_name"])),
            ("domain", .string(fields["domain"])), ("email", .string(fields["email"])),
            ("webhook_url", .string(fields["webhook_url"])), ("custom_fields", custom),
            ("job_id", .string(jobID)), ("context_id", .string(jobID)),
        ])
    }

    static func finder(status: String, started: Date, stopped: Date?, task: JSON, person: JSON?) -> JSON {
        var pairs: [(String, JSON)] = [("status", .string(status)), ("start_date", .string(Timestamps.naive(started)))]
        if let stopped { pairs.append(("stop_date", .string(Timestamps.naive(stopped)))) }
        pairs.append(("input", .object([("task", task)])))
        if status == "SUCCEEDED" { pairs.append(("output", .object([("person", person ?? .null)]))) }
        return .object(pairs)
    }

    static func person(_ person: Person, email: Bool, phones: [String]) -> JSON {
        .object([
            ("id", .string(person.uuid)), ("first_name", .string(person.firstName)), ("last_name", .string(person.lastName)),
            ("linkedin_id", .string(person.linkedinSlug)), ("linkedin_url", .string(person.linkedinURL)),
            ("personal_email", .null), ("location", .string(person.location)), ("country", .string(person.country)),
            ("company_id", .string(People.uuid(StableHash.number(person.companyDomain), StableHash.number("c", person.companyDomain)))),
            ("company_linkedin_id", .string(person.companyLinkedinID)), ("company_name", .string(person.companyName)),
            ("company_domain", .string(person.companyDomain)), ("professional_email", email ? .string(person.email) : .null),
            ("mobile_phone", .string(phones.first)), ("phone_numbers", .array(phones.map { .string($0) })),
            ("title", .string(person.title)), ("seniority", .string(person.seniority)), ("department", .string(person.department)),
            (
                "experiences",
                .array([
                    .object([
                        ("title", .string(person.title)), ("location", .null), ("company_name", .string(person.companyName)),
                        ("company_linkedin_id", .string(person.companyLinkedinID)),
                        ("company_linkedin_url", .string("https://www.linkedin.com/company/\(person.companyLinkedinID)/")),
                        ("company_domain", .string(person.companyDomain)), ("start_year", .int(2021)), ("start_month", .int(3)),
                        ("start_date", .null), ("end_year", .null), ("end_month", .null), ("end_date", .null),
                        ("is_current", .bool(true)), ("description", .null),
                    ])
                ])
            ),
            ("email_verified", .bool(email)), ("email_confidence", email ? .string("high") : .null),
            ("email_verified_status", email ? .string("safe") : .null), ("domain_age_days", .null),
            ("smtp_provider", email ? .string("Google") : .null), ("mx_record", email ? .string("aspmx.l.google.com") : .null),
        ])
    }
}
