/// The checkpoint's form of a result: the JSON `JSONDecoder` reads back into `WaterfallResult`
/// (its synthesised keys), written by hand because `JSONEncoder` cost as much CPU per row as
/// the HTTP call it records.
extension WaterfallResult {
    var storedJSON: [UInt8] {
        var out = JSONObjectWriter()
        out.object("fields") { fieldsOut in
            for field in EnrichField.allCases {
                guard let found = fields[field] else { continue }
                fieldsOut.object(field.rawValue) { $0.write(found) }
            }
        }
        out.string("status", status.rawValue)
        out.string("reason", reason)
        return out.finish()
    }
}

extension JSONObjectWriter {
    fileprivate mutating func write(_ field: WaterfallResult.Field) {
        string("state", field.state.rawValue)
        string("provider", field.provider)
        string("strategy", field.strategy)
        string("reason", field.reason)
        if let result = field.result { object("result") { $0.write(result) } }
    }

    mutating func write(_ result: LookupResult) {
        strings("phones", result.phones)
        string("email", result.email)
        string("emailStatus", result.emailStatus?.rawValue)
        string("providerEmailStatus", result.providerEmailStatus)
        if let verified = result.emailVerified { raw("emailVerified", verified ? "true" : "false") }
        string("emailConfidence", result.emailConfidence)
        string("personalEmail", result.personalEmail)
        let person = result.person
        object("person") { out in
            out.string("firstName", person.firstName)
            out.string("lastName", person.lastName)
            out.string("title", person.title)
            out.string("seniority", person.seniority)
            out.string("department", person.department)
            out.string("company", person.company)
            out.string("domain", person.domain)
            out.string("linkedinURL", person.linkedinURL)
            out.string("country", person.country)
        }
        object("strategies") { out in
            for field in EnrichField.allCases { out.string(field.rawValue, result.strategies[field]) }
        }
    }
}

/// Writes one JSON object member by member; a nil value is left out, as `encodeIfPresent` does.
///
/// One buffer for the whole object, nested ones included: a buffer per nested object and the
/// copies joining them were most of the allocations a finished row made.
struct JSONObjectWriter {
    private var bytes: [UInt8]
    private var first = true

    init() {
        bytes = []
        bytes.reserveCapacity(512)
        bytes.append(UInt8(ascii: "{"))
    }

    private init(continuing bytes: [UInt8]) {
        self.bytes = bytes
    }

    mutating func string(_ key: String, _ value: String?) {
        guard let value else { return }
        member(key)
        JSONText.appendString(value.utf8, to: &bytes)
    }

    mutating func strings(_ key: String, _ values: [String]) {
        member(key)
        bytes.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            JSONText.appendString(value.utf8, to: &bytes)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    mutating func raw(_ key: String, _ json: String) {
        member(key)
        bytes.append(contentsOf: json.utf8)
    }

    mutating func object(_ key: String, _ body: (inout JSONObjectWriter) -> Void) {
        member(key)
        bytes.append(UInt8(ascii: "{"))
        // The buffer moves to the nested writer and back, never copied.
        var inner = JSONObjectWriter(continuing: [])
        swap(&inner.bytes, &bytes)
        body(&inner)
        swap(&inner.bytes, &bytes)
        bytes.append(UInt8(ascii: "}"))
    }

    mutating func finish() -> [UInt8] {
        bytes.append(UInt8(ascii: "}"))
        return bytes
    }

    private mutating func member(_ key: String) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        first = false
        JSONText.appendString(key.utf8, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
    }
}
