/// The identifiers a request carried, normalised so that spelling differences
/// (`HTTPS://www.LinkedIn.com/in/Jane/` vs `jane`) name the same person.
struct Identity: Sendable, Hashable {
    var linkedin: String?
    var email: String?
    var firstName: String?
    var lastName: String?
    var fullName: String?
    var domain: String?
    var company: String?

    /// The strongest identifier present, in one fixed order for every provider, so the same row
    /// is the same synthetic person whichever vendor is asked.
    var key: String? {
        if let linkedin { return "linkedin:\(linkedin)" }
        if let email { return "email:\(email)" }
        guard let name = normalisedName, let organisation = domain ?? company.map(Identity.simplify) else { return nil }
        return "name:\(name)@\(organisation)"
    }

    var normalisedName: String? {
        if let firstName, let lastName { return Identity.simplify("\(firstName) \(lastName)") }
        return fullName.map(Identity.simplify)
    }

    static func clean(_ value: String?) -> String? {
        guard let value else { return nil }
        // Printable ASCII at both ends (nearly every value): nothing to trim, no Character built.
        if let first = value.utf8.first, let last = value.utf8.last, (0x21..<0x7F).contains(first), (0x21..<0x7F).contains(last) {
            return value
        }
        // Plain stdlib trimming: Foundation's bridges through NSString on Linux, and this runs
        // several times per request.
        var trimmed = Substring(value)
        while let first = trimmed.first, first.isWhitespace { trimmed.removeFirst() }
        while let last = trimmed.last, last.isWhitespace { trimmed.removeLast() }
        return trimmed.isEmpty ? nil : String(trimmed)
    }

    static func simplify(_ value: String) -> String {
        // ASCII byte by byte; Character-wise splitting was a tenth of the simulator's CPU.
        var out: [UInt8] = []
        out.reserveCapacity(value.utf8.count)
        var pendingSpace = false
        for byte in value.utf8 {
            if byte >= 0x80 { return value.lowercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: " ") }
            if byte == 0x20 || (0x09...0x0D).contains(byte) {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace {
                out.append(0x20)
                pendingSpace = false
            }
            out.append((0x41...0x5A).contains(byte) ? byte + 0x20 : byte)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A profile URL or slug to the bare lower-case slug.
    static func linkedinSlug(_ value: String?) -> String? {
        guard var text = clean(value)?.lowercased() else { return nil }
        if let range = text.firstRange(of: "/in/") {
            text = String(text[range.upperBound...])
        }
        let slug = text.split(separator: "/").first.map(String.init) ?? text
        let bare = slug.split(separator: "?").first.map(String.init) ?? slug
        return bare.isEmpty ? nil : bare
    }

    static func looksLikeURL(_ value: String) -> Bool {
        value.contains("/") || value.lowercased().contains("linkedin.com")
    }

    /// A website URL or domain to the bare host without `www.`.
    static func domain(_ value: String?) -> String? {
        // Without a dot there is no domain to find, whatever is stripped (a company name, mostly).
        guard let cleaned = clean(value), cleaned.utf8.contains(UInt8(ascii: ".")) else { return nil }
        var text = cleaned.lowercased()
        if let range = text.firstRange(of: "://") { text = String(text[range.upperBound...]) }
        text = String(text.split(separator: "/").first ?? "")
        text = String(text.split(separator: ":").first ?? "")
        if text.hasPrefix("www.") { text.removeFirst(4) }
        return text.contains(".") ? text : nil
    }

    init(
        linkedin: String? = nil, email: String? = nil, firstName: String? = nil, lastName: String? = nil,
        fullName: String? = nil, domain: String? = nil, company: String? = nil
    ) {
        self.linkedin = Identity.linkedinSlug(linkedin)
        self.email = Identity.clean(email)?.lowercased()
        self.firstName = Identity.clean(firstName)
        self.lastName = Identity.clean(lastName)
        self.fullName = Identity.clean(fullName)
        let cleanCompany = Identity.clean(company)
        // Lantern's `company` may be a website; treat a URL-looking company as a domain too.
        self.domain = Identity.domain(domain) ?? cleanCompany.flatMap { $0.contains(".") ? Identity.domain($0) : nil }
        self.company = cleanCompany
    }
}
