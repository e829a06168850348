import Foundation
internal import Yams

/// Turns a mapping file's YAML into a `Mapping`, collecting every problem with its line.
struct MappingParser {
    let file: String
    let environment: [String: String]
    var errors: [MappingError] = []
    var missingVariables: [MappingError] = []
    /// Every name under `providers`, including those whose settings had an error: a waterfall
    /// naming one of them gets no second, false "not under providers" error.
    var declaredProviders: [String] = []

    static let topKeys = ["version", "input", "fields", "enrich", "providers", "in_doubt"]

    mutating func parse(_ yaml: String) throws(MappingErrors) -> Mapping {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            throw MappingErrors(errors: [MappingError(file: file, line: nil, message: "not valid YAML: \(error)")])
        }
        var mapping = Mapping(
            file: file, version: 1, recordID: nil, fields: [], enrich: [], providers: [],
            inDoubt: .relaunch, missingVariables: [])
        guard let root, case .mapping(let top) = root else {
            let message = "the file must be a YAML mapping with at least `version: 1` (see the README, \"The mapping file\")."
            throw MappingErrors(errors: [MappingError(file: file, line: root.flatMap(line), message: message)])
        }
        checkKeys(top, allowed: Self.topKeys, in: "the mapping file")
        if let node = top["version"] {
            if scalar(node) != "1" { error(node, "version must be 1 (the only version there is).") }
        } else {
            error(root, "`version: 1` is missing: add it at the top of the file.")
        }
        if let input = top["input"] { mapping.recordID = parseInput(input) }
        if let fields = top["fields"] { mapping.fields = parseFields(fields) }
        if let providers = top["providers"] { mapping.providers = parseProviders(providers) }
        if let enrich = top["enrich"] { mapping.enrich = parseEnrich(enrich, providers: mapping.providers) }
        if let node = top["in_doubt"] {
            let text = scalar(node) ?? ""
            if let policy = InDoubtPolicy(rawValue: text) {
                mapping.inDoubt = policy
            } else {
                error(
                    node, "in_doubt must be `relaunch` or `skip`, not \"\(text)\".\(Suggestion.phrase(for: text, in: ["relaunch", "skip"]))"
                )
            }
        }
        mapping.missingVariables = missingVariables
        if !errors.isEmpty { throw MappingErrors(errors: errors) }
        return mapping
    }

    private mutating func parseInput(_ node: Node) -> ColumnReference? {
        guard case .mapping(let input) = node else {
            error(node, "input must be a mapping, e.g. `input: { id: \"Record ID\" }`.")
            return nil
        }
        checkKeys(input, allowed: ["id"], in: "input")
        guard let id = input["id"] else { return nil }
        guard let name = scalar(id), !name.isEmpty else {
            error(id, "input.id must name one column.")
            return nil
        }
        return ColumnReference(name: name, line: line(id))
    }

    private mutating func parseFields(_ node: Node) -> [FieldRule] {
        guard case .mapping(let fields) = node else {
            error(node, "fields must be a mapping of identifier: column, e.g. `email: \"Work Email\"`.")
            return []
        }
        var rules: [FieldRule] = []
        for (key, value) in fields {
            let name = scalar(key) ?? ""
            guard let field = CanonicalField(rawValue: name) else {
                error(
                    key,
                    "unknown identifier \"\(name)\" in fields.\(Suggestion.phrase(for: name, in: CanonicalField.names)) Identifiers: \(CanonicalField.names.joined(separator: ", "))."
                )
                continue
            }
            var columns: [ColumnReference] = []
            var transforms: [Transform] = []
            switch value {
            case .scalar, .sequence:
                columns = columnList(value, for: name)
            case .mapping(let rule):
                checkKeys(rule, allowed: ["column", "columns", "transform"], in: "fields.\(name)")
                if let column = rule["column"] ?? rule["columns"] { columns = columnList(column, for: name) }
                if let transform = rule["transform"] { transforms = parseTransforms(transform, field: field) }
            default:
                error(value, "fields.\(name) must be a column name, a list of column names, or { column: …, transform: … }.")
            }
            if columns.isEmpty { error(value, "fields.\(name) names no column.") }
            rules.append(FieldRule(field: field, columns: columns, transforms: transforms, line: line(key)))
        }
        return rules
    }

    private mutating func columnList(_ node: Node, for field: String) -> [ColumnReference] {
        var nodes: [Node] = [node]
        if case .sequence(let list) = node { nodes = Array(list) }
        var columns: [ColumnReference] = []
        for item in nodes {
            guard let name = scalar(item), !name.isEmpty else {
                error(item, "fields.\(field): a column name must be a non-empty string.")
                continue
            }
            columns.append(ColumnReference(name: name, line: line(item)))
        }
        return columns
    }

    private mutating func parseTransforms(_ node: Node, field: CanonicalField) -> [Transform] {
        var nodes: [Node] = [node]
        if case .sequence(let list) = node { nodes = Array(list) }
        var transforms: [Transform] = []
        for item in nodes {
            let name = scalar(item) ?? ""
            guard let transform = Transform(rawValue: name) else {
                error(
                    item,
                    "unknown transform \"\(name)\".\(Suggestion.phrase(for: name, in: Transform.names)) Transforms: \(Transform.names.joined(separator: ", "))."
                )
                continue
            }
            if transform == .splitName && field != .firstName && field != .lastName {
                error(item, "split_name gives a first or last name: use it on first_name or last_name, not \(field.rawValue).")
            }
            transforms.append(transform)
        }
        return transforms
    }
}

// MARK: - YAML helpers

extension MappingParser {
    func line(_ node: Node) -> Int { node.mark?.line ?? 0 }

    /// A scalar's text with `${VAR}` replaced from the environment; nil for a non-scalar.
    mutating func scalar(_ node: Node) -> String? {
        guard case .scalar(let scalar) = node else { return nil }
        return substitute(scalar.string, line: line(node))
    }

    mutating func error(_ node: Node, _ message: String) {
        errors.append(MappingError(file: file, line: line(node), message: message))
    }

    mutating func checkKeys(_ mapping: Node.Mapping, allowed: [String], in place: String) {
        for (key, _) in mapping {
            let name = key.string ?? ""
            if !allowed.contains(name) {
                error(
                    key,
                    "unknown key \"\(name)\" in \(place).\(Suggestion.phrase(for: name, in: allowed)) Allowed: \(allowed.joined(separator: ", "))."
                )
            }
        }
    }

    /// Replaces `${NAME}` with the variable's value; a missing variable is noted, not fatal here.
    mutating func substitute(_ text: String, line: Int) -> String {
        guard text.contains("${") else { return text }
        var result = ""
        var rest = Substring(text)
        while let open = rest.range(of: "${") {
            result += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].firstIndex(of: "}") else {
                result += rest[open.lowerBound...]
                rest = ""
                break
            }
            let name = String(rest[open.upperBound..<close])
            if let value = environment[name] {
                result += value
            } else {
                missingVariables.append(
                    MappingError(
                        file: file, line: line,
                        message: "the environment variable \(name) is not set: export \(name)=… before running, or use --sandbox."))
            }
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }
}
