import ArgumentParser
import CurlHTTP
import EnrichCore
import Foundation
import Logging
import Simulator

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Enrich INPUT into OUTPUT, with a per-row audit log.",
        discussion: """
            Every input row is written to OUTPUT in input order, original columns unchanged, \
            enriched columns appended. Malformed rows are passed through unchanged and audited as \
            invalid_input. A mapping whose `enrich` is empty converts between CSV and JSONL.

            A second run with the same INPUT, MAPPING and OUTPUT resumes from the checkpoint: \
            finished rows are not looked up again, launched jobs are collected, and OUTPUT and the \
            audit are written again in full. --sandbox runs against the built-in simulator.

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

    @Option(help: ArgumentHelp("The checkpoint (SQLite). Default: OUTPUT.checkpoint.sqlite.", valueName: "path"))
    var checkpoint: String?

    // .unconditional: "--concurrency -1" is a value to refuse with a reason, not a missing one.
    @Option(parsing: .unconditional, help: ArgumentHelp("Rows looked up at the same time.", valueName: "N"))
    var concurrency: Int = 16

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "Stop launching paid lookups before the credits spent by this run (all its resumed parts) would pass N; exit 4.",
            valueName: "N"))
    var maxCredits: Int?

    @Option(parsing: .unconditional, help: ArgumentHelp("Process only the first N rows.", valueName: "N"))
    var limit: Int?

    @Flag(help: "Start the built-in simulator in-process and point every provider at it: no keys needed, nothing paid.")
    var sandbox = false

    @Option(
        help: ArgumentHelp(
            "Receive asynchronous results by webhook on this address (e.g. 127.0.0.1:8788, or :0 for a port the OS picks) instead of polling.",
            valueName: "host:port"))
    var webhookListen: String?

    @Option(
        help: ArgumentHelp(
            "The public URL that forwards to --webhook-listen (a tunnel or proxy). Default: http://HOST:PORT of the listener.",
            valueName: "url"))
    var webhookURL: String?

    @Flag(help: "Ignore an existing checkpoint and start over. (A conversion keeps no checkpoint.)")
    var fresh = false

    @Flag(
        help: ArgumentHelp(
            "Resume, and look up again the rows an earlier run left failed: only the fields that failed are asked again; what they found is kept."
        ))
    var retryFailed = false

    @Flag(name: .shortAndLong, help: "No progress and no summary on stderr; errors only.")
    var quiet = false

    @Option(help: ArgumentHelp("How progress and the summary are written on stderr: text or json.", valueName: "format"))
    var logFormat: String = "text"

    func validate() throws {
        if let outputFormat, RecordFormat.named(outputFormat) == nil {
            throw ValidationError("--output-format must be csv, tsv or jsonl, not \"\(outputFormat)\".")
        }
        if let limit, limit < 1 { throw ValidationError("--limit must be 1 or more.") }
        if fresh && retryFailed {
            throw ValidationError("--fresh starts over and --retry-failed resumes an earlier run: give one of them.")
        }
        if concurrency < 1 || concurrency > 4096 { throw ValidationError("--concurrency must be between 1 and 4096.") }
        if let maxCredits, maxCredits < 0 { throw ValidationError("--max-credits must be 0 or more.") }
        if logFormat != "text" && logFormat != "json" {
            throw ValidationError("--log-format must be text or json, not \"\(logFormat)\".")
        }
        if webhookURL != nil && webhookListen == nil {
            throw ValidationError("--webhook-url needs --webhook-listen HOST:PORT: the address the public URL forwards to.")
        }
        if let webhookListen, Self.listenAddress(webhookListen) == nil {
            throw ValidationError("--webhook-listen must be HOST:PORT (e.g. 127.0.0.1:8788 or 0.0.0.0:0), not \"\(webhookListen)\".")
        }
        if let webhookURL, !(webhookURL.hasPrefix("http://") || webhookURL.hasPrefix("https://")) {
            throw ValidationError("--webhook-url must start with http:// or https://, not \"\(webhookURL)\".")
        }
        if let clash = FileClash.first(among: filesOfTheRun()) {
            // The input and the mapping are only read; anything after them would be written over one.
            if clash.first == "the input" && clash.second != "the mapping" || clash.first == "the mapping" {
                let what = clash.first.dropFirst(4)
                throw ValidationError(
                    "\(clash.second) is the \(what) file (\(clash.path)): give it another path, or the \(what) would be overwritten and lost."
                )
            }
            throw ValidationError("\(clash.first) and \(clash.second) are one file (\(clash.path)): give each its own path.")
        }
    }

    /// The files this run reads or writes, as the messages name them.
    private func filesOfTheRun() -> [(name: String, path: String)] {
        var files: [(name: String, path: String)] = []
        if options.input != "-" { files.append(("the input", options.input)) }
        files.append(("the mapping", options.mapping))
        if output != "-" { files.append(("--output", output)) }
        if let audit = auditPath() { files.append((audit == self.audit ? "--audit" : "the audit log (OUTPUT.audit.jsonl)", audit)) }
        if let checkpoint {
            files.append(("--checkpoint", checkpoint))
        } else if output != "-" {
            files.append(("the checkpoint (OUTPUT.checkpoint.sqlite)", output + ".checkpoint.sqlite"))
        }
        return files
    }

    func run() async throws {
        let stop = StopSignal()
        let opening = "stopped while opening the mapping and the input: nothing was sent, paid or written. Run the same command again."
        let watch = SignalWatch(stop: stop, openingMessage: opening) { name in
            printError(
                "\nenrich: \(name): stopping — no new launches; in-flight jobs are kept in the checkpoint. Press Ctrl-C again to exit at once."
            )
        }
        defer { watch.cancel() }
        let mapping: Mapping
        let source: any RecordSource
        let bound: BoundMapping
        do {
            mapping = try Mapping.load(path: options.mapping)
            source = try options.openSource()
            bound = try BoundMapping(mapping: mapping, columns: source.columns)
        } catch {
            throw fail(error)
        }
        if mapping.isConversionOnly {
            // Nothing to keep: the conversion is done again whole.
            let written = output == "-" ? "the output" : output
            watch.leaveAtOnce(saying: "conversion stopped; \(written) is incomplete. Run the same command again to write it whole.")
            try convert(source: source, bound: bound)
        } else {
            watch.runBegins()
            try await EnrichCommandRun(command: self, mapping: mapping, source: source, bound: bound, stop: stop).run()
        }
    }

    private func convert(source: any RecordSource, bound: BoundMapping) throws {
        let summary: RunSummary
        do {
            if !quiet { report("input: \(source.dialectDescription)") }
            let format = RecordSinks.format(path: output, given: outputFormat.flatMap(RecordFormat.named), source: source)
            let sink = try RecordSinks.open(
                path: output, format: format, source: source, header: bound.outputHeader, extraColumns: [])
            let auditLog = try auditPath().map { try AuditLog(path: $0) }
            summary = try Pipeline.convert(source: source, mapping: bound, sink: sink, audit: auditLog, limit: limit)
        } catch {
            throw fail(error)
        }
        if !quiet { report(logFormat == "json" ? summary.json : summary.text) }
    }

    /// OUTPUT.audit.jsonl by default; none when OUTPUT is standard output and no --audit is given.
    func auditPath() -> String? {
        if let audit { return audit }
        return output == "-" ? nil : output + ".audit.jsonl"
    }

    /// `HOST:PORT`, `:PORT` (127.0.0.1) → host and port.
    static func listenAddress(_ text: String) -> (host: String, port: Int)? {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port) else {
            return nil
        }
        let host = String(text[..<colon])
        return (host.isEmpty ? "127.0.0.1" : host, port)
    }

    func report(_ text: String) {
        printError(text)
    }
}
