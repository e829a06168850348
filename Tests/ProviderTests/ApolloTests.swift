import CurlHTTP
import Foundation
import ProviderHTTP
import Simulator
import Testing

@testable import EnrichCore

/// A webhook receiver stand-in: hands the adapter a canned delivery (or none) per request id.
actor FakeInbox: WebhookInbox {
    private(set) var asked: [String] = []
    private let body: [UInt8]?

    init(body: [UInt8]?) { self.body = body }

    nonisolated func callbackURL(provider: String) -> String { "http://127.0.0.1:9/hooks/secret-token/\(provider)" }

    func delivery(provider: String, key: String, timeout: Duration) async -> [UInt8]? {
        asked.append(key)
        return body
    }
}

/// The pacing holds a test saw.
actor Holds {
    private(set) var all: [Duration] = []
    func add(_ duration: Duration) { all.append(duration) }
}

/// Everything the simulator finds, webhooks posted nowhere (a closed loopback port), no retries.
private func apolloSim(_ configuration: inout SimulatorConfiguration) {
    configuration.hitRates.apollo = ["person": 1, "email": 1, "phone": 1]
    configuration.webhook.maxRetries = 0
}

private func apollo(
    _ running: RunningSimulator, _ http: HTTPClient, bulk: Bool = false, options: [String: String] = [:],
    inbox: (any WebhookInbox)? = nil, sleep: (@Sendable (Duration) async throws -> Void)? = nil
) -> any Provider {
    var all = ["bulk": String(bulk), "webhook_url": "http://127.0.0.1:9/none"]
    all.merge(options) { $1 }
    let settings = ProviderSettings(
        name: "apollo", kind: .apollo, apiKey: Secret(simKey(.apollo)), baseURL: running.baseURL(forKind: "apollo"),
        maxWait: .seconds(120), creditsPerLookup: 1, pollInterval: .milliseconds(10), pollMaxInterval: .milliseconds(40),
        jobDeadline: .seconds(5), options: all)
    if let sleep { return Providers.make(settings, http: http, retry: quickRetry, sleep: sleep, inbox: inbox) }
    return Providers.make(settings, http: http, retry: quickRetry, inbox: inbox)
}

private func paths(_ running: RunningSimulator, _ prefix: String) -> Int {
    running.ledger().requests.filter { $0.path.hasPrefix(prefix) }.count
}

@Suite("apollo over HTTP", .timeLimit(.minutes(1)))
struct ApolloTests {
    @Test("a single match: person from the answer, e-mail and E.164 phone from webhook_result polling")
    func singleMatchPolled() async throws {
        try await withSim(apolloSim) { running, http in
            let journal = RecordingJournal()
            let outcome = await apollo(running, http).lookup(
                request(
                    [.linkedin: "https://www.linkedin.com/in/jane-doe", .firstName: "Jane", .lastName: "Doe"], fields: [.email, .phone]),
                journal: journal)
            let result = try #require(outcome.result)
            let email = try #require(result.email)
            #expect(email == email.lowercased())
            #expect(result.emailStatus == .verified)
            #expect(isE164(result.phone))
            #expect(result.person.title != nil && result.person.company != nil && result.person.domain != nil)
            #expect(result.person.linkedinURL?.contains("linkedin.com/in/") == true)
            #expect(result.strategies == [.email: "linkedin", .phone: "linkedin"])
            #expect(paths(running, "/api/v1/people/match") == 1)
            #expect(paths(running, "/api/v1/webhook_result/") >= 1)
            #expect(outcome.credits == 1 && running.ledger().charges.count == 1)
            let poll = try #require(outcome.attempts.last)
            #expect(poll.polls >= 1 && poll.outcome == .found && poll.charged)
            #expect(poll.vendors?.contains { $0.hasPrefix("email Icypeas") } == true)
            #expect(poll.providerStatus?.contains("credits_consumed 1") == true)
            #expect(await journal.intents.count == 1)
        }
    }

