import NIOCore

extension EventLoop {
    /// A configured latency timed by the connection's own event loop rather than by
    /// `Task.sleep`: the event loop's timer is exact and costs no thread of its own, where a
    /// runtime timer under load came due 2–3 ms late on a 50 ms delay (measured in
    /// scripts/bench/run part a), and every late answer is the simulator misreporting latency.
    func sleep(for delay: Duration) async throws {
        let nanoseconds = delay.components.seconds * 1_000_000_000 + delay.components.attoseconds / 1_000_000_000
        let scheduled = scheduleTask(in: .nanoseconds(nanoseconds)) {}
        try await withTaskCancellationHandler {
            try await scheduled.futureResult.get()
        } onCancel: {
            scheduled.cancel()
        }
    }
}
