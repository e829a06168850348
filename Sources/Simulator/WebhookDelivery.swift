import Foundation
import Logging

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// One payload to POST to a client's webhook.
struct WebhookDelivery: Sendable {
    let url: String
    let body: String
    let jobID: String
}

/// POSTs webhook payloads the way the vendors document: retried up to `maxRetries` times when
/// the receiver answers 429, 500, 502 or 504, with exponential backoff.
///
/// URLSession (libcurl underneath on Linux) is enough for a simulator's few outbound calls and
/// keeps a hand-written HTTP client out of the project.
struct WebhookDeliverer: Sendable {
    let settings: SimulatorConfiguration.Webhook
    let ledger: Ledger
    let logger: Logger

    static let retryableStatuses: Set<Int> = [429, 500, 502, 504]

    func deliver(_ delivery: WebhookDelivery) async {
        guard let url = URL(string: delivery.url) else { return }
        let shownURL = delivery.url.split(separator: "?", maxSplits: 1).first.map(String.init) ?? delivery.url
        for attempt in 0...max(0, settings.maxRetries) {
            let status = await post(delivery.body, to: url)
            ledger.recordDelivery(.init(jobID: delivery.jobID, url: shownURL, attempt: attempt + 1, status: status))
            // An unreachable receiver is retried too: the vendors' wording covers statuses only,
            // but a receiver that is still starting up is the common case in tests.
            let retryable = status.map { Self.retryableStatuses.contains($0) } ?? true
            guard retryable else {
                logger.debug("webhook.delivered", metadata: ["job.id": "\(delivery.jobID)", "http.status": "\(status ?? 0)"])
                return
            }
            guard attempt < settings.maxRetries else { break }
            let backoff = settings.backoffBase * (1 << min(attempt, 20))
            guard (try? await Task.sleep(for: backoff)) != nil else { return }
        }
        logger.info("webhook.abandoned", metadata: ["job.id": "\(delivery.jobID)", "url": "\(shownURL)"])
    }

    private func post(_ body: String, to url: URL) async -> Int? {
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.timeoutInterval = Double(settings.timeout.components.seconds) + Double(settings.timeout.components.attoseconds) / 1e18
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(body.utf8)
        guard let (_, response) = try? await URLSession.shared.data(for: request) else { return nil }
        return (response as? HTTPURLResponse)?.statusCode
    }
}
