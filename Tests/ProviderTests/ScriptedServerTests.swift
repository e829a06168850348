import CurlHTTP
import EnrichCore
import HTTPTestSupport
import ProviderHTTP
import Testing

/// Error bodies the simulator cannot be made to send to a well-behaved client (the adapter
/// checks what would earn them), answered by a scripted server instead.
@Suite("documented error bodies from a scripted server", .timeLimit(.minutes(1)))
struct ScriptedServerTests {
    /// The default deadline is far beyond the few polls a scripted answer gets, so a loaded
    /// machine cannot turn a malformed answer into a deadline.
    func withScripted<T>(
        _ kind: ProviderKind, status: Int, body: String, deadline: Duration = .seconds(30),
        _ check: (any Provider, TestHTTPServer) async throws -> T
    ) async throws -> T {
        let server = try TestHTTPServer { _, _ in
            .respond(status: status, headers: [("Content-Type", "application/json")], body: Array(body.utf8))
        }
        let http = try HTTPClient()
        let settings = ProviderSettings(
            name: "scripted", kind: kind, apiKey: Secret("k"), baseURL: server.baseURL, pollInterval: .milliseconds(5),
            pollMaxInterval: .milliseconds(5), jobDeadline: deadline)
        let provider = Providers.make(settings, http: http, retry: quickRetry)
        let value = try await check(provider, server)
        await http.shutdown()
        await server.stop()
        return value
    }

