internal import Yams

extension MappingParser {
    mutating func parseEnrich(_ node: Node, providers: [ProviderSettings]) -> [EnrichTarget] {
        if case .scalar(let scalar) = node, scalar.string.isEmpty || scalar.string == "null" { return [] }
        guard case .mapping(let enrich) = node else {
            error(node, "enrich must be a mapping of field: { providers: […], columns: {…} }, or {} to only convert.")
            return []
        }
        var targets: [EnrichTarget] = []
        var outputNames: [String: Int] = [:]
        for (key, value) in enrich {
            let name = key.string ?? ""
            guard let field = EnrichField(rawValue: name) else {
                error(
                    key,
                    "unknown field \"\(name)\" in enrich.\(Suggestion.phrase(for: name, in: EnrichField.names)) Fields: \(EnrichField.names.joined(separator: ", "))."
                )
                continue
            }
            guard case .mapping(let rule) = value else {
                error(value, "enrich.\(name) must be a mapping with providers and columns.")
                continue
            }
            checkKeys(rule, allowed: ["providers", "columns"], in: "enrich.\(name)")
            let names = providerList(rule["providers"], field: field, in: "enrich.\(name)", providers: providers, at: key)
            let columns = outputColumns(rule["columns"], in: "enrich.\(name)", at: key)
            for column in columns {
                if let first = outputNames[column.name] {
                    errors.append(
                        MappingError(
                            file: file, line: column.line,
                            message:
                                "the output column \"\(column.name)\" is already filled by line \(first): give each output column one name."
                        ))
                } else {
                    outputNames[column.name] = column.line
                }
            }
            targets.append(EnrichTarget(field: field, providers: names, columns: columns, line: line(key)))
        }
        return targets
    }

    private mutating func providerList(
        _ node: Node?, field: EnrichField, in place: String, providers: [ProviderSettings], at key: Node
    ) -> [String] {
        guard let node else {
            error(key, "\(place) has no providers: list them in waterfall order, e.g. `providers: [lantern]`.")
            return []
        }
        var items: [Node] = [node]
        if case .sequence(let list) = node { items = Array(list) }
        var names: [String] = []
        let known = declaredProviders
        for item in items {
            let name = scalar(item) ?? ""
            guard let provider = providers.first(where: { $0.name == name }) else {
                if declaredProviders.contains(name) { continue }
                let available = known.isEmpty ? "none is configured under providers" : "configured: \(known.joined(separator: ", "))"
                error(
                    item,
                    "\(place) uses the provider \"\(name)\", which is not under providers.\(Suggestion.phrase(for: name, in: known)) (\(available))."
                )
                continue
            }
            if !provider.kind.fields.contains(field) {
                error(
                    item,
                    "\(place): \(name) is a \(provider.kind.rawValue) provider, which finds \(provider.kind.fields.map(\.rawValue).joined(separator: " and ")), not \(field.rawValue)."
                )
                continue
            }
            if names.contains(name) {
                error(item, "\(place) lists \(name) twice.")
                continue
            }
            names.append(name)
        }
        if names.isEmpty && errors.isEmpty { error(node, "\(place) lists no provider.") }
        return names
    }

    private mutating func outputColumns(_ node: Node?, in place: String, at key: Node) -> [OutputColumn] {
        guard let node else {
            error(key, "\(place) has no columns: say where results go, e.g. `columns: { \"Mobile Phone\": phone }`.")
            return []
        }
        guard case .mapping(let columns) = node else {
            error(node, "\(place).columns must be a mapping of output column: value, e.g. { \"Mobile Phone\": phone }.")
            return []
        }
        var result: [OutputColumn] = []
        for (key, value) in columns {
            let name = scalar(key) ?? ""
            var valueNode = value
            var overwrite = false
            if case .mapping(let spec) = value {
                checkKeys(spec, allowed: ["value", "overwrite"], in: "\(place).columns.\"\(name)\"")
                guard let inner = spec["value"] else {
                    error(value, "\(place).columns.\"\(name)\" needs a value, e.g. { value: phone, overwrite: true }.")
                    continue
                }
                valueNode = inner
                if let flag = spec["overwrite"] {
                    guard let parsed = Bool(scalar(flag) ?? "") else {
                        error(flag, "overwrite must be true or false.")
                        continue
                    }
                    overwrite = parsed
                }
            }
            let text = scalar(valueNode) ?? ""
            guard let output = OutputValue(rawValue: text) else {
                error(
                    valueNode,
                    "unknown value \"\(text)\" for the column \"\(name)\".\(Suggestion.phrase(for: text, in: OutputValue.names)) Values: \(OutputValue.names.joined(separator: ", "))."
                )
                continue
            }
            if name.isEmpty {
                error(key, "\(place).columns: an output column needs a name.")
                continue
            }
            result.append(OutputColumn(name: name, value: output, overwrite: overwrite, line: line(key)))
        }
        return result
    }
}
