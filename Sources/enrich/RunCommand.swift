import ArgumentParser
import EnrichCore

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Enrich INPUT into OUTPUT, with a per-row audit log.",
        discussion: """
            Every input row is written to OUTPUT in input order, original columns unchanged, \
            enriched columns appended. Malformed rows are passed through unchanged and audited as \
            invalid_input. A mapping whose `enrich` is empty converts between CSV and JSONL.

            Exit codes: 0 every row reached a final state; 1 some rows failed; 2 usage or \
            configuration error; 3 interrupted; 4 credit budget reached.
            """
    )

    @OptionGroup var options: InputOptions

    @Option(name: .shortAndLong, help: ArgumentHelp("The output file (.csv, .tsv, .jsonl), or - for standard output.", valueName: "output"))
    var output: String

    @Option(
        help: ArgumentHelp("The output's format when its name does not tell: csv, tsv or jsonl. Default: the input's.", valueName: "format")
    )
    var outputFormat: String?

    @Option(help: ArgumentHelp("The audit log (JSONL). Default: OUTPUT.audit.jsonl.", valueName: "path"))
    var audit: String?

    @Option(help: ArgumentHelp("Process only the first N rows.", valueName: "N"))
    var limit: Int?

    @Flag(help: "Ignore an existing checkpoint and start over. (A conversion keeps no checkpoint.)")
    var fresh = false

    @Flag(name: .shortAndLong, help: "No progress and no summary on stderr; errors only.")
    var quiet = false

    @Option(help: ArgumentHelp("How progress and the summary are written on stderr: text or json.", valueName: "format"))
    var logFormat: String = "text"

    func validate() throws {
        if let outputFormat, RecordFormat.named(outputFormat) == nil {
            throw ValidationError("--output-format must be csv, tsv or jsonl, not \"\(outputFormat)\".")
        }
        if let limit, limit < 1 { throw ValidationError("--limit must be 1 or more.") }
        if logFormat != "text" && logFormat != "json" {
            throw ValidationError("--log-format must be text or json, not \"\(logFormat)\".")
        }
        if output != "-" && output == options.input {
            throw ValidationError("--output is the input file: write the output somewhere else, the input would be lost.")
        }
    }

    func run() throws {
        let summary: RunSummary
        do {
            let mapping = try Mapping.load(path: options.mapping)
            let source = try options.openSource()
            let bound = try BoundMapping(mapping: mapping, columns: source.columns)
            if !mapping.isConversionOnly && !mapping.missingVariables.isEmpty {
                for missing in mapping.distinctMissingVariables { printError("error: \(missing)") }
                throw Exit.configuration
            }
            guard mapping.isConversionOnly else {
                printError(
                    """
                    error: \(mapping.file): this build of enrich cannot call providers yet, so only a \
                    mapping with an empty `enrich` (a format conversion) can run. Use `enrich plan` to \
                    see what the enrichment would do.
                    """)
                throw Exit.configuration
            }
            if !quiet { report("input: \(source.dialectDescription)") }
            let format = RecordSinks.format(path: output, given: outputFormat.flatMap(RecordFormat.named), source: source)
            let sink = try RecordSinks.open(
                path: output, format: format, source: source, header: bound.outputHeader, extraColumns: [])
            let auditLog = try auditPath().map { try AuditLog(path: $0) }
            summary = try Pipeline.convert(source: source, mapping: bound, sink: sink, audit: auditLog, limit: limit)
        } catch let exit as ExitCode {
            throw exit
        } catch {
            throw fail(error)
        }
        if !quiet { report(logFormat == "json" ? summary.json : summary.text) }
    }

    /// OUTPUT.audit.jsonl by default; none when OUTPUT is standard output and no --audit is given.
    private func auditPath() -> String? {
        if let audit { return audit }
        return output == "-" ? nil : output + ".audit.jsonl"
    }

    private func report(_ text: String) {
        printError(text)
    }
}
