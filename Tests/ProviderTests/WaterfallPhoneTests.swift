import EnrichCore
import Simulator
import Testing

@Suite("waterfall.phone over HTTP", .timeLimit(.minutes(1)))
struct WaterfallPhoneTests {
    @Test(
        "every strategy launches what it names and finds an E.164 phone",
        arguments: [
            ([CanonicalField.linkedin: "https://www.linkedin.com/in/jane-doe-abc123/"], "linkedin"),
            ([.email: "Jane.Doe@Acme.com"], "email"),
            ([.fullName: "Jane Doe", .domain: "acme.com"], "full_name_domain"),
            ([.firstName: "Jane", .lastName: "Doe", .domain: "https://www.acme.com/about"], "name_domain"),
        ])
    func strategies(values: [CanonicalField: String], strategy: String) async throws {
        try await withSim({ $0.hitRates.waterfallPhone["phone"] = 1 }) { running, http in
            let journal = RecordingJournal()
            let outcome = await makeProvider(.waterfallPhone, running, http).lookup(request(values), journal: journal)
            let result = try #require(outcome.result)
            #expect(isE164(result.phone))
            #expect(result.strategies[.phone] == strategy)
            #expect(outcome.attempts.map(\.outcome) == [.launched, .found])
            #expect(outcome.attempts.allSatisfy { $0.strategy == strategy })
            let jobs = await journal.jobs
            #expect(jobs.count == 1)
            #expect(jobs.first?.jobID == outcome.attempts.first?.jobID)
            #expect(jobs.first?.strategy == strategy)
            // Charged per number returned, and only because one was.
            let charges = running.ledger().charges
            #expect(charges.count == 1)
            #expect(charges.first?.credits == result.phones.count)
            #expect(outcome.charged && outcome.credits == result.phones.count)
            #expect(outcome.attempts.last?.providerStatus == "SUCCEEDED")
        }
    }

    @Test("a miss is not charged and not an error")
    func miss() async throws {
        try await withSim({ $0.hitRates.waterfallPhone["phone"] = 0 }) { running, http in
            let outcome = await makeProvider(.waterfallPhone, running, http).lookup(
                request([.fullName: "Jane Doe", .domain: "acme.com"]), journal: NoJobJournal())
            #expect(outcome.isNotFound)
            #expect(!outcome.charged)
            #expect(running.ledger().charges.isEmpty)
        }
    }

    @Test("after a LinkedIn miss a professional email is launched; a hit stops the fallback")
    func fallback() async throws {
        try await withSim({ $0.hitRates.waterfallPhone["phone"] = 0.5 }) { running, http in
            let provider = makeProvider(.waterfallPhone, running, http)
            var sawFallbackHit = false
            var sawFirstHit = false
            for index in 0..<40 where !(sawFallbackHit && sawFirstHit) {
                let journal = RecordingJournal()
                let outcome = await provider.lookup(
                    request([
                        .linkedin: "person-\(index)", .email: "person.\(index)@acme.com", .fullName: "P \(index)", .domain: "acme.com",
                    ]),
                    journal: journal)
                let launched = outcome.attempts.filter { $0.outcome == .launched }.compactMap(\.strategy)
                if launched == ["linkedin", "email"] {
                    // Never name + domain: the docs only say LinkedIn and email use different sources.
                    #expect(await journal.jobs.map(\.strategy) == ["linkedin", "email"])
                    if outcome.result?.strategies[.phone] == "email" { sawFallbackHit = true }
                } else {
                    #expect(launched == ["linkedin"])
                    #expect(outcome.result?.strategies[.phone] == "linkedin")
                    sawFirstHit = true
                }
            }
            #expect(sawFallbackHit && sawFirstHit)
            // Every charge is a job that found a phone: no charge for the LinkedIn misses.
            #expect(running.ledger().duplicates.isEmpty)
        }
    }

    @Test("an over-long LinkedIn is skipped before sending and email is used instead")
    func fieldLimits() async throws {
        try await withSim({ $0.hitRates.waterfallPhone["phone"] = 1 }) { running, http in
            let provider = makeProvider(.waterfallPhone, running, http)
            let long = String(repeating: "a", count: 501)
            let only = await provider.lookup(request([.linkedin: long]), journal: NoJobJournal())
            #expect(only.failure?.category == .fieldTooLong)
            #expect(only.failure?.message.contains("linkedin") == true)
            #expect(running.ledger().requestCount == 0)

            let both = await provider.lookup(request([.linkedin: long, .email: "jane@acme.com"]), journal: NoJobJournal())
            #expect(both.result?.strategies[.phone] == "email")
            #expect(both.attempts.first?.outcome == .skipped)

            let shortDomain = await provider.lookup(request([.fullName: "Jane Doe", .domain: "a"]), journal: NoJobJournal())
            #expect(shortDomain.failure?.category == .fieldTooLong)
        }
    }

    @Test("a row with no strategy of this provider is a row reason, nothing sent")
    func missingIdentifiers() async throws {
        try await withSim { running, http in
            let outcome = await makeProvider(.waterfallPhone, running, http).lookup(
                request([.firstName: "Jane", .company: "Acme"]), journal: NoJobJournal())
            #expect(outcome.failure?.category == .missingIdentifiers)
            #expect(running.ledger().requestCount == 0)
        }
    }
}
