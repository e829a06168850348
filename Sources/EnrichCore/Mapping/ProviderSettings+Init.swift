extension ProviderSettings {
    /// Settings with the mapping parser's defaults, for callers that build providers without a
    /// mapping file (tests, `run --sandbox`).
    public init(
        name: String, kind: ProviderKind, apiKey: Secret?, baseURL: String? = nil, concurrency: Int? = nil, rate: Rate? = nil,
        maxCredits: Int? = nil, maxWait: Duration = .seconds(600), creditsPerLookup: Int = 1, pollInterval: Duration = .seconds(2),
        pollMaxInterval: Duration = .seconds(30), jobDeadline: Duration = .seconds(300), options: [String: String] = [:]
    ) {
        self.init(
            name: name, kind: kind, apiKey: apiKey, baseURL: baseURL ?? kind.defaultBaseURL,
            concurrency: concurrency ?? Self.defaultConcurrency(for: kind), rate: rate, maxCredits: maxCredits, maxWait: maxWait,
            creditsPerLookup: creditsPerLookup, pollInterval: pollInterval, pollMaxInterval: pollMaxInterval, jobDeadline: jobDeadline,
            options: options, line: 0)
    }
}
