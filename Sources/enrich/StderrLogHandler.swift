import EnrichCore
import Foundation
import Logging

/// swift-log's handler for `enrich run`: one line per message on stderr, as text
/// (`enrich: message key=value`) or as one JSON object (`--log-format json`).
struct StderrLogHandler: LogHandler {
    let json: Bool
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        if json {
            var line = "{\"level\":\"\(event.level)\",\"event\":\(JSONText.string(event.message.description))"
            for (key, value) in merged.sorted(by: { $0.key < $1.key }) {
                line += ",\(JSONText.string(key)):\(Self.jsonValue(value))"
            }
            printError(line + "}")
        } else {
            var line = event.level >= .warning ? "enrich: \(event.level): \(event.message)" : "enrich: \(event.message)"
            for (key, value) in merged.sorted(by: { $0.key < $1.key }) { line += " \(key)=\(value)" }
            printError(line)
        }
    }

    /// Numbers stay numbers; everything else is a string.
    static func jsonValue(_ value: Logger.MetadataValue) -> String {
        switch value {
        case .string(let text): return Double(text) != nil && !text.isEmpty ? text : JSONText.string(text)
        case .stringConvertible(let convertible): return JSONText.string(convertible.description)
        case .array(let items): return "[" + items.map(jsonValue).joined(separator: ",") + "]"
        case .dictionary(let entries):
            return "{"
                + entries.sorted { $0.key < $1.key }.map { "\(JSONText.string($0.key)):\(jsonValue($0.value))" }.joined(separator: ",")
                + "}"
        }
    }
}
