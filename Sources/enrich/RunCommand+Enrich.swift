import ArgumentParser
import CurlHTTP
import EnrichCore
import Foundation
import Logging
import ProviderHTTP
import Simulator
import WebhookReceiver

#if canImport(Glibc)
    import Glibc
#endif

/// `enrich run` with lookups: the checks that must pass before anything is paid, the sandbox,
/// the run itself with its progress, signals and summary, and the exit code.
struct EnrichCommandRun {
    let command: RunCommand
    let mapping: Mapping
    let source: any RecordSource
    let bound: BoundMapping
    /// Requested by the first SIGINT or SIGTERM (`SignalWatch`), from before the key checks:
    /// a Ctrl-C during them is a stop too, not a kill.
    let stop: StopSignal

    func run() async throws {
        let logger = Self.logger(json: command.logFormat == "json")
        var settings = mapping.providers
        if !command.sandbox && !mapping.missingVariables.isEmpty {
            for missing in mapping.distinctMissingVariables { printError("error: \(missing)") }
            throw Exit.configuration
        }
        if command.sandbox {
            for index in settings.indices { settings[index].apiKey = Secret(Self.sandboxKey(settings[index].kind)) }
        } else if let keyless = settings.first(where: { ($0.apiKey?.value ?? "").isEmpty && isUsed($0.name) }) {
            printError(
                "error: \(mapping.file):\(keyless.line): provider \"\(keyless.name)\" has no api_key. Set one (for example api_key: ${\(keyless.name.uppercased())_API_KEY}), or try the run with --sandbox."
            )
            throw Exit.configuration
        }
        guard command.output != "-" || (command.checkpoint != nil && command.audit != nil) else {
            printError(
                "error: --output - (standard output) needs --checkpoint PATH and --audit PATH: an enrichment run keeps both beside its output."
            )
            throw Exit.configuration
        }
        let checkpointPath = command.checkpoint ?? command.output + ".checkpoint.sqlite"
        // Said before SQLite says "unable to open database file" about the checkpoint.
        for path in [command.output, command.auditPath() ?? "-", checkpointPath] where path != "-" {
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
                printError(
                    "error: cannot write \(path): the folder \(folder) does not exist. Create it, or choose a path in an existing folder."
                )
                throw Exit.configuration
            }
        }
        // An earlier run's OUTPUT whose checkpoint is gone (deleted, moved, left empty): what
        // was paid for is no longer known, and going on would look every row up again.
        if !command.fresh && !command.sandbox && !mapping.enrich.isEmpty && Self.isNonEmptyFile(command.output)
            && !Self.isNonEmptyFile(checkpointPath)
        {
            printError(
                "error: \(command.output) exists, but its checkpoint \(checkpointPath) does not (or is empty): going on would look up every row again and pay again for what \(command.output) holds. Restore the checkpoint (or give it with --checkpoint), choose another --output, or pass --fresh to start over."
            )
            throw Exit.configuration
        }
        try lock(checkpointPath)
        let checkpoint: Checkpoint
        do {
            let input = command.options.input == "-" ? Checkpoint.standardInput : try Fingerprints.file(path: command.options.input)
            checkpoint = try Checkpoint(
                path: checkpointPath,
                fingerprints: Fingerprints(input: input, mapping: Fingerprints.mapping(mapping), sandbox: command.sandbox),
                fresh: command.fresh, inDoubt: mapping.inDoubt, maxCredits: command.maxCredits,
                providerBudgets: settings.reduce(into: [:]) { $0[$1.name] = $1.maxCredits }, stop: stop,
                retryFailed: command.retryFailed)
        } catch {
            throw fail(error)
        }
        // --fresh made a new file: the lock taken above is on the one it deleted.
        if command.fresh { try lock(checkpointPath) }
        if !command.quiet {
            logger.info("input", metadata: ["dialect": "\(source.dialectDescription)"])
            let resumed = await checkpoint.finishedRows.count
            let leftovers = await checkpoint.leftoverCount
            if resumed > 0 || leftovers > 0 {
                logger.info(
                    "resuming",
                    metadata: [
                        "checkpoint": "\(checkpointPath)", "rows_done": "\(resumed)", "lookups_in_flight": "\(leftovers)",
                        "failed_lookups_retried": "\(checkpoint.reopenedFailures)",
                    ])
            }
        }
        let summary: RunSummary
        if command.sandbox {
            var configuration = SimulatorConfiguration()
            configuration.port = 0
            // Short jobs so the demo shows asynchronous providers without minutes of polling.
            configuration.jobDuration = .fixed(.milliseconds(300))
            summary = try await withRunningSimulator(configuration: configuration, logger: Self.quietLogger()) { running in
                var local = settings
                for index in local.indices {
                    local[index].baseURL = running.baseURL(forKind: local[index].kind.rawValue) ?? running.baseURL
                    local[index].pollInterval = .milliseconds(250)
                    local[index].pollMaxInterval = .seconds(1)
                }
                if !command.quiet { logger.info("sandbox", metadata: ["simulator": "\(running.baseURL)"]) }
                return try await execute(settings: local, checkpoint: checkpoint, stop: stop, logger: logger)
            }
        } else {
            summary = try await execute(settings: settings, checkpoint: checkpoint, stop: stop, logger: logger)
        }
        await checkpoint.close()
        let enrichment = summary.enrichment ?? RunSummary.Enrichment()
        if !command.quiet || enrichment.stop != nil {
            if command.logFormat == "json" {
                printError(summary.json)
            } else if !command.quiet {
                printError(summary.text)
            }
        }
        switch enrichment.stop {
        case .interrupted?:
            if command.options.input == "-" {
                // A later run cannot check that standard input gives it the same rows again.
                printError(
                    "enrich: interrupted; the input was standard input, so this run cannot be resumed (\(checkpointPath) keeps what was done). Give the input as a file to be able to resume."
                )
            } else {
                printError("enrich: interrupted; state is saved in \(checkpointPath). Run the same command again to resume.")
            }
            throw ExitCode(3)
        case .budget(let reason)? where command.options.input == "-":
            printError(
                "enrich: \(sentence(reason)) The input was standard input, so this run cannot be resumed (\(checkpointPath) keeps what was done). Give the input as a file to be able to resume."
            )
            throw ExitCode(4)
        case .budget(let reason)?:
            printError("enrich: \(sentence(reason)) State is saved in \(checkpointPath); run again with a larger budget to go on.")
            throw ExitCode(4)
        case .keyRejected(let reason)?:
            printError("error: \(sentence(reason)) Nothing more was sent to it; fix the key and run the same command again to resume.")
            throw Exit.configuration
        case .checkpointFailed(let reason)?:
            printError(
                "error: the checkpoint \(checkpointPath) cannot be written (\(reason)); the run stopped. Free space or fix permissions, then run again."
            )
            throw Exit.rowsFailed
        case nil:
            let failed = enrichment.statuses[.failed] ?? 0
            if failed > 0 {
                if !command.quiet {
                    let retry = command.options.input == "-" ? "" : Self.retryAdvice
                    printError("enrich: \(failed) row\(failed == 1 ? "" : "s") failed; the audit log says why.\(retry)")
                }
                throw Exit.rowsFailed
            }
        }
    }

    static let retryAdvice = " Run the same command with --retry-failed to ask again for the fields that failed (what they found is kept)."

    /// Holds `path` for this run, or stops it (exit 2, nothing sent) when another run holds it.
    private func lock(_ path: String) throws {
        switch CheckpointLock.take(path) {
        case .held:
            return
        case .unsupported(let reason):
            printError("warning: cannot lock the checkpoint \(path) (\(reason)): make sure no other run uses it at the same time.")
            return
        case .busy:
            printError(
                "error: another enrich run is using the checkpoint \(path) (the same --output or --checkpoint). Wait for it to finish, then run this command again to go on from where it stopped, or give this run another --output."
            )
        case .failed(let reason):
            printError("error: cannot open the checkpoint \(path): \(reason). Check the folder's permissions.")
        }
        throw Exit.configuration
    }

    /// A regular file with something in it (not a device such as /dev/null, not a folder).
    private static func isNonEmptyFile(_ path: String) -> Bool {
        guard path != "-", let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return false }
        return attributes[.type] as? FileAttributeType == .typeRegular && (attributes[.size] as? Int ?? 0) > 0
    }

    private func isUsed(_ provider: String) -> Bool {
        mapping.enrich.contains { $0.providers.contains(provider) }
    }

    /// The run, with a webhook listener around it when `--webhook-listen` asks for one.
    private func execute(settings: [ProviderSettings], checkpoint: Checkpoint, stop: StopSignal, logger: Logger) async throws -> RunSummary
    {
        guard let listen = command.webhookListen.flatMap(RunCommand.listenAddress) else {
            return try await execute(settings: settings, checkpoint: checkpoint, stop: stop, logger: logger, inbox: nil)
        }
        let kinds = Dictionary(settings.map { ($0.name, $0.kind) }, uniquingKeysWith: { first, _ in first })
        let inbox = RunInbox(publicURL: command.webhookURL ?? "", kinds: kinds)
        do {
            for stored in try await checkpoint.storedDeliveries() {
                inbox.deliver(provider: stored.provider, key: stored.key, body: stored.body)
            }
        } catch {
            throw fail(error)
        }
        var receiverLogger = logger
        receiverLogger.logLevel = .warning
        let receiver = WebhookReceiver(inbox: inbox, checkpoint: checkpoint, host: listen.host, port: listen.port, logger: receiverLogger)
        let publicURL = command.webhookURL
        do {
            return try await receiver.serving { port in
                let host = listen.host == "0.0.0.0" || listen.host == "::" ? "127.0.0.1" : listen.host
                if publicURL == nil { inbox.publicURL = "http://\(host):\(port)" }
                if !command.quiet { logger.info("webhooks", metadata: ["listening": "\(listen.host):\(port)"]) }
                return try await execute(settings: settings, checkpoint: checkpoint, stop: stop, logger: logger, inbox: inbox)
            }
        } catch let error as WebhookReceiverError {
            throw fail(error)
        }
    }

    private func execute(
        settings: [ProviderSettings], checkpoint: Checkpoint, stop: StopSignal, logger: Logger, inbox: (any WebhookInbox)?
    ) async throws -> RunSummary {
        let http: HTTPClient
        do { http = try HTTPClient() } catch { throw fail(error) }
        let tally = RateLimitTally()
        let providers = Dictionary(
            settings.filter { isUsed($0.name) }.map { ($0.name, Providers.make($0, http: http, inbox: inbox, tally: tally)) },
            uniquingKeysWith: { first, _ in first })
        if let rejected = await Self.checkKeys(providers, logger: logger) {
            await http.shutdown()
            for reason in rejected { printError("error: \(reason)") }
            printError(
                "error: a provider refused its key; nothing was sent that costs credits. Fix the key and run the same command again.")
            throw Exit.configuration
        }
        let format = RecordSinks.format(path: command.output, given: command.outputFormat.flatMap(RecordFormat.named), source: source)
        let appended = zip(mapping.outputColumns, bound.overwrites).compactMap { column, target in target == nil ? column.name : nil }
        let sink: any RecordSink
        let audit: AuditLog
        do {
            sink = try RecordSinks.open(
                path: command.output, format: format, source: source, header: bound.outputHeader, extraColumns: appended)
            audit = try AuditLog(path: command.auditPath() ?? command.output + ".audit.jsonl")
        } catch {
            await http.shutdown()
            throw fail(error)
        }
        let progress = ProgressBoard()
        let run = await EnrichRun(
            source: source, mapping: bound, sink: sink, audit: audit, checkpoint: checkpoint, providers: providers, stop: stop,
            options: EnrichRun.Options(concurrency: command.concurrency, limit: command.limit), progress: progress)
        let size = (try? FileManager.default.attributesOfItem(atPath: command.options.input)[.size] as? Int) ?? nil
        let reporter = ProgressReporter(
            board: progress, rateLimits: tally, logger: logger,
            live: !command.quiet && isatty(STDERR_FILENO) == 1 && command.logFormat == "text",
            inputBytes: command.options.input == "-" ? nil : size)
        let quiet = command.quiet
        do {
            let summary = try await withThrowingTaskGroup(of: RunSummary?.self) { group in
                if !quiet {
                    group.addTask {
                        await reporter.run()
                        return nil
                    }
                }
                let summary = try await run.run()
                group.cancelAll()
                return summary
            }
            reporter.finish()
            await http.shutdown()
            return summary
        } catch {
            await http.shutdown()
            // Past the key check lookups may have been paid for: not exit 2, which says nothing was.
            let next =
                command.options.input == "-"
                ? "Rows finished so far are in the checkpoint, but a run that reads standard input cannot resume."
                : "Rows finished so far are in the checkpoint: fix this, then run the same command again to go on."
            printError("error: \(sentence("\(error)")) \(next)")
            throw Exit.rowsFailed
        }
    }

    /// Every provider's key, asked of a free endpoint at once, before any paid call: the
    /// reasons of those that refused theirs, or nil.
    static func checkKeys(_ providers: [String: any Provider], logger: Logger) async -> [String]? {
        let checks = await withTaskGroup(of: (String, KeyCheck).self) { group in
            for (name, provider) in providers { group.addTask { (name, await provider.checkKey()) } }
            var all: [(String, KeyCheck)] = []
            for await check in group { all.append(check) }
            return all.sorted { $0.0 < $1.0 }
        }
        var rejected: [String] = []
        for (name, check) in checks {
            switch check {
            case .accepted: break
            case .rejected(let reason): rejected.append(reason)
            case .unknown(let reason):
                logger.warning("key check", metadata: ["provider": "\(name)", "no_answer": "\(reason)"])
            }
        }
        return rejected.isEmpty ? nil : rejected
    }

    static func sandboxKey(_ kind: ProviderKind) -> String {
        let keys = SimulatorConfiguration().keys
        switch kind {
        case .waterfallPhone, .waterfallContact: return keys.waterfall
        case .apollo: return keys.apollo
        case .lantern: return keys.lantern
        case .pronto: return keys.pronto
        }
    }

    static func logger(json: Bool) -> Logger {
        Logger(label: "enrich.run") { _ in StderrLogHandler(json: json) }
    }

    static func quietLogger() -> Logger {
        var logger = Logger(label: "enrich.sim") { _ in StderrLogHandler(json: false) }
        logger.logLevel = .error
        return logger
    }
}

/// A reason as a sentence: some end with a full stop already (a provider's key message), and
/// another one after it read "in this run.. Nothing more".
private func sentence(_ reason: String) -> String {
    reason.hasSuffix(".") ? reason : reason + "."
}
