import Foundation
import TestSupport
import Testing

@testable import EnrichCore

@Suite struct ReportTests {
    /// Writes `lines` (joined by LF, plus `ending`) to a file and reads the report back.
    func report(_ lines: [String], ending: String = "\n") throws -> (AuditReport, [String]) {
        let folder = try TemporaryFolder()
        let path = try folder.write("run.audit.jsonl", Array((lines.joined(separator: "\n") + ending).utf8))
        var warnings: [String] = []
        let report = try AuditReport.read(path: path) { warnings.append($0) }
        return (report, warnings)
    }

    static let enriched =
        #"{"row":1,"record_id":"A1","status":"enriched","fields":{"phone":{"value":"+14155550123","provider":"lantern","strategy":"name_company"},"email":{"value":"a@b.co","provider":"pronto","strategy":"linkedin"}},"attempts":[{"provider":"waterfall_phone","field":"phone","strategy":"linkedin","job_id":"j-1","http_status":200,"retries":2,"waited_ms":4000,"latency_ms":40,"outcome":"not_found","charged":false,"error":null,"polls":3,"provider_status":"SUCCEEDED","rate_limited":2,"retry_after_ms":1500},{"provider":"lantern","field":"phone","strategy":"name_company","job_id":null,"http_status":200,"retries":0,"waited_ms":0,"latency_ms":120,"outcome":"found","charged":true,"error":null,"credits":1},{"provider":"pronto","field":"email","strategy":"linkedin","job_id":"p-1","http_status":200,"retries":0,"waited_ms":0,"latency_ms":80,"outcome":"found","charged":true,"error":null,"credits":3,"some_future_key":[1,2]}],"cached":false,"started_at":"2027-01-15T08:00:00.250Z","finished_at":"2027-01-15T08:00:02.000Z"}"#
    static let failed =
        #"{"row":2,"record_id":"A2","status":"failed","fields":{},"attempts":[{"provider":"lantern","field":"phone","strategy":null,"job_id":null,"http_status":503,"retries":3,"waited_ms":900,"latency_ms":30,"outcome":"failed","charged":false,"error":"HTTP 503 after 3 retries"},{"provider":"pronto","field":"email","strategy":null,"job_id":null,"http_status":null,"retries":0,"waited_ms":0,"latency_ms":5000,"outcome":"in_doubt","charged":false,"error":"timed out after the request was sent"},{"provider":"lantern","field":"phone","strategy":"name_company","job_id":null,"http_status":null,"retries":0,"waited_ms":0,"latency_ms":0,"outcome":"skipped","charged":false,"error":"first_name longer than 100"}],"cached":false,"started_at":"2027-01-15T08:00:01.000Z","finished_at":"2027-01-15T08:01:10.500Z"}"#
    static let invalid =
        #"{"row":3,"record_id":"3","status":"invalid_input","line":4,"byte_offset":90,"reason":{"kind":"too_many_fields","message":"3 fields where the header has 2"},"fields":{},"attempts":[],"cached":false,"started_at":"2027-01-15T08:00:00.500Z","finished_at":"2027-01-15T08:00:00.500Z"}"#
    static let cached =
        #"{"row":4,"record_id":"A4","status":"enriched","fields":{"phone":{"value":"+14155550123","provider":"lantern","strategy":"name_company"}},"attempts":[],"cached":true,"started_at":"2027-01-15T08:00:02.000Z","finished_at":"2027-01-15T08:00:02.001Z"}"#