    @Test("request_id above 2^53 is journaled with its exact digits")
    func requestIDExact() async throws {
        try await withSim(apolloSim) { running, http in
            let journal = RecordingJournal()
            _ = await apollo(running, http).lookup(request([.email: "jane@acme.com"], fields: [.email]), journal: journal)
            // The simulator's first id: 1_039_995_589_705_121_975 + 7_919.
            let digits = "1039995589705129894"
            #expect(await journal.jobs.map(\.jobID) == [digits])
            // Through a Double it would have been another number.
            #expect(String(UInt64(Double(digits) ?? 0)) != digits)
        }
    }

    @Test("12 rows in flight: bulk calls of at most 10, each row its own slot")
    func bulkBatches() async throws {
        try await withSim(apolloSim) { running, http in
            let provider = apollo(running, http, bulk: true, options: ["batch_window": "100ms"])
            let journal = RecordingJournal()
            let slugs = (0..<12).map { "person-\($0)" }
            let outcomes = await withTaskGroup(of: (String, LookupOutcome).self) { group in
                for slug in slugs {
                    group.addTask {
                        let outcome = await provider.lookup(
                            request([.linkedin: "https://www.linkedin.com/in/\(slug)"], key: slug, fields: [.email]), journal: journal)
                        return (slug, outcome)
                    }
                }
                var all: [String: LookupOutcome] = [:]
                for await (slug, outcome) in group { all[slug] = outcome }
                return all
            }
            #expect(paths(running, "/api/v1/people/bulk_match") + paths(running, "/api/v1/people/match") == 2)
            let statuses = outcomes.values.compactMap { $0.attempts.first?.providerStatus }
            #expect(statuses.filter { $0.contains("(bulk of 10)") }.count == 10)
            let shares = outcomes.values.compactMap { $0.attempts.first?.bulk }.filter { $0.size == 10 }
            #expect(shares.map(\.position).sorted() == Array(1...10))
            let jobs = await journal.jobs
            #expect(jobs.count == 12)
            #expect(jobs.filter { $0.jobID.contains("#") }.count >= 10)
            #expect(Set(jobs.map(\.jobID)).count == 12)
            // Each row got its own person: the same as a single match of the same identity.
            let single = apollo(running, http)
            for slug in slugs {
                let alone = await single.lookup(
                    request([.linkedin: "https://www.linkedin.com/in/\(slug)"], key: slug, fields: [.email]), journal: NoJobJournal())
                #expect(outcomes[slug]?.result?.email != nil)
                #expect(outcomes[slug]?.result?.email == alone.result?.email)
            }
        }
    }

    /// The call's figures count on its first place; a stopped run's audit holds the rows up to
    /// some row, so the first place must be the earliest row, whatever order they came in.
    @Test("a bulk call puts its rows in row order: the earliest row has the first place")
    func bulkRowOrder() async throws {
        try await withSim(apolloSim) { running, http in
            let provider = apollo(running, http, bulk: true, options: ["batch_window": "400ms"])
            let rows = [30, 7, 19]
            let outcomes = await withTaskGroup(of: (Int, LookupOutcome).self) { group in
                for (index, row) in rows.enumerated() {
                    group.addTask {
                        // Arrival order 30, 7, 19: each waits for the one before it to be queued.
                        try? await Task.sleep(for: .milliseconds(60 * index))
                        var asked = request([.linkedin: "https://www.linkedin.com/in/person-\(row)"], key: "\(row)", fields: [.email])
                        asked.row = row
                        return (row, await provider.lookup(asked, journal: NoJobJournal()))
                    }
                }
                var all: [Int: LookupOutcome] = [:]
                for await (row, outcome) in group { all[row] = outcome }
                return all
            }
            #expect(paths(running, "/api/v1/people/bulk_match") == 1)
            #expect(outcomes[7]?.attempts.first?.bulk?.position == 1)
            #expect(outcomes[19]?.attempts.first?.bulk?.position == 2)
            #expect(outcomes[30]?.attempts.first?.bulk?.position == 3)
            // Each row still got its own person.
            let single = apollo(running, http)
            for row in rows {
                let alone = await single.lookup(
                    request([.linkedin: "https://www.linkedin.com/in/person-\(row)"], key: "\(row)", fields: [.email]),
                    journal: NoJobJournal())
                #expect(outcomes[row]?.result?.email != nil)
                #expect(outcomes[row]?.result?.email == alone.result?.email)
            }
        }
    }

