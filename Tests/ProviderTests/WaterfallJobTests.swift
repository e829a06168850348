import EnrichCore
import Simulator
import Testing

@Suite("Waterfall.io jobs: states, resume, errors", .timeLimit(.minutes(1)))
struct WaterfallJobTests {
    @Test(
        "FAILED, TIMED_OUT and ABORTED are final and free; no second strategy is launched",
        arguments: [("FAILED", LookupFailure.Category.jobFailed), ("TIMED_OUT", .jobTimedOut), ("ABORTED", .jobAborted)])
    func finalStates(state: String, category: LookupFailure.Category) async throws {
        try await withSim({ configuration in
            configuration.hitRates.waterfallPhone["phone"] = 1
            switch state {
            case "FAILED": configuration.jobOutcomes.failed = 1
            case "TIMED_OUT": configuration.jobOutcomes.timedOut = 1
            default: configuration.jobOutcomes.aborted = 1
            }
        }) { running, http in
            let outcome = await makeProvider(.waterfallPhone, running, http).lookup(
                request([.linkedin: "jane-doe", .email: "jane@acme.com"]), journal: NoJobJournal())
            #expect(outcome.failure?.category == category)
            #expect(outcome.attempts.last?.providerStatus == state)
            #expect(outcome.attempts.filter { $0.outcome == .launched }.count == 1)
            #expect(running.ledger().charges.isEmpty)
        }
    }

    @Test("a job still RUNNING at the deadline fails; a later run collects it from the journal without launching again")
    func deadlineThenResume() async throws {
        try await withSim({ configuration in
            configuration.hitRates.waterfallContact = ["email": 1, "phone": 1]
            configuration.jobDuration = .fixed(.seconds(3600))
        }) { running, http in
            let journal = RecordingJournal()
            let lookup = request([.email: "jane@acme.com"], fields: [.email, .phone])
            let first = await makeProvider(.waterfallContact, running, http, deadline: .milliseconds(60)).lookup(lookup, journal: journal)
            #expect(first.failure?.category == .deadline)
            let collectEntry = try #require(first.attempts.last)
            #expect(collectEntry.polls >= 1)
            #expect(collectEntry.providerStatus == nil)
            let job = try #require(await journal.jobs.first)
            #expect(job.lookupKey == lookup.lookupKey)

            await running.completeJobs()
            // A fresh adapter, as in a restarted run.
            let resumed = await makeProvider(.waterfallContact, running, http).collect([job], request: lookup, journal: journal)
            let result = try #require(resumed.result)
            #expect(result.email == "jane@acme.com")
            #expect(resumed.attempts.count == 1)
            #expect(resumed.attempts.first?.jobID == job.jobID)
            #expect(resumed.attempts.first?.polls == 1)
            #expect(await journal.jobs.count == 1)
            let ledger = running.ledger()
            #expect(ledger.requests.filter { $0.method == "POST" }.count == 1)
            #expect(ledger.charges.count == 1)
        }
    }

    @Test("resuming a LinkedIn job that missed goes on with the email strategy")
    func resumeThenFallback() async throws {
        try await withSim({ $0.hitRates.waterfallPhone["phone"] = 0 }) { running, http in
            let journal = RecordingJournal()
            let lookup = request([.linkedin: "jane-doe", .email: "jane@acme.com"])
            let provider = makeProvider(.waterfallPhone, running, http)
            let first = await provider.lookup(request([.linkedin: "jane-doe"]), journal: journal)
            #expect(first.isNotFound)
            let job = try #require(await journal.jobs.first)
            let resumed = await provider.collect([job], request: lookup, journal: journal)
            #expect(resumed.isNotFound)
            #expect(resumed.attempts.compactMap(\.strategy) == ["linkedin", "email", "email"])
            #expect(await journal.jobs.map(\.strategy) == ["linkedin", "email"])
        }
    }

