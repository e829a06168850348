/// A row's identifiers after the mapping's transforms: what providers are asked about.
public struct Identifiers: Sendable, Equatable {
    public var values: [CanonicalField: String] = [:]

    public init(_ values: [CanonicalField: String] = [:]) {
        self.values = values.filter { !$0.value.isEmpty }
    }

    public subscript(field: CanonicalField) -> String? {
        get { values[field] }
        set { values[field] = (newValue?.isEmpty ?? true) ? nil : newValue }
    }

    public func has(_ field: CanonicalField) -> Bool { values[field] != nil }

    public var isEmpty: Bool { values.isEmpty }

    /// The identity two rows share when they are the same person to a provider: identifiers
    /// compared case- and space-insensitively, LinkedIn by slug, domain by host.
    public var identityKey: String {
        var parts: [String] = []
        for field in CanonicalField.allCases {
            guard let value = values[field] else { continue }
            let normal: String
            switch field {
            case .email: normal = Normalize.email(value) ?? Normalize.name(value)
            case .linkedin: normal = (Normalize.linkedinSlug(value) ?? value).lowercased()
            case .domain: normal = Normalize.domain(value) ?? Normalize.name(value)
            default: normal = Normalize.name(value)
            }
            parts.append("\(field.rawValue)=\(normal)")
        }
        return parts.joined(separator: "\u{1F}")
    }
}
