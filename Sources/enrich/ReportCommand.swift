import ArgumentParser
import EnrichCore

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Summarise a finished or partial run from its audit log.",
        discussion: """
            Reads AUDIT.jsonl (what `enrich run` writes beside its output) line by line and prints: \
            rows by status and invalid_input rows by reason, cached rows, values found per field \
            and provider, then per provider the requests (each call once, a poll series once a poll), credits, \
            retries, 429 answers and the time waited on them, in-doubt lookups, and latency p50 / \
            p95 / p99 — nearest-rank percentiles of latency_ms (the smallest value with at least \
            that share of calls at or below it; exact below 10 s, rounded up to the second above). \
            Then errors grouped by provider, outcome and HTTP status, and the wall time from the \
            earliest started_at to the latest finished_at.

            A partial audit is fine: a cut-off last line (a crash while writing) and malformed \
            lines are warnings on stderr with their line number, and the report goes on. A row \
            on several lines is counted once, from its last line, with a warning.

            Exit codes: 0 report printed (even with warnings), 2 the audit cannot be read.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Argument(help: ArgumentHelp("The audit log of a run (`-` for standard input).", valueName: "AUDIT.jsonl"))
    var audit: String

    @Option(help: "text for people, json for scripts (one object, the same keys every time).")
    var format: Format = .text

    func run() throws {
        let report: AuditReport
        do {
            report = try AuditReport.read(path: audit) { printError("warning: \($0)") }
        } catch {
            throw fail(error)
        }
        switch format {
        case .text: print(report.text)
        case .json: print(report.json)
        }
    }
}