    @Test("an unknown job id is the provider's 404 message, not a crash")
    func unknownJob() async throws {
        try await withSim { running, http in
            let job = LaunchedJob(
                provider: "waterfall_phone", lookupKey: "k", field: .phone, strategy: "linkedin",
                jobID: "00000000-0000-4000-8000-000000000000")
            let outcome = await makeProvider(.waterfallPhone, running, http).collect(
                [job], request: request([.linkedin: "jane"]), journal: NoJobJournal())
            #expect(outcome.failure?.category == .unknownJob)
            #expect(outcome.failure?.message.contains("not found") == true)
            #expect(outcome.attempts.last?.httpStatus == 404)
        }
    }

    @Test("a 400 carries the provider's message")
    func badRequest() async throws {
        try await withSim { running, http in
            let outcome = await makeProvider(.waterfallPhone, running, http).lookup(
                request([.email: "not-an-email"]), journal: NoJobJournal())
            #expect(outcome.failure?.category == .badRequest)
            #expect(outcome.failure?.message.contains("email is not a valid email address.") == true)
            #expect(outcome.failure?.message.contains("INVALID_PAYLOAD") == true)
            #expect(outcome.attempts.first?.httpStatus == 400)
        }
    }

    @Test("401 (missing key) and 403 (wrong key) make the provider unusable, said once")
    func refusedKeys() async throws {
        try await withSim { running, http in
            for key in ["", "wrong-key"] {
                let provider = makeProvider(.waterfallPhone, running, http, key: key)
                let first = await provider.lookup(request([.linkedin: "jane"]), journal: NoJobJournal())
                let second = await provider.lookup(request([.linkedin: "john"]), journal: NoJobJournal())
                #expect(first.unusable?.firstNotice == true)
                #expect(second.unusable?.firstNotice == false)
                #expect(first.attempts.first?.httpStatus == (key.isEmpty ? 401 : 403))
                #expect(first.unusable?.reason.contains(key.isEmpty ? "sim-waterfall-key" : "wrong-key") == false)
            }
            #expect(running.ledger().charges.isEmpty)
        }
    }

    @Test("a 500 or a cut-off body on a launch is in doubt: never launched twice")
    func inDoubt() async throws {
        for fault in ["500", "malformed"] {
            try await withSim({ configuration in
                if fault == "500" { configuration.faults.status500 = 1 } else { configuration.faults.malformedJSON = 1 }
            }) { running, http in
                let outcome = await makeProvider(.waterfallPhone, running, http).lookup(
                    request([.linkedin: "jane", .email: "jane@acme.com"]), journal: NoJobJournal())
                #expect(outcome.inDoubtReason != nil)
                #expect(outcome.attempts.map(\.outcome) == [.inDoubt])
                #expect(running.ledger().requests.count == 1)
            }
        }
    }

    @Test("429 on launch and on poll: waited out, then the lookup completes once")
    func rateLimited() async throws {
        try await withSim({ configuration in
            configuration.hitRates.waterfallPhone["phone"] = 1
            configuration.rateLimit.limit = 1
            // Two seconds: a busy machine must not let a request into a new window.
            configuration.rateLimit.window = .seconds(2)
            configuration.rateLimit.retryAfterSeconds = 1
            configuration.rateLimit.hint = .body
        }) { running, http in
            let provider = makeProvider(.waterfallPhone, running, http)
            let first = await provider.lookup(request([.linkedin: "jane"]), journal: NoJobJournal())
            let second = await provider.lookup(request([.linkedin: "john"]), journal: NoJobJournal())
            #expect(first.result != nil && second.result != nil)
            let launches = (first.attempts + second.attempts).filter { $0.outcome == .launched }
            let polls = (first.attempts + second.attempts).filter { $0.outcome == .found }
            // Which call meets the 429 depends on where the window turns: one of them does.
            #expect((launches + polls).contains { $0.retries > 0 })
            #expect(running.ledger().rateLimited > 0)
            #expect(running.ledger().charges.count == 2)
            #expect(running.ledger().duplicates.isEmpty)
        }
    }
}
