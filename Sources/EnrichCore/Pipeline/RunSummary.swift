import Foundation

/// What a run did, for the summary on stderr.
public struct RunSummary: Sendable {
    public var rows = 0
    /// Rows passed through as `invalid_input`, by reason.
    public var invalid: [String: Int] = [:]
    public var blankLines = 0
    public var elapsed: Duration = .zero

    public init() {}

    public var invalidCount: Int { invalid.values.reduce(0, +) }

    public var seconds: Double {
        Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    /// The summary as lines of text.
    public var text: String {
        var lines = ["rows: \(rows) (\(rows - invalidCount) converted, \(invalidCount) invalid_input)"]
        for (kind, count) in invalid.sorted(by: { $0.key < $1.key }) {
            lines.append("  invalid_input \(kind): \(count)")
        }
        if blankLines > 0 { lines.append("blank lines skipped: \(blankLines)") }
        lines.append(String(format: "elapsed: %.2f s", seconds))
        return lines.joined(separator: "\n")
    }

    /// The summary as one JSON object.
    public var json: String {
        let invalidJSON = invalid.sorted(by: { $0.key < $1.key })
            .map { "\(JSONText.string($0.key)):\($0.value)" }.joined(separator: ",")
        return "{\"event\":\"run.summary\",\"rows\":\(rows),\"invalid_input\":{\(invalidJSON)},"
            + "\"blank_lines\":\(blankLines),\"elapsed_s\":\(String(format: "%.3f", seconds))}"
    }
}
