/// A change applied to a column's value before it is used as an identifier.
public enum Transform: String, Sendable, CaseIterable {
    /// The host of a URL or the part after `@` of an email, lower-cased, without `www.`.
    case domain
    /// The profile slug of any LinkedIn URL form, or a bare slug as it is.
    case linkedinSlug = "linkedin_slug"
    /// Leading and trailing whitespace removed.
    case trim
    /// Lower-cased.
    case lower
    /// A full name split in two: `first_name` takes the first word, `last_name` the rest.
    case splitName = "split_name"

    public static var names: [String] { allCases.map(\.rawValue) }

    func apply(_ value: String, for field: CanonicalField) -> String {
        switch self {
        case .trim: return value.trimmingWhitespace()
        case .lower: return value.lowercased()
        case .domain: return Normalize.domain(value) ?? ""
        case .linkedinSlug: return Normalize.linkedinSlug(value) ?? ""
        case .splitName:
            let words = value.split(whereSeparator: { $0.isWhitespace })
            guard let first = words.first else { return "" }
            switch field {
            case .firstName: return String(first)
            case .lastName: return words.dropFirst().joined(separator: " ")
            default: return value
            }
        }
    }
}
