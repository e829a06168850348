import Foundation
import SQLiteStore
import Synchronization

extension Checkpoint {
    /// A provider's find, kept by the request that got it (`Provider.requestKey`) for rows that
    /// send the same request later, in this run or the next: `outcome` is its `sharedCopy()`.
    struct SharedAnswer: Sendable {
        var requestKey: String
        var outcome: LookupOutcome

        /// What the `requests` table keeps: the find and the one attempt a row taking it
        /// records. Written by hand, as results are: `JSONEncoder` costs more than the row.
        var storedJSON: [UInt8] {
            let entry = outcome.attempts.first
            var out = JSONObjectWriter()
            out.string("provider", outcome.provider)
            out.string("field", entry?.field?.rawValue)
            out.string("strategy", entry?.strategy)
            out.string("jobID", entry?.jobID)
            if let result = outcome.result { out.object("result") { $0.write(result) } }
            return out.finish()
        }
    }

    private struct StoredAnswer: Decodable {
        var provider: String
        var field: EnrichField?
        var strategy: String?
        var jobID: String?
        var result: LookupResult
    }

    /// The find stored for a request a row sends, by this run or an earlier one, as the row
    /// records it (`shared`: nothing sent or paid); nil when there is none or it cannot be
    /// read, and the row asks the provider itself.
    func sharedAnswer(requestKey: String) -> LookupOutcome? {
        guard mayHaveSharedAnswer(requestKey: requestKey),
            let bytes = try? storedAnswer(requestKey: requestKey),
            let stored = try? decoder.decode(StoredAnswer.self, from: Data(bytes))
        else { return nil }
        let entry = AttemptLog(
            provider: stored.provider, field: stored.field, strategy: stored.strategy, jobID: stored.jobID, outcome: .shared)
        return LookupOutcome(provider: stored.provider, status: .found(stored.result), attempts: [entry])
    }

    /// Whether a find may be stored for `requestKey` (false: certainly not), without the actor.
    nonisolated func mayHaveSharedAnswer(requestKey: String) -> Bool {
        answeredRequests.withLock { $0.mayContain(requestKey) }
    }
}
