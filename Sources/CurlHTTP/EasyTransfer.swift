internal import CCurl
import Synchronization

/// One request's easy handle and everything libcurl borrows from it until completion.
///
/// `@unchecked Sendable`: the state machine is guarded by its `Mutex`; every other mutable field
/// is touched only by the multi thread, from `attach()` to `release()`. The task that awaits the
/// transfer never reads them: it receives a finished `HTTPResponse` value.
final class EasyTransfer: @unchecked Sendable {
    let request: HTTPRequest
    let redactedURL: String
    private let machine = Mutex(StateMachine())

    /// Built by the calling task, not the multi thread: that thread is the client's bottleneck,
    /// and an slist is plain memory until an easy handle points at it. Freed in deinit, which
    /// runs only after the handle let go of it (`active` keeps the transfer alive until then).
    let headerList: UnsafeMutablePointer<curl_slist>?

    // Multi thread only.
    private(set) var handle: UnsafeMutableRawPointer?
    private var errorBuffer: UnsafeMutablePointer<CChar>?
    private var body: [UInt8] = []
    /// Header lines of the last response as received; split by the awaiting task.
    private var headerBytes: [UInt8] = []
    private var tooLarge = false

    init(request: HTTPRequest) {
        self.request = request
        self.redactedURL = request.redactedURL
        // "Expect:" stops the 100-continue round trip libcurl would add to larger POSTs.
        var list: UnsafeMutablePointer<curl_slist>? = request.body == nil ? nil : curl_slist_append(nil, "Expect:")
        for header in request.headers {
            guard let appended = curl_slist_append(list, "\(header.name): \(header.value)") else { break }
            list = appended
        }
        headerList = list
    }

    deinit {
        curl_slist_free_all(headerList)
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
    func attach(_ easy: UnsafeMutableRawPointer, fresh: Bool) -> HTTPError? {
        handle = easy
        let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE))
        buffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
        errorBuffer = buffer
        return configure(easy, errorBuffer: buffer, fresh: fresh)
    }

    /// Frees the error buffer and hands the easy handle back for reuse or
    /// cleanup. Call after `curl_multi_remove_handle`.
    func release() -> UnsafeMutableRawPointer? {
        let easy = handle
        handle = nil
        errorBuffer?.deallocate()
        errorBuffer = nil
        body = []
        return easy
    }

    /// Reads the outcome from the easy handle; call before `release()`.
    func result(_ code: CURLcode) -> Result<HTTPResponse, HTTPError> {
        guard let handle else { return .failure(cancelledError()) }
        var requestSize = 0
        var pretransfer: curl_off_t = 0
        _ = ccurl_easy_getinfo_long(handle, CURLINFO_REQUEST_SIZE, &requestSize)
        _ = ccurl_easy_getinfo_off(handle, CURLINFO_PRETRANSFER_TIME_T, &pretransfer)
        guard code == CURLE_OK, !tooLarge else {
            var text = errorBuffer.map { String(cString: $0) } ?? ""
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
        var response = HTTPResponse(status: status, body: body, metrics: metrics)
        response.rawHeaders = headerBytes
        return .success(response)
    }

    func receiveBody(_ data: UnsafeRawBufferPointer) -> Int {
        // CURLOPT_MAXFILESIZE only catches an announced Content-Length; chunked and
        // compressed bodies are capped here. Returning less than given aborts with WRITE_ERROR.
        guard body.count + data.count <= request.maxResponseBytes else {
            tooLarge = true
            return 0
        }
        body.append(contentsOf: data)
        return data.count
    }

    func receiveHeader(_ data: UnsafeRawBufferPointer) -> Int {
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
    let transfer = Unmanaged<EasyTransfer>.fromOpaque(userData).takeUnretainedValue()
    return transfer.receiveBody(UnsafeRawBufferPointer(start: pointer, count: size * count))
}

let headerCallback: ccurl_data_callback = { pointer, size, count, userData in
    guard let pointer, let userData else { return 0 }
    let transfer = Unmanaged<EasyTransfer>.fromOpaque(userData).takeUnretainedValue()
    return transfer.receiveHeader(UnsafeRawBufferPointer(start: pointer, count: size * count))
}
