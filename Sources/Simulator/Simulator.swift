public import Hummingbird
public import Logging
import NIOCore

#if canImport(Glibc)
    import Glibc
#endif

/// The provider simulator: one value that `enrich sim`, `run --sandbox` and the tests all build
/// the server from, and that keeps the ledger readable in-process.
public struct Simulator: Sendable {
    let state: SimulatorState

    public init(configuration: SimulatorConfiguration = .init(), logger: Logger) {
        state = SimulatorState(configuration: configuration, logger: logger)
    }

    public var configuration: SimulatorConfiguration { state.configuration }

    /// The Hummingbird application serving every vendor API; `onServerRunning` gets the bound port.
    public func application(onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        let router = Router(context: SimulatorContext.self)
        router.add(middleware: SimulatorMiddleware(state: state))
        WaterfallRoutes(state: state).register(on: router)
        ApolloRoutes(state: state).register(on: router)
        LanternRoutes(state: state).register(on: router)
        ProntoRoutes(state: state).register(on: router)
        LedgerRoutes(state: state).register(on: router)
        let configuration = state.configuration
        return Application(
            router: router,
            server: .http1(configuration: .init(additionalChannelHandlers: [LatencyHold()])),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
            services: [state.background],
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
            logger: state.logger
        )
    }

    /// Serves until SIGINT or SIGTERM, then stops gracefully (`enrich sim`).
    public func runUntilSignalled(onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        do {
            try await application(onServerRunning: onServerRunning).runService()
        } catch let error as IOError where error.errnoCode == EADDRINUSE {
            // NIO's own text names the syscall, not the port, and suggests nothing.
            let (host, port) = (configuration.host, configuration.port)
            throw SimulatorStartError(
                description:
                    "port \(port) on \(host) is already in use. Stop what listens there, or give another --port (0 lets the system choose)."
            )
        }
    }

    /// Every charged lookup and request so far.
    public func ledger() -> LedgerSnapshot {
        state.ledger.snapshot()
    }

    /// Clears the ledger, jobs, rate-limit windows and account balances.
    public func reset() async {
        await state.reset()
    }

    /// Finishes every running async job now.
    @discardableResult
    public func completeJobs() async -> Int {
        await state.jobs.completeAll()
    }
}

/// Builds the simulator's application; see ``Simulator`` to keep a handle on its ledger.
public func buildSimulator(
    configuration: SimulatorConfiguration, logger: Logger, onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) -> some ApplicationProtocol {
    Simulator(configuration: configuration, logger: logger).application(onServerRunning: onServerRunning)
}
