/// A mapping checked against an input's columns: every column it names exists, and every
/// output column has a place.
public struct BoundMapping: Sendable {
    public let mapping: Mapping
    public let columns: Columns
    /// The output's header: the input's columns, then the appended enriched columns.
    public let outputHeader: [String]
    /// For each of `mapping.outputColumns`: the input column it overwrites, or nil if appended.
    public let overwrites: [Int?]
    private let recordIDColumn: Int?
    private let rules: [(field: CanonicalField, columns: [Int], transforms: [Transform])]

    public init(mapping: Mapping, columns: Columns) throws(MappingErrors) {
        self.mapping = mapping
        self.columns = columns
        var errors: [MappingError] = []
        func resolve(_ reference: ColumnReference, _ place: String) -> Int? {
            if let index = columns.index(of: reference.name) { return index }
            errors.append(
                MappingError(
                    file: mapping.file, line: reference.line,
                    message:
                        "\(place): the input has no column \"\(reference.name)\".\(Suggestion.phrase(for: reference.name, in: columns.names)) \(Self.listing(columns.names))"
                ))
            return nil
        }
        recordIDColumn = mapping.recordID.flatMap { resolve($0, "input.id") }
        rules = mapping.fields.map { rule in
            (rule.field, rule.columns.compactMap { resolve($0, "fields.\(rule.field.rawValue)") }, rule.transforms)
        }
        var header = columns.names
        var overwrites: [Int?] = []
        for column in mapping.outputColumns {
            if let existing = columns.index(of: column.name) {
                if column.overwrite {
                    overwrites.append(existing)
                } else {
                    errors.append(
                        MappingError(
                            file: mapping.file, line: column.line,
                            message:
                                "the output column \"\(column.name)\" already exists in the input: rename it, or write { value: \(column.value.rawValue), overwrite: true } to replace the input's values."
                        ))
                    overwrites.append(nil)
                }
            } else {
                header.append(column.name)
                overwrites.append(nil)
            }
        }
        self.outputHeader = header
        self.overwrites = overwrites
        if !errors.isEmpty { throw MappingErrors(errors: errors) }
    }

    /// The row's identifiers: for each field, the first non-empty column, transformed.
    public func identifiers(for row: Row) -> Identifiers {
        var identifiers = Identifiers()
        for rule in rules {
            for column in rule.columns {
                guard var value = row.text(column), !value.isEmpty else { continue }
                for transform in rule.transforms { value = transform.apply(value, for: rule.field) }
                if value.trimmingWhitespace().isEmpty { continue }
                identifiers[rule.field] = value
                break
            }
        }
        return identifiers
    }

    /// The row's record key: the `input.id` column, or the row number when there is none
    /// (or the cell is empty).
    public func recordID(for row: Row) -> String {
        if let column = recordIDColumn, let value = row.text(column), !value.isEmpty { return value }
        return String(row.number)
    }

    static func listing(_ names: [String]) -> String {
        let shown = names.prefix(40).map { "\"\($0)\"" }.joined(separator: ", ")
        return "Columns: \(shown)\(names.count > 40 ? ", … (\(names.count) in all)" : "")."
    }
}
