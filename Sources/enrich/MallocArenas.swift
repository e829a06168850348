import Foundation

#if canImport(CMalloc)
    import CMalloc
#endif

/// glibc gives a thread that finds the heap locked an arena of its own (up to eight per core),
/// and what one arena frees the others do not reuse. The run's threads (the task pool, the
/// curl thread, the checkpoint's commits) took several, and a million-row run held about 6 MB
/// more heap than a 100k-row one.
///
/// Two arenas were not enough. Threads come and go during a run (strace shows some exit and
/// new ones start), and a new thread is handed an arena in turn, so at some moment of a long
/// run the busy threads moved from one arena to the other, and the new one grew to the old
/// one's size while the old one kept its free memory (`malloc_stats` mid-run: one arena 2.5 →
/// 10 MB, in use flat at 17 MB in all). Peak RSS at 1M rows came out anywhere from 57.8 to
/// 64.7 MB; with one arena, 54.9–58.1 MB in ten runs. The price is the lock: about one more
/// futex call a row, within the noise of CPU per row. The simulator keeps two: it is the
/// server every contender of the bench is measured against. A `MALLOC_ARENA_MAX` set by the
/// user still decides.
enum MallocArenas {
    static func limit(subcommand: String?) {
        #if canImport(CMalloc)
            guard ProcessInfo.processInfo.environment["MALLOC_ARENA_MAX"] == nil else { return }
            _ = mallopt(M_ARENA_MAX, subcommand == "sim" ? 2 : 1)
        #endif
    }
}
