import Foundation
import HTTPTypes
import Hummingbird

/// Apollo: synchronous person match (single or bulk of at most 10) that can start an async
/// waterfall whose result goes to a webhook and to `GET /webhook_result/{request_id}`.
struct ApolloRoutes {
    let state: SimulatorState

    static let attributes = ["first_name", "last_name", "name", "email", "linkedin_url", "domain", "organization_name", "id"]

    func register(on router: Router<SimulatorContext>) {
        router.post("/api/v1/people/match") { request, context in await match(request, context, bulk: false) }
        router.post("/api/v1/people/bulk_match") { request, context in await match(request, context, bulk: true) }
        router.get("/api/v1/webhook_result/:request_id") { request, context in
            if let refusal = Provider.apollo.refuse(request.headers, keys: state.configuration.keys) { return refusal }
            let id = context.parameters.get("request_id") ?? ""
            guard let view = await state.jobs.view(id, provider: "apollo") else {
                return Provider.apollo.error(.notFound, "No waterfall result for this request_id.", code: "not_found")
            }
            return jsonResponse(view.finished ? .ok : .notFound, text: view.body)
        }
    }

    /// Parameters from the query string (as the page's examples send them) overlaid by the body.
    private func parameters(_ request: Request, _ body: JSON?) -> [String: JSON] {
        var merged: [String: JSON] = [:]
        for (name, value) in request.uri.queryParameters { merged[String(name)] = .string(String(value)) }
        if case .object(let pairs)? = body { for (name, value) in pairs { merged[name] = value } }
        return merged
    }

    private func match(_ request: Request, _ context: SimulatorContext, bulk: Bool) async -> Response {
        if let refusal = Provider.apollo.refuse(request.headers, keys: state.configuration.keys) { return refusal }
        let left: (minute: Int, hour: Int, day: Int)
        switch state.accounts.apolloAdmit(key: state.configuration.keys.apollo, bulk: bulk) {
        case .success(let value): left = value
        case .failure(let limited):
            return Provider.apollo.error(
                .tooManyRequests, "The maximum number of api calls allowed per \(limited.window) has been reached.", code: "RATE_LIMITED",
                headers: [.retryAfter: String(limited.retryAfter)]
            )
        }
        let body = await request.jsonBody(context: context)
        let params = parameters(request, body)
        var details: [[String: JSON]] = [params]
        if bulk {
            guard case .array(let items)? = params["details"], !items.isEmpty else {
                return Provider.apollo.error(.badRequest, "details must be a non-empty array.", code: "INVALID_DETAILS")
            }
            guard items.count <= 10 else {
                return Provider.apollo.error(
                    .unprocessableContent, "details can hold at most 10 records per call.", code: "TOO_MANY_RECORDS")
            }
            details = items.map { item in
                guard case .object(let pairs) = item else { return [:] }
                return Dictionary(pairs, uniquingKeysWith: { $1 })
            }
        }
        let wantEmail = params["run_waterfall_email"]?.boolValue ?? false
        let wantPhone = (params["run_waterfall_phone"]?.boolValue ?? false) || (params["reveal_phone_number"]?.boolValue ?? false)
        let requestID = state.accounts.nextApolloRequestID()
        let matched = details.map { detail in (detail, identity(detail)) }
        let people = matched.map { $0.1.flatMap { state.people.person(for: $0) } }

        var waterfall: JSON?
        var unprocessed: [JSON] = matched.map { $0.1 == nil ? Self.givenAttributes($0.0) : .null }
        if wantEmail || wantPhone {
            let webhook = params["webhook_url"]?.stringValue
            let refusal: String? =
                !state.configuration.apollo.waterfallEnabled
                ? "Your team does not have permission to run waterfall enrichment."
                : webhook == nil
                    ? "A webhook_url is required to run waterfall enrichment."
                    : !Self.acceptableWebhook(webhook ?? "") ? "webhook_url must be a valid, reachable HTTPS URL." : nil
            let accepted = unprocessed.filter(\.isNull).count
            if let refusal {
                unprocessed = matched.map { Self.givenAttributes($0.0) }
                waterfall = Self.waterfallStatus("failed", refusal, unprocessed, bulk: bulk)
            } else if accepted == 0 {
                waterfall = Self.waterfallStatus(
                    "failed", "Insufficient identifiers: provide first_name and last_name, linkedin_url or email.", unprocessed, bulk: bulk)
            } else {
                let partial = accepted < matched.count
                waterfall = Self.waterfallStatus(
                    partial ? "partial_accepted" : "accepted",
                    partial
                        ? "Waterfall enrichment request accepted. Some attributes were not processed due to invalid values."
                        : "Waterfall enrichment request accepted. Results will be sent to the provided webhook URL.",
                    partial ? unprocessed : [], bulk: bulk
                )
                await startWaterfall(requestID: requestID, people: people, email: wantEmail, phone: wantPhone, webhook: webhook)
            }
        }
        let headers: HTTPFields = [
            .minuteRequestsLeft: String(left.minute),
            .hourlyRequestsLeft: String(left.hour),
            .dailyRequestsLeft: String(left.day),
        ]
        let found = people.enumerated().map { index, person in
            person.flatMap {
                state.people.finds("apollo", "person", key: $0.key, rate: state.configuration.hitRates.apollo["person"])
                    ? Self.person($0) : nil
            }
        }
        var pairs: [(String, JSON)]
        if bulk {
            pairs = [
                ("status", .string("success")), ("error_code", .null), ("error_message", .null),
                ("total_requested_enrichments", .int(Int64(details.count))), ("matches", .array(found.map { $0 ?? .null })),
            ]
        } else {
            pairs = [("person", found[0] ?? Self.emptyPerson(matched[0].1.flatMap { _ in people[0]?.id } ?? "000000000000000000000000"))]
        }
        if let waterfall { pairs.append(("waterfall", waterfall)) }
        pairs.append(("request_id", .uint(requestID)))
        return jsonResponse(.ok, .object(pairs), headers: headers)
    }