    @Test func countsEveryPartOfTheAudit() throws {
        let (report, warnings) = try report([Self.enriched, Self.failed, Self.invalid, Self.cached])
        #expect(warnings.isEmpty)
        #expect(report.lines == 4)
        #expect(report.rows == 4)
        #expect(report.byStatus == ["enriched": 2, "failed": 1, "invalid_input": 1])
        #expect(report.invalidByReason == ["too_many_fields": 1])
        #expect(report.cachedRows == 1)
        #expect(report.found == ["phone": ["lantern": 2], "email": ["pronto": 1]])

        let lantern = try #require(report.providers["lantern"])
        #expect(lantern.attempts == 3)
        #expect(lantern.requests == 5, "1 + 1 and its 3 retries; the skipped entry was never sent")
        #expect(lantern.credits == 1)
        #expect(lantern.retries == 3)
        #expect(lantern.latencySamples == 2)
        let waterfall = try #require(report.providers["waterfall_phone"])
        #expect(waterfall.requests == 5, "a poll series of 3 polls is 3 requests, and 2 retries")
        #expect(waterfall.rateLimited == 2)
        #expect(waterfall.retryAfterMilliseconds == 1500)
        #expect(waterfall.waitedMilliseconds == 4000)
        #expect(report.providers["pronto"]?.inDoubt == 1)

        let total = report.total
        #expect(total.credits == 4)
        #expect(total.requests == 12)
        #expect(total.retries == 5)
        #expect(total.rateLimited == 2)
        #expect(total.inDoubt == 1)

        #expect(report.errors.count == 2)
        let outage = try #require(report.errors[.init(provider: "lantern", outcome: "failed", httpStatus: 503)])
        #expect(outage.count == 1)
        #expect(outage.example == "HTTP 503 after 3 retries")
        #expect(report.errors[.init(provider: "pronto", outcome: "in_doubt", httpStatus: nil)]?.count == 1)

        #expect(report.earliestStart?.text == "2027-01-15T08:00:00.250Z")
        #expect(report.latestFinish?.text == "2027-01-15T08:01:10.500Z")
        #expect(report.wallMilliseconds == 70_250)
    }

    /// Three rows of one `bulk_match` call carry the call's figures; the call counts once.
    @Test func aBulkCallCountsOnceAcrossItsRows() throws {
        let lines = (1...3).map { position in
            #"{"row":\#(position),"record_id":"B\#(position)","status":"not_found","fields":{},"attempts":[{"provider":"apollo","field":"email","strategy":"linkedin","job_id":"7#\#(position - 1)","http_status":200,"retries":1,"waited_ms":900,"latency_ms":\#(position * 100),"outcome":"not_found","charged":false,"error":null,"rate_limited":1,"retry_after_ms":800,"bulk":{"position":\#(position),"size":3}}],"cached":false,"started_at":"2027-01-15T08:00:00.000Z","finished_at":"2027-01-15T08:00:01.000Z"}"#
        }
        let (report, warnings) = try report(lines)
        #expect(warnings.isEmpty)
        let apollo = try #require(report.providers["apollo"])
        #expect(apollo.attempts == 3)
        #expect(apollo.requests == 2, "the call and its retry")
        #expect(apollo.retries == 1)
        #expect(apollo.rateLimited == 1)
        #expect(apollo.retryAfterMilliseconds == 800)
        #expect(apollo.latencySamples == 1)
        #expect(apollo.latencyPercentile(50) == 100)
        #expect(apollo.waitedMilliseconds == 2700, "each row waited")
    }

    @Test func textShowsTheNumbers() throws {
        let (report, _) = try report([Self.enriched, Self.failed, Self.invalid, Self.cached])
        let text = report.text
        #expect(text.contains("rows: 4"))
        #expect(text.contains("  enriched           2  50.0%"))
        #expect(text.contains("    too_many_fields  1"))
        #expect(text.contains("  phone  2  (lantern 2)"))
        #expect(text.contains("lantern  failed    HTTP 503"))
        #expect(text.contains("wall time: 1m10.2s (2027-01-15T08:00:00.250Z to 2027-01-15T08:01:10.500Z)"))
        let total = try #require(text.split(separator: "\n").first { $0.hasPrefix("  total") })
        #expect(total.split(separator: " ", omittingEmptySubsequences: true).prefix(4) == ["total", "12", "4", "5"])
    }

