/// A parser for one JSONL line that keeps what a pass-through needs: the object's keys in
/// order, each string value unescaped, and every other value as its exact JSON text.
///
/// Foundation's JSONSerialization would lose key order and number spelling (`1.50` → 1.5).
struct JSONLine {
    struct Member {
        var key: String
        var value: ArraySlice<UInt8>
        /// Unescaped bytes for a string value; nil for any other value (use `value`).
        var text: [UInt8]?
    }

    struct Failure: Error {
        /// Offset in the line where parsing failed.
        var offset: Int
        var message: String
        var notAnObject = false
    }

    private let bytes: ArraySlice<UInt8>
    private var i: Int
    private var depth = 0

    /// Deeper values are an error: each level is a stack frame here (and in `JSONTree`), and
    /// a line of 100 000 `[` (in an input file or a provider's answer) overflowed the stack.
    static let maxDepth = 128

    static func parseObject(_ line: ArraySlice<UInt8>) -> Result<[Member], Failure> {
        var parser = JSONLine(bytes: line, i: line.startIndex)
        do {
            return .success(try parser.object())
        } catch let failure as Failure {
            return .failure(failure)
        } catch {
            return .failure(Failure(offset: 0, message: "\(error)"))
        }
    }

    /// One element of a JSON array: its exact text, and its unescaped bytes when it is a string.
    struct Element {
        var value: ArraySlice<UInt8>
        var text: [UInt8]?
    }

    /// The elements of one JSON array (nested values as their exact text), for provider answers
    /// whose arrays hold objects (Apollo's `matches`, `people`).
    static func parseArray(_ bytes: ArraySlice<UInt8>) -> Result<[Element], Failure> {
        var parser = JSONLine(bytes: bytes, i: bytes.startIndex)
        do {
            return .success(try parser.array())
        } catch let failure as Failure {
            return .failure(failure)
        } catch {
            return .failure(Failure(offset: 0, message: "\(error)"))
        }
    }

    private mutating func array() throws -> [Element] {
        skipSpace()
        guard peek == UInt8(ascii: "[") else { throw Failure(offset: i - bytes.startIndex, message: "not an array", notAnObject: true) }
        i += 1
        var elements: [Element] = []
        skipSpace()
        if peek == UInt8(ascii: "]") {
            i += 1
        } else {
            while true {
                skipSpace()
                let start = i
                var text: [UInt8]?
                if peek == UInt8(ascii: "\"") { text = try string() } else { try skipValue() }
                elements.append(Element(value: bytes[start..<i], text: text))
                skipSpace()
                if peek == UInt8(ascii: ",") { i += 1; continue }
                if peek == UInt8(ascii: "]") { i += 1; break }
                throw fail("expected ',' or ']'")
            }
        }
        skipSpace()
        guard i == bytes.endIndex else { throw fail("unexpected text after the array") }
        return elements
    }

    private mutating func object() throws -> [Member] {
        skipSpace()
        guard i < bytes.endIndex else { throw fail("the line is empty") }
        guard bytes[i] == UInt8(ascii: "{") else {
            let start = i
            try skipValue()
            skipSpace()
            let what = describe(bytes[start])
            throw Failure(offset: start - bytes.startIndex, message: "the line holds \(what), not an object", notAnObject: true)
        }
        i += 1
        var members: [Member] = []
        members.reserveCapacity(8)
        skipSpace()
        if peek == UInt8(ascii: "}") {
            i += 1
        } else {
            while true {
                skipSpace()
                guard peek == UInt8(ascii: "\"") else { throw fail("expected a key in quotes") }
                let key = try memberKey()
                skipSpace()
                guard peek == UInt8(ascii: ":") else { throw fail("expected ':' after the key \"\(key)\"") }
                i += 1
                skipSpace()
                let start = i
                var text: [UInt8]?
                if peek == UInt8(ascii: "\"") { text = try string() } else { try skipValue() }
                members.append(Member(key: key, value: bytes[start..<i], text: text))
                skipSpace()
                if peek == UInt8(ascii: ",") { i += 1; continue }
                if peek == UInt8(ascii: "}") { i += 1; break }
                throw fail("expected ',' or '}'")
            }
        }
        skipSpace()
        guard i == bytes.endIndex else { throw fail("unexpected text after the object") }
        return members
    }

    private var peek: UInt8? { i < bytes.endIndex ? bytes[i] : nil }

    private func fail(_ message: String) -> Failure {
        Failure(offset: i - bytes.startIndex, message: peek == nil ? message + " (the line ends early)" : message)
    }

    private func describe(_ byte: UInt8) -> String {
        switch byte {
        case UInt8(ascii: "["): return "an array"
        case UInt8(ascii: "\""): return "a string"
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return "a boolean"
        case UInt8(ascii: "n"): return "null"
        default: return "a number"
        }
    }

    private mutating func skipSpace() {
        while let b = peek, b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D { i += 1 }
    }

