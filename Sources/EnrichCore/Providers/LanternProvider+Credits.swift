import CurlHTTP

extension LanternProvider {
    /// The account's balance from `GET /v1/credits/remaining`, for `enrich plan --check-credits`.
    public func creditsRemaining() async throws(LookupFailure) -> Int {
        let (reply, _) = await transport.send(.get, "/v1/credits/remaining")
        switch reply {
        case .ended(let status, _):
            throw LookupFailure(.transport, status.message ?? "no answer from \(name)")
        case .response(let response):
            guard (200..<300).contains(response.status) else {
                let error = try? ProviderJSON.decode(LanternError.self, from: response.body)
                throw LookupFailure(.badRequest, "HTTP \(response.status): \(error?.error ?? "error")")
            }
            guard let credits = try? ProviderJSON.decode(LanternCredits.self, from: response.body),
                let remaining = credits.creditsRemaining?.integer
            else {
                throw LookupFailure(.malformedResponse, "HTTP \(response.status) without a readable credits_remaining")
            }
            return remaining
        }
    }
}
