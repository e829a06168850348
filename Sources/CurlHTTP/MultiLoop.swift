internal import CCurl
import Synchronization

/// The body of the multi thread: add queued transfers → `curl_multi_perform` →
/// `curl_multi_info_read` → `curl_multi_poll`, until shutdown.
///
/// `@unchecked Sendable` only to be handed to the thread once; from then on it is used by that
/// thread alone.
final class MultiLoop: @unchecked Sendable {
    private let multi: UnsafeMutableRawPointer
    /// Strong on purpose: the thread keeps its queue alive until it has stopped, even when the
    /// last `HTTPClient` reference went away without `shutdown()`.
    private let owner: CurlMulti
    /// Attached transfers by easy-handle address; this also keeps each transfer alive while
    /// libcurl holds its unretained pointer in WRITEDATA/HEADERDATA.
    private var active: [UnsafeMutableRawPointer: EasyTransfer] = [:]
    /// Easy handles of finished transfers, reused: creating one per request costs allocations
    /// a long run does not need. Connections live in the multi handle's cache,
    /// not in easy handles, so reuse changes nothing there.
    private var idle: [PooledEasy] = []
    private let maxIdle = 256

    init(multi: UnsafeMutableRawPointer, owner: CurlMulti) {
        self.multi = multi
        self.owner = owner
    }

    func run() {
        var running: Int32 = 0
        while true {
            let work = owner.takeWork()
            for transfer in work.adds { add(transfer) }
            for transfer in work.removes { detach(transfer) }
            if work.stopping { break }
            // https://curl.se/libcurl/c/curl_multi_perform.html
            _ = curl_multi_perform(multi, &running)
            drainMessages()
            // Sleeps until a socket is ready, a timeout is due, or curl_multi_wakeup
            // (https://curl.se/libcurl/c/curl_multi_poll.html). 1 s is only a safety net.
            _ = curl_multi_poll(multi, nil, 0, 1000, nil)
        }
        let shutdownError = { (t: EasyTransfer) in
            HTTPError(kind: .shutdown, detail: "the HTTP client was shut down", url: t.redactedURL, requestMayHaveBeenSent: true)
        }
        for transfer in Array(active.values) {
            detach(transfer)
            transfer.complete(.failure(shutdownError(transfer)))
        }
        let waiters = owner.markStopped()
        // Transfers queued between the last takeWork and markStopped were never attached.
        for transfer in owner.takeWork().adds { transfer.complete(.failure(shutdownError(transfer))) }
        for pooled in idle { pooled.destroy() }
        idle = []
        curl_multi_cleanup(multi)
        for waiter in waiters { waiter.resume() }
    }

    private func add(_ transfer: EasyTransfer) {
        // Cancelled while queued: the task has been resumed, nothing to allocate.
        guard !transfer.isFinished else { return }
        let pooled: PooledEasy
        let fresh: Bool
        if let reused = idle.popLast() {
            (pooled, fresh) = (reused, false)
        } else if let created = PooledEasy.make() {
            (pooled, fresh) = (created, true)
        } else {
            transfer.complete(
                .failure(HTTPError(kind: .other, detail: "curl_easy_init failed", url: transfer.redactedURL, requestMayHaveBeenSent: false))
            )
            return
        }
        owner.liveHandles.add(1, ordering: .relaxed)
        let easy = pooled.easy
        if let error = transfer.attach(pooled, fresh: fresh) {
            recycle(transfer.release())
            transfer.complete(.failure(error))
            return
        }
        let code = curl_multi_add_handle(multi, easy)
        guard code == CURLM_OK else {
            let text = String(cString: curl_multi_strerror(code))
            recycle(transfer.release())
            transfer.complete(
                .failure(
                    HTTPError(
                        kind: .other, detail: "curl_multi_add_handle: \(text)", url: transfer.redactedURL, requestMayHaveBeenSent: false)))
            return
        }
        active[easy] = transfer
    }

    /// Keeps a released handle for the next transfer, or frees it when enough are idle.
    private func recycle(_ pooled: PooledEasy?) {
        guard let pooled else { return }
        owner.liveHandles.subtract(1, ordering: .relaxed)
        if idle.count < maxIdle {
            // Not curl_easy_reset: re-applying every shared option per request cost the multi
            // thread, the client's bottleneck, a visible share of its time. configure(fresh:
            // false) sets or clears each per-request option instead.
            detachBorrowedPointers(pooled.easy)
            idle.append(pooled)
        } else {
            pooled.destroy()
        }
    }

    /// Removes and frees a transfer's handle if it is still attached.
    private func detach(_ transfer: EasyTransfer) {
        guard let easy = transfer.handle, active.removeValue(forKey: easy) != nil else { return }
        // Removing first: libcurl must not use the handle while it is freed
        // (https://curl.se/libcurl/c/curl_multi_remove_handle.html).
        _ = curl_multi_remove_handle(multi, easy)
        recycle(transfer.release())
    }

    private func drainMessages() {
        var left: Int32 = 0
        while let message = curl_multi_info_read(multi, &left) {
            guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle,
                let transfer = active[easy]
            else { continue }
            let result = transfer.result(message.pointee.data.result)
            detach(transfer)
            transfer.complete(result)
        }
    }
}