    @Test("partial acceptance: the unprocessed record's row fails with its attributes, the other is found")
    func partialAcceptance() async throws {
        try await withSim(apolloSim) { running, http in
            let provider = apollo(running, http, bulk: true, options: ["batch_window": "300ms"])
            async let good = provider.lookup(request([.email: "jane@acme.com"], key: "a", fields: [.email]), journal: NoJobJournal())
            async let bad = provider.lookup(request([.fullName: "Ray Li"], key: "b", fields: [.email]), journal: NoJobJournal())
            let (found, failed) = await (good, bad)
            #expect(found.result?.email != nil)
            let failure = try #require(failed.failure)
            #expect(failure.category == .badRequest)
            #expect(failure.message.contains("partial_accepted"))
            #expect(failure.message.contains("name=Ray Li"))
            #expect(failed.charged == false)
            #expect(paths(running, "/api/v1/people/bulk_match") == 1)
        }
    }

    @Test("no permission to run the waterfall: a row reason, nothing charged, no job")
    func noPermission() async throws {
        try await withSim({
            apolloSim(&$0)
            $0.apollo.waterfallEnabled = false
        }) { running, http in
            let journal = RecordingJournal()
            let outcome = await apollo(running, http).lookup(request([.email: "jane@acme.com"], fields: [.email]), journal: journal)
            let failure = try #require(outcome.failure)
            #expect(failure.category == .badRequest)
            #expect(failure.message.contains("does not have permission"))
            #expect(outcome.charged == false)
            #expect(await journal.jobs.isEmpty)
            #expect(paths(running, "/api/v1/webhook_result/") == 0)
        }
    }

    @Test("collect resumes from a journaled request id without a second match")
    func resume() async throws {
        try await withSim(apolloSim) { running, http in
            let journal = RecordingJournal()
            let row = request([.email: "jane@acme.com"], fields: [.email, .phone])
            let first = await apollo(running, http).lookup(row, journal: journal)
            let jobs = await journal.jobs
            #expect(jobs.count == 1)
            let again = RecordingJournal()
            let resumed = await apollo(running, http).collect(jobs, request: row, journal: again)
            #expect(resumed.result?.email == first.result?.email)
            #expect(resumed.result?.phones == first.result?.phones)
            #expect(paths(running, "/api/v1/people/") == 1)
            #expect(await again.intents.isEmpty)
        }
    }

    @Test("a bulk job id REQUESTID#k resumes the k-th record's result")
    func resumeBulkSlot() async throws {
        try await withSim(apolloSim) { running, http in
            let provider = apollo(running, http, bulk: true, options: ["batch_window": "300ms"])
            let journal = RecordingJournal()
            let rows = ["a@acme.com", "b@acme.com", "c@acme.com"].map { request([.email: $0], key: $0, fields: [.email]) }
            let outcomes = await withTaskGroup(of: (String, LookupOutcome).self) { group in
                for row in rows { group.addTask { (row.recordKey, await provider.lookup(row, journal: journal)) } }
                var all: [String: LookupOutcome] = [:]
                for await (key, outcome) in group { all[key] = outcome }
                return all
            }
            let jobs = await journal.jobs
            for row in rows {
                let job = try #require(jobs.first { $0.lookupKey == row.lookupKey })
                #expect(job.jobID.contains("#"))
                let resumed = await apollo(running, http).collect([job], request: row, journal: NoJobJournal())
                #expect(resumed.result?.email == outcomes[row.recordKey]?.result?.email)
            }
            #expect(paths(running, "/api/v1/people/") == 1)
        }
    }

