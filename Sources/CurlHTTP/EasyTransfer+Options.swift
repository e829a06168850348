internal import CCurl

extension EasyTransfer {
    /// Sets the options of one request. A `fresh` handle also gets the options every request
    /// shares; a reused one kept them from its last transfer, and every per-request option is
    /// set (or cleared) here so nothing of that transfer leaks into this one. Returns the first
    /// rejected option as an error.
    func configure(_ pooled: PooledEasy, fresh: Bool) -> HTTPError? {
        let easy = pooled.easy
        var failed: (CURLoption, CURLcode)?
        func check(_ code: CURLcode, _ option: CURLoption) {
            if code != CURLE_OK, failed == nil { failed = (option, code) }
        }
        func set(_ option: CURLoption, _ value: Int) {
            check(ccurl_easy_setopt_long(easy, option, value), option)
        }
        func set(_ option: CURLoption, string value: String) {
            // libcurl copies string options (https://curl.se/libcurl/c/curl_easy_setopt.html).
            check(value.withCString { ccurl_easy_setopt_pointer(easy, option, $0) }, option)
        }

        if fresh {
            // Signals are process-wide; a multi-threaded process must not let libcurl use them
            // for DNS timeouts (https://curl.se/libcurl/c/CURLOPT_NOSIGNAL.html).
            set(CURLOPT_NOSIGNAL, 1)
            // Verification is libcurl's default; set anyway so no future default can weaken it.
            set(CURLOPT_SSL_VERIFYPEER, 1)
            set(CURLOPT_SSL_VERIFYHOST, 2)
            // "" offers every encoding this libcurl decodes (https://curl.se/libcurl/c/CURLOPT_ACCEPT_ENCODING.html).
            set(CURLOPT_ACCEPT_ENCODING, string: "")
            // HTTP/2 over TLS when the server offers it; wait for a multiplexable connection
            // rather than open a second one (https://curl.se/libcurl/c/CURLOPT_PIPEWAIT.html).
            set(CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_2TLS))
            set(CURLOPT_PIPEWAIT, 1)
            set(CURLOPT_TCP_KEEPALIVE, 1)
            check(ccurl_easy_setopt_data_callback(easy, CURLOPT_WRITEFUNCTION, writeCallback), CURLOPT_WRITEFUNCTION)
            check(ccurl_easy_setopt_data_callback(easy, CURLOPT_HEADERFUNCTION, headerCallback), CURLOPT_HEADERFUNCTION)
            // These belong to the pooled handle and live as long as it does.
            check(ccurl_easy_setopt_pointer(easy, CURLOPT_ERRORBUFFER, pooled.errorBuffer), CURLOPT_ERRORBUFFER)
            check(ccurl_easy_setopt_pointer(easy, CURLOPT_WRITEDATA, pooled.receive), CURLOPT_WRITEDATA)
            check(ccurl_easy_setopt_pointer(easy, CURLOPT_HEADERDATA, pooled.receive), CURLOPT_HEADERDATA)
        }
        set(CURLOPT_URL, string: request.url)
        set(CURLOPT_CONNECTTIMEOUT_MS, request.connectTimeout.curlMilliseconds)
        set(CURLOPT_TIMEOUT_MS, request.totalTimeout.curlMilliseconds)
        // Only Content-Length is checked here; EasyTransfer.receiveBody caps the rest.
        check(ccurl_easy_setopt_off(easy, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(request.maxResponseBytes)), CURLOPT_MAXFILESIZE_LARGE)
        // No CURLOPT_PROXY: libcurl then honours http_proxy / https_proxy / no_proxy from the
        // environment (https://curl.se/libcurl/c/CURLOPT_PROXY.html). No FAILONERROR: a 4xx or 5xx
        // is a response whose body the caller needs.

        // HTTPGET first: it also undoes a POST left on a reused handle.
        set(CURLOPT_HTTPGET, 1)
        switch request.method {
        case .get, .post:
            check(ccurl_easy_setopt_pointer(easy, CURLOPT_CUSTOMREQUEST, nil), CURLOPT_CUSTOMREQUEST)
            if request.method == .post { set(CURLOPT_POST, 1) }
        case .put, .patch, .delete:
            set(CURLOPT_CUSTOMREQUEST, string: request.method.rawValue)
        }
        if let body = request.body {
            // COPYPOSTFIELDS copies, so the body need not outlive this call; the size must be set
            // first or libcurl would call strlen on it (https://curl.se/libcurl/c/CURLOPT_COPYPOSTFIELDS.html).
            check(ccurl_easy_setopt_off(easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count)), CURLOPT_POSTFIELDSIZE_LARGE)
            check(
                body.withUnsafeBytes {
                    ccurl_easy_setopt_pointer(easy, CURLOPT_COPYPOSTFIELDS, $0.baseAddress ?? UnsafeRawPointer(pooled.errorBuffer))
                }, CURLOPT_COPYPOSTFIELDS)
        } else if request.method == .post {
            check(ccurl_easy_setopt_off(easy, CURLOPT_POSTFIELDSIZE_LARGE, 0), CURLOPT_POSTFIELDSIZE_LARGE)
            check(ccurl_easy_setopt_pointer(easy, CURLOPT_COPYPOSTFIELDS, ""), CURLOPT_COPYPOSTFIELDS)
        }

        check(ccurl_easy_setopt_pointer(easy, CURLOPT_HTTPHEADER, headerList), CURLOPT_HTTPHEADER)

        guard let (option, code) = failed else { return nil }
        return HTTPError(
            kind: .invalidRequest, code: .init(rawValue: Int32(code.rawValue)),
            detail: "libcurl rejected option \(option.rawValue): \(String(cString: curl_easy_strerror(code)))",
            url: redactedURL, requestMayHaveBeenSent: false)
    }
}

/// Drops the pointer a finished transfer lent to `easy` (its header list) so an idle handle in
/// the pool points at nothing that is about to be freed. The error and receive buffers stay:
/// they belong to the handle (`PooledEasy`).
func detachBorrowedPointers(_ easy: UnsafeMutableRawPointer) {
    _ = ccurl_easy_setopt_pointer(easy, CURLOPT_HTTPHEADER, nil)
}
