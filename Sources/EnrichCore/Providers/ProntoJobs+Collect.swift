import CurlHTTP
import ProviderHTTP

extension ProntoJobs {
    /// Polls `GET /contacts/{id}` until `finished` and reads what the job found.
    func collect(
        _ id: String, type: ProntoEnrichment, strategy: String, request: LookupRequest, attempts: [AttemptLog],
        immediately: Bool = true
    ) async -> Step {
        var log = AttemptLog(provider: transport.name, field: type.field, strategy: strategy, jobID: id, outcome: .notFound)
        var waited = Duration.zero
        var polls = 0
        let path = "/contacts/" + ProviderTransport.segment(id)
        // With a webhook the contact is asked for only if no delivery came in time (at once for a
        // job collected after a restart: its delivery, if it came, is already in the inbox).
        var delivered = await inbox?.delivery(provider: transport.name, key: id, timeout: immediately ? .zero : polling.webhookWait)
        var unreadable = 0
        let end: JobPolling.End<Result<ProntoContact, Ending>> = await polling.run(
            immediately: immediately || delivered != nil, waited: &waited, polls: &polls
        ) {
            switch await transport.pollOrDelivered(&delivered, log: &log, path) {
            case .ended(let status, let ending): return .done(.failure(Ending(status: status, outcome: ending)))
            case .response(let response):
                guard (200..<300).contains(response.status) else {
                    let category: LookupFailure.Category = response.status == 404 ? .unknownJob : .badRequest
                    let failure = LookupFailure(category, Self.message(response))
                    return .done(.failure(Ending(status: .failed(failure), outcome: .failed)))
                }
                guard let contact = try? ProviderJSON.decode(ProntoContact.self, from: response.body) else {
                    // Polled again, a few times: see `JobPolling.unreadableAnswersTolerated`.
                    if unreadable < JobPolling.unreadableAnswersTolerated {
                        unreadable += 1
                        return .pending
                    }
                    let failure = LookupFailure(.malformedResponse, "HTTP \(response.status) with an unreadable contact")
                    return .done(.failure(Ending(status: .failed(failure), outcome: .failed)))
                }
                unreadable = 0
                return contact.status?.lowercased() == "finished" ? .done(.success(contact)) : .pending
            }
        }
        log.polls = log.viaWebhook ? polls - 1 : polls
        log.waitedMilliseconds += waited.milliseconds
        let status: LookupOutcome.Status
        switch end {
        case .cancelled:
            log.outcome = .failed
            status = .failed(LookupFailure(.transport, "cancelled while polling contact \(id)", transport: .cancelled))
        case .deadline:
            log.outcome = .failed
            status = .failed(LookupFailure(.deadline, "contact \(id) still pending after the job deadline of \(polling.deadline)"))
        case .done(.failure(let ending)):
            log.outcome = ending.outcome
            status = ending.status
        case .done(.success(let contact)):
            log.providerStatus = contact.status
            status = read(contact, type: type, strategy: strategy, request: request, log: &log)
        }
        log.error = status.message
        return Step(status: status, attempts: attempts + [log])
    }

    /// A finished contact: data or not. Pronto charges only when it found something.
    private func read(
        _ contact: ProntoContact, type: ProntoEnrichment, strategy: String, request: LookupRequest, log: inout AttemptLog
    ) -> LookupOutcome.Status {
        // `custom` comes back as sent: an answer carrying another row's key is not this row's.
        if let echoed = contact.custom?["record_key"]?.text, echoed != request.recordKey {
            log.outcome = .failed
            return .failed(LookupFailure(.malformedResponse, "the contact's custom.record_key belongs to another record"))
        }
        var result = LookupResult()
        switch type {
        case .phone:
            var phones: [String] = []
            for raw in contact.phone?.items ?? [] {
                if let phone = PhoneNumber.e164(raw), !phones.contains(phone) { phones.append(phone) }
            }
            result.phones = phones
        case .email:
            if let email = contact.email.flatMap(Normalize.email) {
                result.email = email
                result.providerEmailStatus = contact.emailStatus
                result.emailStatus = EmailStatus(providerValue: contact.emailStatus)
            }
        case .personalEmail:
            result.personalEmail = contact.personalEmail.flatMap(Normalize.email)
        }
        guard !result.fields.isEmpty || result.personalEmail != nil else { return .notFound }
        result.strategies[type.field] = strategy
        log.outcome = .found
        log.charged = true
        log.credits = creditsPerLookup
        return .found(result)
    }

    /// A non-answer that ends polling, carried through the poll loop.
    struct Ending: Error {
        var status: LookupOutcome.Status
        var outcome: AttemptLog.Outcome
    }
}
