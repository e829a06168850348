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
}
