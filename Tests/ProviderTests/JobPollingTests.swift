import Foundation
import Testing

@testable import EnrichCore

/// Virtual time: `sleep` advances `now` at once, and records what it was asked to sleep.
final class VirtualTime: @unchecked Sendable {
    private let lock = NSLock()
    private var offset = Duration.zero
    private var slept: [Duration] = []
    private let origin = ContinuousClock.now

    var sleeps: [Duration] { lock.withLock { slept } }

    var polling: (sleep: @Sendable (Duration) async throws -> Void, now: @Sendable () -> ContinuousClock.Instant) {
        (
            { duration in
                self.lock.withLock {
                    self.offset += duration; self.slept.append(duration)
                }
            },
            { self.lock.withLock { self.origin + self.offset } }
        )
    }
}

@Suite("JobPolling in virtual time")
struct JobPollingTests {
    @Test("2 s, 4 s, 8 s … capped, and the last wait shortened to the deadline")
    func backoffAndDeadline() async {
        let time = VirtualTime()
        let polling = JobPolling(
            interval: .seconds(2), maxInterval: .seconds(10), deadline: .seconds(30), sleep: time.polling.sleep, now: time.polling.now)
        var waited = Duration.zero
        var polls = 0
        let end: JobPolling.End<Int> = await polling.run(immediately: false, waited: &waited, polls: &polls) { .pending }
        guard case .deadline = end else {
            Issue.record("expected the deadline, got \(end)")
            return
        }
        #expect(time.sleeps == [.seconds(2), .seconds(4), .seconds(8), .seconds(10), .seconds(6)])
        #expect(polls == 5)
        #expect(waited == .seconds(30))
    }

    @Test("a resumed job is polled before any wait; done ends at once")
    func immediately() async {
        let time = VirtualTime()
        let polling = JobPolling(interval: .seconds(2), sleep: time.polling.sleep, now: time.polling.now)
        var waited = Duration.zero
        var polls = 0
        let end: JobPolling.End<String> = await polling.run(immediately: true, waited: &waited, polls: &polls) { .done("ok") }
        guard case .done(let value) = end else {
            Issue.record("expected done, got \(end)")
            return
        }
        #expect(value == "ok")
        #expect(polls == 1)
        #expect(time.sleeps.isEmpty)
    }

    @Test("a cancelled sleep ends polling as cancelled")
    func cancelled() async {
        let polling = JobPolling(sleep: { _ in throw CancellationError() })
        var waited = Duration.zero
        var polls = 0
        let end: JobPolling.End<Int> = await polling.run(immediately: false, waited: &waited, polls: &polls) { .pending }
        guard case .cancelled = end else {
            Issue.record("expected cancelled, got \(end)")
            return
        }
        #expect(polls == 0)
    }
}
