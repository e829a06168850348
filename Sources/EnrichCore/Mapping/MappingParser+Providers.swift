internal import Yams

extension MappingParser {
    mutating func parseProviders(_ node: Node) -> [ProviderSettings] {
        guard case .mapping(let providers) = node else {
            error(node, "providers must be a mapping of name: { kind: …, api_key: … }.")
            return []
        }
        var result: [ProviderSettings] = []
        for (key, value) in providers {
            let name = key.string ?? ""
            declaredProviders.append(name)
            guard case .mapping(let spec) = value else {
                error(value, "providers.\(name) must be a mapping with at least `kind`.")
                continue
            }
            guard let kindNode = spec["kind"] else {
                error(key, "providers.\(name) has no kind. Kinds: \(ProviderKind.names.joined(separator: ", ")).")
                continue
            }
            let kindName = scalar(kindNode) ?? ""
            guard let kind = ProviderKind(rawValue: kindName) else {
                error(
                    kindNode,
                    "unknown kind \"\(kindName)\" for providers.\(name).\(Suggestion.phrase(for: kindName, in: ProviderKind.names)) Kinds: \(ProviderKind.names.joined(separator: ", "))."
                )
                continue
            }
            checkKeys(spec, allowed: ProviderSettings.commonKeys + kind.extraSettings, in: "providers.\(name) (\(kind.rawValue))")
            var settings = ProviderSettings(
                name: name, kind: kind, apiKey: nil, baseURL: kind.defaultBaseURL,
                concurrency: ProviderSettings.defaultConcurrency(for: kind), rate: nil, maxCredits: nil,
                maxWait: .seconds(600), creditsPerLookup: 1, pollInterval: .seconds(2),
                pollMaxInterval: .seconds(30), jobDeadline: .seconds(300), options: [:], line: line(key))
            if let key = spec["api_key"], let text = scalar(key), !text.isEmpty { settings.apiKey = Secret(text) }
            if let url = spec["base_url"] {
                let text = scalar(url) ?? ""
                if text.hasPrefix("http://") || text.hasPrefix("https://") {
                    settings.baseURL = text.hasSuffix("/") ? String(text.dropLast()) : text
                } else {
                    error(url, "providers.\(name).base_url must start with https:// (or http:// for a local simulator).")
                }
            }
            settings.concurrency = positiveInt(spec["concurrency"], "providers.\(name).concurrency") ?? settings.concurrency
            settings.maxCredits = positiveInt(spec["max_credits"], "providers.\(name).max_credits", allowZero: true)
            settings.creditsPerLookup =
                positiveInt(spec["credits_per_lookup"], "providers.\(name).credits_per_lookup", allowZero: true, maximum: 1_000_000) ?? 1
            if let node = spec["rate"] {
                let text = scalar(node) ?? ""
                if let rate = Rate.parse(text) {
                    settings.rate = rate
                } else {
                    error(node, "providers.\(name).rate \"\(text)\" is not a rate: write N/s, N/m or N/h, e.g. 10/s (at least 1 a day).")
                }
            }
            settings.maxWait = duration(spec["max_wait"], "providers.\(name).max_wait") ?? settings.maxWait
            settings.pollInterval = duration(spec["poll_interval"], "providers.\(name).poll_interval") ?? settings.pollInterval
            settings.pollMaxInterval =
                duration(spec["poll_max_interval"], "providers.\(name).poll_max_interval") ?? settings.pollMaxInterval
            settings.jobDeadline = duration(spec["job_deadline"], "providers.\(name).job_deadline") ?? settings.jobDeadline
            for option in kind.extraSettings {
                guard let node = spec[option] else { continue }
                if case .sequence(let list) = node {
                    settings.options[option] = list.compactMap { scalar($0) }.joined(separator: ",")
                } else {
                    settings.options[option] = scalar(node) ?? ""
                }
            }
            if kind == .apollo { checkApolloOptions(spec, name: name) }
            _ = positiveInt(spec["max_billed_numbers"], "providers.\(name).max_billed_numbers", maximum: 1000)
            result.append(settings)
        }
        return result
    }

    /// Apollo's own settings: `bulk` a boolean, `batch_window` and `webhook_timeout` durations,
    /// `webhook_url` an address.
    private mutating func checkApolloOptions(_ spec: Node.Mapping, name: String) {
        if let node = spec["bulk"], Providers.flag(scalar(node)) == nil {
            error(node, "providers.\(name).bulk must be true or false, not \"\(scalar(node) ?? "")\".")
        }
        _ = duration(spec["batch_window"], "providers.\(name).batch_window")
        _ = duration(spec["webhook_timeout"], "providers.\(name).webhook_timeout")
        if let node = spec["webhook_url"] {
            let text = scalar(node) ?? ""
            if !text.hasPrefix("https://") && !text.hasPrefix("http://") {
                error(node, "providers.\(name).webhook_url must be an https:// address.")
            }
        }
    }

    /// `maximum` where the number is multiplied and summed (credits): past it, the sums
    /// overflowed and ended the run (`credits_per_lookup: 9223372036854775807`).
    private mutating func positiveInt(_ node: Node?, _ place: String, allowZero: Bool = false, maximum: Int = .max) -> Int? {
        guard let node else { return nil }
        let text = scalar(node) ?? ""
        guard let value = Int(text), value > 0 || (allowZero && value == 0), value <= maximum else {
            let range = maximum == .max ? "" : " up to \(maximum)"
            error(node, "\(place) must be a whole number\(allowZero ? "" : " above 0")\(range), not \"\(text)\".")
            return nil
        }
        return value
    }

    private mutating func duration(_ node: Node?, _ place: String) -> Duration? {
        guard let node else { return nil }
        let text = scalar(node) ?? ""
        guard let value = Duration.parse(text) else {
            error(node, "\(place) \"\(text)\" is not a duration: write e.g. 500ms, 30s, 10m or 1h (at most a century).")
            return nil
        }
        return value
    }
}
