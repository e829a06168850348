/// One HTTP request as the transport sends it: no retries, no rate limits (those live in
/// `ProviderHTTP`).
public struct HTTPRequest: Sendable {
    /// The request method; only the ones provider APIs use.
    public enum Method: String, Sendable {
        case get = "GET"
        case post = "POST"
        case put = "PUT"
        case patch = "PATCH"
        case delete = "DELETE"
    }

    public var method: Method
    /// Absolute `http` or `https` URL. Its query may hold secrets: errors and reports only
    /// ever show `redactedURL`.
    public var url: String
    /// Header fields in sending order. Values may hold API keys: never logged by this module.
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]?
    /// Time allowed to establish the connection (TCP + TLS).
    public var connectTimeout: Duration
    /// Time allowed for the whole transfer, connection included.
    public var totalTimeout: Duration
    /// Larger responses fail with `HTTPError.Kind.responseTooLarge` instead of filling memory.
    public var maxResponseBytes: Int

    public init(
        method: Method = .get,
        url: String,
        headers: [(name: String, value: String)] = [],
        body: [UInt8]? = nil,
        connectTimeout: Duration = .seconds(10),
        totalTimeout: Duration = .seconds(60),
        maxResponseBytes: Int = 8 << 20
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.connectTimeout = connectTimeout
        self.totalTimeout = totalTimeout
        self.maxResponseBytes = maxResponseBytes
    }

    /// The URL without query or fragment, and without user-info: safe for logs and audits.
    public var redactedURL: String { Self.redact(url) }

    static func redact(_ url: String) -> String {
        // On UTF-8 bytes: every byte searched for is ASCII, and this runs once per request.
        let bytes = Array(url.utf8)
        var end = bytes.firstIndex { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") } ?? bytes.endIndex
        var authorityStart = 0
        if let colon = bytes[..<end].firstIndex(of: UInt8(ascii: ":")),
            bytes[colon...].starts(with: "://".utf8)
        {
            authorityStart = colon + 3
        }
        let authorityEnd = bytes[authorityStart..<end].firstIndex(of: UInt8(ascii: "/")) ?? end
        // user:password@host would leak credentials as well.
        guard let at = bytes[authorityStart..<authorityEnd].lastIndex(of: UInt8(ascii: "@")) else {
            end = min(end, bytes.count)
            return end == bytes.count ? url : String(decoding: bytes[..<end], as: UTF8.self)
        }
        return String(decoding: bytes[..<authorityStart] + bytes[(at + 1)..<end], as: UTF8.self)
    }
}

extension Duration {
    /// Whole milliseconds, rounded up so a tiny positive timeout never becomes 0 ("no timeout"
    /// to libcurl).
    var curlMilliseconds: Int {
        let (seconds, attoseconds) = components
        let ms = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return max(1, Int(ms))
    }
}
