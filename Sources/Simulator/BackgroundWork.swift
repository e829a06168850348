import ServiceLifecycle

/// Owns every timer and webhook delivery as a child task of one task group that lives exactly
/// as long as the server, so nothing outlives a stopped simulator.
final class BackgroundWork: Service, Sendable {
    private enum Work: Sendable {
        case timer(ContinuousClock.Instant, @Sendable () async -> Void)
        case delivery(WebhookDelivery)
    }

    private let stream: AsyncStream<Work>
    private let continuation: AsyncStream<Work>.Continuation
    private let deliverer: WebhookDeliverer

    init(deliverer: WebhookDeliverer) {
        (stream, continuation) = AsyncStream.makeStream(of: Work.self)
        self.deliverer = deliverer
    }

    /// Runs `action` at `instant` (unless the simulator stops first).
    func schedule(at instant: ContinuousClock.Instant, _ action: @escaping @Sendable () async -> Void) {
        continuation.yield(.timer(instant, action))
    }

    func deliver(_ delivery: WebhookDelivery) {
        continuation.yield(.delivery(delivery))
    }

    func run() async throws {
        // Graceful shutdown cancels the loop; cancellation reaches every sleeping timer and
        // every delivery in its backoff, so shutdown does not wait for them.
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                for await work in self.stream {
                    group.addTask {
                        switch work {
                        case .timer(let instant, let action):
                            guard (try? await Task.sleep(until: instant, clock: .continuous)) != nil else { return }
                            await action()
                        case .delivery(let delivery):
                            await self.deliverer.deliver(delivery)
                        }
                    }
                }
            }
        }
        continuation.finish()
    }
}
