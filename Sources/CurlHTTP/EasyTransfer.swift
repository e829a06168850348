internal import CCurl
import Synchronization

/// One request's easy handle and everything libcurl borrows from it until completion.
///
/// `@unchecked Sendable`: the state machine is guarded by its `Mutex`; every other mutable field
/// is touched only by the multi thread, from `attach()` to `release()`. The task that awaits the
/// transfer never reads them: it receives a finished `HTTPResponse` value.
final class EasyTransfer: @unchecked Sendable {
    let request: HTTPRequest
    /// Computed when an error needs it, not per request: redacting copies the URL's bytes.
    var redactedURL: String { request.redactedURL }
    private let machine = Mutex(StateMachine())

    /// Built by the calling task, not the multi thread: that thread is the client's bottleneck,
    /// and an slist is plain memory until an easy handle points at it. Freed in deinit, which
    /// runs only after the handle let go of it (`active` keeps the transfer alive until then).
    let headerList: UnsafeMutablePointer<curl_slist>?

    // Multi thread only.
    private var pooled: PooledEasy?
    var handle: UnsafeMutableRawPointer? { pooled?.easy }
    /// Handed to the pooled handle's `ReceiveBuffers` at attach; see init.
    private var headerBytes: [UInt8] = []

    init(request: HTTPRequest) {
        self.request = request
        // "Expect:" stops the 100-continue round trip libcurl would add to larger POSTs.
        var list: UnsafeMutablePointer<curl_slist>? = request.body == nil ? nil : curl_slist_append(nil, "Expect:")
        for header in request.headers {
            guard let appended = Self.appendHeader(header, to: list) else { break }
            list = appended
        }
        headerList = list
        // Room for a typical header block, allocated here rather than by the multi thread, the
        // client's bottleneck, when the first header line arrives.
        headerBytes.reserveCapacity(512)
    }

    deinit {
        curl_slist_free_all(headerList)
    }

    /// Appends "name: value" to `list`. The line is assembled in a temporary buffer (on the
    /// stack when small) because curl_slist_append copies it anyway; an interpolated String
    /// was one more heap allocation per header and request.
    private static func appendHeader(
        _ header: (name: String, value: String), to list: UnsafeMutablePointer<curl_slist>?
    ) -> UnsafeMutablePointer<curl_slist>? {
        let length = header.name.utf8.count + 2 + header.value.utf8.count
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: length + 1) { line in
            var index = 0
            for byte in header.name.utf8 {
                line[index] = CChar(bitPattern: byte)
                index += 1
            }
            for byte in ": ".utf8 {
                line[index] = CChar(bitPattern: byte)
                index += 1
            }
            for byte in header.value.utf8 {
                line[index] = CChar(bitPattern: byte)
                index += 1
            }
            line[index] = 0
            return curl_slist_append(list, line.baseAddress)
        }
    }

    /// `started: false` when the task was cancelled before the transfer was handed to the
    /// multi thread: then provably nothing was sent.
    func cancelledError(started: Bool = true) -> HTTPError {
        HTTPError(
            kind: .cancelled, detail: "the request was cancelled", url: redactedURL,
            requestMayHaveBeenSent: started)
    }

    // MARK: Any thread

    func start(_ continuation: StateMachine.Continuation) -> StateMachine.StartAction {
        machine.withLock { $0.start(continuation, cancelledError: cancelledError(started: false)) }
    }

    /// True when the multi thread must drop the transfer: the task has been resumed already.
    func cancel() -> Bool {
        let action = machine.withLock { $0.cancel() }
        switch action {
        case .resumeAndRemove(let continuation):
            continuation.resume(returning: .failure(cancelledError()))
            return true
        case .none:
            return false
        }
    }

    func complete(_ result: Result<HTTPResponse, HTTPError>) {
        machine.withLock { $0.complete() }?.resume(returning: result)
    }

    var isFinished: Bool {
        machine.withLock { if case .finished = $0.state { true } else { false } }
    }

    // MARK: Multi thread

    /// Configures `easy` (new, or reused from the pool) for this request. On error the handle
    /// is given back by `release()` like after a completed transfer.
    func attach(_ easy: PooledEasy, fresh: Bool) -> HTTPError? {
        pooled = easy
        // The buffer outlives transfers; a message left by the last one must not be read as ours.
        easy.errorBuffer[0] = 0
        // Moved, not shared: the callbacks append to it, and a second reference would make
        // that append copy it.
        var reserved: [UInt8] = []
        swap(&reserved, &headerBytes)
        easy.receive.pointee.start(maxBytes: request.maxResponseBytes, headerBytes: reserved)
        return configure(easy, fresh: fresh)
    }

    /// Hands the easy handle (with its error buffer) back for reuse or cleanup. Call after
    /// `curl_multi_remove_handle`.
    func release() -> PooledEasy? {
        defer { pooled = nil }
        // The response owns what was received; the pool keeps no reference to it.
        pooled?.receive.pointee.clear()
        return pooled
    }

    /// Reads the outcome from the easy handle; call before `release()`.
    func result(_ code: CURLcode) -> Result<HTTPResponse, HTTPError> {
        guard let handle, let received = pooled?.receive.pointee else { return .failure(cancelledError()) }
        let tooLarge = received.tooLarge
        var requestSize = 0
        var pretransfer: curl_off_t = 0
        _ = ccurl_easy_getinfo_long(handle, CURLINFO_REQUEST_SIZE, &requestSize)
        _ = ccurl_easy_getinfo_off(handle, CURLINFO_PRETRANSFER_TIME_T, &pretransfer)
        guard code == CURLE_OK, !tooLarge else {
            var text = pooled.map { String(cString: $0.errorBuffer) } ?? ""
            // libcurl's message could quote the URL; the query may hold a key.
            if request.url != redactedURL { text = text.replacing(request.url, with: redactedURL) }
            return .failure(
                HTTPError.fromCurl(
                    code, buffer: text, url: redactedURL,
                    // Once the connection was ready to transfer, bytes may be on the wire.
                    bytesSent: requestSize > 0 || pretransfer > 0, tooLarge: tooLarge))
        }
        var status = 0
        var connects = 0
        var version = 0
        var total: curl_off_t = 0
        _ = ccurl_easy_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        _ = ccurl_easy_getinfo_long(handle, CURLINFO_NUM_CONNECTS, &connects)
        _ = ccurl_easy_getinfo_long(handle, CURLINFO_HTTP_VERSION, &version)
        _ = ccurl_easy_getinfo_off(handle, CURLINFO_TOTAL_TIME_T, &total)
        let metrics = TransferMetrics(
            total: .microseconds(Int64(total)),
            reusedConnection: connects == 0,
            httpVersion: version == Int(CURL_HTTP_VERSION_2_0) ? "2" : version == 0 ? "" : "1.1")
        var response = HTTPResponse(status: status, body: received.body, metrics: metrics)
        response.rawHeaders = received.headerBytes
        return .success(response)
    }

}

