import CSVStream
import Foundation

/// The run, in one screen: read → map → enrich → write, with the audit beside it.
///
/// Today the pipeline converts (a mapping with an empty `enrich`): every row is read, mapped
/// to its record key, and written to the output format; malformed rows are passed through
/// and audited as `invalid_input`. Provider lookups join between map and write.
public enum Pipeline {
    public static func convert(
        source: any RecordSource, mapping: BoundMapping, sink: any RecordSink,
        audit: AuditLog?, limit: Int? = nil
    ) throws -> RunSummary {
        var summary = RunSummary()
        let started = ContinuousClock.now
        var row = Row(number: 0, line: 0, byteOffset: 0, cells: .init())
        while limit.map({ summary.rows < $0 }) ?? true, try source.next(into: &row) {
            summary.rows += 1
            if let problem = row.problem {
                summary.invalid[problem.kind, default: 0] += 1
                try audit?.recordInvalid(row, recordID: mapping.recordID(for: row))
            }
            try sink.write(row, extra: [])
        }
        try sink.flush()
        try audit?.flush()
        summary.blankLines = source.blankLines
        summary.elapsed = ContinuousClock.now - started
        return summary
    }
}
