internal import CCurl
import Foundation
import Synchronization

/// The thread that owns one libcurl multi handle and every easy handle added to it.
///
/// Other threads never touch a handle: they queue work under `shared` and wake the thread with
/// `curl_multi_wakeup`, the one multi call that is safe from any thread
/// (https://curl.se/libcurl/c/curl_multi_wakeup.html).
final class CurlMulti: Sendable {
    private struct Shared {
        var adds: [EasyTransfer] = []
        var removes: [EasyTransfer] = []
        var stopping = false
        /// Set by the thread right before `curl_multi_cleanup`: from then on nobody may wake it.
        var stopped = false
        var stopWaiters: [CheckedContinuation<Void, Never>] = []
        /// A wakeup is on its way and the thread has not yet taken the queue: another one would
        /// only cost a syscall. At thousands of requests a second, that adds up.
        var wakeupPending = false
    }

    private let shared = Mutex(Shared())
    private let multi: MultiPointer
    /// Easy handles allocated and not yet cleaned up: tests use it to prove nothing leaks.
    let liveHandles = Atomic<Int>(0)

    init() throws(HTTPError) {
        CurlLibrary.initialise()
        guard let handle = curl_multi_init() else {
            throw HTTPError(kind: .other, detail: "curl_multi_init failed", url: "", requestMayHaveBeenSent: false)
        }
        multi = MultiPointer(raw: handle)
        // Keep enough idle connections for a wide fan-out to reuse them
        // (https://curl.se/libcurl/c/CURLMOPT_MAXCONNECTS.html).
        _ = ccurl_multi_setopt_long(handle, CURLMOPT_MAXCONNECTS, 256)
        let loop = MultiLoop(multi: handle, owner: self)
        let thread = Thread { loop.run() }
        thread.name = "curl-multi"
        thread.start()
    }

    /// False when the client is shut down; the transfer is then not taken.
    func enqueue(_ transfer: EasyTransfer) -> Bool {
        shared.withLock { state in
            guard !state.stopping else { return false }
            state.adds.append(transfer)
            // Under the lock so it cannot race curl_multi_cleanup.
            if !state.wakeupPending {
                state.wakeupPending = true
                curl_multi_wakeup(multi.raw)
            }
            return true
        }
    }

    func remove(_ transfer: EasyTransfer) {
        shared.withLock { state in
            guard !state.stopped else { return }
            state.removes.append(transfer)
            if !state.wakeupPending {
                state.wakeupPending = true
                curl_multi_wakeup(multi.raw)
            }
        }
    }

    /// Asks the thread to stop without waiting for it.
    func requestStop() {
        shared.withLock { state in
            guard !state.stopping else { return }
            state.stopping = true
            curl_multi_wakeup(multi.raw)
        }
    }

    /// Stops the thread; pending and running transfers fail with `.shutdown`. Returns once the
    /// thread has released every handle.
    func shutdown() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done: Bool = shared.withLock { state in
                if state.stopped { return true }
                state.stopWaiters.append(continuation)
                if !state.stopping {
                    state.stopping = true
                    curl_multi_wakeup(multi.raw)
                }
                return false
            }
            if done { continuation.resume() }
        }
    }

    // MARK: For the thread

    struct Work {
        var adds: [EasyTransfer]
        var removes: [EasyTransfer]
        var stopping: Bool
    }

    func takeWork() -> Work {
        shared.withLock { state in
            defer {
                state.adds = []
                state.removes = []
                state.wakeupPending = false
            }
            return Work(adds: state.adds, removes: state.removes, stopping: state.stopping)
        }
    }

    func markStopped() -> [CheckedContinuation<Void, Never>] {
        shared.withLock { state in
            state.stopped = true
            defer { state.stopWaiters = [] }
            return state.stopWaiters
        }
    }
}

/// The multi handle's address. `curl_multi_wakeup` is the only call made through it off the
/// multi thread, which is why sharing it is sound.
struct MultiPointer: @unchecked Sendable {
    let raw: UnsafeMutableRawPointer
}
