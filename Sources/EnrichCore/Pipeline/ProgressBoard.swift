import Foundation

/// Counters the coordinator updates as rows are written and the progress reporter reads on its
/// own schedule: a lock, not an actor, so that writing a row never waits for a reader.
public final class ProgressBoard: @unchecked Sendable {
    public struct Snapshot: Sendable {
        public var rowsDone = 0
        public var found = 0
        public var credits = 0
        public var retryAfterMilliseconds = 0
        public var inFlight = 0
        /// Where the reader is in the input, for a share done and an ETA.
        public var bytesRead = 0
    }

    private let lock = NSLock()
    private var current = Snapshot()

    public init() {}

    public var snapshot: Snapshot { lock.withLock { current } }

    func update(_ change: (inout Snapshot) -> Void) {
        lock.withLock { change(&current) }
    }
}
