import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import ServiceLifecycle
import Simulator

/// One answer from the simulator, kept as text so tests can check exact JSON literals.
struct Reply: Sendable {
    let status: Int
    let headers: HTTPFields
    let text: String

    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
    }

    func header(_ name: String) -> String? {
        HTTPField.Name(name).flatMap { headers[$0] }
    }
}

extension Dictionary where Key == String, Value == Any {
    subscript(object key: String) -> [String: Any] { self[key] as? [String: Any] ?? [:] }
    subscript(array key: String) -> [Any] { self[key] as? [Any] ?? [] }
    subscript(string key: String) -> String? { self[key] as? String }
}

/// Talks HTTP/1.1 to the simulator over a fresh loopback connection per request, so a fault
/// that kills one connection cannot spill into the next request.
struct SimClient: Sendable {
    let port: Int

    static let waterfall = ["x-api-key": "sim-waterfall-key"]
    static let apollo = ["X-Api-Key": "sim-apollo-key"]
    static let lantern = ["Authorization": "Bearer sim-lantern-key"]
    static let pronto = ["X-API-KEY": "sim-pronto-key"]

    func send(_ method: HTTPRequest.Method, _ path: String, headers: [String: String] = [:], body: String? = nil) async throws -> Reply {
        var fields = HTTPFields()
        for (name, value) in headers {
            guard let field = HTTPField.Name(name) else { throw InvalidHeaderName(name: name) }
            fields[field] = value
        }
        if body != nil { fields[.contentType] = "application/json" }
        let request = TestClient.Request(
            path, method: method, authority: "127.0.0.1", headers: fields, body: body.map { ByteBuffer(string: $0) })
        return try await TestClient.withClient(host: "127.0.0.1", port: port) { client in
            let response = try await client.execute(request)
            return Reply(status: Int(response.status.code), headers: response.headers, text: response.body.map { String(buffer: $0) } ?? "")
        }
    }

    func get(_ path: String, headers: [String: String] = [:]) async throws -> Reply {
        try await send(.get, path, headers: headers)
    }

    func post(_ path: String, headers: [String: String] = [:], body: String? = nil) async throws -> Reply {
        try await send(.post, path, headers: headers, body: body)
    }
}

/// A simulator with test-friendly defaults: jobs that never finish on their own (tests finish
/// them with `completeJobs()`), no latency, no faults.
func withSimulator<T: Sendable>(
    _ configure: (inout SimulatorConfiguration) -> Void = { _ in },
    _ body: (RunningSimulator, SimClient) async throws -> T
) async throws -> T {
    var configuration = SimulatorConfiguration()
    configuration.jobDuration = .fixed(.seconds(3600))
    configuration.webhook.backoffBase = .milliseconds(1)
    configure(&configuration)
    var logger = Logger(label: "sim-test")
    logger.logLevel = .critical
    return try await withRunningSimulator(configuration: configuration, logger: logger) { running in
        try await body(running, SimClient(port: running.port))
    }
}

/// A webhook receiver that answers with scripted statuses (then 200) and keeps every body.
actor Receiver {
    private var script: [Int]
    private(set) var bodies: [String] = []

    init(script: [Int]) { self.script = script }

    func receive(_ body: String) -> Int {
        bodies.append(body)
        return script.isEmpty ? 200 : script.removeFirst()
    }

    /// Waits (without a deadline; the suite's time limit guards it) until `count` bodies arrived.
    func waitFor(_ count: Int) async throws -> [String] {
        while bodies.count < count { try await Task.sleep(for: .milliseconds(5)) }
        return bodies
    }
}

func withReceiver<T: Sendable>(script: [Int] = [], _ body: (Receiver, String) async throws -> T) async throws -> T {
    let receiver = Receiver(script: script)
    let router = Router()
    router.post("hook") { request, _ -> Response in
        let buffer = try await request.body.collect(upTo: 1 << 20)
        let status = await receiver.receive(String(buffer: buffer))
        return Response(status: .init(code: status))
    }
    let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
    var logger = Logger(label: "receiver")
    logger.logLevel = .critical
    let app = Application(
        router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
        onServerRunning: { channel in
            continuation.yield(channel.localAddress?.port ?? 0)
            continuation.finish()
        },
        logger: logger
    )
    let services = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: logger))
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await services.run() }
        var iterator = ports.makeAsyncIterator()
        let port = await iterator.next() ?? 0
        do {
            let value = try await body(receiver, "http://127.0.0.1:\(port)/hook")
            await services.triggerGracefulShutdown()
            try await group.waitForAll()
            return value
        } catch {
            await services.triggerGracefulShutdown()
            try? await group.waitForAll()
            throw error
        }
    }
}

/// Pulls a string field's value out of JSON text without a decoder.
func jobID(_ reply: Reply) -> String {
    reply.json[string: "job_id"] ?? reply.json[string: "enrichment_id"] ?? ""
}

struct InvalidHeaderName: Error {
    var name: String
}
