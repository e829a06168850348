import Foundation
import TestSupport
import Testing

extension RunEndToEnd {
    /// `enrich run` against misbehaving providers, wrong keys, bad rows, hostile values.
    @Suite struct RunBehaviourTests {
        /// A 429 storm, 5 % server errors and resets, malformed bodies: every row reaches a final
        /// state, written once, and the exit code says whether any failed.
        @Test func stormsAndFaultsEndInAFinalStateForEveryRow() throws {
            let fixture = try RunFixture(
                simConfig: """
                    rate_limit: { limit: 40, window: 1s, retry_after: 1, hint: header }
                    faults: { status_500: 0.02, status_503: 0.02, reset: 0.01, malformed_json: 0.01 }
                    """)
            defer { fixture.close() }
            let result = try fixture.run("out.csv", limit: 80, ["--log-format", "json"])
            #expect(result.status == 0 || result.status == 1, "\(result.stderr)")
            let audit = try fixture.audit()
            #expect(audit.compactMap { $0["row"] as? Int } == Array(1...80))
            let statuses = Set(audit.compactMap { $0["status"] as? String })
            #expect(statuses.isSubset(of: ["enriched", "not_found", "skipped", "failed", "invalid_input"]))
            let failed = audit.filter { $0["status"] as? String == "failed" }.count
            #expect((result.status == 1) == (failed > 0))
            let summaryLine = try #require(result.stderr.split(separator: "\n").last { $0.contains("run.summary") })
            let summary = try JSONSerialization.jsonObject(with: Data(summaryLine.utf8)) as? [String: Any]
            #expect((summary?["rate_limited"] as? Int ?? 0) > 0, "the storm was seen: \(summaryLine)")
            #expect(summary?["rows"] as? Int == 80)
        }

        /// A wrong key: exit 2 at once, nothing charged, the key named nowhere.
        @Test func wrongKeyStopsFastAndChargesNothing() async throws {
            var keys = RunFixture.Keys()
            keys.waterfall = "wf-wrong-\(UUID().uuidString)"
            let fixture = try RunFixture(keys: keys)
            defer { fixture.close() }
            let started = Date()
            let result = try fixture.run("out.csv")
            #expect(result.status == 2, "\(result.stderr)")
            #expect(Date().timeIntervalSince(started) < 20)
            #expect(result.stderr.contains("waterfall_phone") || result.stderr.contains("waterfall_contact"))
            #expect(!result.stderr.contains(keys.waterfall))
            #expect((try await fixture.ledger()["credits_charged"] as? Int) == 0)
        }

        /// Random keys never appear in the output, the audit, the checkpoint's bytes or stderr.
        @Test func keysNeverLeak() throws {
            let keys = RunFixture.Keys(
                waterfall: "wf-\(UUID().uuidString)", lantern: "ln-\(UUID().uuidString)", pronto: "pr-\(UUID().uuidString)")
            let fixture = try RunFixture(
                simConfig: """
                    keys: { waterfall: "\(keys.waterfall)", lantern: "\(keys.lantern)", pronto: "\(keys.pronto)" }
                    faults: { status_503: 0.05 }
                    """, keys: keys)
            defer { fixture.close() }
            let result = try fixture.run("out.csv", limit: 40, ["--log-format", "json"])
            #expect(result.status == 0 || result.status == 1, "\(result.stderr)")
            let files = try FileManager.default.contentsOfDirectory(atPath: fixture.folder.url.path).filter { $0.hasPrefix("out.csv") }
            #expect(files.contains("out.csv.checkpoint.sqlite"))
            for key in [keys.waterfall, keys.lantern, keys.pronto] {
                #expect(!result.stderr.contains(key))
                for file in files {
                    let bytes = try fixture.read(file)
                    #expect(bytes.range(of: Data(key.utf8)) == nil, "\(file) holds a key")
                }
            }
        }