    /// Pronto answers 429 without a hint once the day's credits are used up. The launch backs
    /// off (30 s here); cancelling its row must end it at once, not after every backoff, and
    /// tell the journal it was never processed (so a later run does not count it in doubt).
    @Test func aPaidLaunchBackingOffStopsWhenItsRowIsCancelled() async throws {
        let server = try TestHTTPServer { _, _ in
            .respond(status: 429, headers: [("Content-Type", "application/json")], body: Array(#"{"message":"Daily limit"}"#.utf8))
        }
        let http = try HTTPClient()
        let settings = ProviderSettings(name: "pronto", kind: .pronto, apiKey: Secret("k"), baseURL: server.baseURL)
        let slow = RetryPolicy(maxAttempts: 3, baseDelay: .seconds(30), maxDelay: .seconds(30), jitter: { $0 })
        let provider = Providers.make(settings, http: http, retry: slow)
        let journal = RecordingJournal()
        let started = ContinuousClock.now
        let jane = request([.firstName: "Jane", .lastName: "Doe", .linkedin: "https://www.linkedin.com/in/jane"])
        let lookup = Task { await provider.lookup(jane, journal: journal) }
        await server.waitForRequests(1)
        lookup.cancel()
        let outcome = await lookup.value
        #expect(ContinuousClock.now - started < .seconds(10), "the 30 s backoff was not sat out")
        #expect(outcome.failure?.transport == .cancelled)
        #expect(server.requestCount == 1)
        #expect(await journal.intents.count == 1)
        #expect(await journal.withdrawn == journal.intents)
        await http.shutdown()
        await server.stop()
    }

    @Test("Lantern's 422 has its own shape: loc, msg and type make the reason")
    func lantern422() async throws {
        let body = #"{"detail":[{"loc":["body","record_id"],"msg":"Field required","type":"missing"}]}"#
        try await withScripted(.lantern, status: 422, body: body) { provider, _ in
            let outcome = await provider.lookup(request([.email: "jane@acme.com"]), journal: NoJobJournal())
            #expect(outcome.failure?.category == .badRequest)
            #expect(outcome.failure?.message == "HTTP 422: body.record_id: Field required (missing)")
        }
    }

    @Test("Lantern's 400 envelope: error and details")
    func lantern400() async throws {
        let body =
            #"{"success":false,"error":"Insufficient data for enrichment","details":"Provide an email","request_id":"r-1","#
            + #""credits_required":null,"credits_remaining":"12","retry_after":null}"#
        try await withScripted(.lantern, status: 400, body: body) { provider, _ in
            let outcome = await provider.lookup(request([.email: "jane@acme.com"]), journal: NoJobJournal())
            #expect(outcome.failure?.message == "HTTP 400: Insufficient data for enrichment (Provide an email)")
        }
    }

    /// `Duration.seconds(1e300)` and `Int(1e300)` trap: a number no Swift type holds used to
    /// end the whole run with a fatal error.
    @Test("a 429 asking for 1e300 seconds is a wait past max_wait, not a crash", arguments: ["header", "body"])
    func lantern429AskingForAnAstronomicalWait(_ place: String) async throws {
        let server = try TestHTTPServer { _, _ in
            var headers = [("Content-Type", "application/json")]
            if place == "header" { headers.append(("Retry-After", "1e300")) }
            let hint = place == "body" ? "1e300" : "null"
            return .respond(
                status: 429, headers: headers,
                body: Array(#"{"success":false,"error":"Rate limit exceeded","retry_after":\#(hint)}"#.utf8))
        }
        let http = try HTTPClient()
        let settings = ProviderSettings(
            name: "lantern", kind: .lantern, apiKey: Secret("k"), baseURL: server.baseURL, maxWait: .seconds(60))
        let provider = Providers.make(settings, http: http, retry: quickRetry)
        let started = ContinuousClock.now
        let outcome = await provider.lookup(
            request([.firstName: "Jane", .lastName: "Doe", .company: "Acme"]), journal: NoJobJournal())
        #expect(ContinuousClock.now - started < .seconds(10))
        guard case .exhausted(let reason) = outcome.status else {
            Issue.record("expected the provider to be exhausted, got \(outcome.status)")
            return
        }
        #expect(reason.contains("lantern asked to wait a century or more after HTTP 429, more than max_wait (60 s)"), "\(reason)")
        await http.shutdown()
        await server.stop()
    }

    @Test("credits_remaining beyond any integer in Lantern's 400 is a row reason, not a crash")
    func lantern400WithAnAstronomicalCreditCount() async throws {
        let body = #"{"success":false,"error":"Insufficient credits","code":"insufficient_credits","credits_remaining":"-1e300"}"#
        try await withScripted(.lantern, status: 400, body: body) { provider, _ in
            let outcome = await provider.lookup(request([.email: "jane@acme.com"]), journal: NoJobJournal())
            #expect(outcome.failure?.message == "HTTP 400: Insufficient credits")
        }
    }

    @Test("a 200 whose body is not JSON is a row reason for a synchronous lookup")
    func lanternMalformed() async throws {
        try await withScripted(.lantern, status: 200, body: #"{"success":true,"pho"#) { provider, _ in
            let outcome = await provider.lookup(request([.email: "jane@acme.com"]), journal: NoJobJournal())
            #expect(outcome.failure?.category == .malformedResponse)
        }
    }

    @Test("Waterfall's 404 envelope on a poll: message, details and code")
    func waterfall404() async throws {
        let body =
            #"{"status":"error","message":"Job 1 not found.","error":["Unknown job_id"],"category":"NOT_FOUND","code":"JOB_NOT_FOUND"}"#
        try await withScripted(.waterfallPhone, status: 404, body: body) { provider, _ in
            let job = LaunchedJob(provider: "scripted", lookupKey: "k", field: .phone, strategy: "linkedin", jobID: "1")
            let outcome = await provider.collect([job], request: request([.linkedin: "jane"]), journal: NoJobJournal())
            #expect(outcome.failure?.message == "HTTP 404: Job 1 not found. (Unknown job_id) [JOB_NOT_FOUND]")
        }
    }

    /// A poll is free: one garbled answer must not throw away a job the provider may bill for.
    @Test("an unreadable answer to a Waterfall poll is polled again, and the job's result is kept")
    func waterfallUnreadablePollIsPolledAgain() async throws {
        let finder = try fixture("waterfall-contact-finder.json")
        let server = try TestHTTPServer { _, index in
            .respond(
                status: 200, headers: [("Content-Type", "application/json")],
                body: index == 0 ? Array(#"{"status":"SUCCEEDED","output":{"pers"#.utf8) : finder)
        }
        let http = try HTTPClient()
        let settings = ProviderSettings(
            name: "scripted", kind: .waterfallContact, apiKey: Secret("k"), baseURL: server.baseURL, pollInterval: .milliseconds(5),
            pollMaxInterval: .milliseconds(5), jobDeadline: .seconds(30))
        let provider = Providers.make(settings, http: http, retry: quickRetry)
        let job = LaunchedJob(provider: "scripted", lookupKey: "k", field: .email, strategy: "linkedin", jobID: "1")
        let outcome = await provider.collect(
            [job], request: request([.linkedin: "jane-doe-abc123"], fields: [.email, .phone]), journal: NoJobJournal())
        await http.shutdown()
        await server.stop()
        #expect(outcome.failure == nil, "\(String(describing: outcome.failure))")
        #expect(outcome.result != nil)
        #expect(outcome.attempts.last?.polls == 2)
    }

    @Test("a Pronto poll answered with a body that is not a contact is a row reason")
    func prontoMalformedPoll() async throws {
        try await withScripted(.pronto, status: 200, body: "[]") { provider, _ in
            let job = LaunchedJob(provider: "scripted", lookupKey: "k", field: .phone, strategy: "phone:name_linkedin", jobID: "7")
            let outcome = await provider.collect(
                [job], request: request([.firstName: "J", .lastName: "D", .linkedin: "jd"]), journal: NoJobJournal())
            #expect(outcome.failure?.category == .malformedResponse)
        }
    }
}
