/// Lantern's 200 answer to `POST /v1/enrich/phone`.
struct LanternAnswer: Decodable, Sendable {
    var success: Bool?
    var recordId: String?
    var email: String?
    var linkedinId: String?
    /// E.164, or null when nothing was found: a miss, not an error.
    var phone: String?
    var processingTimeMs: Int?

    /// Reads the answer with the pass-through JSON parser: the fields used here, in a tenth of
    /// `JSONDecoder`'s time, which mattered at thousands of lookups a second. Nil when the body
    /// is not a JSON object or a used field has the wrong type.
    static func parse(_ body: [UInt8]) -> LanternAnswer? {
        guard case .success(let members) = JSONLine.parseObject(body[...]) else { return nil }
        var answer = LanternAnswer()
        for member in members {
            let isNull = member.text == nil && member.value.elementsEqual("null".utf8)
            switch member.key {
            case "success":
                if member.value.elementsEqual("true".utf8) {
                    answer.success = true
                } else if member.value.elementsEqual("false".utf8) {
                    answer.success = false
                } else if !isNull {
                    return nil
                }
            case "phone":
                if let text = member.text {
                    answer.phone = String(decoding: text, as: UTF8.self)
                } else if !isNull {
                    return nil
                }
            case "record_id": answer.recordId = member.text.map { String(decoding: $0, as: UTF8.self) }
            default: continue
            }
        }
        return answer
    }
}

/// The body Lantern's 400, 401, 429 and 500 share.
struct LanternError: Decodable, Sendable {
    var success: Bool?
    var error: String?
    var details: LenientText?
    var requestId: String?
    var creditsRequired: LenientText?
    var creditsRemaining: LenientText?
    var retryAfter: LenientText?
}

/// Lantern's 422, shaped by its validation layer: `{"detail": [{loc, msg, type}]}`.
struct LanternValidation: Decodable, Sendable {
    struct Item: Decodable, Sendable {
        var loc: [LenientText]?
        var msg: String?
        var type: String?
    }

    var detail: [Item]

    /// `body.record_id: Field required (missing)`, items joined.
    var message: String {
        detail.map { item in
            let place = (item.loc ?? []).map(\.text).joined(separator: ".")
            return "\(place.isEmpty ? "" : place + ": ")\(item.msg ?? "invalid")\(item.type.map { " (\($0))" } ?? "")"
        }.joined(separator: "; ")
    }
}

/// `GET /v1/credits/remaining`.
struct LanternCredits: Decodable, Sendable {
    var creditsRemaining: LenientText?
}

/// A JSON scalar read as text: the docs type several fields `any`, and a number may come as a
/// string (`"retry_after": "30"`) or a string as a number (`loc: ["body", 0]`).
struct LenientText: Decodable, Sendable, Equatable {
    var text: String

    init(_ text: String) { self.text = text }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let string = try? container.decode(String.self) {
            text = string
        } else if let integer = try? container.decode(Int.self) {
            text = String(integer)
        } else if let number = try? container.decode(Double.self) {
            text = String(number)
        } else if let flag = try? container.decode(Bool.self) {
            text = String(flag)
        } else if container.decodeNil() {
            text = ""
        } else if let list = try? container.decode([LenientText].self) {
            text = list.map(\.text).joined(separator: "; ")
        } else {
            text = "…"
        }
    }

    var integer: Int? { Int(jsonNumber: text) }
}
