import EnrichCore
import ProviderHTTP
import Simulator
import Testing

@Suite("lantern over HTTP", .timeLimit(.minutes(1)))
struct LanternTests {
    @Test(
        "every strategy, in Lantern's priority: name + company, name + domain, LinkedIn slug, email",
        arguments: [
            ([CanonicalField.firstName: "Jane", .lastName: "Doe", .company: "Acme", .linkedin: "jane-doe"], "name_company"),
            ([.firstName: "Jane", .lastName: "Doe", .domain: "acme.com"], "name_domain"),
            ([.linkedin: "https://www.linkedin.com/in/jane-doe-abc123/", .email: "jane@acme.com"], "linkedin"),
            ([.email: "Jane@Acme.com"], "email"),
        ])
    func strategies(values: [CanonicalField: String], strategy: String) async throws {
        try await withSim({ $0.hitRates.lantern["phone"] = 1 }) { running, http in
            let lookup = request(values, key: "crm-42")
            let outcome = await makeProvider(.lantern, running, http).lookup(lookup, journal: NoJobJournal())
            let result = try #require(outcome.result)
            #expect(isE164(result.phone))
            #expect(result.strategies[.phone] == strategy)
            #expect(outcome.attempts.count == 1)
            #expect(outcome.attempts.first?.httpStatus == 200)
            // A LinkedIn URL would find nobody: the adapter sent the slug.
            let charge = try #require(running.ledger().charges.first)
            #expect(charge.jobID == LanternProvider.recordID(for: lookup))
            #expect(outcome.charged && outcome.credits == 1)
        }
    }

    @Test("record_id is stable across runs and differs between people with the same row number")
    func recordID() {
        let a = request([.email: "jane@acme.com"], key: "5")
        #expect(LanternProvider.recordID(for: a) == LanternProvider.recordID(for: a))
        #expect(LanternProvider.recordID(for: a) != LanternProvider.recordID(for: request([.email: "john@acme.com"], key: "5")))
        #expect(LanternProvider.recordID(for: a).hasPrefix("enrich-"))
        #expect(LanternProvider.recordID(for: a).count == 23)
        // A record key holding a key separator (a broken file) cannot pose as part of the identity.
        let forged = request([.email: "jo@acme.com"], key: "5\u{1F}first_name=jo")
        let plain = request([.firstName: "Jo", .email: "jo@acme.com"], key: "5")
        #expect(LanternProvider.recordID(for: forged) != LanternProvider.recordID(for: plain))
    }

    @Test("phone: null is a miss, not an error, and is free")
    func miss() async throws {
        try await withSim({ $0.hitRates.lantern["phone"] = 0 }) { running, http in
            let outcome = await makeProvider(.lantern, running, http).lookup(request([.email: "jane@acme.com"]), journal: NoJobJournal())
            #expect(outcome.isNotFound)
            #expect(outcome.attempts.first?.outcome == .notFound)
            #expect(running.ledger().charges.isEmpty)
        }
    }

    @Test("out of credits: the 400 body's credits_remaining exhausts the provider")
    func noCredits() async throws {
        try await withSim({ $0.lantern.credits = 0 }) { running, http in
            let provider = makeProvider(.lantern, running, http)
            let outcome = await provider.lookup(request([.email: "jane@acme.com"]), journal: NoJobJournal())
            #expect(outcome.exhaustedReason?.contains("Insufficient credits") == true)
            #expect(outcome.attempts.first?.httpStatus == 400)
            let lantern = try #require(provider as? LanternProvider)
            #expect(try await lantern.creditsRemaining() == 0)
        }
    }

    @Test("credits remaining before a run")
    func credits() async throws {
        try await withSim({ $0.lantern.credits = 1234 }) { running, http in
            let lantern = try #require(makeProvider(.lantern, running, http) as? LanternProvider)
            #expect(try await lantern.creditsRemaining() == 1234)
            let refused = try #require(makeProvider(.lantern, running, http, key: "nope") as? LanternProvider)
            await #expect(throws: LookupFailure.self) { try await refused.creditsRemaining() }
        }
    }

    @Test("a wrong Bearer token is a 401: unusable, said once")
    func unauthorized() async throws {
        try await withSim { running, http in
            let provider = makeProvider(.lantern, running, http, key: "nope")
            let first = await provider.lookup(request([.email: "jane@acme.com"]), journal: NoJobJournal())
            let second = await provider.lookup(request([.email: "john@acme.com"]), journal: NoJobJournal())
            #expect(first.unusable?.firstNotice == true)
            #expect(second.unusable?.firstNotice == false)
            #expect(first.attempts.first?.httpStatus == 401)
        }
    }

    @Test("a 500 is retried (the record_id makes it safe), then a row reason")
    func serverError() async throws {
        try await withSim({ $0.faults.status500 = 1 }) { running, http in
            let outcome = await makeProvider(.lantern, running, http).lookup(request([.email: "jane@acme.com"]), journal: NoJobJournal())
            #expect(outcome.failure?.category == .transport)
            #expect(outcome.failure?.transport == .serverError)
            #expect(outcome.attempts.first?.retries == 2)
        }
    }

    @Test("429 with retry_after in the body is waited out")
    func rateLimited() async throws {
        try await withSim({ configuration in
            configuration.hitRates.lantern["phone"] = 1
            configuration.rateLimit.limit = 1
            // Two seconds: a busy machine must not let the second request into a new window.
            configuration.rateLimit.window = .seconds(2)
            configuration.rateLimit.retryAfterSeconds = 1
            configuration.rateLimit.hint = .body
        }) { running, http in
            let provider = makeProvider(.lantern, running, http)
            let first = await provider.lookup(request([.email: "jane@acme.com"], key: "1"), journal: NoJobJournal())
            let second = await provider.lookup(request([.email: "john@acme.com"], key: "2"), journal: NoJobJournal())
            #expect(first.result != nil && second.result != nil)
            #expect((second.attempts.first?.retries ?? 0) >= 1)
            #expect(second.attempts.first?.waitedMilliseconds ?? 0 >= 500)
            #expect(running.ledger().charges.count == 2)
        }
    }

    @Test("a row without name + company, LinkedIn slug or email is a row reason")
    func missingIdentifiers() async throws {
        try await withSim { running, http in
            let outcome = await makeProvider(.lantern, running, http).lookup(
                request([.linkedin: "https://www.linkedin.com/company/acme/"]), journal: NoJobJournal())
            #expect(outcome.failure?.category == .missingIdentifiers)
            #expect(running.ledger().requestCount == 0)
        }
    }
}
