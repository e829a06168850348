import EnrichCore
import Simulator
import Testing

@Suite("pronto over HTTP", .timeLimit(.minutes(1)))
struct ProntoTests {
    static let jane: [CanonicalField: String] = [
        .firstName: "Jane", .lastName: "Doe", .domain: "acme.com", .company: "Acme", .linkedin: "jane-doe",
    ]

    @Test(
        "every strategy: email by name + domain or name + company, phone by LinkedIn",
        arguments: [
            (jane, EnrichField.email, "email:name_domain"),
            ([.firstName: "Jane", .lastName: "Doe", .company: "Acme"], .email, "email:name_company"),
            (jane, .phone, "phone:name_linkedin"),
        ])
    func strategies(values: [CanonicalField: String], field: EnrichField, strategy: String) async throws {
        try await withSim({
            $0.pronto.prices = ["email": 1, "phone": 1]; $0.hitRates.pronto = ["email": 1, "phone": 1]
        }) {
            running, http in
            let journal = RecordingJournal()
            let outcome = await makeProvider(.pronto, running, http, credits: 3).lookup(
                request(values, key: "crm-7", fields: [field]), journal: journal)
            let result = try #require(outcome.result)
            if field == .phone {
                #expect(isE164(result.phone))
            } else {
                #expect(result.email == result.email?.lowercased())
                #expect(result.emailStatus == .verified || result.emailStatus == .catchAll)
                #expect(["deliverable", "catch-all"].contains(result.providerEmailStatus ?? ""))
            }
            #expect(result.strategies[field] == strategy)
            #expect(outcome.attempts.map(\.outcome) == [.launched, .found])
            #expect(outcome.attempts.last?.providerStatus == "finished")
            #expect(await journal.jobs.map(\.strategy) == [strategy])
            #expect(running.ledger().charges.count == 1)
            // The price comes from configuration, never from code.
            #expect(outcome.credits == 3)
        }
    }

    @Test("both fields: one job each, merged; a miss on one keeps the other")
    func bothFields() async throws {
        try await withSim({ $0.hitRates.pronto = ["email": 1, "phone": 0] }) { running, http in
            let outcome = await makeProvider(.pronto, running, http).lookup(
                request(Self.jane, fields: [.email, .phone]), journal: NoJobJournal())
            let result = try #require(outcome.result)
            #expect(result.email != nil)
            #expect(result.phones.isEmpty)
            #expect(outcome.attempts.filter { $0.outcome == .launched }.count == 2)
            #expect(running.ledger().charges.count == 1)
        }
    }

    @Test("finished without data is a free miss")
    func miss() async throws {
        try await withSim({ $0.hitRates.pronto = ["email": 0, "phone": 0] }) { running, http in
            let outcome = await makeProvider(.pronto, running, http).lookup(request(Self.jane, fields: [.phone]), journal: NoJobJournal())
            #expect(outcome.isNotFound)
            #expect(!outcome.charged)
            #expect(running.ledger().charges.isEmpty)
        }
    }

    @Test("pending until the deadline, then collected from the journal in a later run: no second launch")
    func resume() async throws {
        try await withSim({
            $0.hitRates.pronto = ["phone": 1, "email": 1]; $0.jobDuration = .fixed(.seconds(3600))
        }) {
            running, http in
            let journal = RecordingJournal()
            let lookup = request(Self.jane, fields: [.phone, .email])
            let first = await makeProvider(.pronto, running, http, deadline: .milliseconds(50)).lookup(lookup, journal: journal)
            #expect(first.failure?.category == .deadline)
            let jobs = await journal.jobs
            #expect(jobs.map(\.field) == [.phone, .email])
            await running.completeJobs()
            let resumed = await makeProvider(.pronto, running, http).collect(jobs, request: lookup, journal: journal)
            let result = try #require(resumed.result)
            #expect(isE164(result.phone))
            #expect(result.email != nil)
            #expect(resumed.attempts.allSatisfy { $0.outcome == .found })
            #expect(running.ledger().requests.filter { $0.method == "POST" }.count == 2)
            #expect(await journal.jobs.count == 2)
        }
    }

    @Test("the consent 422 is reported once; later rows do not ask for personal emails")
    func consent() async throws {
        try await withSim({ configuration in
            configuration.pronto.personalEmailConsent = false
            configuration.hitRates.pronto = ["email": 0]
        }) { running, http in
            let provider = makeProvider(.pronto, running, http, options: ["personal_email": "true"])
            let first = await provider.lookup(request(Self.jane, fields: [.email]), journal: NoJobJournal())
            #expect(first.failure?.category == .consentRequired)
            #expect(first.failure?.message.contains("without consenting with our terms of use") == true)
            let second = await provider.lookup(request(Self.jane, key: "2", fields: [.email]), journal: NoJobJournal())
            #expect(second.isNotFound)
            #expect(second.attempts.last?.outcome == .skipped)
            let personal = running.ledger().requests.filter { $0.status == 422 }
            #expect(personal.count == 1)
        }
    }

    @Test("with consent, a work-email miss asks for a personal email, kept apart")
    func personalEmail() async throws {
        try await withSim({ $0.hitRates.pronto = ["email": 0, "personal_email": 1] }) { running, http in
            let provider = makeProvider(.pronto, running, http, options: ["personal_email": "true"])
            let outcome = await provider.lookup(request(Self.jane, fields: [.email]), journal: NoJobJournal())
            #expect(outcome.result?.personalEmail != nil)
            #expect(outcome.result?.email == nil)
        }
    }

    @Test("unknown contact id: the provider's 404 message")
    func unknownJob() async throws {
        try await withSim { running, http in
            let job = LaunchedJob(provider: "pronto", lookupKey: "k", field: .phone, strategy: "phone:name_linkedin", jobID: "nope")
            let outcome = await makeProvider(.pronto, running, http).collect([job], request: request(Self.jane), journal: NoJobJournal())
            #expect(outcome.failure?.category == .unknownJob)
            #expect(outcome.failure?.message == "HTTP 404: Contact not found [Not Found]")
        }
    }

    @Test("a wrong key is unusable; a row without a LinkedIn cannot ask for a phone")
    func refusals() async throws {
        try await withSim { running, http in
            let refused = await makeProvider(.pronto, running, http, key: "nope").lookup(request(Self.jane), journal: NoJobJournal())
            #expect(refused.unusable?.firstNotice == true)
            let missing = await makeProvider(.pronto, running, http).lookup(
                request([.firstName: "Jane", .lastName: "Doe"]), journal: NoJobJournal())
            #expect(missing.failure?.category == .missingIdentifiers)
        }
    }

    @Test("429 on launch and on poll are waited out")
    func rateLimited() async throws {
        try await withSim({ configuration in
            configuration.hitRates.pronto = ["phone": 1]
            configuration.rateLimit.limit = 1
            configuration.rateLimit.window = .seconds(1)
            configuration.rateLimit.retryAfterSeconds = 1
            configuration.rateLimit.hint = .header
        }) { running, http in
            let provider = makeProvider(.pronto, running, http)
            let first = await provider.lookup(request(Self.jane, fields: [.phone]), journal: NoJobJournal())
            let second = await provider.lookup(
                request(Self.jane.merging([.linkedin: "john"]) { $1 }, fields: [.phone]), journal: NoJobJournal())
            #expect(first.result != nil && second.result != nil)
            let all = first.attempts + second.attempts
            // Which call meets the 429 depends on where the window turns: one of them does.
            #expect(all.contains { $0.retries > 0 })
            #expect(running.ledger().rateLimited > 0)
            #expect(running.ledger().duplicates.isEmpty)
        }
    }
}
