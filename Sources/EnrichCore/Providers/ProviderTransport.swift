import CurlHTTP
import Foundation
public import ProviderHTTP

/// A provider's HTTP side for the adapters: its base URL, its auth header and its
/// `ProviderClient`, with the client's endings other than an answer turned into lookup statuses.
public struct ProviderTransport: Sendable {
    public let name: String
    let client: ProviderClient<ContinuousClock>
    let baseURL: String
    /// Holds the API key: only ever put on the wire, never logged or audited.
    let auth: (name: String, value: Secret)
    let totalTimeout: Duration

    /// - Parameter auth: the header carrying the key, e.g. `("x-api-key", key)`.
    public init(
        name: String, client: ProviderClient<ContinuousClock>, baseURL: String, auth: (name: String, value: Secret),
        totalTimeout: Duration = .seconds(60)
    ) {
        self.name = name
        self.client = client
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.auth = auth
        self.totalTimeout = totalTimeout
    }

    /// An answer to judge, or how the call ended without one.
    enum Reply {
        case response(HTTPResponse)
        case ended(LookupOutcome.Status, AttemptLog.Outcome)
    }

    func send(
        _ method: HTTPRequest.Method, _ path: String, query: [(String, String)] = [], json: [String: Any]? = nil,
        launchesPaidJob: Bool = false
    ) async -> (Reply, CallReport) {
        var headers = [(name: auth.name, value: auth.value.value), (name: "Accept", value: "application/json")]
        var body: [UInt8]?
        if let json {
            headers.append((name: "Content-Type", value: "application/json"))
            body = JSONBody.encode(json)
        }
        let request = HTTPRequest(
            method: method, url: baseURL + path + Self.queryString(query), headers: headers, body: body,
            totalTimeout: totalTimeout, maxResponseBytes: 1 << 20)
        let options = CallOptions(launchesPaidJob: launchesPaidJob)
        // A paid launch on the wire is not cut off by a cancelled row (the client shields the
        // exchange); its waits for limits and backoffs are, so a stop does not wait them out.
        let result = await client.send(request, options: options)
        switch result.outcome {
        case .response(let response):
            return (.response(response), result.report)
        case .inDoubt(let reason):
            return (.ended(.inDoubt(reason: reason), .inDoubt), result.report)
        case .unusable(let reason, let firstNotice):
            return (.ended(.providerUnusable(reason: reason, firstNotice: firstNotice), .unusable), result.report)
        case .exhausted(let reason):
            return (.ended(.exhausted(reason: reason), .exhausted), result.report)
        case .failed(let category, let detail):
            return (.ended(.failed(LookupFailure(.transport, detail, transport: category)), .failed), result.report)
        }
    }

    static func queryString(_ query: [(String, String)]) -> String {
        guard !query.isEmpty else { return "" }
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let pairs = query.map { name, value in
            "\(name)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value)"
        }
        return "?" + pairs.joined(separator: "&")
    }

    /// `path` with one segment percent-encoded, for ids placed in a path.
    static func segment(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }
}

// Printing or dumping an adapter must not show the key it holds.
extension ProviderTransport: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String { "ProviderTransport(\(name), \(baseURL))" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["name": name, "baseURL": baseURL]) }
}
