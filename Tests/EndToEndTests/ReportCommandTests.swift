import Foundation
import TestSupport
import Testing

@Suite struct ReportCommandTests {
    static let lines = [
        #"{"row":1,"record_id":"A1","status":"enriched","fields":{"phone":{"value":"+14155550123","provider":"lantern","strategy":"name_company"}},"attempts":[{"provider":"lantern","field":"phone","strategy":"name_company","job_id":null,"http_status":200,"retries":1,"waited_ms":300,"latency_ms":120,"outcome":"found","charged":true,"error":null,"credits":2,"rate_limited":1,"retry_after_ms":250}],"cached":false,"started_at":"2027-01-15T08:00:00.000Z","finished_at":"2027-01-15T08:00:01.000Z"}"#,
        "this line is broken",
        #"{"row":2,"record_id":"A2","status":"not_found","fields":{},"attempts":[{"provider":"lantern","field":"phone","strategy":"name_company","job_id":null,"http_status":200,"retries":0,"waited_ms":0,"latency_ms":80,"outcome":"not_found","charged":false,"error":null}],"cached":false,"started_at":"2027-01-15T08:00:00.500Z","finished_at":"2027-01-15T08:00:03.000Z"}"#,
        #"{"row":3,"record_id":"A3","stat"#,
    ]

    @Test func reportSummarisesAPartialAudit() throws {
        let folder = try TemporaryFolder()
        let audit = try folder.write("out.audit.jsonl", Array(Self.lines.joined(separator: "\n").utf8))
        let result = try EnrichProcess.run(["report", audit])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("rows: 2"))
        #expect(result.stdout.contains("lines: 4 (1 malformed, line 4 cut off)"))
        #expect(result.stdout.contains("wall time: 3.0s"))
        let total = try #require(result.stdout.split(separator: "\n").first { $0.hasPrefix("  total") })
        #expect(total.split(separator: " ").prefix(6) == ["total", "3", "2", "1", "1", "250ms"])
        #expect(result.stderr.contains("warning: line 2: not valid JSON; skipped"))
        #expect(result.stderr.contains("warning: line 4, the last, is incomplete"))

        let json = try EnrichProcess.run(["report", audit, "--format", "json"])
        #expect(json.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let rows = try #require(object["rows"] as? [String: Any])
        #expect(rows["total"] as? Int == 2)
        #expect((object["total"] as? [String: Any])?["credits"] as? Int == 2)
    }

    @Test func aMissingAuditExitsWithTwo() throws {
        let folder = try TemporaryFolder()
        let result = try EnrichProcess.run(["report", folder.path("missing.audit.jsonl")])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("error: cannot open \(folder.path("missing.audit.jsonl")): No such file or directory"))
        #expect(result.stderr.contains("--audit"))
    }

    @Test func helpExplainsThePercentiles() throws {
        let result = try EnrichProcess.run(["report", "--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("nearest-rank"))
    }
}
