/// Request bodies as JSON, keys sorted (so the same request is the same bytes), without
/// `JSONSerialization`: at thousands of requests a second its boxing cost a sixth of the CPU.
/// Takes what adapters send: strings, numbers, booleans, and arrays and objects of them.
enum JSONBody {
    static func encode(_ object: [String: Any]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        append(object, to: &out)
        return out
    }

    private static func append(_ value: Any, to out: inout [UInt8]) {
        switch value {
        case let text as String:
            JSONText.appendString(text.utf8, to: &out)
        case let flag as Bool:
            out.append(contentsOf: (flag ? "true" : "false").utf8)
        case let number as Int:
            out.append(contentsOf: String(number).utf8)
        case let number as Double:
            out.append(contentsOf: (number.isFinite ? "\(number)" : "null").utf8)
        case let object as [String: Any]:
            out.append(UInt8(ascii: "{"))
            for (index, key) in object.keys.sorted().enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                JSONText.appendString(key.utf8, to: &out)
                out.append(UInt8(ascii: ":"))
                append(object[key] ?? NSNullLike(), to: &out)
            }
            out.append(UInt8(ascii: "}"))
        case let array as [Any]:
            out.append(UInt8(ascii: "["))
            for (index, element) in array.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                append(element, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        default:
            out.append(contentsOf: "null".utf8)
        }
    }

    /// Stands for a missing value; written as `null`.
    private struct NSNullLike {}
}
