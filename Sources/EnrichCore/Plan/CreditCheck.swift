import CurlHTTP

/// `enrich plan --check-credits`: each provider's balance, where its API tells one (Lantern's
/// `GET /v1/credits/remaining`). The only network call `plan` makes, and only when asked.
public enum CreditCheck {
    public struct Balance: Sendable {
        public var provider: String
        /// The credits left, or why they could not be read.
        public var remaining: Result<Int, LookupFailure>
    }

    /// The balance of every provider in `mapping` that publishes one and has a key.
    public static func balances(_ mapping: Mapping) async -> [Balance] {
        let providers = mapping.providers.filter { $0.kind == .lantern && $0.apiKey != nil }
        guard !providers.isEmpty else { return [] }
        let http: HTTPClient
        do {
            http = try HTTPClient()
        } catch {
            return providers.map { Balance(provider: $0.name, remaining: .failure(LookupFailure(.transport, "\(error)"))) }
        }
        var balances: [Balance] = []
        for settings in providers {
            guard let lantern = Providers.make(settings, http: http) as? LanternProvider else { continue }
            do {
                balances.append(Balance(provider: settings.name, remaining: .success(try await lantern.creditsRemaining())))
            } catch {
                balances.append(Balance(provider: settings.name, remaining: .failure(error)))
            }
        }
        await http.shutdown()
        return balances
    }
}
