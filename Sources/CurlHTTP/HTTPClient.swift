import Synchronization

/// Runs HTTP requests on one libcurl multi handle: connections are kept alive and reused,
/// HTTP/2 is multiplexed where offered, and no thread of the Swift concurrency pool ever blocks.
///
/// Call `shutdown()` when done; it fails whatever is still running.
public final class HTTPClient: Sendable {
    let multi: CurlMulti

    public init() throws(HTTPError) {
        multi = try CurlMulti()
    }

    /// A client dropped without `shutdown()` still stops its thread. No transfer can be
    /// running then: each holds the client through its awaiting `execute` call.
    deinit {
        multi.requestStop()
    }

    /// Sends one request and waits for the complete response. Any status is a response;
    /// throws only when there is none (connection, timeout, size cap, cancellation).
    /// Cancelling the awaiting task removes the transfer and throws `.cancelled` at once.
    public func execute(_ request: HTTPRequest) async throws(HTTPError) -> HTTPResponse {
        let transfer = EasyTransfer(request: request)
        let result = await withTaskCancellationHandler {
            await withUnsafeContinuation { continuation in
                switch transfer.start(continuation) {
                case .enqueue:
                    if !multi.enqueue(transfer) {
                        transfer.complete(
                            .failure(
                                HTTPError(
                                    kind: .shutdown, detail: "the HTTP client was shut down",
                                    url: transfer.redactedURL, requestMayHaveBeenSent: false)))
                    }
                case .resume(let continuation, let error):
                    continuation.resume(returning: .failure(error))
                }
            }
        } onCancel: {
            if transfer.cancel() { multi.remove(transfer) }
        }
        var response = try result.get()
        response.parseRawHeaders()
        return response
    }

    /// Easy handles not yet freed; zero once every transfer has finished or been removed.
    var liveTransfers: Int { multi.liveHandles.load(ordering: .relaxed) }

    /// Stops the transfer thread after failing every transfer with `.shutdown`.
    public func shutdown() async {
        await multi.shutdown()
    }
}
