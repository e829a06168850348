import CurlHTTP
import ProviderHTTP

/// Launch-then-poll for both Waterfall.io kinds: launches strategies in turn, journals each job
/// id before its first poll, and stops at the first job that finds something.
struct WaterfallJobs: Sendable {
    /// A strategy ready to launch: its name and the payload it sends.
    struct Plan: Sendable {
        var strategy: String
        var payload: [String: String]
    }

    /// What a succeeded job gave: a result (nil when it found nothing wanted) and how many
    /// priced units the provider charged (phone: per number returned; contact: per contact).
    typealias Reading = @Sendable (WaterfallFinder) -> (result: LookupResult?, chargedUnits: Int)

    let transport: ProviderTransport
    /// `/v1/enrichment/phone` or `/v1/enrichment/contact`: launch and finder share it.
    let path: String
    /// The field journaled with each job.
    let field: EnrichField
    let polling: JobPolling
    let creditsPerLookup: Int
    /// What one launch may be billed at most (phone: per number), held against the budgets.
    let creditsHeld: Int
    /// Where results arrive by webhook during this run; nil: poll the finder.
    var inbox: (any WebhookInbox)? = nil

    func run(
        _ plans: [Plan], resuming jobs: [LaunchedJob], request: LookupRequest, journal: any JobJournal, attempts: [AttemptLog],
        read: Reading
    ) async -> LookupOutcome {
        var attempts = attempts
        var remaining = plans[...]
        // Strategies run one after another, so only the latest journaled job can be unfinished:
        // the ones before it missed, or it would not have been launched.
        let rank = { (job: LaunchedJob) in plans.firstIndex { $0.strategy == job.strategy } ?? -1 }
        if let job = jobs.max(by: { rank($0) < rank($1) }) {
            let status = await collect(job.jobID, strategy: job.strategy, immediately: true, attempts: &attempts, read: read)
            if let status { return outcome(status, attempts) }
            // Go on with the strategies that would have followed the journaled one.
            let index = plans.firstIndex { $0.strategy == job.strategy }
            remaining = index.map { plans[($0 + 1)...] } ?? []
        }
        for plan in remaining {
            var log = AttemptLog(provider: transport.name, field: field, strategy: plan.strategy, outcome: .launched)
            let intent = LaunchIntent(
                provider: transport.name, lookupKey: request.lookupKey, field: field, strategy: plan.strategy, credits: creditsHeld)
            if case .withheld(let reason) = await journal.willLaunch(intent) {
                log.outcome = .withheld
                log.error = reason
                return outcome(.withheld(reason: reason), attempts + [log])
            }
            var payload: [String: Any] = plan.payload
            if let inbox { payload["webhook_url"] = inbox.callbackURL(provider: transport.name) }
            let (reply, report) = await transport.send(.post, path, json: payload, launchesPaidJob: true)
            log.add(report)
            let jobID: String
            switch reply {
            case .ended(let status, let ending):
                log.outcome = ending
                log.error = status.message
                if case .inDoubt = status {} else { await journal.notLaunched(intent) }
                return outcome(status, attempts + [log])
            case .response(let response):
                switch Self.launched(response) {
                case .success(let id): jobID = id
                case .failure(let failure):
                    if failure.category != .malformedResponse { await journal.notLaunched(intent) }
                    log.outcome = failure.category == .malformedResponse ? .inDoubt : .failed
                    log.error = failure.message
                    let status: LookupOutcome.Status =
                        failure.category == .malformedResponse ? .inDoubt(reason: failure.message) : .failed(failure)
                    return outcome(status, attempts + [log])
                }
            }
            log.jobID = jobID
            attempts.append(log)
            await journal.launched(
                LaunchedJob(provider: transport.name, lookupKey: request.lookupKey, field: field, strategy: plan.strategy, jobID: jobID))
            if let status = await collect(jobID, strategy: plan.strategy, immediately: false, attempts: &attempts, read: read) {
                return outcome(status, attempts)
            }
        }
        return outcome(.notFound, attempts)
    }

    /// Whether the key is refused, asked of the finder with a job id nobody has (free: a valid
    /// key gets a 404). Both Waterfall kinds share it, as they share the finder.
    func checkKey() async -> KeyCheck {
        await transport.checkKey(path, query: [("job_id", keyCheckJobID)])
    }

