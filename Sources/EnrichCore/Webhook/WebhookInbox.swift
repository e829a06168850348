/// Where asynchronous results arrive by webhook during a run (`--webhook-url`). Without one,
/// adapters poll (Waterfall's finder, Pronto's contact, Apollo's `webhook_result`).
public protocol WebhookInbox: Sendable {
    /// The address a provider should POST this provider's results to: the run's public URL,
    /// the run's secret token and the provider's name.
    func callbackURL(provider: String) -> String

    /// The body of the delivery for `key` (a job id or request id) once it has arrived and is
    /// durable in the checkpoint; nil when none arrived within `timeout` (the adapter then
    /// polls where the provider has a finder, or ends the job as timed out).
    func delivery(provider: String, key: String, timeout: Duration) async -> [UInt8]?
}
