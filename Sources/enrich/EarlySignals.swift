import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// SIGINT and SIGTERM before Dispatch watches them for `SignalWatch`. Left at their default,
/// one that comes while `enrich run` starts ends the process (130 or 143, where SPEC says 3);
/// ignored until Dispatch has registered its source, one is lost and the run goes on. Instead,
/// from the first line of `main` a handler notes the signal, and `SignalWatch` acts on it once
/// its sources are registered. Only `run` does this: the other commands keep the default.
enum EarlySignals {
    /// The last signal noted, 0 for none. An atomic store is all a handler may safely do.
    private static let noted = Atomic<Int32>(0)

    /// Installs the handler; calling it again changes nothing.
    static func noteUntilWatched() {
        // The first access runs the global's initialiser, which a signal handler must not.
        _ = noted.load(ordering: .relaxed)
        for number in [SIGINT, SIGTERM] {
            signal(number) { number in EarlySignals.noted.store(number, ordering: .relaxed) }
        }
    }

    /// The signal noted so far, if one was; it is then forgotten.
    static func take() -> Int32? {
        let number = noted.exchange(0, ordering: .relaxed)
        return number == 0 ? nil : number
    }
}