    @Test("a webhook delivery is used instead of polling; raw numbers are made E.164")
    func inboxDelivery() async throws {
        let payload = """
            {"status":"success","credits_consumed":1,"request_id":"x","people":[{"id":"p1",
            "waterfall":{"phone_numbers":[{"vendors":[{"name":"Prospeo","status":"UNVERIFIED","phone_numbers":["916-787-1122"]}]}]},
            "phone_numbers":[{"raw_number":"916-787-1122","sanitized_number":null}],
            "emails":[{"email":"Inbox@Acme.com","email_status_cd":"Verified"}]}]}
            """
        try await withSim(apolloSim) { running, http in
            let inbox = FakeInbox(body: Array(payload.utf8))
            let journal = RecordingJournal()
            let outcome = await apollo(running, http, inbox: inbox).lookup(
                request([.email: "jane@acme.com"], fields: [.email, .phone]), journal: journal)
            let result = try #require(outcome.result)
            #expect(result.email == "inbox@acme.com")
            #expect(result.phones == ["+19167871122"])
            #expect(await inbox.asked == (await journal.jobs).map(\.jobID))
            #expect(paths(running, "/api/v1/webhook_result/") == 0)
            #expect(outcome.attempts.last?.providerStatus?.contains("by webhook") == true)
            #expect(outcome.attempts.last?.vendors == ["phone Prospeo: UNVERIFIED, 1 found"])
        }
    }

    @Test("no webhook in time: webhook_result is polled instead")
    func inboxTimeout() async throws {
        try await withSim(apolloSim) { running, http in
            let outcome = await apollo(running, http, options: ["webhook_timeout": "10ms"], inbox: FakeInbox(body: nil)).lookup(
                request([.email: "jane@acme.com"], fields: [.email]), journal: NoJobJournal())
            #expect(outcome.result?.email != nil)
            #expect(paths(running, "/api/v1/webhook_result/") >= 1)
            #expect(outcome.attempts.last?.providerStatus?.contains("no webhook within") == true)
        }
    }

    @Test("x-minute-requests-left at 0 holds the next request until the window turns: no 429")
    func pacing() async throws {
        try await withSim({
            apolloSim(&$0)
            $0.apollo.perMinute = 2
        }) { running, http in
            let holds = Holds()
            // A hold (seconds) is recorded and the window turned by resetting the simulator; the
            // polls' millisecond sleeps are real.
            let provider = apollo(running, http) { duration in
                if duration >= .seconds(1) {
                    await holds.add(duration)
                    await running.reset()
                } else {
                    try await Task.sleep(for: duration)
                }
            }
            let minute = { Int(Date().timeIntervalSince1970) / 60 }
            let start = minute()
            var outcomes: [LookupOutcome] = []
            for index in 0..<3 {
                outcomes.append(
                    await provider.lookup(
                        request([.email: "p\(index)@acme.com"], key: "\(index)", fields: [.email]), journal: NoJobJournal()))
            }
            #expect(outcomes.allSatisfy { $0.result?.email != nil })
            #expect(outcomes.allSatisfy { $0.attempts.allSatisfy { $0.rateLimited == 0 } })
            #expect(running.ledger().rateLimited == 0)
            let held = await holds.all
            // The third match waited for the minute to turn (unless it turned by itself).
            #expect(held.count == 1 || minute() != start)
            #expect(held.allSatisfy { $0 <= .seconds(61) })
        }
    }

    @Test("a withheld intent sends nothing; in bulk, the withheld row is left out of the batch")
    func withheld() async throws {
        try await withSim(apolloSim) { running, http in
            let journal = RecordingJournal()
            await journal.allow(0)
            let outcome = await apollo(running, http).lookup(request([.email: "jane@acme.com"], fields: [.email]), journal: journal)
            guard case .withheld = outcome.status else {
                Issue.record("expected withheld, got \(outcome.status)")
                return
            }
            #expect(running.ledger().requests.isEmpty)

            let two = RecordingJournal()
            await two.allow(2)
            let provider = apollo(running, http, bulk: true, options: ["batch_window": "300ms"])
            let rows = ["a@acme.com", "b@acme.com", "c@acme.com"].map { request([.email: $0], key: $0, fields: [.email]) }
            let outcomes = await withTaskGroup(of: LookupOutcome.self) { group in
                for row in rows { group.addTask { await provider.lookup(row, journal: two) } }
                var all: [LookupOutcome] = []
                for await outcome in group { all.append(outcome) }
                return all
            }
            #expect(outcomes.filter { if case .withheld = $0.status { true } else { false } }.count == 1)
            #expect(outcomes.compactMap { $0.attempts.first?.providerStatus }.allSatisfy { $0.contains("(bulk of 2)") })
            #expect(paths(running, "/api/v1/people/bulk_match") == 1)
        }
    }

