import ByteStream
import CSVStream
import Foundation
import TestSupport
import Testing

@testable import EnrichCore

/// Converts the file `input` in `folder` to `output` with a mapping that enriches nothing.
@discardableResult
func convertFile(_ folder: TemporaryFolder, _ input: String, _ output: String) throws -> RunSummary {
    let source = try RecordSources.open(path: folder.path(input), format: nil, delimiter: nil)
    let mapping = try Mapping.parse(yaml: "version: 1\nfields: {}\nenrich: {}\n", file: "m.yml")
    let bound = try BoundMapping(mapping: mapping, columns: source.columns)
    let path = folder.path(output)
    let format = RecordSinks.format(path: path, given: nil, source: source)
    let sink = try RecordSinks.open(path: path, format: format, source: source, header: bound.outputHeader, extraColumns: [])
    let audit = try AuditLog(path: folder.path(output + ".audit.jsonl"))
    return try Pipeline.convert(source: source, mapping: bound, sink: sink, audit: audit)
}

func cells(ofCSV bytes: [UInt8]) throws -> [[String]] {
    let folder = try TemporaryFolder()
    let path = try folder.write("x.csv", bytes)
    let reader = try CSVReader(input: try InputFile(path: path))
    var rows = [reader.header.fields.strings]
    while let record = try reader.next() { rows.append(record.fields.strings) }
    return rows
}

let messyCSV =
    [0xEF, 0xBB, 0xBF]
    + Array(
        ("Record ID;Name;Notes;Email;;Email\r\n"
            + "1;  José Müller ;\"Met at SaaStr; asked for \"\"enterprise\"\" pricing\r\nsecond line\";J@X.IO;;dup\r\n"
            + "\r\n"
            + "2;李雷;=SUM(A1);;x;\r\n"
            + "3;Иван;tab\there;i@x.io;;\r\n").utf8)

@Suite struct ConversionTests {
    @Test func csvToCSVKeepsEveryByteOfAMinimallyQuotedFile() throws {
        let folder = try TemporaryFolder()
        try folder.write("in.csv", messyCSV)
        let summary = try convertFile(folder, "in.csv", "out.csv")
        #expect(summary.rows == 3)
        #expect(summary.blankLines == 1)
        // The blank line goes; the rest stays, the empty and repeated header names too (the
        // unique names they get are for the mapping).
        let expected = Array(
            String(decoding: messyCSV, as: UTF8.self).replacingOccurrences(of: "\r\n\r\n2;", with: "\r\n2;").utf8)
        #expect(try folder.read("out.csv") == expected)
    }

    @Test func csvToJSONLToCSVKeepsEveryCellValue() throws {
        let folder = try TemporaryFolder()
        try folder.write("in.csv", messyCSV)
        try convertFile(folder, "in.csv", "mid.jsonl")
        try convertFile(folder, "mid.jsonl", "back.csv")
        var original = try cells(ofCSV: messyCSV)
        original[0] = ["Record ID", "Name", "Notes", "Email", "column_5", "Email_2"]
        #expect(try cells(ofCSV: try folder.read("back.csv")) == original)
        let lines = String(decoding: try folder.read("mid.jsonl"), as: UTF8.self).split(separator: "\n")
        #expect(lines.count == 3)
        #expect(
            lines[0].hasPrefix(
                #"{"Record ID":"1","Name":"  José Müller ","Notes":"Met at SaaStr; asked for \"enterprise\" pricing\r\nsecond line""#))
    }

    @Test func jsonlKeepsValueTypesAndKeyOrderAndUnionsKeys() throws {
        let folder = try TemporaryFolder()
        let input = """
            {"id": 1, "name": "Ann", "tags": ["a", "b"], "score": 1.50}
            {"name": "Bob", "id": 2, "extra": {"k": null}}

            {"id": 3, "name": null}
            """
        try folder.write("in.jsonl", Array((input + "\n").utf8))
        let summary = try convertFile(folder, "in.jsonl", "out.jsonl")
        #expect(summary.blankLines == 1)
        let out = String(decoding: try folder.read("out.jsonl"), as: UTF8.self)
        #expect(
            out == """
                {"id":1,"name":"Ann","tags":["a", "b"],"score":1.50}
                {"id":2,"name":"Bob","extra":{"k": null}}
                {"id":3,"name":null}

                """)
        try convertFile(folder, "in.jsonl", "out.csv")
        let csv = String(decoding: try folder.read("out.csv"), as: UTF8.self)
        #expect(csv == "id,name,tags,score,extra\n1,Ann,\"[\"\"a\"\", \"\"b\"\"]\",1.50,\n2,Bob,,,\"{\"\"k\"\": null}\"\n3,,,,\n")
    }

    /// A byte-order mark before the first object is not part of it, as in CSV; one later in
    /// the file is content, and makes that line invalid.
    @Test func aByteOrderMarkOpeningAJSONLFileIsSkipped() throws {
        let folder = try TemporaryFolder()
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        try folder.write("in.jsonl", bom + Array("{\"id\": 1}\n".utf8) + bom + Array("{\"id\": 2}\n".utf8))
        let summary = try convertFile(folder, "in.jsonl", "out.csv")
        #expect(summary.invalid == ["invalid_json": 1])
        #expect(try cells(ofCSV: try folder.read("out.csv"))[0..<2] == [["id"], ["1"]])
    }

    @Test func badJSONLinesKeepTheirPlaceAndAreAudited() throws {
        let folder = try TemporaryFolder()
        try folder.write("in.jsonl", Array("{\"a\": 1}\n{\"a\": 2,}\n[1, 2]\n{\"a\": 4}\n".utf8))
        let summary = try convertFile(folder, "in.jsonl", "out.jsonl")
        #expect(summary.invalid == ["invalid_json": 1, "not_an_object": 1])
        let out = String(decoding: try folder.read("out.jsonl"), as: UTF8.self).split(separator: "\n")
        #expect(out.count == 4)
        #expect(out[1] == #"{"_invalid_input":"invalid_json","_line":2,"_raw":"{\"a\": 2,}"}"#)
        #expect(out[3] == #"{"a":4}"#)
        let audit = String(decoding: try folder.read("out.jsonl.audit.jsonl"), as: UTF8.self).split(separator: "\n")
        #expect(audit.count == 2)
        #expect(audit[0].contains(#""row":2,"record_id":"2","status":"invalid_input","line":2,"byte_offset":9"#))
        #expect(audit[1].contains(#""kind":"not_an_object""#))
    }

    @Test func badCSVRowsSurviveAJSONLRoundTripByteForByte() throws {
        let folder = try TemporaryFolder()
        let bytes = Array("a,b\n1,2\nAcme, Inc.,x\n3\n".utf8) + [0x45, 0xE9, 0x2C, 0x34, 0x0A] + Array("5,\"open\n".utf8)
        try folder.write("in.csv", bytes)
        let summary = try convertFile(folder, "in.csv", "mid.jsonl")
        #expect(summary.invalid == ["too_many_fields": 1, "too_few_fields": 1, "invalid_utf8": 1, "unterminated_quote": 1])
        try convertFile(folder, "mid.jsonl", "back.csv")
        // Everything comes back but the invalid UTF-8 byte, which JSON cannot carry (U+FFFD).
        let expected = Array("a,b\n1,2\nAcme, Inc.,x\n3\nE\u{FFFD},4\n5,\"open\n".utf8)
        #expect(try folder.read("back.csv") == expected)
    }
}
