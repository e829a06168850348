/// The enriched cells of a row, from its lookup's result, in the mapping's column order.
/// Every provider value is neutralised against formula injection; E.164 phones pass as they are.
struct OutputCells: Sendable {
    private let columns: [(field: EnrichField, value: OutputValue)]

    init(mapping: Mapping) {
        columns = mapping.enrich.flatMap { target in target.columns.map { (target.field, $0.value) } }
    }

    var count: Int { columns.count }

    /// nil result: a row with no lookup (invalid input, or no usable identifier).
    func cells(for result: WaterfallResult?) -> [String?] {
        columns.map { column in
            guard let result else { return nil }
            return value(column.value, field: column.field, in: result).map(Self.neutralise)
        }
    }

    private func value(_ value: OutputValue, field: EnrichField, in result: WaterfallResult) -> String? {
        let found = result.fields[field]
        let answer = found?.result
        // Person fields come from the answer that filled this column's field, else from any answer.
        let person = (answer ?? result.fields.values.compactMap(\.result).first)?.person
        switch value {
        case .phone: return field == .phone ? answer?.phone : result.fields[.phone]?.result?.phone
        case .phones:
            let phones = (field == .phone ? answer : result.fields[.phone]?.result)?.phones ?? []
            return phones.isEmpty ? nil : phones.joined(separator: "; ")
        case .email: return field == .email ? answer?.email : result.fields[.email]?.result?.email
        case .emailStatus:
            let source = field == .email ? answer : result.fields[.email]?.result
            return source?.emailStatus?.rawValue
        case .provider: return found?.state == .found ? found?.provider : nil
        case .strategy: return found?.state == .found ? found?.strategy : nil
        case .status: return found?.state.rawValue
        case .title: return person?.title
        case .seniority: return person?.seniority
        case .department: return person?.department
        case .company: return person?.company
        case .domain: return person?.domain
        case .linkedin: return person?.linkedinURL
        case .country, .location: return person?.country
        }
    }

    /// A cell of E.164 phones only (`+14155550123; +442071838750`) cannot run as a formula;
    /// anything else starting with a trigger gets a leading `'`.
    static func neutralise(_ value: String) -> String {
        let phones = value.split(separator: ";").map { String($0).trimmingWhitespace() }
        if phones.count > 1 && phones.allSatisfy(PhoneNumber.isE164) { return value }
        return FormulaGuard.neutralise(value)
    }
}
