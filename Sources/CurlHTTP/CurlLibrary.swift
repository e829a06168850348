internal import CCurl

/// The process-wide libcurl: initialised once, and what it was built with.
public enum CurlLibrary {
    /// `curl_global_init` is not thread-safe and must run once before any handle exists;
    /// a `static let` gives exactly that (Swift runs its initialiser once, atomically).
    private static let initialised: Bool = {
        curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK
    }()

    /// Makes sure libcurl is initialised; false if `curl_global_init` failed.
    @discardableResult
    public static func initialise() -> Bool { initialised }

    /// What the linked libcurl supports.
    public struct Info: Sendable {
        public var version: String
        public var ssl: String?
        public var protocols: [String]
        public var http2: Bool
        public var compression: Bool
    }

    /// Reads `curl_version_info` (https://curl.se/libcurl/c/curl_version_info.html).
    public static var info: Info {
        initialise()
        let data = ccurl_version_info().pointee
        var protocols: [String] = []
        if var list = data.protocols {
            while let name = list.pointee {
                protocols.append(String(cString: name))
                list += 1
            }
        }
        let features = data.features
        return Info(
            version: String(cString: data.version),
            ssl: data.ssl_version.map { String(cString: $0) },
            protocols: protocols,
            http2: features & CURL_VERSION_HTTP2 != 0,
            compression: features & CURL_VERSION_LIBZ != 0
        )
    }
}
