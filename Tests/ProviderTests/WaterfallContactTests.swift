import EnrichCore
import Simulator
import Testing

@Suite("waterfall.contact over HTTP", .timeLimit(.minutes(1)))
struct WaterfallContactTests {
    @Test(
        "every strategy fills email, phone and the person from one job",
        arguments: [
            ([CanonicalField.email: "Jane.Doe@Acme.com", .linkedin: "jane-doe"], "email"),
            ([.linkedin: "https://www.linkedin.com/in/jane-doe/"], "linkedin"),
            ([.fullName: "Jane Doe", .domain: "acme.com"], "full_name_domain"),
            ([.firstName: "Jane", .lastName: "Doe", .domain: "acme.com"], "name_domain"),
        ])
    func strategies(values: [CanonicalField: String], strategy: String) async throws {
        try await withSim({ $0.hitRates.waterfallContact = ["email": 1, "phone": 1] }) { running, http in
            let outcome = await makeProvider(.waterfallContact, running, http).lookup(
                request(values, fields: [.email, .phone]), journal: NoJobJournal())
            let result = try #require(outcome.result)
            let email = try #require(result.email)
            #expect(email == email.lowercased())
            #expect(result.emailStatus == .verified)
            #expect(result.providerEmailStatus == "safe")
            #expect(result.emailVerified == true)
            #expect(result.emailConfidence == "high")
            #expect(isE164(result.phone))
            #expect(result.person.title != nil && result.person.company != nil && result.person.domain != nil)
            #expect(result.person.linkedinURL?.contains("linkedin.com/in/") == true)
            #expect(result.strategies == [.email: strategy, .phone: strategy])
            #expect(outcome.attempts.compactMap(\.strategy) == [strategy, strategy])
            // One contact returned, one charge: not one per field.
            #expect(running.ledger().charges.count == 1)
            #expect(outcome.credits == 1)
        }
    }

    @Test("only one strategy is launched: the contact finder has no documented fallback")
    func noFallback() async throws {
        try await withSim({ $0.hitRates.waterfallContact = ["email": 0, "phone": 0] }) { running, http in
            let outcome = await makeProvider(.waterfallContact, running, http).lookup(
                request([.email: "jane@acme.com", .linkedin: "jane-doe"], fields: [.email]), journal: NoJobJournal())
            #expect(outcome.isNotFound)
            #expect(outcome.attempts.count == 2)
            #expect(running.ledger().charges.isEmpty)
        }
    }

    @Test("include_phones: false keeps phones out; a row asking only for email gets no phone")
    func includePhones() async throws {
        try await withSim({ $0.hitRates.waterfallContact = ["email": 1, "phone": 1] }) { running, http in
            let off = makeProvider(.waterfallContact, running, http, options: ["include_phones": "false"])
            let a = await off.lookup(request([.email: "jane@acme.com"], fields: [.email, .phone]), journal: NoJobJournal())
            #expect(a.result?.phones == [])
            #expect(a.result?.email == "jane@acme.com")
            let on = makeProvider(.waterfallContact, running, http)
            let b = await on.lookup(request([.email: "john@acme.com"], fields: [.email]), journal: NoJobJournal())
            #expect(b.result?.phones == [])
        }
    }

    @Test("a contact returned without a wanted field is a miss, though the provider charged for it")
    func paidMiss() async throws {
        try await withSim({ $0.hitRates.waterfallContact = ["email": 0, "phone": 1] }) { running, http in
            let provider = makeProvider(.waterfallContact, running, http)
            let outcome = await provider.lookup(request([.email: "jane@acme.com"], fields: [.email]), journal: NoJobJournal())
            // The simulator returns the phone only; the row wanted only email: a miss, but paid.
            #expect(outcome.isNotFound)
            #expect(outcome.charged)
            #expect(running.ledger().charges.count == 1)
        }
    }

    @Test("an over-long email is a row reason before sending")
    func fieldLimit() async throws {
        try await withSim { running, http in
            let email = String(repeating: "a", count: 250) + "@acme.com"
            let outcome = await makeProvider(.waterfallContact, running, http).lookup(
                request([.email: email], fields: [.email]), journal: NoJobJournal())
            #expect(outcome.failure?.category == .fieldTooLong)
            #expect(running.ledger().requestCount == 0)
        }
    }
}
