/// A JSON value read with the pass-through parser (`JSONLine`): keys keep their spelling and
/// order, and numbers keep their exact text, so an id above 2^53 (Apollo's `request_id`) is
/// never squeezed through a `Double`.
indirect enum JSONTree: Sendable, Equatable {
    case object([Pair])
    case array([JSONTree])
    case string(String)
    /// A number, as written.
    case number(String)
    case bool(Bool)
    case null

    struct Pair: Sendable, Equatable {
        var key: String
        var value: JSONTree
    }

    /// The whole of `bytes` as one value; nil when it is not JSON.
    static func parse(_ bytes: ArraySlice<UInt8>) -> JSONTree? {
        guard let first = bytes.first(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }) else { return nil }
        switch first {
        case UInt8(ascii: "{"):
            guard case .success(let members) = JSONLine.parseObject(bytes) else { return nil }
            var pairs: [Pair] = []
            pairs.reserveCapacity(members.count)
            for member in members {
                guard let value = member.text.map({ .string(String(decoding: $0, as: UTF8.self)) }) ?? parse(member.value) else {
                    return nil
                }
                pairs.append(Pair(key: member.key, value: value))
            }
            return .object(pairs)
        case UInt8(ascii: "["):
            guard case .success(let elements) = JSONLine.parseArray(bytes) else { return nil }
            var values: [JSONTree] = []
            values.reserveCapacity(elements.count)
            for element in elements {
                guard let value = element.text.map({ .string(String(decoding: $0, as: UTF8.self)) }) ?? parse(element.value) else {
                    return nil
                }
                values.append(value)
            }
            return .array(values)
        case UInt8(ascii: "\""):
            guard case .success(let members) = JSONLine.parseObject(Array("{\"v\":".utf8 + bytes + "}".utf8)[...]),
                let text = members.first?.text
            else { return nil }
            return .string(String(decoding: text, as: UTF8.self))
        default:
            // Inside an object or array the parser has checked the syntax already.
            let raw = String(decoding: bytes, as: UTF8.self).trimmingWhitespace()
            switch raw {
            case "true": return .bool(true)
            case "false": return .bool(false)
            case "null": return .null
            default:
                guard let lead = raw.first, lead == "-" || lead.isNumber, raw.allSatisfy({ "0123456789-+.eE".contains($0) }) else {
                    return nil
                }
                return .number(raw)
            }
        }
    }

    subscript(key: String) -> JSONTree? {
        guard case .object(let pairs) = self else { return nil }
        return pairs.first { $0.key == key }?.value
    }

    var string: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// A string, or a number's exact text.
    var text: String? {
        switch self {
        case .string(let text), .number(let text): return text
        case .bool(let flag): return String(flag)
        default: return nil
        }
    }

    var array: [JSONTree]? {
        if case .array(let values) = self { return values }
        return nil
    }

    var isNull: Bool { self == .null }

    /// An object's pairs as `name=value`, for a reason the reader can follow.
    var summary: String {
        switch self {
        case .object(let pairs):
            return pairs.map { "\($0.key)=\($0.value.text ?? $0.value.summary)" }.joined(separator: ", ")
        case .array(let values): return "[" + values.map(\.summary).joined(separator: "; ") + "]"
        case .null: return "null"
        default: return text ?? ""
        }
    }
}
