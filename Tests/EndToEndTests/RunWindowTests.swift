import Foundation
import TestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

extension RunEndToEnd {
    /// More rows than the reorder window (1024 at `--concurrency 32`) that need no lookup: the
    /// run must read on, not wait for a lookup that was never started.
    @Suite struct RunWindowTests {
        /// 1500 rows without an identifier, then rows that are looked up: every row is written,
        /// in order, and the lookups after the long stretch still happen.
        @Test(.timeLimit(.minutes(2))) func aLongStretchOfSkippedRowsIsWrittenThrough() async throws {
            let fixture = try LanternOnly(skipped: 1500, lookedUp: 40)
            defer { fixture.close() }
            let result = try fixture.run()
            #expect(result.status == 0, "\(result.stderr)")
            let audit = try fixture.audit()
            #expect(audit.compactMap { $0["row"] as? Int } == Array(1...1540))
            #expect(audit.prefix(1500).allSatisfy { $0["status"] as? String == "skipped" })
            #expect(audit.suffix(40).allSatisfy { ["enriched", "not_found"].contains($0["status"] as? String ?? "") })
            #expect((try await fixture.ledger()["request_count"] as? Int ?? 0) >= 40)
        }

        /// A finished run of 1100 looked-up rows, run again: every row is resumed from the
        /// checkpoint, so none has a lookup in flight. It ends at once with the same output and
        /// charges nothing more.
        @Test(.timeLimit(.minutes(2))) func rerunningAFinishedRunLargerThanTheWindowEnds() async throws {
            let fixture = try LanternOnly(skipped: 0, lookedUp: 1100)
            defer { fixture.close() }
            let first = try fixture.run()
            #expect(first.status == 0, "\(first.stderr)")
            let output = try fixture.folder.read("out.csv")
            let charged = try await fixture.ledger()["credits_charged"] as? Int
            #expect((charged ?? 0) > 0)

            let again = try fixture.run()
            #expect(again.status == 0, "\(again.stderr)")
            #expect(try fixture.folder.read("out.csv") == output)
            #expect(try fixture.audit().compactMap { $0["row"] as? Int } == Array(1...1100))
            #expect(try await fixture.ledger()["credits_charged"] as? Int == charged)
        }
    }
}
