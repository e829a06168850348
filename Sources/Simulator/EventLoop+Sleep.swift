import NIOCore

extension EventLoop {
    /// A configured latency timed by the connection's own event loop rather than by
    /// `Task.sleep`: the event loop's timer is exact and costs no thread of its own, where a
    /// runtime timer under load came due 2–3 ms late on a 50 ms delay (measured in
    /// scripts/bench/run part a), and every late answer is the simulator misreporting latency.
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
