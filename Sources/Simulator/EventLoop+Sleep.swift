import NIOCore

extension EventLoop {
    /// A configured latency timed by the connection's own event loop rather than by
    /// `Task.sleep`, whose timer needs a thread of the runtime's pool to wake: under the load of
    /// scripts/bench/run part a, a 50 ms delay was answered after 52.5 ms on average that way
    /// and after 51.5 ms this way, and every late answer is the simulator misreporting latency.
    func sleep(until deadline: NIODeadline) async throws {
        let scheduled = scheduleTask(deadline: deadline) {}
        try await withTaskCancellationHandler {
            try await scheduled.futureResult.get()
        } onCancel: {
            scheduled.cancel()
        }
    }
}

extension Duration {
    var nanoseconds: Int64 {
        components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000
    }
}
