import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A tiny HTTP/1.1 server on 127.0.0.1 with an OS-chosen port, for component tests: one
/// thread accepts, one thread per connection serves keep-alive requests through `handler`.
/// Plain POSIX sockets and blocking threads of its own, never the Swift concurrency pool.
public final class TestHTTPServer: Sendable {
    public struct Request: Sendable {
        public var method: String
        /// Path and query as sent.
        public var target: String
        public var headers: [String: String]
        public var body: [UInt8]
    }

    /// What to do with one request.
    public enum Reply: Sendable {
        case respond(status: Int, headers: [(String, String)] = [], body: [UInt8] = [])
        /// Chunked body, one chunk every `delay`: a slow body without a Content-Length.
        case respondSlowly(status: Int, chunks: [[UInt8]], delay: Duration)
        /// Read the request, never answer; the thread waits until the client or `stop()` closes.
        case hang
        /// Read the request, then abort the connection with a TCP reset.
        case reset
    }

    /// Called on a connection thread with the request and its 0-based number across the server.
    public typealias Handler = @Sendable (Request, Int) -> Reply

    private struct State {
        var listening = false
        var stopping = false
        var connections: Set<Int32> = []
        var threads = 0
        var accepted = 0
        var requests = 0
    }

    public let port: Int
    private let listenFD: Int32
    private let handler: Handler
    private let state = Mutex(State())

    /// `listening: false` binds the port without listening: connections are refused until
    /// `startListening()`, which is how tests provoke "connection refused" on a known port.
    public init(listening: Bool = true, handler: @escaping Handler) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard bound == 0, named == 0 else {
            close(fd)
            throw POSIXError(.init(rawValue: errno) ?? .EIO)
        }
        self.listenFD = fd
        self.port = Int(UInt16(bigEndian: address.sin_port))
        self.handler = handler
        if listening { startListening() }
    }

    public var baseURL: String { "http://127.0.0.1:\(port)" }
    public var acceptedConnections: Int { state.withLock { $0.accepted } }
    public var requestCount: Int { state.withLock { $0.requests } }

    public func startListening() {
        let start: Bool = state.withLock { s in
            guard !s.listening, !s.stopping else { return false }
            s.listening = true
            s.threads += 1
            return true
        }
        guard start else { return }
        listen(listenFD, 128)
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    /// Waits (without blocking a thread) until at least `count` requests have arrived.
    public func waitForRequests(_ count: Int) async {
        while requestCount < count { try? await Task.sleep(for: .milliseconds(2)) }
    }

    /// Closes the listener and every connection, then waits for all server threads to end.
    public func stop() async {
        let fds: [Int32] = state.withLock { s in
            s.stopping = true
            return Array(s.connections)
        }
        // shutdown() wakes a thread blocked in accept() or recv() on that descriptor.
        shutdown(listenFD, Int32(SHUT_RDWR))
        for fd in fds { shutdown(fd, Int32(SHUT_RDWR)) }
        while state.withLock({ $0.threads }) > 0 { try? await Task.sleep(for: .milliseconds(2)) }
        close(listenFD)
    }

    private func acceptLoop() {
        defer { state.withLock { $0.threads -= 1 } }
        while true {
            let fd = accept(listenFD, nil, nil)
            guard fd >= 0 else {
                if errno == EINTR { continue }
                return
            }
            let admitted: Bool = state.withLock { s in
                guard !s.stopping else { return false }
                s.accepted += 1
                s.connections.insert(fd)
                s.threads += 1
                return true
            }
            guard admitted else {
                close(fd)
                return
            }
            let thread = Thread { [self] in serve(fd) }
            thread.start()
        }
    }

    private func serve(_ fd: Int32) {
        defer {
            state.withLock {
                $0.connections.remove(fd)
                $0.threads -= 1
            }
            close(fd)
        }
        var connection = Connection(fd: fd)
        while let request = connection.readRequest() {
            let number: Int = state.withLock { s in
                defer { s.requests += 1 }
                return s.requests
            }
            switch handler(request, number) {
            case .respond(let status, let headers, let body):
                var head = "HTTP/1.1 \(status) Status\r\nContent-Length: \(body.count)\r\n"
                for (name, value) in headers { head += "\(name): \(value)\r\n" }
                guard connection.write(Array((head + "\r\n").utf8) + body) else { return }
            case .respondSlowly(let status, let chunks, let delay):
                let head = "HTTP/1.1 \(status) Status\r\nTransfer-Encoding: chunked\r\n\r\n"
                guard connection.write(Array(head.utf8)) else { return }
                for chunk in chunks {
                    Thread.sleep(forTimeInterval: Double(delay.components.attoseconds) / 1e18 + Double(delay.components.seconds))
                    let frame = Array((String(chunk.count, radix: 16) + "\r\n").utf8) + chunk + Array("\r\n".utf8)
                    guard connection.write(frame) else { return }
                }
                guard connection.write(Array("0\r\n\r\n".utf8)) else { return }
            case .hang:
                connection.drainUntilClosed()
                return
            case .reset:
                // SO_LINGER with a zero timeout turns close() into a RST.
                var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
                setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
                return
            }
        }
    }
}
