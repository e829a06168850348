/// What a provider found for one row, in canonical form whatever the provider.
public struct LookupResult: Sendable, Equatable, Codable {
    /// E.164, the mobile (or primary) number first; every number returned is kept.
    public var phones: [String] = []
    /// Lower-cased.
    public var email: String?
    public var emailStatus: EmailStatus?
    /// The provider's own verification word (`safe`, `deliverable`, `catch-all` …), for the audit.
    public var providerEmailStatus: String?
    /// Waterfall's `email_verified` and `email_confidence`, where given.
    public var emailVerified: Bool?
    public var emailConfidence: String?
    /// Pronto's personal email, kept apart from the work email `enrich` looks for.
    public var personalEmail: String?
    public var person = Person()
    /// Which strategy found it, per field.
    public var strategies: [EnrichField: String] = [:]

    public init() {}

    public var phone: String? { phones.first }

    /// The fields this result fills.
    public var fields: Set<EnrichField> {
        var found: Set<EnrichField> = []
        if !phones.isEmpty { found.insert(.phone) }
        if email != nil { found.insert(.email) }
        return found
    }

    /// Person fields a contact finder returns beside phone and email.
    public struct Person: Sendable, Equatable, Codable {
        public var firstName: String?
        public var lastName: String?
        public var title: String?
        public var seniority: String?
        public var department: String?
        public var company: String?
        public var domain: String?
        public var linkedinURL: String?
        public var country: String?

        public init() {}
    }

    /// Adds what `other` found without overwriting what is already here.
    mutating func merge(_ other: LookupResult) {
        for phone in other.phones where !phones.contains(phone) { phones.append(phone) }
        if email == nil, let email = other.email {
            self.email = email
            emailStatus = other.emailStatus
            providerEmailStatus = other.providerEmailStatus
            emailVerified = other.emailVerified
            emailConfidence = other.emailConfidence
        }
        personalEmail = personalEmail ?? other.personalEmail
        if person == Person() { person = other.person }
        strategies.merge(other.strategies) { mine, _ in mine }
    }
}
