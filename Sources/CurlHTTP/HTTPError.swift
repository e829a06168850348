internal import CCurl

/// Why a transfer produced no HTTP response. The one error type of this module.
public struct HTTPError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, in the categories retry policies care about.
    public enum Kind: Sendable, Equatable {
        /// No connection could be opened (refused, unreachable, DNS): nothing was sent.
        case couldNotConnect
        /// The connect or total timeout elapsed.
        case timedOut
        /// The connection broke (reset, closed early, HTTP/2 stream error).
        case connectionLost
        /// The body grew past `HTTPRequest.maxResponseBytes`.
        case responseTooLarge
        /// TLS handshake or certificate verification failed.
        case tls
        /// The awaiting task was cancelled.
        case cancelled
        /// The client was shut down.
        case shutdown
        /// The URL or a request option was rejected before sending.
        case invalidRequest
        case other
    }

    /// A `CURLcode` (https://curl.se/libcurl/c/libcurl-errors.html); `.ok` when the error did not
    /// come from libcurl (cancellation, shutdown, our own size cap).
    public struct Code: RawRepresentable, Hashable, Sendable {
        public var rawValue: Int32
        public init(rawValue: Int32) { self.rawValue = rawValue }
        public static let ok = Code(rawValue: 0)
        public static let couldNotConnect = Code(rawValue: Int32(CURLE_COULDNT_CONNECT.rawValue))
        public static let operationTimedOut = Code(rawValue: Int32(CURLE_OPERATION_TIMEDOUT.rawValue))
    }

    public var kind: Kind
    public var code: Code
    /// libcurl's error-buffer text, or our own explanation.
    public var detail: String
    /// The request URL without query: safe to log.
    public var url: String
    /// False only when no request byte can have reached the server: the transfer failed while
    /// resolving or connecting. Paid launches may only be retried when this is false.
    public var requestMayHaveBeenSent: Bool

    public init(kind: Kind, code: Code = .ok, detail: String, url: String, requestMayHaveBeenSent: Bool) {
        self.kind = kind
        self.code = code
        self.detail = detail
        self.url = url
        self.requestMayHaveBeenSent = requestMayHaveBeenSent
    }

    public var description: String {
        let curl = code == .ok ? "" : " (curl error \(code.rawValue))"
        return "HTTP request to \(url) failed: \(detail)\(curl). \(advice)"
    }

    private var advice: String {
        switch kind {
        case .couldNotConnect: "Check the base URL, DNS, proxy settings and that the service is up."
        case .timedOut: "The service is slow or unreachable; raise the timeout or retry later."
        case .connectionLost: "The connection broke; retrying later usually helps."
        case .responseTooLarge: "The answer is far larger than expected; check the endpoint."
        case .tls: "Check the system CA certificates and the host name; verification stays on."
        case .cancelled, .shutdown: "The run was stopped."
        case .invalidRequest: "Check the URL in the configuration."
        case .other: "See the curl error above."
        }
    }

    static func fromCurl(
        _ result: CURLcode, buffer: String, url: String, bytesSent: Bool, tooLarge: Bool
    ) -> HTTPError {
        let code = Code(rawValue: Int32(result.rawValue))
        let text = buffer.isEmpty ? String(cString: curl_easy_strerror(result)) : buffer
        if tooLarge || result == CURLE_FILESIZE_EXCEEDED {
            return HTTPError(
                kind: .responseTooLarge, code: code, detail: "response larger than the configured cap",
                url: url, requestMayHaveBeenSent: true)
        }
        let kind: Kind
        switch result {
        case CURLE_COULDNT_RESOLVE_PROXY, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_CONNECT:
            kind = .couldNotConnect
        case CURLE_OPERATION_TIMEDOUT:
            kind = .timedOut
        case CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE,
            CURLE_HTTP2, CURLE_HTTP2_STREAM:
            kind = .connectionLost
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM,
            CURLE_SSL_CIPHER, CURLE_SSL_CACERT_BADFILE:
            kind = .tls
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL, CURLE_BAD_FUNCTION_ARGUMENT:
            kind = .invalidRequest
        default:
            kind = .other
        }
        // A refused or unresolved connection provably sent nothing, whatever the byte counter says.
        let sent = kind == .couldNotConnect || kind == .invalidRequest ? false : bytesSent
        return HTTPError(kind: kind, code: code, detail: text, url: url, requestMayHaveBeenSent: sent)
    }
}
