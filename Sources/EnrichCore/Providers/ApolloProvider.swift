import CurlHTTP
import Foundation
import ProviderHTTP

/// `apollo`: `POST /people/match` (or `/people/bulk_match` for rows in flight together) with
/// the waterfall flags; the synchronous answer gives the person and the waterfall's status,
/// the asynchronous result (webhook, or `GET /webhook_result/{request_id}`) the e-mails and
/// phones.
public struct ApolloProvider: Provider {
    public let name: String
    public var kind: ProviderKind { .apollo }
    let caller: ApolloCaller
    let results: ApolloResults
    let creditsPerLookup: Int
    /// One per combination of flags, so a batch asks only for what its rows want (Apollo
    /// charges for what it finds). Empty: every row is a single match.
    let batchers: [String: ApolloBatcher]

    /// Apollo needs a `webhook_url` to run the waterfall even when results are polled. Without
    /// a run inbox this one is given: `.invalid` never resolves, so results are not posted
    /// anywhere (a real address would receive people's e-mails and phones).
    public static let placeholderWebhookURL = "https://enrich.invalid/apollo-webhook"

    /// - Parameters:
    ///   - bulk: group rows in flight into `bulk_match` calls.
    ///   - batchWindow: how long a batch waits for more rows after its first.
    ///   - webhookURL: the `webhook_url` sent without an inbox.
    ///   - pacer: paces requests by Apollo's `x-*-requests-left` headers.
    public init(
        transport: ProviderTransport, polling: JobPolling, creditsPerLookup: Int = 1, inbox: (any WebhookInbox)? = nil,
        bulk: Bool = false, batchWindow: Duration = .milliseconds(30), webhookTimeout: Duration = .seconds(600),
        webhookURL: String? = nil, maxWait: Duration = .seconds(600), pacerSleep: (@Sendable (Duration) async throws -> Void)? = nil
    ) {
        self.name = transport.name
        self.creditsPerLookup = creditsPerLookup
        let pacer = pacerSleep.map { ApolloPacer(maxWait: maxWait, sleep: $0) } ?? ApolloPacer(maxWait: maxWait)
        let callback = inbox?.callbackURL(provider: transport.name) ?? webhookURL ?? Self.placeholderWebhookURL
        let caller = ApolloCaller(transport: transport, pacer: pacer, webhookURL: callback)
        self.caller = caller
        self.results = ApolloResults(
            transport: transport, polling: polling, creditsPerLookup: creditsPerLookup, inbox: inbox, webhookTimeout: webhookTimeout)
        var batchers: [String: ApolloBatcher] = [:]
        if bulk {
            for key in ["email", "phone", "email+phone"] {
                batchers[key] = ApolloBatcher(window: batchWindow) { records in await caller.send(records) }
            }
        }
        self.batchers = batchers
    }

    /// A free request: a result that does not exist answers 404 to a good key, 401 to a bad one.
    public func checkKey() async -> KeyCheck {
        await caller.transport.checkKey("/webhook_result/" + keyCheckJobID)
    }

    public func lookup(_ request: LookupRequest, journal: any JobJournal) async -> LookupOutcome {
        guard let record = ApolloRecord.make(request) else {
            if !request.fields.contains(.email) && !request.fields.contains(.phone) {
                return LookupOutcome(provider: name, status: .notFound, attempts: [])
            }
            let failure = LookupFailure(
                .missingIdentifiers, "\(name) needs a first and last name, a LinkedIn URL, an e-mail or a full name")
            return LookupOutcome(provider: name, status: .failed(failure), attempts: [])
        }
        var log = AttemptLog(provider: name, field: record.field, strategy: record.strategy, outcome: .launched)
        let intent = LaunchIntent(
            provider: name, lookupKey: request.lookupKey, field: record.field, strategy: record.strategy, credits: creditsPerLookup)
        if case .withheld(let reason) = await journal.willLaunch(intent) {
            log.outcome = .withheld
            log.error = reason
            return LookupOutcome(provider: name, status: .withheld(reason: reason), attempts: [log])
        }
        let reply: ApolloBatcher.Reply
        if let batcher = batchers[ApolloCaller.flags(email: record.email, phone: record.phone)] {
            reply = await batcher.submit(record, row: request.row)
        } else {
            reply = await caller.sendPaid([record]).first ?? ApolloBatcher.Reply(ending: .ended(.notFound, .notFound))
        }
        if let report = reply.report { log.add(report) }
        log.waitedMilliseconds += reply.held.milliseconds
        log.bulk = reply.bulk
        switch reply.ending {
        case .ended(let status, let outcome):
            log.outcome = outcome
            log.error = status.message
            return LookupOutcome(provider: name, status: status, attempts: [log])
        case .failed(let failure, let malformed):
            log.error = failure.message
            log.outcome = malformed ? .inDoubt : .failed
            return LookupOutcome(provider: name, status: malformed ? .inDoubt(reason: failure.message) : .failed(failure), attempts: [log])
        case .answered(let slot, let bulk, let size):
            return await answered(slot, bulk: bulk, size: size, record: record, request: request, journal: journal, log: log)
        }
    }

    public func collect(_ jobs: [LaunchedJob], request: LookupRequest, journal: any JobJournal) async -> LookupOutcome {
        guard let job = jobs.last(where: { $0.provider == name }) ?? jobs.last, let id = ApolloJobID(job.jobID) else {
            return await lookup(request, journal: journal)
        }
        let kept = job.detail.flatMap { try? JSONDecoder().decode(ApolloJobDetail.self, from: Data($0.utf8)) }
        let pending = ApolloResults.Pending(
            job: id, jobText: job.jobID, personID: kept?.personID, person: kept?.person, fields: request.fields, field: job.field,
            strategy: job.strategy)
        return await results.collect(pending, immediately: true, attempts: [])
    }

