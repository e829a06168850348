public import EnrichCore
import Hummingbird
public import Logging
import NIOCore
import ServiceLifecycle

/// The run's webhook listener (`--webhook-listen`): `POST /hooks/{token}/{provider}`.
///
/// A delivery is written to the checkpoint before the answer is 200, so a crash after the
/// provider was told "received" loses nothing; a failed write answers 500, and the provider
/// retries. A request without the run's token is refused (404, nothing written), as is a body
/// over 1 MiB (413) or one that names no job (422).
public struct WebhookReceiver: Sendable {
    public let inbox: RunInbox
    let checkpoint: Checkpoint
    let host: String
    let port: Int
    let logger: Logger

    static let maxBody = 1 << 20

    public init(inbox: RunInbox, checkpoint: Checkpoint, host: String, port: Int, logger: Logger) {
        self.inbox = inbox
        self.checkpoint = checkpoint
        self.host = host
        self.port = port
        self.logger = logger
    }

    /// Serves while `body` runs, then stops; `body` gets the port actually bound (port 0 lets
    /// the OS choose).
    public func serving<Value: Sendable>(_ body: (Int) async throws -> Value) async throws -> Value {
        let router = Router()
        let inbox = self.inbox
        let checkpoint = self.checkpoint
        let logger = self.logger
        router.post("/hooks/:token/:provider") { request, context -> Response in
            let token = context.parameters.get("token") ?? ""
            let provider = context.parameters.get("provider") ?? ""
            guard token == inbox.token else {
                // Said without the path: a forged or stale URL is not logged with its guess.
                logger.warning("webhook.refused", metadata: ["reason": "wrong token"])
                return Response(status: .notFound)
            }
            guard let buffer = try? await request.body.collect(upTo: Self.maxBody) else {
                return Response(status: .contentTooLarge)
            }
            let bytes = Array(buffer.readableBytesView)
            guard let keys = inbox.keys(provider: provider, body: bytes) else { return Response(status: .notFound) }
            guard !keys.isEmpty else {
                logger.warning("webhook.refused", metadata: ["provider": "\(provider)", "reason": "no job or request id in the body"])
                return Response(status: .unprocessableContent)
            }
            do {
                for key in keys { try await checkpoint.saveDelivery(provider: provider, key: key, body: bytes) }
            } catch {
                logger.error("webhook.unsaved", metadata: ["provider": "\(provider)", "error": "\(error)"])
                return Response(status: .internalServerError)
            }
            for key in keys { inbox.deliver(provider: provider, key: key, body: bytes) }
            return Response(status: .ok)
        }
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let application = Application(
            router: router,
            configuration: .init(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in
                portContinuation.yield(channel.localAddress?.port ?? 0)
                portContinuation.finish()
            },
            logger: logger
        )
        let services = ServiceGroup(configuration: .init(services: [application], gracefulShutdownSignals: [], logger: logger))
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask {
                defer { portContinuation.finish() }
                try await services.run()
            }
            var iterator = ports.makeAsyncIterator()
            guard let bound = await iterator.next() else {
                try await tasks.waitForAll()
                throw WebhookReceiverError(description: "the webhook listener on \(host):\(port) stopped before it was listening")
            }
            do {
                let value = try await body(bound)
                await services.triggerGracefulShutdown()
                try await tasks.waitForAll()
                return value
            } catch {
                await services.triggerGracefulShutdown()
                try? await tasks.waitForAll()
                throw error
            }
        }
    }
}

public struct WebhookReceiverError: Error, CustomStringConvertible {
    public let description: String
}
