import Foundation

#if canImport(CMalloc)
    import CMalloc
#endif

/// glibc gives a thread that finds the heap locked an arena of its own (up to eight per core),
/// and what one arena frees the others do not reuse. The run's threads (the task pool, the
/// curl thread, the checkpoint's commits) took several, and a million-row run held about 6 MB
/// more heap than a 100k-row one (RssAnon 30–31 against 23 MB). With two arenas it held 25 MB,
/// at the same CPU per row. A `MALLOC_ARENA_MAX` set by the user still decides.
enum MallocArenas {
    static func limit() {
        #if canImport(CMalloc)
            guard ProcessInfo.processInfo.environment["MALLOC_ARENA_MAX"] == nil else { return }
            _ = mallopt(M_ARENA_MAX, 2)
        #endif
    }
}
