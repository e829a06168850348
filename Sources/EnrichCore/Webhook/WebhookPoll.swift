import CurlHTTP

extension ProviderTransport {
    /// One step of collecting a job: the webhook delivery, if one is waiting (taken, so the next
    /// step polls), else a poll of `path`. A delivery reads like a 200 from the finder, since the
    /// providers POST the finder's own answer.
    func pollOrDelivered(
        _ delivered: inout [UInt8]?, log: inout AttemptLog, _ path: String, query: [(String, String)] = []
    ) async -> Reply {
        if let body = delivered {
            delivered = nil
            log.viaWebhook = true
            return .response(HTTPResponse(status: 200, body: body))
        }
        let (answer, report) = await send(.get, path, query: query)
        log.add(report)
        return answer
    }
}
