import Foundation

/// Normalisation of identifier values: domains, LinkedIn slugs, emails, names.
public enum Normalize {
    /// The host from a URL (`https://www.Acme.com/about` → `acme.com`) or an email
    /// (`jo@acme.com` → `acme.com`); nil when there is none.
    public static func domain(_ value: String) -> String? {
        var text = value.trimmingWhitespace().lowercased()
        if text.isEmpty { return nil }
        if let at = text.lastIndex(of: "@") { text = String(text[text.index(after: at)...]) }
        if let scheme = text.bytesRange(of: "://") { text = String(text[scheme.upperBound...]) }
        if let end = text.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) { text = String(text[..<end]) }
        if let credentials = text.lastIndex(of: "@") { text = String(text[text.index(after: credentials)...]) }
        if let port = text.lastIndex(of: ":") { text = String(text[..<port]) }
        if text.hasPrefix("www.") { text = String(text.dropFirst(4)) }
        while text.hasSuffix(".") { text.removeLast() }
        guard text.utf8.contains(UInt8(ascii: ".")), !text.contains(where: { $0.isWhitespace }) else { return nil }
        return text
    }

    /// The profile slug from any LinkedIn profile URL form: with or without scheme and `www.`
    /// (or a country subdomain), `/in/slug` or `/pub/slug/…`, trailing slash, query string or
    /// fragment; a bare slug is returned as it is. nil for an empty value or a URL that is not a
    /// person's profile (a company page, say).
    public static func linkedinSlug(_ value: String) -> String? {
        var text = value.trimmingWhitespace()
        if text.isEmpty { return nil }
        if let end = text.firstIndex(where: { $0 == "?" || $0 == "#" }) { text = String(text[..<end]) }
        let lower = text.lowercased()
        guard lower.bytesRange(of: "linkedin.") != nil || lower.utf8.contains(UInt8(ascii: "/")) else {
            return text.removingPercentEncodingIfPossible()
        }
        var path = text
        if let scheme = path.bytesRange(of: "://") { path = String(path[scheme.upperBound...]) }
        var parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        if let host = parts.first, host.lowercased().bytesRange(of: "linkedin.") != nil { parts.removeFirst() }
        guard parts.count >= 2 else { return nil }
        switch parts[0].lowercased() {
        case "in", "pub":
            return parts[1].removingPercentEncodingIfPossible()
        default:
            return nil
        }
    }

    /// An email address as providers compare it: trimmed and lower-cased; nil unless it has
    /// one `@` with text on both sides.
    public static func email(_ value: String) -> String? {
        let text = value.trimmingWhitespace().lowercased()
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].utf8.contains(UInt8(ascii: ".")) else { return nil }
        return text
    }

    /// A name for comparing identities: trimmed, inner whitespace collapsed, lower-cased.
    public static func name(_ value: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(value.utf8.count)
        guard appendASCIIName(value, to: &out) else {
            return value.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ").lowercased()
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `name(value)` appended byte by byte when the value is ASCII (most CRM values): Character-wise
    /// whitespace checks and joins were a tenth of a run's CPU at thousands of rows a second.
    /// False, with `out` as it was, for anything else.
    static func appendASCIIName(_ value: String, to out: inout [UInt8]) -> Bool {
        let start = out.count
        var pendingSpace = false
        var wrote = false
        for byte in value.utf8 {
            if byte >= 0x80 {
                out.removeSubrange(start...)
                return false
            }
            if byte == 0x20 || (0x09...0x0D).contains(byte) {
                pendingSpace = wrote
                continue
            }
            if pendingSpace {
                out.append(0x20)
                pendingSpace = false
            }
            out.append(IdentityBytes.lowered(byte))
            wrote = true
        }
        return true
    }
}

extension String {
    func trimmingWhitespace() -> String {
        // Nothing to trim when both ends are printable ASCII: no Character needs building.
        if let first = utf8.first, let last = utf8.last, first > 0x20, first < 0x80, last > 0x20, last < 0x80 { return self }
        guard let start = firstIndex(where: { !$0.isWhitespace }),
            let end = lastIndex(where: { !$0.isWhitespace })
        else { return "" }
        return String(self[start...end])
    }

    /// Where `needle` first occurs, compared byte for byte (Foundation's `range(of:)` goes
    /// through NSString on Linux).
    func bytesRange(of needle: String) -> Range<String.Index>? {
        let haystack = Array(utf8)
        let pattern = Array(needle.utf8)
        guard !pattern.isEmpty, haystack.count >= pattern.count else { return nil }
        for start in 0...(haystack.count - pattern.count) where haystack[start] == pattern[0] {
            if haystack[start..<(start + pattern.count)].elementsEqual(pattern) {
                let lower = utf8.index(utf8.startIndex, offsetBy: start)
                let upper = utf8.index(lower, offsetBy: pattern.count)
                return lower..<upper
            }
        }
        return nil
    }

    /// Decodes %XX escapes (LinkedIn slugs with accents are URL-encoded); the value as it is
    /// when it holds an invalid escape.
    func removingPercentEncodingIfPossible() -> String {
        guard contains("%") else { return self }
        var bytes: [UInt8] = []
        var iterator = Array(utf8).makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else { bytes.append(byte); continue }
            guard let high = iterator.next(), let low = iterator.next(),
                let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
            else { return self }
            bytes.append(value)
        }
        return String(validating: bytes, as: UTF8.self) ?? self
    }
}
