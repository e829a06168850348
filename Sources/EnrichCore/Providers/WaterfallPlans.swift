/// Turns a row's identifiers into Waterfall.io launch payloads, one per strategy, in the
/// document's priority order.
enum WaterfallPlans {
    /// The payload of `strategy`, or nil when the row lacks one of its fields.
    static func payload(_ strategy: Strategy, _ request: LookupRequest) -> [String: String]? {
        guard strategy.isUsable(with: request.identifiers) else { return nil }
        var payload: [String: String] = [:]
        for field in strategy.requires {
            guard let value = request.value(field) else { return nil }
            switch field {
            // The launch takes a full URL or a slug; it is sent as the row has it.
            case .linkedin: payload["linkedin"] = value
            case .email: payload["email"] = value.lowercased()
            case .fullName: payload["full_name"] = value
            case .firstName: payload["first_name"] = value
            case .lastName: payload["last_name"] = value
            case .domain: payload["domain"] = value
            case .company, .country: continue
            }
        }
        return payload
    }

    /// The plans to launch (the kind's `attempts(from:)`), and an audit entry per strategy
    /// dropped because a value breaks a documented length limit.
    static func plans(
        kind: ProviderKind, field: EnrichField, request: LookupRequest, provider: String
    ) -> (plans: [WaterfallJobs.Plan], skipped: [AttemptLog], tooLong: String?) {
        var usable: [Strategy] = []
        var payloads: [String: [String: String]] = [:]
        var skipped: [AttemptLog] = []
        var tooLong: String?
        for strategy in kind.strategies(for: field) {
            guard let payload = payload(strategy, request) else { continue }
            if let violation = FieldLimits.waterfall.violation(in: payload) {
                skipped.append(AttemptLog(provider: provider, field: field, strategy: strategy.name, outcome: .skipped, error: violation))
                tooLong = tooLong ?? violation
                continue
            }
            usable.append(strategy)
            payloads[strategy.name] = payload
        }
        let plans = kind.attempts(from: usable).compactMap { strategy in
            payloads[strategy.name].map { WaterfallJobs.Plan(strategy: strategy.name, payload: $0) }
        }
        return (plans, skipped, tooLong)
    }

    /// The ending when no plan can be launched.
    static func nothingToLaunch(provider: String, skipped: [AttemptLog], tooLong: String?) -> LookupOutcome {
        let failure =
            tooLong.map { LookupFailure(.fieldTooLong, $0) }
            ?? LookupFailure(.missingIdentifiers, "the row has none of the identifiers \(provider) searches by")
        return LookupOutcome(provider: provider, status: .failed(failure), attempts: skipped)
    }
}
