import ProviderHTTP

/// Groups the rows that ask Apollo within `window` of each other into one `people/bulk_match`
/// call of at most `maxBatch` records, and gives each row its own slot of the answer.
///
/// A row's launch intent is written before it is submitted, so every record of a call sent is
/// journaled. A batch of one goes to `people/match` instead: the single endpoint's limit is ten
/// times the bulk one's.
actor ApolloBatcher {
    /// How one record's call ended, with the call's timings and the time held for pacing.
    struct Reply: Sendable {
        enum Ending: Sendable {
            case answered(ApolloMatchAnswer.Slot, bulk: Bool, batchSize: Int)
            /// Non-2xx, or a 2xx that cannot be read (`malformed`: a job may have started).
            case failed(LookupFailure, malformed: Bool)
            case ended(LookupOutcome.Status, AttemptLog.Outcome)
        }

        var ending: Ending
        var report: CallReport?
        var held: Duration = .zero
        /// Set when the call was made for more than this record.
        var bulk: AttemptLog.BulkShare?
    }

    /// Sends `records` (one: a single match; more: a bulk match) and answers one reply per record.
    typealias Send = @Sendable ([ApolloRecord]) async -> [Reply]

    private struct Waiting: Sendable {
        var record: ApolloRecord
        var row: Int
        var continuation: AsyncStream<Reply>.Continuation
    }

    static let maxBatch = 10

    private let window: Duration
    private let maxBatch: Int
    private let send: Send
    private var waiting: [Waiting] = []
    /// Counts flushes, so a timer set for an earlier batch does not cut a later one short.
    private var generation = 0

    init(window: Duration, maxBatch: Int = ApolloBatcher.maxBatch, send: @escaping Send) {
        self.window = window
        self.maxBatch = max(1, min(maxBatch, Self.maxBatch))
        self.send = send
    }

    /// Adds `record` to the batch being gathered and waits for its reply. Not cancelled with
    /// the caller: once submitted, the record is part of a paid call.
    nonisolated func submit(_ record: ApolloRecord, row: Int) async -> Reply {
        await Task { await self.enqueue(record, row: row) }.value
    }

    /// The first record of a batch waits out the window, then sends whatever gathered; the
    /// record that fills a batch sends it at once. So every call is made inside a submitter's
    /// own (awaited) task, and no timer outlives the batch it was set for.
    private func enqueue(_ record: ApolloRecord, row: Int) async -> Reply {
        let (stream, continuation) = AsyncStream.makeStream(of: Reply.self, bufferingPolicy: .bufferingNewest(1))
        waiting.append(Waiting(record: record, row: row, continuation: continuation))
        if waiting.count >= maxBatch {
            await deliver(takeBatch())
        } else if waiting.count == 1 {
            let started = generation
            try? await Task.sleep(for: window)
            if started == generation, !waiting.isEmpty { await deliver(takeBatch()) }
        }
        for await reply in stream { return reply }
        let failure = LookupFailure(.transport, "the batch ended without an answer", transport: .cancelled)
        return Reply(ending: .ended(.failed(failure), .failed))
    }

    /// Takes what is gathered (at most `maxBatch`, first come first) as one batch, in row
    /// order: rows arrive in any order, and the first place, which counts the call, must go
    /// to the row written first.
    private func takeBatch() -> [Waiting] {
        generation += 1
        let batch = Array(waiting.prefix(maxBatch))
        waiting.removeFirst(batch.count)
        return batch.sorted { $0.row < $1.row }
    }

    /// Sends `batch` and answers each of its records. Not isolated: other rows gather the
    /// next batch meanwhile.
    private nonisolated func deliver(_ batch: [Waiting]) async {
        let replies = await send(batch.map(\.record))
        for (index, entry) in batch.enumerated() {
            var reply =
                index < replies.count
                ? replies[index]
                : Reply(ending: .failed(LookupFailure(.malformedResponse, "the answer has no slot for this record"), malformed: true))
            if batch.count > 1 { reply.bulk = AttemptLog.BulkShare(position: index + 1, size: batch.count) }
            entry.continuation.yield(reply)
            entry.continuation.finish()
        }
    }
}