    /// The record's slot of a synchronous answer: a row reason when its waterfall did not
    /// start, else the job journaled and collected.
    private func answered(
        _ slot: ApolloMatchAnswer.Slot, bulk: Bool, size: Int, record: ApolloRecord, request: LookupRequest, journal: any JobJournal,
        log: AttemptLog
    ) async -> LookupOutcome {
        var log = log
        log.providerStatus = "waterfall \(slot.waterfallStatus ?? "status missing")" + (bulk ? " (bulk of \(size))" : "")
        guard slot.accepted else {
            log.outcome = .failed
            guard let status = slot.waterfallStatus else {
                log.error = "the answer has no waterfall status: the waterfall did not start"
                return LookupOutcome(
                    provider: name, status: .failed(LookupFailure(.malformedResponse, log.error ?? "")), attempts: [log])
            }
            var reason: String
            if status.lowercased() == "failed" {
                reason = "waterfall failed"
                if let message = slot.waterfallMessage, !message.isEmpty { reason += ": \(message)" }
            } else {
                // Accepted for the others of its batch, not for this record.
                reason = "Apollo did not process this record (waterfall \(status))"
            }
            if let unprocessed = slot.unprocessed, !unprocessed.isEmpty { reason += "; unprocessed: \(unprocessed)" }
            log.error = reason
            return LookupOutcome(provider: name, status: .failed(LookupFailure(.badRequest, reason)), attempts: [log])
        }
        guard let requestID = slot.requestID, !requestID.isEmpty, let position = slot.position else {
            log.outcome = .inDoubt
            log.error = "the waterfall was accepted but the answer has no readable request_id"
            return LookupOutcome(provider: name, status: .inDoubt(reason: log.error ?? ""), attempts: [log])
        }
        let id = ApolloJobID(requestID: requestID, position: position)
        let jobText = bulk ? id.text : requestID
        log.jobID = jobText
        let detail = (try? JSONEncoder().encode(ApolloJobDetail(personID: slot.personID, person: slot.person)))
            .map { String(decoding: $0, as: UTF8.self) }
        await journal.launched(
            LaunchedJob(
                provider: name, lookupKey: request.lookupKey, field: record.field, strategy: record.strategy, jobID: jobText,
                detail: detail))
        let pending = ApolloResults.Pending(
            job: id, jobText: jobText, personID: slot.personID, person: slot.person, fields: request.fields, field: record.field,
            strategy: record.strategy)
        return await results.collect(pending, immediately: false, attempts: [log])
    }
}

/// Sends one match call for one or more records, paced, and cuts its answer into slots.
struct ApolloCaller: Sendable {
    let transport: ProviderTransport
    let pacer: ApolloPacer
    let webhookURL: String

    static func flags(email: Bool, phone: Bool) -> String {
        [email ? "email" : nil, phone ? "phone" : nil].compactMap { $0 }.joined(separator: "+")
    }

    /// `send`, in a task of its own: a paid call is not cut off when its row is cancelled.
    func sendPaid(_ records: [ApolloRecord]) async -> [ApolloBatcher.Reply] {
        await Task { await send(records) }.value
    }

    func send(_ records: [ApolloRecord]) async -> [ApolloBatcher.Reply] {
        guard let first = records.first else { return [] }
        let bulk = records.count > 1
        let endpoint: ApolloPacer.Endpoint = bulk ? .bulk : .single
        let held: Duration
        switch await pacer.admit(endpoint) {
        case .success(let duration): held = duration
        case .failure(let exhausted):
            return records.map { _ in ApolloBatcher.Reply(ending: .ended(.exhausted(reason: exhausted.reason), .exhausted)) }
        }
        let query = ApolloRecord.query(
            email: records.contains(where: \.email), phone: records.contains(where: \.phone), webhookURL: webhookURL)
        let (reply, report) =
            bulk
            ? await transport.send(
                .post, "/people/bulk_match", query: query, json: ["details": records.map(\.detail)], launchesPaidJob: true)
            : await transport.send(.post, "/people/match", query: query, json: first.detail, launchesPaidJob: true)
        func all(_ ending: ApolloBatcher.Reply.Ending) -> [ApolloBatcher.Reply] {
            records.map { _ in ApolloBatcher.Reply(ending: ending, report: report, held: held) }
        }
        switch reply {
        case .ended(let status, let outcome):
            return all(.ended(status, outcome))
        case .response(let response):
            var left: [String: String] = [:]
            for window in ApolloPacer.Window.allCases { left[window.header] = response.header(window.header) }
            await pacer.observe(endpoint, headers: left)
            guard (200..<300).contains(response.status) else {
                let message = ApolloError.message(status: response.status, body: response.body)
                return all(.failed(LookupFailure(.badRequest, message), malformed: false))
            }
            guard let answer = ApolloMatchAnswer.parse(response.body, count: records.count, bulk: bulk) else {
                let message = "the match was answered HTTP \(response.status) with an unreadable body; a waterfall may have started"
                return all(.failed(LookupFailure(.malformedResponse, message), malformed: true))
            }
            return answer.slots.map { slot in
                ApolloBatcher.Reply(ending: .answered(slot, bulk: bulk, batchSize: records.count), report: report, held: held)
            }
        }
    }
}

/// What the synchronous match said of the person, kept with the journaled job: the webhook
/// result carries only emails and phones, so a resumed run needs this to write the same row.
struct ApolloJobDetail: Codable {
    var personID: String?
    var person: LookupResult.Person?
}
