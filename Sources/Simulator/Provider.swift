import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The four vendors the simulator imitates, with the things that differ between them: where
/// they live, how they take a key, and what their error bodies look like.
enum Provider: String, Sendable, CaseIterable {
    case waterfall, apollo, lantern, pronto

    /// Which vendor a path belongs to; `nil` for the simulator's own `/__sim` endpoints.
    static func owning(path: String) -> Provider? {
        if path.hasPrefix("/v1/enrichment/") { return .waterfall }
        if path.hasPrefix("/api/v1/") { return .apollo }
        if path.hasPrefix("/v1/enrich/") || path.hasPrefix("/v1/credits/") { return .lantern }
        if path.hasPrefix("/api/v2/") { return .pronto }
        return nil
    }

    // Built once: constructing a field name validates and lower-cases it on every call.
    private static let apiKeyHeader = HTTPField.Name.constant("x-api-key")

    /// The key the request presents, in this vendor's header.
    func presentedKey(_ headers: HTTPFields) -> String? {
        switch self {
        case .waterfall, .apollo, .pronto:
            // Header names are case-insensitive: `x-api-key`, `X-Api-Key` and `X-API-KEY` are one.
            return headers[Self.apiKeyHeader]
        case .lantern:
            guard let value = headers[.authorization] else { return nil }
            // The usual `Bearer KEY`, checked on bytes: splitting and lower-casing cost more here.
            if value.utf8.starts(with: "Bearer ".utf8), let key = Identity.clean(String(value.utf8.dropFirst(7))) {
                return key
            }
            let parts = value.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "bearer" else { return "" }
            return Identity.clean(String(parts[1])) ?? ""
        }
    }

    func expectedKey(_ keys: SimulatorConfiguration.Keys) -> String {
        switch self {
        case .waterfall: keys.waterfall
        case .apollo: keys.apollo
        case .lantern: keys.lantern
        case .pronto: keys.pronto
        }
    }

    /// `nil` when the key is right, else the vendor's own refusal.
    func refuse(_ headers: HTTPFields, keys: SimulatorConfiguration.Keys) -> Response? {
        let presented = presentedKey(headers)
        if presented == expectedKey(keys) { return nil }
        switch self {
        case .waterfall:
            // Waterfall tells a missing key (401) from a wrong one (403).
            if presented == nil || presented == "" {
                return error(.unauthorized, "Missing API key. Provide it in the x-api-key header.", code: "MISSING_API_KEY")
            }
            return error(.forbidden, "Invalid API key.", code: "INVALID_API_KEY")
        case .apollo:
            return error(.unauthorized, "Invalid access credentials.", code: "INVALID_API_KEY")
        case .lantern:
            return error(.unauthorized, presented == nil ? "Missing bearer token" : "Invalid API key", code: "unauthorized")
        case .pronto:
            return error(.unauthorized, "Invalid or missing API key", code: "Unauthorized")
        }
    }

    /// An error in this vendor's documented shape.
    func error(
        _ status: HTTPResponse.Status, _ message: String, code: String, details: [String] = [],
        retryAfter: Int? = nil, creditsRemaining: Int? = nil, creditsRequired: Int? = nil, headers: HTTPFields = [:]
    ) -> Response {
        var body: [(String, JSON)]
        switch self {
        case .waterfall:
            body = [
                ("status", .string("error")), ("message", .string(message)), ("error", .array(details.map { .string($0) })),
                ("category", .string(Provider.waterfallCategory(status))), ("code", .string(code)),
            ]
            if let retryAfter { body.append(("retry_after", .int(Int64(retryAfter)))) }
        case .apollo:
            // Apollo's bulk answer names its error fields `error_code` / `error_message`.
            body = [("status", .string("error")), ("error_code", .string(code)), ("error_message", .string(message))]
            if let retryAfter { body.append(("retry_after", .int(Int64(retryAfter)))) }
        case .lantern:
            body = [
                ("success", .bool(false)), ("error", .string(message)),
                ("details", details.isEmpty ? .null : .string(details.joined(separator: "; "))),
                ("request_id", .string(UUID().uuidString.lowercased())),
                ("credits_required", creditsRequired.map { .int(Int64($0)) } ?? .null),
                ("credits_remaining", creditsRemaining.map { .int(Int64($0)) } ?? .null),
                ("retry_after", retryAfter.map { .int(Int64($0)) } ?? .null),
            ]
        case .pronto:
            body = [("error", .string(code)), ("message", .string(message))]
            if let retryAfter { body.append(("retry_after", .int(Int64(retryAfter)))) }
        }
        return jsonResponse(status, .object(body), headers: headers)
    }

    private static func waterfallCategory(_ status: HTTPResponse.Status) -> String {
        switch status.code {
        case 400, 422: "VALIDATION"
        case 401, 403: "AUTHENTICATION"
        case 404: "NOT_FOUND"
        case 429: "RATE_LIMIT"
        default: "INTERNAL"
        }
    }
}

/// A JSON answer, already serialised, with its content type.
func jsonResponse(_ status: HTTPResponse.Status, text: String, headers: HTTPFields = [:]) -> Response {
    var headers = headers
    headers[.contentType] = "application/json"
    return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
}

/// A JSON answer with its content type.
func jsonResponse(_ status: HTTPResponse.Status, _ json: JSON, headers: HTTPFields = [:]) -> Response {
    var headers = headers
    headers[.contentType] = "application/json"
    return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: json.serializedBytes())))
}