    /// Polls one job to its end. Nil when it succeeded without finding anything, so the next
    /// strategy may be tried; otherwise the lookup's final status.
    private func collect(
        _ jobID: String, strategy: String, immediately: Bool, attempts: inout [AttemptLog], read: Reading
    ) async -> LookupOutcome.Status? {
        var log = AttemptLog(provider: transport.name, field: field, strategy: strategy, jobID: jobID, outcome: .notFound)
        var waited = Duration.zero
        var polls = 0
        // With a webhook the finder is asked only if no delivery came in time. A job collected
        // after a restart polls at once: its delivery, if it came, is already in the inbox.
        var delivered = await inbox?.delivery(provider: transport.name, key: jobID, timeout: immediately ? .zero : polling.webhookWait)
        var unreadable = 0
        let end: JobPolling.End<Result<WaterfallFinder, StatusEnding>> = await polling.run(
            immediately: immediately || delivered != nil, waited: &waited, polls: &polls
        ) {
            switch await transport.pollOrDelivered(&delivered, log: &log, path, query: [("job_id", jobID)]) {
            case .ended(let status, let ending): return .done(.failure(StatusEnding(status: status, outcome: ending)))
            case .response(let response):
                switch Self.finder(response) {
                case .failure(let failure)
                where failure.category == .malformedResponse && unreadable < JobPolling.unreadableAnswersTolerated:
                    // Polled again, a few times: see `JobPolling.unreadableAnswersTolerated`.
                    unreadable += 1
                    return .pending
                case .failure(let failure): return .done(.failure(StatusEnding(status: .failed(failure), outcome: .failed)))
                case .success(let finder):
                    unreadable = 0
                    return finder.status.uppercased() == "RUNNING" ? .pending : .done(.success(finder))
                }
            }
        }
        log.polls = log.viaWebhook ? polls - 1 : polls
        log.waitedMilliseconds += waited.milliseconds
        defer { attempts.append(log) }
        let finder: WaterfallFinder
        switch end {
        case .cancelled:
            log.outcome = .failed
            log.error = "cancelled while polling job \(jobID)"
            return .failed(LookupFailure(.transport, log.error ?? "", transport: .cancelled))
        case .deadline:
            log.outcome = .failed
            log.error = "job \(jobID) still RUNNING after the job deadline of \(polling.deadline)"
            return .failed(LookupFailure(.deadline, log.error ?? ""))
        case .done(.failure(let ending)):
            log.outcome = ending.outcome
            log.error = ending.status.message
            return ending.status
        case .done(.success(let answer)):
            finder = answer
        }
        log.providerStatus = finder.status
        if let failure = Self.finalFailure(finder.status, jobID: jobID) {
            log.outcome = .failed
            log.error = failure.message
            return .failed(failure)
        }
        let (result, units) = read(finder)
        log.charged = units > 0
        log.credits = units * creditsPerLookup
        guard var result else { return nil }
        log.outcome = .found
        for found in result.fields { result.strategies[found] = strategy }
        return .found(result)
    }

    private func outcome(_ status: LookupOutcome.Status, _ attempts: [AttemptLog]) -> LookupOutcome {
        LookupOutcome(provider: transport.name, status: status, attempts: attempts)
    }

    /// A non-answer that ends polling, carried through the poll loop.
    private struct StatusEnding: Error {
        var status: LookupOutcome.Status
        var outcome: AttemptLog.Outcome
    }

    /// `FAILED`, `TIMED_OUT` and `ABORTED` are final for this provider (NOTES.md); so is any
    /// other state we do not know, rather than a guess that it succeeded.
    static func finalFailure(_ status: String, jobID: String) -> LookupFailure? {
        switch status.uppercased() {
        case "SUCCEEDED": return nil
        case "FAILED": return LookupFailure(.jobFailed, "job \(jobID) ended FAILED")
        case "TIMED_OUT": return LookupFailure(.jobTimedOut, "job \(jobID) ended TIMED_OUT")
        case "ABORTED": return LookupFailure(.jobAborted, "job \(jobID) ended ABORTED")
        default: return LookupFailure(.malformedResponse, "job \(jobID) is in the undocumented state \(status)")
        }
    }

    static func launched(_ response: HTTPResponse) -> Result<String, LookupFailure> {
        guard (200..<300).contains(response.status) else { return .failure(rejection(response)) }
        guard let launch = try? ProviderJSON.decode(WaterfallLaunch.self, from: response.body), !launch.jobId.isEmpty else {
            return .failure(
                LookupFailure(
                    .malformedResponse,
                    "the launch was answered HTTP \(response.status) without a readable job_id; a job may have started"))
        }
        return .success(launch.jobId)
    }

    static func finder(_ response: HTTPResponse) -> Result<WaterfallFinder, LookupFailure> {
        guard (200..<300).contains(response.status) else { return .failure(rejection(response)) }
        guard let finder = try? ProviderJSON.decode(WaterfallFinder.self, from: response.body) else {
            return .failure(LookupFailure(.malformedResponse, "the finder answered HTTP \(response.status) with an unreadable body"))
        }
        return .success(finder)
    }

    /// 400/404/422 and the like: the provider's own message, no retry.
    static func rejection(_ response: HTTPResponse) -> LookupFailure {
        let message = WaterfallError.message(status: response.status, body: response.body)
        return LookupFailure(response.status == 404 ? .unknownJob : .badRequest, "HTTP \(response.status): \(message)")
    }
}

extension LookupOutcome.Status {
    /// The reason carried by an ending that is not a result, for the audit's `error`.
    var message: String? {
        switch self {
        case .found, .notFound: return nil
        case .failed(let failure): return failure.message
        case .inDoubt(let reason), .exhausted(let reason), .withheld(let reason): return reason
        case .providerUnusable(let reason, _): return reason
        }
    }
}
