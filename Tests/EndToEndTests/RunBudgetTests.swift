import Foundation
import TestSupport
import Testing

extension RunEndToEnd {
    /// `--max-credits` smaller than what the lookups in flight reserve.
    @Suite struct RunBudgetTests {
        /// 10 credits with 32 rows in flight: the launches granted within the budget are sent
        /// (they used to be cancelled with the rest, so such a run did nothing, every time),
        /// the others withheld; exit 4. A bigger budget then ends the run with the output of a
        /// run that never had one.
        @Test(.timeLimit(.minutes(2))) func aBudgetUnderTheLaunchesInFlightIsSpentThenResumed() async throws {
            let fixture = try LanternOnly(skipped: 0, lookedUp: 60)
            defer { fixture.close() }
            let small = try fixture.run("out.csv", ["--max-credits", "10"])
            #expect(small.status == 4, "\(small.stderr)")
            let ledger = try await fixture.ledger()
            let charged = ledger["credits_charged"] as? Int ?? 0
            #expect(charged > 0 && charged <= 10, "charged \(charged)")
            #expect((ledger["request_count"] as? Int ?? 0) > 10, "the key check and at least 10 lookups")

            let rest = try fixture.run("out.csv", ["--max-credits", "1000"])
            #expect(rest.status == 0, "\(rest.stderr)")
            let reference = try fixture.run("reference.csv")
            #expect(reference.status == 0, "\(reference.stderr)")
            #expect(try fixture.folder.read("out.csv") == fixture.folder.read("reference.csv"))
            #expect(try fixture.audit().compactMap { $0["row"] as? Int } == Array(1...60))
        }
    }
}