        /// Formula injection: a provider's `=…` value is neutralised; an E.164 phone is not.
        @Test func providerFormulasAreNeutralised() throws {
            let fixture = try RunFixture(simConfig: "formula_rate: 1.0\n")
            defer { fixture.close() }
            let result = try fixture.run("out.csv", limit: 40)
            #expect(result.status == 0, "\(result.stderr)")
            let text = String(decoding: try fixture.read("out.csv"), as: UTF8.self)
            #expect(text.contains(#""'=HYPERLINK("#), "a formula title gets a leading quote in CSV")
            // The same run as JSONL, to look at each value on its own.
            let jsonl = try fixture.run("out.jsonl", limit: 40)
            #expect(jsonl.status == 0, "\(jsonl.stderr)")
            let rows = try String(decoding: fixture.read("out.jsonl"), as: UTF8.self).split(separator: "\n").map {
                try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] ?? [:]
            }
            let titles = rows.compactMap { $0["Found Title"] as? String }
            let phones = rows.compactMap { $0["Mobile Phone"] as? String }
            #expect(!titles.isEmpty && !phones.isEmpty)
            for title in titles { #expect(!["=", "+", "-", "@"].contains(String(title.prefix(1))), "\(title)") }
            for phone in phones { #expect(phone.hasPrefix("+") && phone.dropFirst().allSatisfy(\.isNumber), "E.164 as is: \(phone)") }
        }

        /// Duplicates share one lookup and are audited as cached; malformed rows pass through as
        /// invalid_input; the sandbox needs no keys; a completed run's rerun calls nobody.
        @Test func sandboxRunDedupesAndPassesBadRowsThrough() throws {
            let folder = try TemporaryFolder()
            let output = folder.path("out.csv")
            let arguments = [
                "run", EnrichProcess.sample("crm-export.csv"), "--mapping", EnrichProcess.sample("mapping.yml"), "--output", output,
                "--sandbox", "--concurrency", "64", "--log-format", "json",
            ]
            let first = try EnrichProcess.run(arguments, timeout: 180)
            #expect(first.status == 0, "\(first.stderr)")
            let audit = try String(decoding: Data(contentsOf: URL(fileURLWithPath: output + ".audit.jsonl")), as: UTF8.self)
                .split(separator: "\n").compactMap { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
            #expect(audit.count == 350)
            #expect(audit.filter { $0["status"] as? String == "invalid_input" }.count == 4)
            #expect(audit.filter { $0["cached"] as? Bool == true }.count == 8)
            #expect(audit.filter { $0["status"] as? String == "enriched" }.count > 200)
            let before = try Data(contentsOf: URL(fileURLWithPath: output))
            let again = try EnrichProcess.run(arguments, timeout: 60)
            #expect(again.status == 0)
            #expect(try Data(contentsOf: URL(fileURLWithPath: output)) == before)
            #expect(again.stderr.contains("\"requests\":{}"), "a finished run's rerun asks nobody: \(again.stderr)")
        }

        /// SPEC keeps the original columns unchanged: a blank or repeated header name is written
        /// back as the file had it (a CRM import matches columns by header), while the mapping
        /// still names them column_N and Email_2, as the run reports.
        @Test func blankAndRepeatedHeaderNamesAreWrittenBackAsGiven() throws {
            let folder = try TemporaryFolder()
            try folder.write("in.csv", Array("Record ID,First Name,,Email,Email\n1,Ann,x,ann@acme.com,b@c.com\n".utf8))
            try folder.write(
                "mapping.yml",
                Array(
                    """
                    version: 1
                    input: { id: "Record ID" }
                    fields: { first_name: "First Name", email: "Email_2" }
                    enrich:
                      phone: { providers: [lantern], columns: { "Mobile Phone": phone } }
                    providers:
                      lantern: { kind: lantern, api_key: "not-needed-in-the-sandbox" }

                    """.utf8))
            let output = folder.path("out.csv")
            let result = try EnrichProcess.run(
                ["run", folder.path("in.csv"), "--mapping", folder.path("mapping.yml"), "--output", output, "--sandbox"], timeout: 60)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stderr.contains(#"column 3 has no name: named "column_3"; column 5 repeats "Email": named "Email_2""#))
            let lines = String(decoding: try folder.read("out.csv"), as: UTF8.self).split(separator: "\n")
            #expect(lines.first == "Record ID,First Name,,Email,Email,Mobile Phone")
            let audit = String(decoding: try folder.read("out.csv.audit.jsonl"), as: UTF8.self)
            #expect(audit.contains(#""status":"enriched""#) || audit.contains(#""status":"not_found""#), "\(audit)")
        }
    }
}
