import CurlHTTP
import ProviderHTTP

/// Collects an accepted waterfall: the webhook delivery when the run has an inbox, else (or
/// when none arrives in time) `GET /webhook_result/{request_id}` until it is there or the job
/// deadline passes. Reads the record's person out of the result.
struct ApolloResults: Sendable {
    let transport: ProviderTransport
    let polling: JobPolling
    let creditsPerLookup: Int
    let inbox: (any WebhookInbox)?
    let webhookTimeout: Duration

    /// What the row asked for and what the synchronous answer already told.
    struct Pending: Sendable {
        var job: ApolloJobID
        /// As journaled: `REQUESTID` for a single match, `REQUESTID#k` for a bulk one.
        var jobText: String
        var personID: String?
        var person: LookupResult.Person?
        var fields: Set<EnrichField>
        var field: EnrichField
        var strategy: String
    }

    func collect(_ pending: Pending, immediately: Bool, attempts: [AttemptLog]) async -> LookupOutcome {
        var log = AttemptLog(
            provider: transport.name, field: pending.field, strategy: pending.strategy, jobID: pending.jobText, outcome: .notFound)
        var payload: ApolloPayload?
        var note: String?
        if let inbox {
            let started = polling.now()
            // A job collected after a restart does not wait: its delivery, if any, is in the inbox.
            let wait = immediately ? Duration.zero : webhookTimeout
            if let body = await inbox.delivery(provider: transport.name, key: pending.job.requestID, timeout: wait) {
                payload = ApolloPayload.parse(body)
                log.viaWebhook = payload != nil
                note = payload == nil ? "the webhook delivery was unreadable; polled webhook_result" : "by webhook"
            } else {
                note = "no webhook within \(webhookTimeout); polled webhook_result"
            }
            log.waitedMilliseconds += (polling.now() - started).milliseconds
        }
        if payload == nil {
            switch await poll(pending.job.requestID, immediately: immediately || inbox != nil, log: &log) {
            case .payload(let polled):
                payload = polled
            case .ending(let status, let outcome):
                log.outcome = outcome
                log.error = status.message
                return LookupOutcome(provider: transport.name, status: status, attempts: attempts + [log])
            case .deadline:
                log.outcome = .failed
                let waited = inbox == nil ? "" : "no webhook delivery and "
                log.error = "\(waited)request \(pending.job.requestID) still pending after the job deadline of \(polling.deadline)"
                let failure = LookupFailure(inbox == nil ? .deadline : .jobTimedOut, log.error ?? "")
                return LookupOutcome(provider: transport.name, status: .failed(failure), attempts: attempts + [log])
            case .cancelled:
                log.outcome = .failed
                log.error = "cancelled while waiting for request \(pending.job.requestID)"
                let failure = LookupFailure(.transport, log.error ?? "", transport: .cancelled)
                return LookupOutcome(provider: transport.name, status: .failed(failure), attempts: attempts + [log])
            }
        }
        guard let payload else {
            return LookupOutcome(provider: transport.name, status: .notFound, attempts: attempts + [log])
        }
        let status = read(payload, pending, note: note, log: &log)
        log.error = log.error ?? status.message
        return LookupOutcome(provider: transport.name, status: status, attempts: attempts + [log])
    }

    /// The record's emails and phones. Charged when Apollo returned any (NOTES.md: nothing is
    /// consumed when no e-mail or phone is found), at the configured price; the request's
    /// `credits_consumed` is kept in the audit's provider status.
    func read(_ payload: ApolloPayload, _ pending: Pending, note: String?, log: inout AttemptLog) -> LookupOutcome.Status {
        var words = [payload.status ?? "no status"]
        if let credits = payload.creditsConsumed { words.append("credits_consumed \(credits) for the request") }
        if let note { words.append(note) }
        log.providerStatus = words.joined(separator: "; ")
        if let status = payload.status, status.lowercased() != "success" {
            log.outcome = .failed
            return .failed(LookupFailure(.jobFailed, "the waterfall of request \(pending.job.requestID) ended \(status)"))
        }
        guard let person = payload.person(id: pending.personID, position: pending.job.position) else {
            log.error = "the waterfall result names no person for this record"
            return .notFound
        }
        log.vendors = person.vendors.isEmpty ? nil : person.vendors
        let data = person.email != nil || !person.phones.isEmpty
        log.charged = data
        log.credits = data ? creditsPerLookup : 0
        if person.unreadablePhones > 0 {
            log.error = "\(person.unreadablePhones) phone number(s) could not be made E.164 and were left out"
        }
        var result = LookupResult()
        result.person = pending.person ?? LookupResult.Person()
        if pending.fields.contains(.email), let email = person.email {
            result.email = email
            result.providerEmailStatus = person.emailStatus
            result.emailStatus = EmailStatus(providerValue: person.emailStatus)
        }
        if pending.fields.contains(.phone) { result.phones = person.phones }
        guard !result.fields.isEmpty else { return .notFound }
        for field in result.fields { result.strategies[field] = pending.strategy }
        log.outcome = .found
        return .found(result)
    }

    enum PollEnd {
        case payload(ApolloPayload)
        case ending(LookupOutcome.Status, AttemptLog.Outcome)
        case deadline
        case cancelled
    }

    /// Polls `webhook_result` under the job deadline. While pending, waits the answer's
    /// `retry_after_seconds`, at most `poll_max_interval`; without it, the usual backoff.
    func poll(_ requestID: String, immediately: Bool, log: inout AttemptLog) async -> PollEnd {
        let start = polling.now()
        let path = "/webhook_result/" + ProviderTransport.segment(requestID)
        var delay: Duration? = immediately ? nil : polling.interval
        var polls = 0
        var waited = Duration.zero
        defer {
            log.polls += polls
            log.waitedMilliseconds += waited.milliseconds
        }
        while true {
            if let delay {
                let remaining = polling.deadline - (polling.now() - start)
                guard remaining > .zero else { return .deadline }
                let pause = min(delay, remaining)
                do {
                    try await polling.sleep(pause)
                } catch {
                    return .cancelled
                }
                waited += pause
            }
            if Task.isCancelled { return .cancelled }
            polls += 1
            let (reply, report) = await transport.send(.get, path)
            log.add(report)
            switch reply {
            case .ended(let status, let outcome):
                return .ending(status, outcome)
            case .response(let response):
                if (200..<300).contains(response.status) {
                    guard let payload = ApolloPayload.parse(response.body) else {
                        let failure = LookupFailure(
                            .malformedResponse, "webhook_result answered HTTP \(response.status) with an unreadable body")
                        return .ending(.failed(failure), .failed)
                    }
                    return .payload(payload)
                }
                if let pending = ApolloPending.parse(response.body) {
                    let hint = pending.retryAfterSeconds.map { Duration.seconds(max(0, $0)) }
                    delay = min(hint ?? polling.delay(beforePoll: polls + 1), polling.maxInterval)
                    continue
                }
                let message = ApolloError.message(status: response.status, body: response.body)
                return .ending(.failed(LookupFailure(response.status == 404 ? .unknownJob : .badRequest, message)), .failed)
            }
        }
    }
}
