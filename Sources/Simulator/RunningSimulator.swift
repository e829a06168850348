public import Logging
import ServiceLifecycle

/// A simulator serving on a port, handed to the body of ``withRunningSimulator(configuration:logger:_:)``.
public struct RunningSimulator: Sendable {
    public let simulator: Simulator
    public let host: String
    public let port: Int

    /// `http://HOST:PORT`: Waterfall and Lantern live at its root, Apollo under `/api/v1`, Pronto under `/api/v2`.
    public var baseURL: String { "http://\(host):\(port)" }

    /// The base URL a client of provider `kind` (`waterfall.phone`, `waterfall.contact`, `apollo`,
    /// `lantern`, `pronto`) should use, or `nil` for an unknown kind.
    public func baseURL(forKind kind: String) -> String? {
        switch kind {
        case "waterfall.phone", "waterfall.contact", "lantern": baseURL
        case "apollo": baseURL + "/api/v1"
        case "pronto": baseURL + "/api/v2"
        default: nil
        }
    }

    public func ledger() -> LedgerSnapshot { simulator.ledger() }
    public func reset() async { await simulator.reset() }
    @discardableResult public func completeJobs() async -> Int { await simulator.completeJobs() }
}

/// The simulator did not come up (for example, its port was taken).
public struct SimulatorStartError: Error, CustomStringConvertible {
    public let description: String
}

/// Starts the simulator, runs `body` while it serves, then stops it and everything it started
/// (timers, webhook deliveries) before returning. Use port 0 to let the OS choose.
public func withRunningSimulator<Value: Sendable>(
    configuration: SimulatorConfiguration = .init(),
    logger: Logger = Logger(label: "enrich.sim"),
    _ body: (RunningSimulator) async throws -> Value
) async throws -> Value {
    let simulator = Simulator(configuration: configuration, logger: logger)
    let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
    let application = simulator.application { port in
        portContinuation.yield(port)
        portContinuation.finish()
    }
    let services = ServiceGroup(configuration: .init(services: [application], gracefulShutdownSignals: [], logger: logger))
    return try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask {
            // Ending the port stream here lets a server that failed to bind report its error
            // instead of leaving the caller waiting for a port forever.
            defer { portContinuation.finish() }
            try await services.run()
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else {
            try await tasks.waitForAll()
            throw SimulatorStartError(description: "the simulator stopped before it was listening")
        }
        let running = RunningSimulator(simulator: simulator, host: configuration.host, port: port)
        do {
            let value = try await body(running)
            await services.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return value
        } catch {
            await services.triggerGracefulShutdown()
            try? await tasks.waitForAll()
            throw error
        }
    }
}