/// What the write and header callbacks fill for the transfer on one pooled handle.
///
/// libcurl reaches it through WRITEDATA/HEADERDATA, set once when the handle is created: a
/// plain pointer costs the callbacks no retain/release of the transfer and no dynamic
/// exclusivity checks on class properties, which together were most of the callbacks' time.
/// Only the multi thread touches it.
struct ReceiveBuffers {
    let easy: UnsafeMutableRawPointer
    var body: [UInt8] = []
    /// Header lines of the last response as received; split by the awaiting task.
    var headerBytes: [UInt8] = []
    var maxBytes = 0
    var tooLarge = false

    init(easy: UnsafeMutableRawPointer) {
        self.easy = easy
    }

    mutating func start(maxBytes: Int, headerBytes: [UInt8]) {
        self.maxBytes = maxBytes
        self.headerBytes = headerBytes
        body = []
        tooLarge = false
    }

    mutating func clear() {
        body = []
        headerBytes = []
    }

    mutating func receiveBody(_ data: UnsafeRawBufferPointer) -> Int {
        // CURLOPT_MAXFILESIZE only catches an announced Content-Length; chunked and
        // compressed bodies are capped here. Returning less than given aborts with WRITE_ERROR.
        guard body.count + data.count <= maxBytes else {
            tooLarge = true
            return 0
        }
        if body.isEmpty {
            // One allocation for the whole body when its length is announced, instead of a
            // regrowth for each chunk libcurl delivers. Capped: the header may lie, and a
            // compressed body's length says nothing about the decoded size.
            var announced: curl_off_t = -1
            _ = ccurl_easy_getinfo_off(easy, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &announced)
            if announced > data.count { body.reserveCapacity(min(Int(announced), maxBytes, 1 << 20)) }
        }
        body.append(contentsOf: data)
        return data.count
    }

    mutating func receiveHeader(_ data: UnsafeRawBufferPointer) -> Int {
        if data.starts(with: "HTTP/".utf8) {
            // A new status line: a 100 Continue or redirect came before; keep only the last.
            headerBytes.removeAll(keepingCapacity: true)
        } else {
            headerBytes.append(contentsOf: data)
        }
        return data.count
    }
}

let writeCallback: ccurl_data_callback = { pointer, size, count, userData in
    guard let pointer, let userData else { return 0 }
    let buffers = userData.assumingMemoryBound(to: ReceiveBuffers.self)
    return buffers.pointee.receiveBody(UnsafeRawBufferPointer(start: pointer, count: size * count))
}

let headerCallback: ccurl_data_callback = { pointer, size, count, userData in
    guard let pointer, let userData else { return 0 }
    let buffers = userData.assumingMemoryBound(to: ReceiveBuffers.self)
    return buffers.pointee.receiveHeader(UnsafeRawBufferPointer(start: pointer, count: size * count))
}

/// A pooled easy handle with what it keeps for its whole life: its error buffer and receive
/// buffers. Allocating them per request was malloc/free work on the multi thread, the client's
/// bottleneck, and setting their pointers once spares two options per request.
struct PooledEasy {
    let easy: UnsafeMutableRawPointer
    let errorBuffer: UnsafeMutablePointer<CChar>
    let receive: UnsafeMutablePointer<ReceiveBuffers>

    /// nil when libcurl cannot allocate a handle.
    static func make() -> PooledEasy? {
        guard let easy = curl_easy_init() else { return nil }
        let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE))
        buffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
        let receive = UnsafeMutablePointer<ReceiveBuffers>.allocate(capacity: 1)
        receive.initialize(to: ReceiveBuffers(easy: easy))
        return PooledEasy(easy: easy, errorBuffer: buffer, receive: receive)
    }

    /// Frees the handle, then the memory it pointed at (https://curl.se/libcurl/c/curl_easy_cleanup.html).
    func destroy() {
        curl_easy_cleanup(easy)
        errorBuffer.deallocate()
        receive.deinitialize(count: 1)
        receive.deallocate()
    }
}
