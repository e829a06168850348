import ArgumentParser
import Foundation
import Logging
import Simulator

/// `enrich sim`: serve every provider API locally, for trying mappings and for tests.
struct SimCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sim",
        abstract: "Serve a local simulator of every provider API (Waterfall, Apollo, Lantern, Pronto).",
        discussion: """
            Answers with the vendors' paths, auth headers, fields and status codes, backed by \
            deterministic synthetic people: the same identifiers always give the same answer. \
            Waterfall and Lantern live at http://HOST:PORT, Apollo under /api/v1, Pronto under /api/v2. \
            Default keys: sim-waterfall-key, sim-apollo-key, sim-lantern-key, sim-pronto-key. \
            GET /__sim/ledger shows every charged lookup and request; POST /__sim/reset clears it.
            """
    )

    // .unconditional: a negative number is a value to refuse with a reason, not a missing one.
    @Option(parsing: .unconditional, help: "Port to listen on; 0 lets the OS choose (the address is printed on stderr).")
    var port: Int = 8787

    @Option(help: "Address to bind. Keep it on loopback: the simulator has no real security.")
    var host: String = "127.0.0.1"

    @Option(name: .customLong("config"), help: "YAML file of simulator settings (keys, hit rates, latency, faults, …); flags override it.")
    var configPath: String?

    @Option(help: "Delay before every answer: a duration (50ms) or a range (10ms..200ms).")
    var latency: String?

    @Option(help: "How long async jobs run before they finish, e.g. 2s or 1s..5s.")
    var jobDuration: String?

    @Option(parsing: .unconditional, help: "Requests allowed per API key per second before answering 429 (0: no limit).")
    var rateLimit: Int?

    @Option(parsing: .unconditional, help: "Chance (0–1) of a 500 answer to any vendor request.")
    var faultRate: Double?

    @Option(help: "Seed for the synthetic people; another seed gives another, equally stable, population.")
    var seed: String?

    @Flag(help: "Log every request on stderr.")
    var verbose = false

    func validate() throws {
        if let latency, DurationText.parseRange(latency) == nil { throw ValidationError("--latency: expected 50ms or 10ms..200ms") }
        if let jobDuration, DurationText.parseRange(jobDuration) == nil { throw ValidationError("--job-duration: expected 2s or 1s..5s") }
        if let faultRate, !(0...1).contains(faultRate) { throw ValidationError("--fault-rate must be between 0 and 1") }
        if !(0...65_535).contains(port) { throw ValidationError("--port must be between 0 and 65535") }
        if let rateLimit, rateLimit < 0 { throw ValidationError("--rate-limit must be 0 (no limit) or more") }
    }

    func run() async throws {
        var configuration: SimulatorConfiguration
        do {
            configuration = try configPath.map(SimulatorConfiguration.load(path:)) ?? SimulatorConfiguration()
        } catch let error as SimulatorConfigurationError {
            throw ValidationError(error.description)
        }
        configuration.host = host
        configuration.port = port
        if let latency, let range = DurationText.parseRange(latency) { configuration.latency.default = range }
        if let jobDuration, let range = DurationText.parseRange(jobDuration) { configuration.jobDuration = range }
        if let rateLimit { configuration.rateLimit.limit = rateLimit }
        if let faultRate { configuration.faults.status500 = faultRate }
        if let seed { configuration.seed = seed }

        // StderrLogHandler, as for `run`: the stream handler re-renders its metadata whenever a
        // value is set, and the server sets a request id on every request.
        var logger = Logger(label: "enrich.sim") { _ in StderrLogHandler(json: false) }
        logger.logLevel = verbose ? .debug : .warning
        let host = configuration.host
        do {
            try await Simulator(configuration: configuration, logger: logger).runUntilSignalled { port in
                FileHandle.standardError.write(Data("enrich sim: listening on http://\(host):\(port)\n".utf8))
            }
        } catch let error as SimulatorStartError {
            printError("error: \(error.description)")
            throw Exit.configuration
        }
    }
}
