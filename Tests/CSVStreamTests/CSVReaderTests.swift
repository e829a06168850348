import ByteStream
import CSVStream
import Foundation
import TestSupport
import Testing

/// Reads every record of `text` with a reader whose blocks are `blockSize` bytes, so that tests
/// can force records, quotes and CRLF pairs to straddle block boundaries.
func readAll(
    _ bytes: [UInt8], delimiter: UInt8? = nil, blockSize: Int = 1 << 20, maxRecordBytes: Int = 8 << 20
) throws -> (CSVReader, [CSVRecord]) {
    let folder = try TemporaryFolder()
    let path = try folder.write("in.csv", bytes)
    let reader = try CSVReader(
        input: try InputFile(path: path), delimiter: delimiter, blockSize: blockSize, maxRecordBytes: maxRecordBytes)
    var records: [CSVRecord] = []
    while let record = try reader.next() { records.append(record) }
    return (reader, records)
}

func readAll(_ text: String, delimiter: UInt8? = nil, blockSize: Int = 1 << 20) throws -> (CSVReader, [CSVRecord]) {
    try readAll(Array(text.utf8), delimiter: delimiter, blockSize: blockSize)
}

@Suite struct CSVReaderTests {
    @Test(arguments: [(",", UInt8(ascii: ",")), (";", UInt8(ascii: ";")), ("\t", UInt8(ascii: "\t")), ("|", UInt8(ascii: "|"))])
    func detectsTheDelimiterFromTheHeader(separator: String, byte: UInt8) throws {
        let text =
            ["Name", "Email", "Notes"].joined(separator: separator) + "\n"
            + ["Zoë", "z@x.io", "a, b; c | d"].joined(separator: separator).replacingOccurrences(of: "a, b; c | d", with: "\"a, b; c | d\"")
            + "\n"
        let (reader, records) = try readAll(text)
        #expect(reader.dialect.delimiter == byte)
        #expect(reader.header.fields.strings == ["Name", "Email", "Notes"])
        #expect(records.map(\.fields.strings) == [["Zoë", "z@x.io", "a, b; c | d"]])
    }

