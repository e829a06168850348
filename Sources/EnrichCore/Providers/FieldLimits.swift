/// Documented length limits of request fields, checked before sending: an over-long value is a
/// row problem found for free, not a 400 from the provider.
struct FieldLimits: Sendable {
    /// Per request field: the shortest and longest length allowed, in characters.
    var limits: [String: ClosedRange<Int>]

    /// Waterfall.io's launch payload (both kinds).
    static let waterfall = FieldLimits(limits: [
        "linkedin": 1...500, "full_name": 1...250, "first_name": 1...100, "last_name": 1...100, "domain": 2...500,
        "email": 1...254, "webhook_url": 1...2083,
    ])

    /// None documented.
    static let none = FieldLimits(limits: [:])

    /// The first field of `fields` outside its limits, as a row reason.
    func violation(in fields: [String: String]) -> String? {
        for (name, value) in fields.sorted(by: { $0.key < $1.key }) {
            guard let range = limits[name], !range.contains(value.count) else { continue }
            if value.count > range.upperBound {
                return "\(name) is \(value.count) characters long; the provider accepts at most \(range.upperBound)"
            }
            return "\(name) is \(value.count) characters long; the provider needs at least \(range.lowerBound)"
        }
        return nil
    }
}
