/// The provider APIs `enrich` speaks, one per page in `provider-docs/`.
public enum ProviderKind: String, Sendable, CaseIterable {
    case waterfallPhone = "waterfall.phone"
    case waterfallContact = "waterfall.contact"
    case apollo
    case lantern
    case pronto

    public static var names: [String] { allCases.map(\.rawValue) }

    /// The fields this API can find.
    public var fields: [EnrichField] {
        switch self {
        case .waterfallPhone, .lantern: return [.phone]
        case .waterfallContact, .apollo, .pronto: return [.phone, .email]
        }
    }

    /// The documented production address.
    public var defaultBaseURL: String {
        switch self {
        case .waterfallPhone, .waterfallContact: return "https://api.waterfall.io"
        case .apollo: return "https://api.apollo.io/api/v1"
        case .lantern: return "https://api.withlantern.com"
        case .pronto: return "https://app.prontohq.com/api/v2"
        }
    }

    /// Settings only this kind understands, beside the common ones.
    public var extraSettings: [String] {
        switch self {
        case .waterfallPhone: return ["max_billed_numbers"]
        case .waterfallContact: return ["verified_only", "include_phones"]
        case .pronto: return ["phone_countries", "personal_email"]
        case .apollo: return ["bulk", "batch_window", "webhook_timeout", "webhook_url"]
        default: return []
        }
    }

    /// One call answers for every field it can find (a contact finder returns phone and
    /// email together), so a row asks it once for both.
    public var answersAllFieldsAtOnce: Bool {
        self == .waterfallContact || self == .apollo
    }

    /// The strategies sent for one lookup, given those the row's identifiers allow: the first,
    /// and a second only where the docs say its sources differ (Waterfall phone: after a
    /// LinkedIn miss, a professional email).
    public func attempts(from usable: [Strategy]) -> [Strategy] {
        guard let first = usable.first else { return [] }
        if self == .waterfallPhone, first.name == "linkedin", let email = usable.first(where: { $0.name == "email" }) {
            return [first, email]
        }
        return [first]
    }

    /// The identifier strategies for `field`, in the order the docs give them.
    public func strategies(for field: EnrichField) -> [Strategy] {
        switch self {
        case .waterfallPhone:
            // LinkedIn > email > full name + domain > first + last + domain.
            return [
                Strategy("linkedin", [.linkedin]),
                Strategy("email", [.email]),
                Strategy("full_name_domain", [.fullName, .domain]),
                Strategy("name_domain", [.firstName, .lastName, .domain]),
            ]
        case .waterfallContact:
            // Email > LinkedIn > name + domain.
            return [
                Strategy("email", [.email]),
                Strategy("linkedin", [.linkedin]),
                Strategy("full_name_domain", [.fullName, .domain]),
                Strategy("name_domain", [.firstName, .lastName, .domain]),
            ]
        case .apollo:
            // One match request carries every identifier; any of these lets Apollo match.
            return [
                Strategy("linkedin", [.linkedin]),
                Strategy("email", [.email]),
                Strategy("name", [.firstName, .lastName]),
                Strategy("full_name", [.fullName]),
            ]
        case .lantern:
            // Name + company/domain > LinkedIn > email.
            return [
                Strategy("name_company", [.firstName, .lastName, .company]),
                Strategy("name_domain", [.firstName, .lastName, .domain]),
                Strategy("linkedin", [.linkedin]),
                Strategy("email", [.email]),
            ]
        case .pronto:
            switch field {
            case .email:
                return [
                    Strategy("name_domain", [.firstName, .lastName, .domain]),
                    Strategy("name_company", [.firstName, .lastName, .company]),
                ]
            case .phone:
                return [Strategy("name_linkedin", [.firstName, .lastName, .linkedin])]
            }
        }
    }
}

/// A set of identifiers a provider can search by.
public struct Strategy: Sendable, Equatable {
    public var name: String
    public var requires: [CanonicalField]

    public init(_ name: String, _ requires: [CanonicalField]) {
        self.name = name
        self.requires = requires
    }

    public func isUsable(with identifiers: Identifiers) -> Bool {
        requires.allSatisfy { identifiers.has($0) }
    }
}
