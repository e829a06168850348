extension Identifiers {
    /// The identity two rows share when they are the same person to a provider: identifiers
    /// compared case- and space-insensitively, LinkedIn by slug, domain by host.
    ///
    /// Built byte by byte for ASCII values (nearly all CRM data), with the general
    /// normalisation for anything else: every row computes one, and the string-at-a-time
    /// version was a sixteenth of a run's CPU. Both give the same key.
    public var identityKey: String {
        var out: [UInt8] = []
        out.reserveCapacity(160)
        var first = true
        for field in CanonicalField.allCases {
            guard let value = values[field] else { continue }
            if !first { out.append(0x1F) }
            first = false
            out.append(contentsOf: field.rawValue.utf8)
            out.append(UInt8(ascii: "="))
            let start = out.count
            switch field {
            case .email:
                if !IdentityBytes.appendEmail(value, to: &out) { IdentityBytes.appendName(value, to: &out) }
            case .linkedin:
                if !IdentityBytes.appendLinkedinSlug(value, to: &out) {
                    out.append(contentsOf: (Normalize.linkedinSlug(value) ?? value).lowercased().utf8)
                }
            case .domain:
                if let domain = Normalize.domain(value) {
                    out.append(contentsOf: domain.utf8)
                } else {
                    IdentityBytes.appendName(value, to: &out)
                }
            default:
                IdentityBytes.appendName(value, to: &out)
            }
            KeySeparators.escapeTail(of: &out, from: start)
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// The ASCII fast paths of ``Identifiers/identityKey``; each gives what its `Normalize`
/// counterpart gives, and says so by returning true, or leaves `out` as it found it.
enum IdentityBytes {
    static func lowered(_ byte: UInt8) -> UInt8 { (0x41...0x5A).contains(byte) ? byte + 0x20 : byte }

    /// Printable ASCII at both ends and no byte above 0x7F: nothing to trim, and lower-casing
    /// is byte by byte.
    static func plainASCII(_ bytes: String.UTF8View) -> Bool {
        guard let first = bytes.first, let last = bytes.last, (0x21..<0x7F).contains(first), (0x21..<0x7F).contains(last) else {
            return false
        }
        return bytes.allSatisfy { $0 < 0x80 }
    }

    /// `Normalize.name`.
    static func appendName(_ value: String, to out: inout [UInt8]) {
        if !Normalize.appendASCIIName(value, to: &out) { out.append(contentsOf: Normalize.name(value).utf8) }
    }

    /// `Normalize.email` (byte by byte when the value is plain ASCII): false when the value is
    /// not an address.
    static func appendEmail(_ value: String, to out: inout [UInt8]) -> Bool {
        let bytes = value.utf8
        guard plainASCII(bytes) else {
            guard let email = Normalize.email(value) else { return false }
            out.append(contentsOf: email.utf8)
            return true
        }
        var at: String.UTF8View.Index?
        for index in bytes.indices where bytes[index] == UInt8(ascii: "@") {
            if at != nil { return false }
            at = index
        }
        guard let at, at != bytes.startIndex, bytes[bytes.index(after: at)...].contains(UInt8(ascii: ".")) else { return false }
        for byte in bytes { out.append(lowered(byte)) }
        return true
    }

    /// `(Normalize.linkedinSlug(value) ?? value).lowercased()` for plain ASCII without
    /// percent escapes; false for anything else.
    static func appendLinkedinSlug(_ value: String, to out: inout [UInt8]) -> Bool {
        guard plainASCII(value.utf8), !value.utf8.contains(UInt8(ascii: "%")) else { return false }
        let all = Array(value.utf8)
        let end = all.firstIndex(where: { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") }) ?? all.endIndex
        let text = all[..<end].map(lowered)
        func appendLowered(_ bytes: some Collection<UInt8>) { for byte in bytes { out.append(lowered(byte)) } }
        let hasLinkedinHost = contains(text[...], linkedinHost)
        guard hasLinkedinHost || text.contains(UInt8(ascii: "/")) else {
            appendLowered(text)
            return true
        }
        var path = text[...]
        if let scheme = firstRange(of: schemeEnd, in: path) { path = path[scheme.upperBound...] }
        var parts = path.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true)
        if let host = parts.first, contains(host, linkedinHost) { parts.removeFirst() }
        if parts.count >= 2, parts[0].elementsEqual("in".utf8) || parts[0].elementsEqual("pub".utf8) {
            appendLowered(parts[1])
        } else {
            appendLowered(all)
        }
        return true
    }

    private static let linkedinHost = Array("linkedin.".utf8)
    private static let schemeEnd = Array("://".utf8)

    private static func firstRange(of needle: [UInt8], in haystack: ArraySlice<UInt8>) -> Range<Int>? {
        guard haystack.count >= needle.count else { return nil }
        var start = haystack.startIndex
        while start + needle.count <= haystack.endIndex {
            if haystack[start] == needle[0], haystack[start..<(start + needle.count)].elementsEqual(needle) {
                return start..<(start + needle.count)
            }
            start += 1
        }
        return nil
    }

    private static func contains(_ haystack: ArraySlice<UInt8>, _ needle: [UInt8]) -> Bool {
        firstRange(of: needle, in: haystack) != nil
    }
}