    /// A header whose quote never closes would take every line after it as one column name
    /// and read no row at all: the file is refused, with the header's line.
    @Test(arguments: [
        "id,name,\"notes\n1,Jane,x\n2,John,y\n", "\n\"id,name\n1,Jane\n", "id,\"name\n" + String(repeating: "1,Jane\n", count: 40),
    ])
    func anUnclosedQuoteInTheHeaderIsRefused(text: String) throws {
        #expect {
            _ = try readAll(Array(text.utf8), maxRecordBytes: 64)
        } throws: { error in
            guard case .unclosedQuoteInHeader(_, let line) = error as? CSVError else { return false }
            return line == (text.hasPrefix("\n") ? 2 : 1) && "\(error)".contains("Close the quote in the header")
        }
    }

    /// Excel's "Unicode Text" export is UTF-16 LE: read as UTF-8, its column names are full
    /// of NUL bytes and match nothing. The file is refused, saying what it is and how to convert.
    @Test(arguments: [
        ("utf-16", "UTF-16 LE (it opens with the byte-order mark FF FE)", "iconv -f UTF-16 -t UTF-8"),
        ("utf-16be", "UTF-16BE without a byte-order mark (its first line has NUL bytes)", "iconv -f UTF-16BE -t UTF-8"),
        ("utf-16le", "UTF-16LE without a byte-order mark (its first line has NUL bytes)", "iconv -f UTF-16LE -t UTF-8"),
        ("utf-32", "UTF-32 LE (it opens with the byte-order mark FF FE 00 00)", "iconv -f UTF-32 -t UTF-8"),
    ])
    func aUTF16OrUTF32FileIsRefusedWithHowToConvertIt(encoding: String, description: String, command: String) throws {
        let text = "Name\tEmail\r\nZoë\tz@x.io\r\n"
        let encoded: [UInt8] =
            switch encoding {
            case "utf-16": Array(text.data(using: .utf16LittleEndian)!).withMark([0xFF, 0xFE])
            case "utf-16be": Array(text.data(using: .utf16BigEndian)!)
            case "utf-16le": Array(text.data(using: .utf16LittleEndian)!)
            default: Array(text.data(using: .utf32LittleEndian)!).withMark([0xFF, 0xFE, 0x00, 0x00])
            }
        #expect {
            _ = try readAll(encoded)
        } throws: { error in
            guard case .notUTF8(_, let found) = error as? CSVError else { return false }
            return found.description == description && "\(error)".contains(command) && "\(error)".contains("> converted.csv")
        }
    }

    /// One NUL in a UTF-8 header is a strange column name, not UTF-16: read as before.
    @Test func aStrayNULInAUTF8HeaderIsNotTakenForUTF16() throws {
        let (_, records) = try readAll(Array("Name,Em".utf8) + [0] + Array("ail,Notes\nAnn,a@x.io,hi\n".utf8))
        #expect(records.map(\.fields.strings) == [["Ann", "a@x.io", "hi"]])
    }

    /// A Windows-1252 export's header: its names cannot be matched or written back unchanged.
    @Test func aHeaderThatIsNotUTF8IsRefused() throws {
        let bytes = Array("Email,Pr".utf8) + [0xE9] + Array("nom\nann@x.io,Ren".utf8) + [0xE9] + Array("\n".utf8)
        #expect {
            _ = try readAll(bytes)
        } throws: { error in
            guard case .headerNotUTF8(_, let line, let column) = error as? CSVError else { return false }
            return line == 1 && column == 2 && "\(error)".contains("iconv -f WINDOWS-1252 -t UTF-8")
        }
    }

    @Test func delimiterInsideQuotesDoesNotCountForDetection() throws {
        let (reader, _) = try readAll("\"a;b;c;d\",x\n1,2\n")
        #expect(reader.dialect.delimiter == UInt8(ascii: ","))
    }

    @Test func anOverrideBeatsDetection() throws {
        let (reader, records) = try readAll("a;b,c\n1;2,3\n", delimiter: UInt8(ascii: ","))
        #expect(reader.dialect.delimiter == UInt8(ascii: ","))
        #expect(records[0].fields.strings == ["1;2", "3"])
    }

    @Test(arguments: [("\n", Dialect.LineEnding.lf), ("\r\n", .crlf), ("\r", .cr)])
    func detectsLineEndingsAndKeepsLineNumbers(ending: String, expected: Dialect.LineEnding) throws {
        let text = ["id,note", "1,one", "2,\"two\(ending)lines\"", "3,three"].joined(separator: ending) + ending
        let (reader, records) = try readAll(text)
        #expect(reader.dialect.lineEnding == expected)
        #expect(records.map(\.line) == [2, 3, 5])
        #expect(records[1].fields.string(1) == "two\(ending)lines")
        #expect(records.allSatisfy { $0.problem == nil })
    }

    @Test func byteOrderMarkIsDetectedAndNotPartOfTheFirstName() throws {
        let (reader, records) = try readAll([0xEF, 0xBB, 0xBF] + Array("Name,City\nAnn,Oslo\n".utf8))
        #expect(reader.dialect.hasBOM)
        #expect(reader.header.fields.strings == ["Name", "City"])
        #expect(records[0].byteOffset == 13)
    }

    @Test func cellValuesAreKeptExactlyWithSpacesAndQuotes() throws {
        let text = "a,b,c\n  padded  ,\t tab,\"say \"\"hi\"\"\"\n5\" screen,,\" kept \"\n"
        let (_, records) = try readAll(text)
        #expect(records[0].fields.strings == ["  padded  ", "\t tab", "say \"hi\""])
        #expect(records[1].fields.strings == ["5\" screen", "", " kept "])
    }

    @Test func blankLinesAreSkippedButCounted() throws {
        let (reader, records) = try readAll("\n\na,b\r\n\r\n1,2\r\n\r\n\r\n3,4\r\n")
        #expect(records.map(\.line) == [5, 8])
        #expect(reader.header.line == 3)
        #expect(reader.blankLines == 5)
        #expect(records.map(\.fields.strings) == [["1", "2"], ["3", "4"]])
    }

    @Test func lastRecordWithoutLineEndingIsRead() throws {
        let (_, records) = try readAll("a,b\n1,2\n3,4")
        #expect(records.map(\.fields.strings) == [["1", "2"], ["3", "4"]])
        #expect(records[1].problem == nil)
    }

    @Test func wrongFieldCountsAreProblemsWithTheRawBytes() throws {
        let text = "a,b,c\n1,2,3\nAcme, Inc.,x,y\n1,2\n4,5,6\n"
        let (_, records) = try readAll(text)
        #expect(records.count == 4)
        #expect(records[1].problem == .tooManyFields(expected: 3, found: 4))
        #expect(records[1].raw == Array("Acme, Inc.,x,y".utf8))
        #expect(records[1].line == 3)
        #expect(records[1].byteOffset == 12)
        #expect(records[2].problem == .tooFewFields(expected: 3, found: 2))
        #expect(records[3].problem == nil)
    }

    @Test func unterminatedQuoteOnTheLastLineIsAProblem() throws {
        let (_, records) = try readAll("a,b\n1,2\n3,\"never closed")
        #expect(records.count == 2)
        #expect(records[1].problem == .unterminatedQuote(lines: 1))
        #expect(records[1].raw == Array("3,\"never closed".utf8))
        #expect(records[1].line == 3)
    }

    /// A quote still open at the end of the file does not take the lines after it: its own
    /// line is the malformed record, and each line after it is read again as a record.
    @Test(arguments: ["\n", ""])
    func aQuoteOpenAtTheEndTakesOnlyItsOwnLine(ending: String) throws {
        let (_, records) = try readAll("a,b\n1,2\n3,\"never closed\n4,after\n5,last" + ending)
        #expect(records.count == 4)
        #expect(records[1].problem == .strayQuote(closed: false))
        #expect(records[1].raw == Array("3,\"never closed".utf8))
        #expect(records[1].line == 3)
        #expect(records[2].fields.strings == ["4", "after"])
        #expect(records[2].line == 4)
        #expect(records[3].fields.strings == ["5", "last"])
        #expect(records.allSatisfy { $0.problem == nil || $0.line == 3 })
    }

    /// `"quoted" word` keeps libcsv inside quotes until the next quote: rows in between must
    /// not become one malformed record (nor, at the end of the file, every row after it).
    @Test func strayQuotesDoNotSwallowTheRowsBetweenThem() throws {
        let text = "Name,Note\nBob,\"quoted\" word\nCy,x\nDan,\"other\" thing\nEve,y\nFay,\"multi\nline\"\n"
        for blockSize in [3, 1 << 20] {
            let (_, records) = try readAll(Array(text.utf8), blockSize: blockSize)
            #expect(records.map(\.line) == [2, 3, 4, 5, 6], "block size \(blockSize)")
            #expect(records[0].problem == .strayQuote(closed: false) || records[0].problem == .strayQuote(closed: true))
            #expect(records[0].raw == Array("Bob,\"quoted\" word".utf8))
            #expect(records[1].fields.strings == ["Cy", "x"])
            #expect(records[2].problem != nil)
            #expect(records[2].raw == Array("Dan,\"other\" thing".utf8))
            #expect(records[3].fields.strings == ["Eve", "y"])
            #expect(records[4].fields.strings == ["Fay", "multi\nline"], "a quoted line break is still one value")
        }
    }

    @Test func aQuoteThatClosesIntoTheWrongShapeTakesOnlyItsOwnLine() throws {
        let (_, records) = try readAll("a,b\n1,\"x\n2,y\",extra\n3,z\n")
        #expect(records[0].problem == .strayQuote(closed: true))
        #expect(records[0].raw == Array("1,\"x".utf8))
        #expect(records[1].line == 3)
        #expect(records[1].problem == .tooManyFields(expected: 2, found: 3))
        #expect(records[2].fields.strings == ["3", "z"])
        #expect(records.count == 3)
    }

    @Test func aQuoteLeftOpenDoesNotSwallowTheRestOfTheFile() throws {
        var text = "id,note\n1,\"opened here\n2,ok\n"
        for n in 3..<200 { text += "\(n),row \(n)\n" }
        let (_, records) = try readAll(Array(text.utf8), blockSize: 64, maxRecordBytes: 256)
        #expect(records[0].problem == .runawayQuote(bytes: 256))
        #expect(records[0].raw == Array("1,\"opened here".utf8))
        #expect(records[0].line == 2)
        #expect(records[1].fields.strings == ["2", "ok"])
        #expect(records[1].line == 3)
        #expect(records.count == 199)
        #expect(records.dropFirst().allSatisfy { $0.problem == nil })
    }

    @Test func invalidUTF8IsAProblemNamingTheColumn() throws {
        let bytes = Array("a,b,c\n1,".utf8) + [0x52, 0x65, 0x6E, 0xE9] + Array(",3\n4,5,6\n".utf8)
        let (_, records) = try readAll(bytes)
        #expect(records[0].problem == .invalidUTF8(column: 2))
        #expect(records[0].raw == Array("1,".utf8) + [0x52, 0x65, 0x6E, 0xE9] + Array(",3".utf8))
        #expect(records[1].problem == nil)
    }

    /// Block sizes that split CRLF pairs, quotes and multi-byte characters.
    @Test func recordsStraddlingTinyBlocksReadTheSame() throws {
        let text = "id,name,note\r\n1,Zoë,\"multi\r\nline, with \"\"quotes\"\"\"\r\n\r\n2,李雷,plain\r\n3,x,\"last\"\r\n"
        let (_, expected) = try readAll(text)
        for blockSize in [1, 2, 3, 5, 7, 13] {
            let (reader, records) = try readAll(text, blockSize: blockSize)
            #expect(reader.dialect.lineEnding == .crlf)
            #expect(records.map(\.fields) == expected.map(\.fields), "block size \(blockSize)")
            #expect(records.map(\.line) == [2, 5, 6], "block size \(blockSize)")
            #expect(records.map(\.byteOffset) == expected.map(\.byteOffset), "block size \(blockSize)")
        }
    }

    @Test func emptyFileHasNoHeader() throws {
        #expect(throws: CSVError.self) { try readAll("") }
        #expect(throws: CSVError.self) { try readAll("\n\r\n") }
    }
}

extension [UInt8] {
    fileprivate func withMark(_ mark: [UInt8]) -> [UInt8] { mark + self }
}
