import Foundation
import TestSupport
import Testing

extension RunEndToEnd {
    /// `--retry-failed`: rows an earlier run left `failed` are looked up again, only for the
    /// fields that failed; what they found (and paid for) is kept.
    @Suite struct RunRetryFailedTests {
        @Test func failedFieldsAreAskedAgainAndFindsAreNotPaidTwice() async throws {
            let fixture = try RunFixture(emailProviders: "apollo")
            defer { fixture.close() }
            // Phones from Lantern alone; e-mails from Apollo, which no row shares (so nothing
            // but the kept result can keep a retried row from paying for its e-mail again).
            let mappingText = String(decoding: try fixture.read("mapping.yml"), as: UTF8.self)
                .replacingOccurrences(of: "providers: [waterfall_phone, lantern, pronto]", with: "providers: [lantern]")
            let lantern = "base_url: \"\(fixture.sim.baseURL)\" }"
            #expect(mappingText.contains("kind: lantern, api_key: \"sim-lantern-key\", " + lantern))
            let down = mappingText.replacingOccurrences(
                of: "kind: lantern, api_key: \"sim-lantern-key\", " + lantern,
                with: "kind: lantern, api_key: \"sim-lantern-key\", base_url: \"http://127.0.0.1:\(try freePort())\" }")
            func write(_ text: String) throws { _ = try fixture.folder.write("mapping.yml", Array(text.utf8)) }

            // Lantern unreachable: its rows fail; Apollo finds and charges e-mails.
            try write(down)
            let first = try fixture.run("out.csv", limit: 40)
            #expect(first.status == 1, "\(first.stderr)")
            #expect(first.stderr.contains("--retry-failed"), "\(first.stderr)")
            let failedLines = try fixture.audit().filter { $0["status"] as? String == "failed" }
            let failedRows = failedLines.compactMap { $0["row"] as? Int }
            #expect(!failedRows.isEmpty)
            func attempts(_ line: [String: Any]) -> [NSDictionary] { (line["attempts"] as? [NSDictionary]) ?? [] }
            let firstAttempts = Dictionary(uniqueKeysWithValues: failedLines.map { ($0["row"] as? Int ?? 0, attempts($0)) })
            let charges = try await Self.apolloCharges(fixture)
            #expect(charges > 0)

            // Lantern is back. A plain rerun resumes: failed rows are final, nothing is asked.
            try write(mappingText)
            let rerun = try fixture.run("out.csv", limit: 40)
            #expect(rerun.status == 1, "\(rerun.stderr)")
            #expect(rerun.stderr.contains("requests: 0"), "\(rerun.stderr)")

            // --retry-failed asks Lantern again for those rows, and Apollo for nothing.
            let retry = try fixture.run("out.csv", limit: 40, ["--retry-failed"])
            #expect(retry.status == 0, "\(retry.stderr)")
            #expect(try await Self.apolloCharges(fixture) == charges, "an e-mail found before was paid again")
            #expect((try await fixture.ledger()["duplicates"] as? [Any])?.isEmpty == true)
            let audit = try fixture.audit()
            #expect(audit.compactMap { $0["row"] as? Int } == Array(1...40))
            #expect(!audit.contains { $0["status"] as? String == "failed" })
            // A retried row's line starts with the first run's attempts, so what that run sent
            // and paid stays in the audit; what follows is this run's, where Apollo is not asked.
            var asked: [NSDictionary] = []
            for line in audit where failedRows.contains(line["row"] as? Int ?? 0) {
                let earlier = firstAttempts[line["row"] as? Int ?? 0] ?? []
                #expect(Array(attempts(line).prefix(earlier.count)) == earlier, "row \(line["row"] ?? "?")")
                asked += attempts(line).dropFirst(earlier.count)
            }
            #expect(!asked.contains { $0["provider"] as? String == "apollo" && $0["outcome"] as? String != "shared" })
            #expect(asked.contains { ($0["provider_status"] as? String)?.contains("--retry-failed") == true })
            #expect(firstAttempts.values.joined().contains { $0["provider"] as? String == "apollo" && $0["charged"] as? Bool == true })
            // So the report's credits are every credit the providers charged, over both runs.
            let report = try EnrichProcess.run(["report", fixture.path("out.csv.audit.jsonl"), "--format", "json"])
            #expect(report.status == 0, "\(report.stderr)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any])
            let reported = ((object["total"] as? [String: Any])?["credits"] as? Int) ?? -1
            #expect(reported == (try await fixture.ledger()["credits_charged"] as? Int), "\(report.stdout)")

            // Those rows end as in one run that never failed (which pays again, so it comes last).
            let reference = try fixture.run("reference.csv", limit: 40)
            #expect(reference.status == 0, "\(reference.stderr)")
            func found(_ lines: [[String: Any]]) throws -> [String] {
                try lines.filter { failedRows.contains($0["row"] as? Int ?? 0) }.map {
                    String(decoding: try JSONSerialization.data(withJSONObject: $0["fields"] ?? [:], options: [.sortedKeys]), as: UTF8.self)
                }
            }
            #expect(try found(audit) == found(fixture.audit("reference.csv.audit.jsonl")))
        }

        static func apolloCharges(_ fixture: RunFixture) async throws -> Int {
            ((try await fixture.ledger()["charges"] as? [[String: Any]]) ?? []).filter { $0["provider"] as? String == "apollo" }.count
        }
    }
}
