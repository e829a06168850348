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

    /// A simulator, a Lantern-only mapping and a generated input: `skipped` rows with every
    /// identifier blank, then `lookedUp` rows with a distinct name and company each.
    final class LanternOnly {
        let folder: TemporaryFolder
        let sim: SimulatorProcess
        let mapping: String
        let input: String

        init(skipped: Int, lookedUp: Int) throws {
            folder = try TemporaryFolder()
            sim = try SimulatorProcess(config: folder.write("sim.yml", Array("lantern: { credits: 100000 }\n".utf8)))
            mapping = try folder.write(
                "mapping.yml",
                Array(
                    """
                    version: 1
                    input: { id: "Record ID" }
                    fields: { first_name: "First Name", last_name: "Last Name", company: "Company" }
                    enrich:
                      phone: { providers: [lantern], columns: { "Mobile Phone": phone } }
                    providers:
                      lantern: { kind: lantern, api_key: "sim-lantern-key", base_url: "\(sim.baseURL)" }
                    """.utf8))
            var csv = "Record ID,First Name,Last Name,Company\n"
            for index in 0..<skipped { csv += "blank-\(index),,,\n" }
            for index in 0..<lookedUp { csv += "person-\(index),Ada\(index),Byron,Analytical \(index)\n" }
            input = try folder.write("people.csv", Array(csv.utf8))
        }

        func run() throws -> EnrichProcess.Result {
            try EnrichProcess.run(
                ["run", input, "--mapping", mapping, "--output", folder.path("out.csv"), "--concurrency", "32", "--quiet"], timeout: 45)
        }

        func audit() throws -> [[String: Any]] {
            try String(decoding: folder.read("out.csv.audit.jsonl"), as: UTF8.self).split(separator: "\n").map {
                try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] ?? [:]
            }
        }

        func ledger() async throws -> [String: Any] {
            let (data, _) = try await URLSession.shared.data(from: try #require(URL(string: sim.baseURL + "/__sim/ledger")))
            return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
        }

        func close() { sim.stop() }

        deinit { close() }
    }
}
