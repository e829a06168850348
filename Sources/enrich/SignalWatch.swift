import Dispatch
import EnrichCore
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// SIGINT and SIGTERM for all of `enrich run`. While the mapping and the input are being
/// opened (a JSONL on standard input is spooled first, a CSV waits for its header) nothing has
/// been sent or written, so a signal exits 3 at once with `openingMessage`. Once the run
/// begins (`runBegins`), the first signal asks it to stop (it stops launching, keeps what it
/// launched, flushes, exits 3) and a second SIGINT exits at once. The checkpoint is SQLite in
/// WAL mode, so leaving mid-write loses at most the transaction in progress.
final class SignalWatch {
    /// What a signal does now; read on the signal queue, changed on the command's task.
    private final class Mode: Sendable {
        /// Set while a signal should end the process at once, with this said first.
        let leaveAtOnce: Mutex<String?>

        init(_ message: String?) { leaveAtOnce = Mutex(message) }
    }

    private var sources: [any DispatchSourceSignal] = []
    private let mode: Mode

    init(stop: StopSignal, openingMessage: String, onFirst: @escaping @Sendable (String) -> Void) {
        let mode = Mode(openingMessage)
        self.mode = mode
        let queue = DispatchQueue(label: "enrich.signals")
        EarlySignals.noteUntilWatched()
        for number in [SIGINT, SIGTERM] {
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { Self.handle(number, mode: mode, stop: stop, onFirst: onFirst) }
            // Registration puts Dispatch's own handler in place; until then the handler of
            // `EarlySignals` notes what comes.
            source.setRegistrationHandler {
                if let early = EarlySignals.take() { Self.handle(early, mode: mode, stop: stop, onFirst: onFirst) }
            }
            source.resume()
            sources.append(source)
        }
    }

    private static func handle(_ number: Int32, mode: Mode, stop: StopSignal, onFirst: @Sendable (String) -> Void) {
        let name = number == SIGINT ? "SIGINT" : "SIGTERM"
        if let message = mode.leaveAtOnce.withLock({ $0 }) {
            printError("\nenrich: \(name): \(message)")
            _exit(3)
        }
        // A run winding down after its budget has not been asked to stop yet.
        if stop.reason != nil && !stop.isBudgetOnly {
            guard number == SIGINT else { return }
            printError("enrich: second SIGINT: exiting now; the checkpoint is consistent, the same command resumes")
            _exit(3)
        }
        onFirst(name)
        stop.request(.interrupted(signal: name))
    }

    /// From now on a first signal stops the run gently.
    func runBegins() {
        mode.leaveAtOnce.withLock { $0 = nil }
    }

    /// From now on a signal exits at once, saying `message`.
    func leaveAtOnce(saying message: String) {
        mode.leaveAtOnce.withLock { $0 = message }
    }

    func cancel() {
        for source in sources { source.cancel() }
        sources = []
    }
}