    @Test func jsonIsOneObjectWithStableKeys() throws {
        let (report, _) = try report([Self.enriched, Self.failed])
        let (empty, _) = try self.report([], ending: "")
        for json in [report.json, empty.json] {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
            #expect(Set(object.keys) == ["audit", "lines", "rows", "found", "providers", "total", "errors", "wall_time"])
            let rows = try #require(object["rows"] as? [String: Any])
            let statuses = try #require(rows["by_status"] as? [String: Int])
            #expect(Set(statuses.keys) == Set(AuditReport.statuses))
        }
        #expect(report.json.contains(#""total":{"attempts":6,"requests":12,"credits":4,"#))
        #expect(report.json.contains(#""latency_ms":{"count":2,"p50":30,"p95":120,"p99":120,"max":120}"#))
        #expect(empty.json.contains(#""wall_time":{"started_at":null,"finished_at":null,"ms":null}"#))
    }

    @Test func percentilesAreNearestRank() {
        var histogram = LatencyHistogram()
        #expect(histogram.percentile(50) == nil)
        for value in (1...100).reversed() { histogram.add(value) }
        #expect(histogram.percentile(50) == 50)
        #expect(histogram.percentile(95) == 95)
        #expect(histogram.percentile(99) == 99)
        #expect(histogram.percentile(100) == 100)

        var few = LatencyHistogram()
        for value in [30, 10, 20] { few.add(value) }
        #expect(few.percentile(50) == 20, "rank ceil(1.5) = 2")
        #expect(few.percentile(95) == 30)
        #expect(few.percentile(0) == 10)
    }

    @Test func slowCallsFallInSecondBucketsAndNeverPastTheMaximum() {
        var histogram = LatencyHistogram()
        for _ in 0..<90 { histogram.add(100) }
        for _ in 0..<9 { histogram.add(12_345) }
        histogram.add(4_000_000)
        #expect(histogram.percentile(50) == 100)
        #expect(histogram.percentile(95) == 12_999, "the upper end of the 12 s bucket")
        #expect(histogram.percentile(99) == 12_999)
        #expect(histogram.percentile(100) == 4_000_000)
        #expect(histogram.maximum == 4_000_000)

        var one = LatencyHistogram()
        one.add(12_345)
        #expect(one.percentile(50) == 12_345, "capped at the largest value seen")
    }

    @Test func aCutOffLastLineIsAWarningNotAFailure() throws {
        let cut = String(Self.failed.prefix(120))
        let (report, warnings) = try report([Self.enriched, Self.invalid, cut], ending: "")
        #expect(report.rows == 2)
        #expect(report.truncatedLine == 3)
        #expect(report.malformedLines == 0)
        #expect(warnings.count == 1)
        #expect(warnings.first?.hasPrefix("line 3, the last, is incomplete") == true)
        #expect(report.text.contains("lines: 3 (line 3 cut off)"))
    }

