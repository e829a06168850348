/// The identifiers a mapping can fill from the input's columns.
public enum CanonicalField: String, Sendable, CaseIterable, Hashable {
    case firstName = "first_name"
    case lastName = "last_name"
    case fullName = "full_name"
    case email
    case linkedin
    case company
    case domain
    case country

    public static var names: [String] { allCases.map(\.rawValue) }
}

/// What `enrich` can look for.
public enum EnrichField: String, Sendable, CaseIterable, Hashable, Codable, CodingKeyRepresentable {
    case phone
    case email

    public static var names: [String] { allCases.map(\.rawValue) }
}