    @Test("checkKey: a free webhook_result request; a wrong key is refused")
    func checkKey() async throws {
        try await withSim(apolloSim) { running, http in
            #expect(await apollo(running, http).checkKey() == .accepted)
            let wrong = makeProvider(.apollo, running, http, key: "nope")
            guard case .rejected = await wrong.checkKey() else {
                Issue.record("a wrong key was not rejected")
                return
            }
            #expect(running.ledger().charges.isEmpty)
        }
    }
}

@Suite("apollo documents' examples")
struct ApolloContractTests {
    @Test("single match accepted: person fields and the exact request_id")
    func accepted() throws {
        let answer = try #require(ApolloMatchAnswer.parse(fixture("apollo-match-accepted.json"), count: 1, bulk: false))
        let slot = try #require(answer.slots.first)
        #expect(slot.requestID == "1039995589705121975")
        #expect(slot.accepted)
        #expect(slot.personID == "64a7ff0cc4dfae00013df1a5")
        #expect(slot.person?.title == "Founder & CEO")
        #expect(slot.person?.linkedinURL == "http://www.linkedin.com/in/tim-zheng")
        #expect(slot.position == 0)
    }

    @Test("no permission: failed with the page's message")
    func noPermission() throws {
        let answer = try #require(ApolloMatchAnswer.parse(fixture("apollo-match-no-permission.json"), count: 1, bulk: false))
        let slot = try #require(answer.slots.first)
        #expect(!slot.accepted)
        #expect(slot.waterfallStatus == "failed")
        #expect(slot.waterfallMessage == "Your team does not have permission to run waterfall enrichment.")
        #expect(slot.requestID == "2532682948037306456")
    }

    @Test("bulk partially accepted: unprocessed_attributes index-aligned, a null match")
    func bulkPartial() throws {
        let answer = try #require(ApolloMatchAnswer.parse(fixture("apollo-bulk-partial.json"), count: 2, bulk: true))
        #expect(answer.slots.map(\.accepted) == [true, false])
        #expect(answer.slots[1].unprocessed == "domain=ab.com")
        #expect(answer.slots[1].person == nil)
        #expect(answer.slots[0].position == 0 && answer.slots[1].position == nil)
    }

    @Test("webhook payload: sanitized phone, vendors, credits, a UUID request id; placeholder e-mails are not taken")
    func webhook() throws {
        let payload = try #require(ApolloPayload.parse(fixture("apollo-webhook.json")))
        #expect(payload.requestID == "b2735fa1-cb01-4c94-85d8-77eb60aff51d")
        #expect(payload.creditsConsumed == "0")
        let person = try #require(payload.person(id: "695f655dc46b8364aefc80c0", position: 5))
        #expect(person.phones == ["+19167871122"])
        #expect(person.vendors == ["email Icypeas: UNVERIFIED, 1 found", "phone Prospeo: UNVERIFIED, 1 found"])
        // `[email protected]` is the page's obfuscation, not an address.
        #expect(person.email == nil)
    }

    @Test("job ids: REQUESTID#k and a bare request id")
    func jobIDs() {
        #expect(ApolloJobID("1039995589705121975#3") == ApolloJobID(requestID: "1039995589705121975", position: 3))
        #expect(ApolloJobID("1039995589705121975") == ApolloJobID(requestID: "1039995589705121975", position: 0))
        #expect(ApolloJobID("") == nil && ApolloJobID("1#x") == nil && ApolloJobID("1#2#3") == nil)
    }
}
