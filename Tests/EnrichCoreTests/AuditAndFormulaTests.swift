import CSVStream
import Foundation
import Testing

@testable import EnrichCore

@Suite struct AuditAndFormulaTests {
    @Test func formulasFromProvidersAreNeutralised() {
        #expect(FormulaGuard.neutralise("=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")")
        #expect(FormulaGuard.neutralise("@SUM(A1)") == "'@SUM(A1)")
        #expect(FormulaGuard.neutralise("-2+3") == "'-2+3")
        #expect(FormulaGuard.neutralise("+1 (415) 555") == "'+1 (415) 555")
        #expect(FormulaGuard.neutralise("\t=1") == "'\t=1")
        #expect(FormulaGuard.neutralise("\r=1") == "'\r=1")
        #expect(FormulaGuard.neutralise("+14155550123") == "+14155550123", "a validated E.164 phone stays as it is")
        #expect(FormulaGuard.neutralise("Head of Sales") == "Head of Sales")
        #expect(FormulaGuard.neutralise("") == "")
    }

    @Test func anAuditLineHasTheSpecShape() throws {
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        var record = AuditRecord(row: 7, recordID: "003\"A", status: .enriched, startedAt: start, finishedAt: start.addingTimeInterval(1.5))
        record.fields = [(field: "phone", found: .init(value: "+14155550123", provider: "lantern", strategy: "name_company"))]
        record.attempts = [
            AttemptLog(
                provider: "waterfall_phone", field: .phone, strategy: "linkedin", jobID: "j-1", httpStatus: 200, retries: 1,
                waitedMilliseconds: 2000, latencyMilliseconds: 40, polls: 2, outcome: .notFound, providerStatus: "SUCCEEDED"),
            AttemptLog(
                provider: "lantern", field: .phone, strategy: "name_company", httpStatus: 200, outcome: .found, charged: true, credits: 1),
        ]
        let line = record.json
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["row"] as? Int == 7)
        #expect(object["record_id"] as? String == "003\"A")
        #expect(object["status"] as? String == "enriched")
        let phone = (object["fields"] as? [String: Any])?["phone"] as? [String: Any]
        #expect(phone?["value"] as? String == "+14155550123")
        #expect(phone?["provider"] as? String == "lantern")
        let attempts = try #require(object["attempts"] as? [[String: Any]])
        #expect(attempts.count == 2)
        #expect(
            Set(attempts[0].keys).isSuperset(of: [
                "provider", "field", "strategy", "job_id", "http_status", "retries", "waited_ms", "latency_ms", "outcome", "charged",
                "error",
            ]))
        #expect(attempts[0]["job_id"] as? String == "j-1")
        #expect(attempts[0]["error"] is NSNull)
        #expect(attempts[1]["charged"] as? Bool == true)
        #expect(object["cached"] as? Bool == false)
        #expect(object["started_at"] as? String == "2027-01-15T08:00:00.000Z")
        #expect(object["finished_at"] as? String == "2027-01-15T08:00:01.500Z")
        #expect(line.hasPrefix(#"{"row":7,"record_id":"003\"A","status":"enriched","fields":"#))
    }

    @Test func anInvalidRowSaysWhereAndWhy() throws {
        var row = Row(number: 3, line: 9, byteOffset: 120, cells: Fields(["x"]))
        row.problem = RowProblem(kind: "too_few_fields", message: "1 fields where the header has 2")
        let line = AuditRecord.invalid(row, recordID: "3", at: Date(timeIntervalSince1970: 0)).json
        #expect(line.contains(#""status":"invalid_input","line":9,"byte_offset":120,"reason":{"kind":"too_few_fields""#))
        #expect(line.contains(#""fields":{},"attempts":[],"cached":false"#))
    }
}