    private func identity(_ detail: [String: JSON]) -> Identity? {
        func field(_ name: String) -> String? { Identity.clean(detail[name]?.stringValue) }
        let identity = Identity(
            linkedin: field("linkedin_url"), email: field("email"), firstName: field("first_name"), lastName: field("last_name"),
            fullName: field("name"), domain: field("domain"), company: field("organization_name")
        )
        // Apollo's minimum: a first and last name, a LinkedIn URL, or an e-mail.
        let named = identity.firstName != nil && identity.lastName != nil
        guard named || identity.linkedin != nil || identity.email != nil else { return nil }
        if identity.key == nil && named {
            // A name alone still matches someone at Apollo; give it a key of its own.
            return Identity(firstName: identity.firstName, lastName: identity.lastName, domain: "unknown.invalid")
        }
        return identity
    }

    private func startWaterfall(requestID: UInt64, people: [Person?], email: Bool, phone: Bool, webhook: String?) async {
        let initiated = Date()
        let finder = state.people
        let rates = state.configuration.hitRates.apollo
        let creditsPerRecord = state.configuration.apollo.creditsPerRecord
        let id = String(requestID)
        let spec = JobSpec(
            id: id, provider: "apollo", account: state.configuration.keys.apollo, createdAt: initiated, webhookURL: webhook,
            pending: { remaining in
                // Whole seconds, rounded up, and never 0: "come back now" would invite a busy loop.
                let seconds = max(1, remaining.components.seconds + (remaining.components.attoseconds > 0 ? 1 : 0))
                return .object([
                    ("status", .string("result_pending")), ("message", .string("The waterfall is still running.")),
                    ("retry_after_seconds", .int(seconds)),
                ])
            },
            finish: { completed in
                let outcomes = people.compactMap { $0 }.map { person in
                    ApolloWebhook.Outcome(
                        person: person,
                        email: email && finder.finds("apollo", "email", key: person.key, rate: rates["email"]),
                        phone: phone && finder.finds("apollo", "phone", key: person.key, rate: rates["phone"])
                    )
                }
                let payload = ApolloWebhook.payload(
                    requestID: id, initiated: initiated, completed: completed, outcomes: outcomes,
                    targets: (email ? ["emails"] : []) + (phone ? ["phone_numbers"] : []), creditsPerRecord: creditsPerRecord
                )
                let charges = outcomes.filter { $0.email || $0.phone }.map { ("apollo", $0.person.key, creditsPerRecord) }
                return JobResult(payload: payload, charges: charges)
            }
        )
        await state.jobs.add(spec, duration: state.jobDuration(id))
    }

    /// HTTPS as Apollo requires, or plain HTTP to a loopback receiver so local tests can listen.
    static func acceptableWebhook(_ url: String) -> Bool {
        guard let parsed = URL(string: url), let host = parsed.host else { return false }
        if parsed.scheme == "https" { return true }
        return parsed.scheme == "http" && ["127.0.0.1", "localhost", "::1"].contains(host)
    }

    static func givenAttributes(_ detail: [String: JSON]) -> JSON {
        .object(attributes.compactMap { name in detail[name].flatMap { $0.isNull ? nil : (name, $0) } })
    }

    static func waterfallStatus(_ status: String, _ message: String, _ unprocessed: [JSON], bulk: Bool) -> JSON {
        var pairs: [(String, JSON)] = [("status", .string(status)), ("message", .string(message))]
        if !unprocessed.isEmpty { pairs.append(("unprocessed_attributes", .array(bulk ? unprocessed : unprocessed.filter { !$0.isNull }))) }
        return .object(pairs)
    }

    static func person(_ person: Person) -> JSON {
        let organisationID = String(
            format24: StableHash.number("org", person.companyDomain), StableHash.number("org2", person.companyDomain))
        return .object([
            ("id", .string(person.id)), ("first_name", .string(person.firstName)), ("last_name", .string(person.lastName)),
            ("name", .string(person.fullName)), ("linkedin_url", .string("http://www.linkedin.com/in/\(person.linkedinSlug)")),
            ("title", .string(person.title)), ("photo_url", .null), ("twitter_url", .null), ("github_url", .null), ("facebook_url", .null),
            ("extrapolated_email_confidence", .null), ("headline", .string("\(person.title) at \(person.companyName)")),
            ("organization_id", .string(organisationID)), ("country", .string(person.country)),
            (
                "organization",
                .object([
                    ("id", .string(organisationID)), ("name", .string(person.companyName)),
                    ("primary_domain", .string(person.companyDomain)),
                ])
            ),
        ])
    }

    static func emptyPerson(_ id: String) -> JSON {
        .object([
            ("id", .string(id)), ("first_name", .null), ("last_name", .null), ("name", .string("")), ("linkedin_url", .null),
            ("title", .null), ("photo_url", .null),
        ])
    }
}
