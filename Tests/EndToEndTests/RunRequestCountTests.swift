import Foundation
import Testing

extension RunEndToEnd {
    /// The requests the run's summary and `enrich report` count are the requests the provider
    /// received, also when one Apollo `bulk_match` call is made for several rows.
    @Suite struct RunRequestCountTests {
        @Test func aBulkCallIsOneRequestInTheSummaryAndTheReport() async throws {
            let fixture = try RunFixture(emailProviders: "apollo")
            defer { fixture.close() }
            let run = try fixture.run("out.csv", limit: 60, ["--log-format", "json"])
            #expect(run.status == 0, "\(run.stderr)")

            let received = ((try await fixture.ledger()["requests"] as? [[String: Any]]) ?? [])
                .filter { $0["provider"] as? String == "apollo" }.compactMap { $0["path"] as? String }
                .filter { !$0.contains("enrich-key-check") }
            #expect(received.filter { $0.hasSuffix("/people/bulk_match") }.count >= 2, "rows were batched: \(received.prefix(5))")

            let summaryLine = try #require(run.stderr.split(separator: "\n").last { $0.contains("run.summary") })
            let summary = try #require(try JSONSerialization.jsonObject(with: Data(summaryLine.utf8)) as? [String: Any])
            #expect(summary["retries"] as? Int == 0)
            #expect((summary["requests"] as? [String: Any])?["apollo"] as? Int == received.count)

            let report = try EnrichProcess.run(["report", fixture.path("out.csv.audit.jsonl"), "--format", "json"])
            #expect(report.status == 0, "\(report.stderr)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any])
            let apollo = try #require((object["providers"] as? [String: Any])?["apollo"] as? [String: Any])
            #expect(apollo["requests"] as? Int == received.count)

            // Every row of a bulk call says which place it had in it.
            let shares = try fixture.audit().flatMap { ($0["attempts"] as? [[String: Any]]) ?? [] }
                .compactMap { $0["bulk"] as? [String: Int] }
            let firsts = shares.filter { $0["position"] == 1 }
            #expect(firsts.count == received.filter { $0.hasSuffix("/people/bulk_match") }.count)
            #expect(shares.count == firsts.reduce(0) { $0 + ($1["size"] ?? 0) })
        }
    }
}