    @Test func aMalformedLineInTheMiddleIsCountedAndSkipped() throws {
        let (report, warnings) = try report([
            Self.enriched, "{not json", #"{"row":"two","status":"failed"}"#, #"{"status":"failed"}"#, Self.invalid,
        ])
        #expect(report.rows == 2)
        #expect(report.malformedLines == 3)
        #expect(report.truncatedLine == nil)
        #expect(
            warnings == [
                "line 2: not valid JSON; skipped", "line 3: \"row\" is not an integer; skipped", "line 4: no \"row\"; skipped",
            ])
        #expect(report.text.contains("lines: 5 (3 malformed)"))
    }

    @Test func aNumberIsNotABoolean() throws {
        let line = Self.cached.replacingOccurrences(of: #""cached":true"#, with: #""cached":1"#)
        let (report, warnings) = try report([line, Self.invalid])
        #expect(report.cachedRows == 0)
        #expect(warnings == ["line 1: \"cached\" is not true or false; skipped"])
    }

    @Test func aRepeatedRowCountsOnceFromItsLastLine() throws {
        let again = Self.failed.replacingOccurrences(of: #"{"row":2,"#, with: #"{"row":1,"#)
        let (report, warnings) = try report([Self.enriched, Self.invalid, again])
        #expect(report.rows == 2)
        #expect(report.byStatus == ["failed": 1, "invalid_input": 1])
        #expect(report.duplicateLines == 1)
        #expect(report.found.isEmpty, "the first line of row 1 is not counted")
        #expect(warnings == ["row 1 is on 2 lines; counted once, from its last (line 3)"])
    }

    @Test func aCutOffRepeatDoesNotHideTheRow() throws {
        let cut = String(Self.enriched.prefix(60))
        let (report, warnings) = try report([Self.enriched, cut], ending: "")
        #expect(report.rows == 1)
        #expect(report.byStatus == ["enriched": 1])
        #expect(warnings.count == 1)
    }

    @Test func blankLinesAndAnEmptyFile() throws {
        let (report, warnings) = try report(["", Self.invalid, "  ", ""])
        #expect(report.rows == 1)
        #expect(report.blankLines == 3)
        #expect(warnings.isEmpty)
        let (empty, emptyWarnings) = try self.report([], ending: "")
        #expect(empty.rows == 0)
        #expect(emptyWarnings.count == 1)
        #expect(empty.text.contains("wall time: unknown"))
    }

    @Test func aMissingFileSaysWhatToDo() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("nope.audit.jsonl")
        #expect(throws: ReportError.self) { try AuditReport.read(path: path) { _ in } }
        do {
            _ = try AuditReport.read(path: path) { _ in }
        } catch {
            #expect(error.description.contains("cannot open \(path): No such file or directory"))
            #expect(error.description.contains("--audit"))
        }
    }

    @Test func timestampsAreReadWithOffsetsAndFractions() {
        #expect(AuditTimestamp.milliseconds("1970-01-01T00:00:00Z") == 0)
        #expect(AuditTimestamp.milliseconds("2027-01-15T08:00:01.500Z") == 1_800_000_001_500)
        #expect(AuditTimestamp.milliseconds("2027-01-15T10:00:01.5+02:00") == 1_800_000_001_500)
        #expect(AuditTimestamp.milliseconds("2000-03-01T00:00:00.123456Z") == 951_868_800_123)
        #expect(AuditTimestamp.milliseconds("2027-01-15") == nil)
        #expect(AuditTimestamp.milliseconds("2027-01-15T08:00:01.Z") == nil)
        #expect(AuditTimestamp.milliseconds("2027-13-15T08:00:01Z") == nil)
    }

    @Test func theLeadingRowShortcutOnlyTakesWhatItKnows() {
        #expect(AuditReport.leadingRow(Array(#"{"row":17,"status":"x"}"#.utf8)[...]) == 17)
        #expect(AuditReport.leadingRow(Array(#"{"row":17,"status":"#.utf8)[...]) == nil)
        #expect(AuditReport.leadingRow(Array(#"{ "row":17}"#.utf8)[...]) == nil)
        #expect(AuditReport.leadingRow(Array(#"{"row":-1}"#.utf8)[...]) == nil)
    }

    @Test func seenRowsFindRepeatsFarAndNear() {
        var set = SeenRows()
        let rows = [1, 64, 1, 5_000_000_000, 5_000_000_000, -3, -3, 2_000_000, 2_000_000]
        let inserted = rows.map { set.insert($0) }
        #expect(inserted == [true, true, false, true, false, true, false, true, false])
    }

    @Test func durationsReadShort() {
        #expect(AuditReport.duration(850) == "850ms")
        #expect(AuditReport.duration(4_149) == "4.1s")
        #expect(AuditReport.duration(70_250) == "1m10.2s")
        #expect(AuditReport.duration(61_000) == "1m01.0s")
        #expect(AuditReport.duration(3_725_000) == "1h02m05s")
    }
}
