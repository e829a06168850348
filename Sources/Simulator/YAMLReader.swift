import Foundation
import Yams

/// A YAML node with the key path that led to it, so errors can say where they are.
struct YAMLReader {
    let node: Node
    let path: String

    func error(_ message: String) -> SimulatorConfigurationError {
        let line = node.mark.map { " (line \($0.line))" } ?? ""
        return SimulatorConfigurationError(path + line, message)
    }

    func unknown(_ known: [String]) -> SimulatorConfigurationError {
        error("unknown key; expected one of \(known.joined(separator: ", "))")
    }

    func forEach(_ body: (String, YAMLReader) throws -> Void) throws {
        guard let mapping = node.mapping else { throw error("expected a mapping") }
        for (key, value) in mapping {
            guard let name = key.string else { throw error("keys must be strings") }
            try body(name, YAMLReader(node: value, path: "\(path).\(name)"))
        }
    }

    func string() throws -> String {
        guard let value = node.string else { throw error("expected a string") }
        return value
    }

    func int() throws -> Int {
        guard let value = node.int else { throw error("expected an integer") }
        return value
    }

    /// A count, a limit, a price or a number of seconds: a negative one is a typo to point at,
    /// not a value to read as "none".
    func count() throws -> Int {
        guard let value = node.int, value >= 0 else { throw error("expected a whole number, 0 or more") }
        return value
    }

    func bool() throws -> Bool {
        guard let value = node.bool else { throw error("expected true or false") }
        return value
    }

    /// A probability between 0 and 1.
    func rate() throws -> Double {
        guard let value = node.float ?? node.int.map(Double.init), (0...1).contains(value) else {
            throw error("expected a number between 0 and 1")
        }
        return value
    }

    func rateMap() throws -> [String: Double] {
        var rates: [String: Double] = [:]
        try forEach { field, value in rates[field] = try value.rate() }
        return rates
    }

    func duration() throws -> Duration {
        guard let text = node.string, let value = DurationText.parse(text) else {
            throw error("expected a duration such as 250ms, 2s or 1m")
        }
        return value
    }

    /// `50ms` or `10ms..200ms`.
    func durationRange() throws -> DurationRange {
        guard let text = node.string, let value = DurationText.parseRange(text) else {
            throw error("expected a duration (250ms) or a range (10ms..200ms)")
        }
        return value
    }
}

/// Durations as people write them in config files and flags: `0`, `250ms`, `2s`, `1.5s`, `1m`.
public enum DurationText {
    /// Nil past a century (`1e999s`): nothing the simulator waits for is that long, and
    /// `Int64(_: Double)` would trap on it.
    public static func parse(_ text: String) -> Duration? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)]
        for (suffix, scale) in units where trimmed.hasSuffix(suffix) {
            guard let number = Double(trimmed.dropLast(suffix.count)) else { return nil }
            return bounded(milliseconds: number * scale * 1000)
        }
        // A bare number is seconds, as in Retry-After.
        guard let seconds = Double(trimmed) else { return nil }
        return bounded(milliseconds: seconds * 1000)
    }

    private static func bounded(milliseconds value: Double) -> Duration? {
        guard value >= 0, value <= 100 * 365.25 * 86_400 * 1000 else { return nil }
        return .milliseconds(Int64(value.rounded()))
    }

    public static func parseRange(_ text: String) -> DurationRange? {
        let parts = text.components(separatedBy: "..")
        switch parts.count {
        case 1: return parse(parts[0]).map { .fixed($0) }
        case 2:
            guard let lower = parse(parts[0]), let upper = parse(parts[1]) else { return nil }
            return DurationRange(lower: lower, upper: upper)
        default: return nil
        }
    }
}
