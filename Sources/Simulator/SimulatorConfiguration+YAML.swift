import Foundation
import Yams

/// A problem in a simulator configuration file, with the key path that caused it.
public struct SimulatorConfigurationError: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ path: String, _ message: String) { self.description = "\(path): \(message)" }
}

extension SimulatorConfiguration {
    /// Reads a YAML file over the defaults; unknown keys are errors so typos don't pass silently.
    public static func load(path: String) throws -> SimulatorConfiguration {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw SimulatorConfigurationError(path, "cannot read the file (\(error.localizedDescription))")
        }
        return try parse(yaml: text, source: path)
    }

    /// Parses YAML text over the defaults.
    public static func parse(yaml: String, source: String = "config") throws -> SimulatorConfiguration {
        var configuration = SimulatorConfiguration()
        let node: Node?
        do { node = try Yams.compose(yaml: yaml) } catch {
            throw SimulatorConfigurationError(source, "not valid YAML: \(error)")
        }
        guard let node else { return configuration }
        try configuration.apply(YAMLReader(node: node, path: source))
        return configuration
    }

    private mutating func apply(_ root: YAMLReader) throws {
        try root.forEach { key, value in
            switch key {
            case "host": host = try value.string()
            case "port": port = try value.int()
            case "seed": seed = try value.string()
            case "formula_rate": formulaRate = try value.rate()
            case "job_duration": jobDuration = try value.durationRange()
            case "ledger_request_limit": ledgerRequestLimit = try value.count()
            case "revoke_keys_after": revokeKeysAfter = try value.count()
            case "keys":
                try value.forEach { name, key in
                    switch name {
                    case "waterfall": keys.waterfall = try key.string()
                    case "apollo": keys.apollo = try key.string()
                    case "lantern": keys.lantern = try key.string()
                    case "pronto": keys.pronto = try key.string()
                    default: throw key.unknown(["waterfall", "apollo", "lantern", "pronto"])
                    }
                }
            case "hit_rates":
                try value.forEach { kind, rates in
                    let parsed = try rates.rateMap()
                    switch kind {
                    case "waterfall_phone": hitRates.waterfallPhone.merge(parsed) { $1 }
                    case "waterfall_contact": hitRates.waterfallContact.merge(parsed) { $1 }
                    case "apollo": hitRates.apollo.merge(parsed) { $1 }
                    case "lantern": hitRates.lantern.merge(parsed) { $1 }
                    case "pronto": hitRates.pronto.merge(parsed) { $1 }
                    default: throw rates.unknown(["waterfall_phone", "waterfall_contact", "apollo", "lantern", "pronto"])
                    }
                }
            case "latency":
                try value.forEach { endpoint, range in
                    if endpoint == "default" {
                        latency.default = try range.durationRange()
                    } else {
                        latency.perEndpoint[endpoint] = try range.durationRange()
                    }
                }
            case "rate_limit":
                try value.forEach { name, field in
                    switch name {
                    case "limit": rateLimit.limit = try field.count()
                    case "window": rateLimit.window = try field.duration()
                    case "retry_after": rateLimit.retryAfterSeconds = try field.count()
                    case "hint":
                        guard let hint = RetryHint(rawValue: try field.string()) else {
                            throw field.error("expected one of \(RetryHint.allCases.map(\.rawValue).joined(separator: ", "))")
                        }
                        rateLimit.hint = hint
                    default: throw field.unknown(["limit", "window", "retry_after", "hint"])
                    }
                }
            case "faults":
                try value.forEach { name, field in
                    switch name {
                    case "status_500": faults.status500 = try field.rate()
                    case "status_502": faults.status502 = try field.rate()
                    case "status_503": faults.status503 = try field.rate()
                    case "reset": faults.reset = try field.rate()
                    case "slow": faults.slow = try field.rate()
                    case "slow_duration": faults.slowDuration = try field.duration()
                    case "malformed_json": faults.malformedJSON = try field.rate()
                    case "empty_200": faults.empty200 = try field.rate()
                    default:
                        throw field.unknown([
                            "status_500", "status_502", "status_503", "reset", "slow", "slow_duration", "malformed_json", "empty_200",
                        ])
                    }
                }
            case "job_outcomes":
                try value.forEach { name, field in
                    switch name {
                    case "failed": jobOutcomes.failed = try field.rate()
                    case "timed_out": jobOutcomes.timedOut = try field.rate()
                    case "aborted": jobOutcomes.aborted = try field.rate()
                    default: throw field.unknown(["failed", "timed_out", "aborted"])
                    }
                }
            case "webhook":
                try value.forEach { name, field in
                    switch name {
                    case "max_retries": webhook.maxRetries = try field.count()
                    case "backoff_base": webhook.backoffBase = try field.duration()
                    case "timeout": webhook.timeout = try field.duration()
                    default: throw field.unknown(["max_retries", "backoff_base", "timeout"])
                    }
                }
            case "lantern":
                try value.forEach { name, field in
                    guard name == "credits" else { throw field.unknown(["credits"]) }
                    lantern.credits = try field.count()
                }
            case "pronto":
                try value.forEach { name, field in
                    switch name {
                    case "personal_email_consent": pronto.personalEmailConsent = try field.bool()
                    case "concurrency": pronto.concurrency = max(1, try field.count())
                    case "daily_credits": pronto.dailyCredits = try field.count()
                    case "prices": try field.forEach { type, price in pronto.prices[type] = try price.count() }
                    default: throw field.unknown(["personal_email_consent", "concurrency", "daily_credits", "prices"])
                    }
                }
            case "apollo":
                try value.forEach { name, field in
                    switch name {
                    case "per_minute": apollo.perMinute = try field.count()
                    case "per_hour": apollo.perHour = try field.count()
                    case "per_day": apollo.perDay = try field.count()
                    case "credits_per_record": apollo.creditsPerRecord = try field.count()
                    case "waterfall_enabled": apollo.waterfallEnabled = try field.bool()
                    default: throw field.unknown(["per_minute", "per_hour", "per_day", "credits_per_record", "waterfall_enabled"])
                    }
                }
            default:
                throw value.unknown([
                    "host", "port", "seed", "keys", "hit_rates", "latency", "rate_limit", "faults", "job_duration",
                    "job_outcomes", "formula_rate", "webhook", "lantern", "pronto", "apollo", "ledger_request_limit", "revoke_keys_after",
                ])
            }
        }
    }
}
