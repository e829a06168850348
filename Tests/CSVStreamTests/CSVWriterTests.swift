import ByteStream
import CSVStream
import TestSupport
import Testing

func convert(_ bytes: [UInt8], delimiter: UInt8? = nil) throws -> [UInt8] {
    let folder = try TemporaryFolder()
    let path = try folder.write("in.csv", bytes)
    let reader = try CSVReader(input: try InputFile(path: path), delimiter: delimiter)
    let output = try OutputFile(path: folder.path("out.csv"))
    let writer = CSVWriter(output: output, dialect: reader.dialect)
    try writer.write(reader.header.fields)
    while let record = try reader.next() {
        if let raw = record.raw { try writer.writeRaw(raw) } else { try writer.write(record.fields) }
    }
    try writer.flush()
    return try folder.read("out.csv")
}

@Suite struct CSVWriterTests {
    @Test func quotesOnlyWhereNeeded() throws {
        let folder = try TemporaryFolder()
        let output = try OutputFile(path: folder.path("out.csv"))
        let writer = CSVWriter(output: output, dialect: Dialect(delimiter: UInt8(ascii: ","), lineEnding: .crlf))
        try writer.write(Fields(["plain", "a,b", "say \"hi\"", "two\r\nlines", " spaced ", "", "=1+2", "semi;colon"]))
        try writer.write(Fields([""]))
        try writer.write(Fields(["x"]), extra: [Array("y,z".utf8), []])
        try writer.flush()
        let text = String(decoding: try folder.read("out.csv"), as: UTF8.self)
        #expect(text == "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\r\nlines\", spaced ,,=1+2,semi;colon\r\n\"\"\r\nx,\"y,z\",\r\n")
    }

    @Test func theDelimiterOfTheDialectIsTheOneQuoted() throws {
        let folder = try TemporaryFolder()
        let output = try OutputFile(path: folder.path("out.csv"))
        let writer = CSVWriter(output: output, dialect: Dialect(delimiter: UInt8(ascii: ";")))
        try writer.write(Fields(["a,b", "c;d", "long value without specials", "tab\there"]))
        try writer.flush()
        #expect(String(decoding: try folder.read("out.csv"), as: UTF8.self) == "a,b;\"c;d\";long value without specials;tab\there\n")
    }

    /// In TSV a quote inside a value is text: it is written as it came, and only a value that
    /// starts with a quote (or holds a tab or a line break) is quoted.
    @Test func tsvQuotesOnlyALeadingQuote() throws {
        let folder = try TemporaryFolder()
        let output = try OutputFile(path: folder.path("out.tsv"))
        let writer = CSVWriter(output: output, dialect: Dialect(delimiter: UInt8(ascii: "\t")))
        try writer.write(Fields(["5\" screen", "say \"hi\"", "\"quoted\" start", "a\tb", "two\nlines", "a,b"]))
        try writer.write(Fields(["x", "\"lead"]))
        try writer.write(Fields(["long value with a \" past the eighth byte"]), extra: [Array("\"x".utf8), Array("y\"".utf8)])
        try writer.flush()
        let text = String(decoding: try folder.read("out.tsv"), as: UTF8.self)
        #expect(
            text
                == "5\" screen\tsay \"hi\"\t\"\"\"quoted\"\" start\"\t\"a\tb\"\t\"two\nlines\"\ta,b\nx\t\"\"\"lead\"\n"
                + "long value with a \" past the eighth byte\t\"\"\"x\"\ty\"\n")
        // Read back, every value is the one written.
        let (_, records) = try readAll(Array(("h1\th2\th3\th4\th5\th6\n" + text).utf8))
        #expect(records.first?.fields.strings == ["5\" screen", "say \"hi\"", "\"quoted\" start", "a\tb", "two\nlines", "a,b"])
    }

    @Test func specialBytesAreFoundAtEveryPositionOfALongField() throws {
        for position in 0..<20 {
            for special in [",", "\"", "\n", "\r"] {
                var value = Array(repeating: "x", count: 20)
                value[position] = special
                let folder = try TemporaryFolder()
                let output = try OutputFile(path: folder.path("out.csv"))
                let writer = CSVWriter(output: output, dialect: Dialect())
                try writer.write(Fields([value.joined()]))
                try writer.flush()
                let written = try folder.read("out.csv")
                #expect(written.first == UInt8(ascii: "\""), "\(special.debugDescription) at \(position)")
            }
        }
    }

    @Test(arguments: ["\n", "\r\n", "\r"])
    func minimallyQuotedInputComesOutByteIdentical(ending: String) throws {
        let lines = [
            "Record ID,Name,Notes,Website",
            "003A,José Müller,\"Met at SaaStr, asked for \"\"enterprise\"\" pricing\",https://acme.com",
            "003B,  李雷 ,\"two\r\nlines inside\",",
            "003C,Иван,\"5\"\" screen\",www.x.io",
        ]
        let bytes = [0xEF, 0xBB, 0xBF] + Array((lines.joined(separator: ending) + ending).utf8)
        #expect(try convert(bytes) == bytes)
    }

    @Test func malformedRecordsArePassedThroughAsRead() throws {
        let bytes = Array("a,b,c\n1,2,3\nAcme, Inc.,x,y\n1,2\n".utf8) + [0xE9, 0x2C, 0x2C, 0x0A] + Array("4,\"open\n".utf8)
        let out = try convert(bytes)
        #expect(out == Array("a,b,c\n1,2,3\nAcme, Inc.,x,y\n1,2\n".utf8) + [0xE9, 0x2C, 0x2C, 0x0A] + Array("4,\"open\n".utf8))
    }
}
