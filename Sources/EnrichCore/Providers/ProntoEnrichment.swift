/// One of Pronto's `enrichment_type` values: a request asks for exactly one.
enum ProntoEnrichment: String, Sendable, CaseIterable {
    case email
    case phone
    case personalEmail = "personal_email"

    /// The field a job of this type fills.
    var field: EnrichField { self == .phone ? .phone : .email }

    /// The journal names a job's type by its strategy, so a resumed run knows what it asked.
    func strategy(_ name: String) -> String { "\(rawValue):\(name)" }

    /// The request body for `strategy`, or nil when the row lacks its fields. `phone` and
    /// `personal_email` need a LinkedIn URL; `email` a domain or a company name.
    func payload(_ request: LookupRequest, strategy: Strategy) -> [String: Any]? {
        guard let first = request.value(.firstName), let last = request.value(.lastName) else { return nil }
        var body: [String: Any] = ["firstname": first, "lastname": last, "enrichment_type": [rawValue]]
        switch self {
        case .email:
            if strategy.name == "name_domain", let domain = request.value(.domain) {
                body["domain"] = domain
            } else if strategy.name == "name_company", let company = request.value(.company) {
                body["company_name"] = company
            } else {
                return nil
            }
        case .phone, .personalEmail:
            guard let slug = request.value(.linkedin).flatMap(Normalize.linkedinSlug) else { return nil }
            // The page asks for a profile URL: a slug from the row is sent as one.
            body["linkedin_url"] = "https://www.linkedin.com/in/\(slug)"
        }
        return body
    }
}
