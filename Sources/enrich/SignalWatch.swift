import Dispatch
import EnrichCore

#if canImport(Glibc)
    import Glibc
#endif

/// SIGINT and SIGTERM during a run: the first asks the run to stop (it stops launching, keeps
/// what it launched, flushes, exits 3); a second SIGINT exits at once. The checkpoint is
/// SQLite in WAL mode, so leaving mid-write loses at most the transaction in progress.
final class SignalWatch {
    private var sources: [any DispatchSourceSignal] = []

    init(stop: StopSignal, onFirst: @escaping @Sendable (String) -> Void) {
        let queue = DispatchQueue(label: "enrich.signals")
        for (number, name) in [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM")] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler {
                // A run winding down after its budget has not been asked to stop yet.
                if stop.reason != nil && !stop.isBudgetOnly {
                    guard number == SIGINT else { return }
                    printError("enrich: second SIGINT: exiting now; the checkpoint is consistent, the same command resumes")
                    _exit(3)
                }
                onFirst(name)
                stop.request(.interrupted(signal: name))
            }
            source.resume()
            sources.append(source)
        }
    }

    func cancel() {
        for source in sources { source.cancel() }
        sources = []
    }
}