    private mutating func skipValue() throws {
        guard let b = peek else { throw fail("expected a value") }
        switch b {
        case UInt8(ascii: "\""):
            _ = try string()
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            depth += 1
            defer { depth -= 1 }
            guard depth < Self.maxDepth else { throw fail("values nested more than \(Self.maxDepth) levels deep") }
            let close = b == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
            i += 1
            skipSpace()
            if peek == close { i += 1; return }
            while true {
                skipSpace()
                if close == UInt8(ascii: "}") {
                    guard peek == UInt8(ascii: "\"") else { throw fail("expected a key in quotes") }
                    _ = try string()
                    skipSpace()
                    guard peek == UInt8(ascii: ":") else { throw fail("expected ':'") }
                    i += 1
                    skipSpace()
                }
                try skipValue()
                skipSpace()
                if peek == UInt8(ascii: ",") { i += 1; continue }
                if peek == close { i += 1; return }
                throw fail("expected ',' or '\(Character(UnicodeScalar(close)))'")
            }
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            try number()
        default:
            throw fail("unexpected character '\(Character(UnicodeScalar(b)))'")
        }
    }

    private mutating func literal(_ word: String) throws {
        let count = word.utf8.count
        guard i + count <= bytes.endIndex, bytes[i..<(i + count)].elementsEqual(word.utf8) else {
            throw fail("unexpected value")
        }
        i += count
    }

    private mutating func number() throws {
        let start = i
        if peek == UInt8(ascii: "-") { i += 1 }
        guard let first = peek, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else { throw fail("bad number") }
        if first == UInt8(ascii: "0") { i += 1 } else { digits() }
        if peek == UInt8(ascii: ".") {
            i += 1
            guard let d = peek, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(d) else { throw fail("bad number") }
            digits()
        }
        if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
            i += 1
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { i += 1 }
            guard let d = peek, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(d) else { throw fail("bad number") }
            digits()
        }
        if i == start { throw fail("bad number") }
    }

    private mutating func digits() {
        while let d = peek, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(d) { i += 1 }
    }

    /// Reads a string starting at its opening quote; returns its unescaped UTF-8 bytes. Most
    /// strings hold no escape: they are one copy of their bytes, not an array grown byte by
    /// byte (five allocations for a phone number).
    private mutating func string() throws -> [UInt8] {
        let plain = plainRun()
        guard peek == UInt8(ascii: "\"") else { return try escaped(after: bytes[plain]) }
        i += 1
        return Array(bytes[plain])
    }

    /// A key, made straight from its bytes when it holds no escape.
    private mutating func memberKey() throws -> String {
        let plain = plainRun()
        guard peek == UInt8(ascii: "\"") else { return String(decoding: try escaped(after: bytes[plain]), as: UTF8.self) }
        i += 1
        return String(decoding: bytes[plain], as: UTF8.self)
    }

    /// Steps over a string's opening quote and the bytes after it that need no unescaping.
    private mutating func plainRun() -> Range<Int> {
        i += 1
        let start = i
        while i < bytes.endIndex {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") || b < 0x20 { break }
            i += 1
        }
        return start..<i
    }

    /// The rest of a string that holds an escape (or is broken), after its plain start.
    private mutating func escaped(after plain: ArraySlice<UInt8>) throws -> [UInt8] {
        var out = Array(plain)
        while true {
            guard let b = peek else { throw fail("a string is never closed") }
            i += 1
            switch b {
            case UInt8(ascii: "\""):
                return out
            case UInt8(ascii: "\\"):
                guard let e = peek else { throw fail("a string is never closed") }
                i += 1
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800..<0xDC00).contains(scalar) {
                        guard peek == UInt8(ascii: "\\"), i + 1 < bytes.endIndex, bytes[i + 1] == UInt8(ascii: "u") else {
                            throw fail("a lone UTF-16 surrogate in \\u escape")
                        }
                        i += 2
                        let low = try hex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw fail("a bad UTF-16 surrogate pair") }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else if (0xDC00..<0xE000).contains(scalar) {
                        throw fail("a lone UTF-16 surrogate in \\u escape")
                    }
                    guard let decoded = UnicodeScalar(scalar) else { throw fail("a bad \\u escape") }
                    out.append(contentsOf: String(Character(decoded)).utf8)
                default:
                    throw fail("an unknown escape \\\(Character(UnicodeScalar(e)))")
                }
            case 0x00..<0x20:
                throw fail("a control character inside a string (escape it)")
            default:
                out.append(b)
            }
        }
    }

    private mutating func hex4() throws -> UInt32 {
        guard i + 4 <= bytes.endIndex else { throw fail("a short \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[i]
            let digit: UInt32
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(c - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(c - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(c - UInt8(ascii: "A") + 10)
            default: throw fail("a bad \\u escape")
            }
            value = value << 4 | digit
            i += 1
        }
        return value
    }
}
