import Testing

@testable import EnrichCore

@Suite struct JSONLineTests {
    func members(_ text: String) throws -> [JSONLine.Member] {
        try JSONLine.parseObject(ArraySlice(Array(text.utf8))).get()
    }

    @Test func keepsKeyOrderStringsAndRawValues() throws {
        let parsed = try members(#" {"b": "x\"y\\z\n", "a": 1.50, "n": null, "o": {"k": [1, true, "s"]}, "e": "\u00e9\ud83d\ude00"} "#)
        #expect(parsed.map(\.key) == ["b", "a", "n", "o", "e"])
        #expect(parsed[0].text == Array("x\"y\\z\n".utf8))
        #expect(String(decoding: parsed[1].value, as: UTF8.self) == "1.50")
        #expect(parsed[1].text == nil)
        #expect(String(decoding: parsed[2].value, as: UTF8.self) == "null")
        #expect(String(decoding: parsed[3].value, as: UTF8.self) == #"{"k": [1, true, "s"]}"#)
        #expect(parsed[4].text == Array("é😀".utf8))
    }

    @Test(arguments: [
        #"{"a": 1,}"#, #"{"a" 1}"#, #"{"a": tru}"#, #"{"a": "open}"#, #"{"a": 01}"#, #"{"a": 1} x"#,
        #"{"a": "\ud800"}"#, "{\"a\": \"tab\there\"}", #"{a: 1}"#, "",
    ])
    func rejectsInvalidJSON(line: String) {
        guard case .failure(let failure) = JSONLine.parseObject(ArraySlice(Array(line.utf8))) else {
            Issue.record("accepted \(line)")
            return
        }
        #expect(!failure.notAnObject)
        #expect(!failure.message.isEmpty)
    }

    /// 100 000 `[` overflowed the stack (SIGSEGV) in the input reader and in provider answers.
    @Test func deepNestingIsAnErrorNotACrash() throws {
        let fine = #"{"a": "# + String(repeating: "[", count: 100) + String(repeating: "]", count: 100) + "}"
        #expect(try members(fine).map(\.key) == ["a"])
        for depth in [200, 100_000] {
            let line = #"{"a": "# + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "}"
            guard case .failure(let failure) = JSONLine.parseObject(ArraySlice(Array(line.utf8))) else {
                Issue.record("accepted \(depth) levels")
                continue
            }
            #expect(failure.message.contains("nested more than 128 levels deep"))
            let array = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
            #expect(JSONTree.parse(ArraySlice(Array(line.utf8))) == nil)
            #expect(JSONTree.parse(ArraySlice(Array(array.utf8))) == nil)
        }
    }

    @Test(arguments: ["[1, 2]", "\"text\"", "42", "null", "true"])
    func aValueThatIsNotAnObjectIsSaidSo(line: String) {
        guard case .failure(let failure) = JSONLine.parseObject(ArraySlice(Array(line.utf8))) else {
            Issue.record("accepted \(line)")
            return
        }
        #expect(failure.notAnObject)
    }
}
