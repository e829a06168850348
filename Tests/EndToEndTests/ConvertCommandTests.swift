import Foundation
import TestSupport
import Testing

@Suite struct ConvertCommandTests {
    @Test func theSampleExportConvertsToItselfByteForByte() throws {
        let folder = try TemporaryFolder()
        let result = try EnrichProcess.run([
            "run", EnrichProcess.sample("crm-export.csv"), "--mapping", EnrichProcess.sample("convert.yml"),
            "--output", folder.path("out.csv"),
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let input = try Data(contentsOf: URL(fileURLWithPath: EnrichProcess.sample("crm-export.csv")))
        #expect(try Data(contentsOf: URL(fileURLWithPath: folder.path("out.csv"))) == input)
        #expect(result.stderr.contains("input: CSV, delimiter ',', CRLF line endings, UTF-8 BOM, 12 columns"))
        #expect(result.stderr.contains("rows: 350 (346 converted, 4 invalid_input)"))
    }

    @Test func theSampleExportToJSONLAuditsItsFourBadRows() throws {
        let folder = try TemporaryFolder()
        let result = try EnrichProcess.run([
            "run", EnrichProcess.sample("crm-export.csv"), "-m", EnrichProcess.sample("convert.yml"),
            "-o", folder.path("out.jsonl"), "--log-format", "json",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = try String(contentsOfFile: folder.path("out.jsonl"), encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 350)
        let audit = try String(contentsOfFile: folder.path("out.jsonl.audit.jsonl"), encoding: .utf8).split(separator: "\n")
        let rows = try audit.map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] ?? [:] }
        #expect(rows.map { $0["line"] as? Int } == [76, 208, 351, 459])
        #expect(rows.map { $0["status"] as? String } == Array(repeating: "invalid_input", count: 4))
        #expect(
            rows.map { ($0["reason"] as? [String: Any])?["kind"] as? String }
                == ["too_many_fields", "too_few_fields", "invalid_utf8", "unterminated_quote"])
        #expect(rows.first?["record_id"] as? String == "003Hs0000s0JHrE")
        #expect(result.stderr.contains(#""event":"run.summary","rows":350"#))
    }

    @Test func standardInputToStandardOutput() throws {
        let folder = try TemporaryFolder()
        let mapping = try folder.write("m.yml", Array("version: 1\nenrich: {}\n".utf8))
        let result = try EnrichProcess.run(
            ["run", "-", "--input-format", "jsonl", "-m", mapping, "-o", "-", "--output-format", "csv", "--quiet"],
            input: Data("{\"b\": 1, \"a\": \"x,y\"}\n{\"a\": \"z\", \"c\": true}\n".utf8))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "b,a,c\n1,\"x,y\",\nz,,true\n".replacingOccurrences(of: "z,,true", with: ",z,true"))
        #expect(result.stderr.isEmpty)
    }

    /// The line used to overflow the stack while its columns were read (SIGSEGV, nothing written).
    @Test func aLineNested100000LevelsDeepIsInvalidInputAndTheRunGoesOn() throws {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let folder = try TemporaryFolder()
        let mapping = try folder.write("m.yml", Array("version: 1\nenrich: {}\n".utf8))
        let result = try EnrichProcess.run(
            [
                "run", "-", "--input-format", "jsonl", "-m", mapping, "-o", "-", "--output-format", "jsonl", "--audit",
                folder.path("a.jsonl"),
            ],
            input: Data("{\"a\": 1}\n{\"a\": \(deep)}\n{\"a\": 3}\n".utf8))
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines.first == #"{"a":1}"#)
        #expect(lines.last == #"{"a":3}"#)
        #expect(lines.count == 3 && lines[1].hasPrefix(#"{"_invalid_input":"invalid_json","_line":2,"_raw":"#))
        let audit = String(decoding: try folder.read("a.jsonl"), as: UTF8.self)
        #expect(audit.contains("nested more than 128 levels deep"))
    }

    /// The input line lists the first renamed columns and counts the others: it used to list
    /// every one (megabytes on one line for an export with thousands of repeated names).
    @Test func manyRepeatedColumnNamesAreCountedNotAllListed() throws {
        let folder = try TemporaryFolder()
        let header = Array(repeating: "a", count: 30).joined(separator: ",")
        let values = Array(repeating: "v", count: 30).joined(separator: ",")
        try folder.write("in.csv", Array("\(header)\n\(values)\n".utf8))
        let mapping = try folder.write("m.yml", Array("version: 1\nenrich: {}\n".utf8))
        let result = try EnrichProcess.run(["run", folder.path("in.csv"), "-m", mapping, "-o", folder.path("out.csv")])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains(#"column 11 repeats "a": named "a_11"; … 29 columns renamed in all"#), "\(result.stderr)")
        #expect(!result.stderr.contains("column 12 repeats"))
    }

    @Test func tabSeparatedInputIsRead() throws {
        let folder = try TemporaryFolder()
        try folder.write("in.tsv", Array("a\tb\n1\t2,3\n".utf8))
        let mapping = try folder.write("m.yml", Array("version: 1\nenrich: {}\n".utf8))
        let result = try EnrichProcess.run(["run", folder.path("in.tsv"), "-m", mapping, "-o", folder.path("out.csv"), "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(String(decoding: try folder.read("out.csv"), as: UTF8.self) == "a,b\n1,\"2,3\"\n")
    }

    @Test func limitAndDelimiterOptions() throws {
        let folder = try TemporaryFolder()
        try folder.write("in.csv", Array("a;b,c\n1;2,3\n4;5,6\n7;8,9\n".utf8))
        let mapping = try folder.write("m.yml", Array("version: 1\nenrich: {}\n".utf8))
        let result = try EnrichProcess.run([
            "run", folder.path("in.csv"), "-m", mapping, "-o", folder.path("out.jsonl"), "--delimiter", ",", "--limit", "2",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            String(decoding: try folder.read("out.jsonl"), as: UTF8.self)
                == "{\"a;b\":\"1;2\",\"c\":\"3\"}\n{\"a;b\":\"4;5\",\"c\":\"6\"}\n")
        let bad = try EnrichProcess.run(["run", folder.path("in.csv"), "-m", mapping, "-o", folder.path("x.csv"), "--delimiter", "x"])
        #expect(bad.status == 2, "\(bad.stderr)")
        #expect(bad.stderr.contains("--delimiter must be one of"))
    }
}
