public import CurlHTTP
public import ProviderHTTP

/// Builds adapters from the mapping's provider settings.
public enum Providers {
    /// The adapter for `settings.kind`, calling through `http`. One per provider per run: it
    /// owns the provider's limits and 429 pauses, shared by every row.
    ///
    /// - Parameters:
    ///   - retry: 5xx/timeout retries; tests shorten the backoff.
    ///   - sleep: how polling waits; tests may replace it.
    ///   - inbox: where webhook deliveries arrive during this run; nil: poll.
    ///   - tally: counts the provider's 429 answers as they arrive, for the progress line.
    public static func make(
        _ settings: ProviderSettings, http: HTTPClient, retry: RetryPolicy = RetryPolicy(),
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
        inbox: (any WebhookInbox)? = nil, tally: RateLimitTally? = nil
    ) -> any Provider {
        let limits = ProviderLimits(
            maxInFlight: settings.concurrency, requestsPerSecond: settings.rate?.perSecond, maxWait: settings.maxWait)
        let client = ProviderClient(name: settings.name, http: http, limits: limits, retry: retry, tally: tally)
        let key = settings.apiKey?.value ?? ""
        let auth: (name: String, value: Secret)
        switch settings.kind {
        case .waterfallPhone, .waterfallContact: auth = ("x-api-key", Secret(key))
        case .apollo: auth = ("X-Api-Key", Secret(key))
        case .lantern: auth = ("Authorization", Secret("Bearer \(key)"))
        case .pronto: auth = ("X-API-KEY", Secret(key))
        }
        let transport = ProviderTransport(name: settings.name, client: client, baseURL: settings.baseURL, auth: auth)
        let polling = JobPolling(
            interval: settings.pollInterval, maxInterval: settings.pollMaxInterval, deadline: settings.jobDeadline, sleep: sleep)
        let options = settings.options
        switch settings.kind {
        case .waterfallPhone:
            return WaterfallPhoneProvider(
                transport: transport, polling: polling, creditsPerLookup: settings.creditsPerLookup,
                maxBilledNumbers: settings.maxBilledNumbers,
                inbox: inbox)
        case .waterfallContact:
            return WaterfallContactProvider(
                transport: transport, polling: polling, creditsPerLookup: settings.creditsPerLookup,
                verifiedOnly: flag(options["verified_only"]) ?? false, includePhones: flag(options["include_phones"]) ?? true,
                inbox: inbox)
        case .lantern:
            return LanternProvider(transport: transport, creditsPerLookup: settings.creditsPerLookup)
        case .pronto:
            let countries = (options["phone_countries"] ?? "").split(separator: ",").map {
                String($0).trimmingWhitespace().uppercased()
            }.filter { !$0.isEmpty }
            return ProntoProvider(
                transport: transport, polling: polling, creditsPerLookup: settings.creditsPerLookup, phoneCountries: countries,
                personalEmail: flag(options["personal_email"]) ?? false, inbox: inbox)
        case .apollo:
            // Bulk by default when rows are in flight together: one call carries up to 10.
            let bulk: Bool = flag(options["bulk"]) ?? (settings.concurrency > 1)
            let window: Duration = options["batch_window"].flatMap { Duration.parse($0) } ?? .milliseconds(30)
            let timeout: Duration = options["webhook_timeout"].flatMap { Duration.parse($0) } ?? .seconds(600)
            let webhookURL: String? = options["webhook_url"].flatMap { $0.isEmpty ? nil : $0 }
            return ApolloProvider(
                transport: transport, polling: polling, creditsPerLookup: settings.creditsPerLookup, inbox: inbox, bulk: bulk,
                batchWindow: window, webhookTimeout: timeout, webhookURL: webhookURL, maxWait: settings.maxWait, pacerSleep: sleep)
        }
    }

    /// YAML's booleans as the mapping parser keeps them: text.
    static func flag(_ text: String?) -> Bool? {
        switch text?.trimmingWhitespace().lowercased() {
        case "true", "yes", "on", "1": return true
        case "false", "no", "off", "0": return false
        default: return nil
        }
    }
}
