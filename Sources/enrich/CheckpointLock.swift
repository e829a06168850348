#if canImport(Glibc)
    import Glibc
#endif

/// An exclusive `flock` on the checkpoint file for as long as the process lives. A second run
/// with the same checkpoint (a nightly job still going when the next one starts) would look
/// up again every row the first has not finished, pay again, and write OUTPUT at the same
/// time. The kernel drops the lock when the process ends, kill -9 included: it is never stale.
///
/// The descriptor is never closed: closing any descriptor of a file drops every POSIX lock the
/// process holds on it, SQLite's own included.
enum CheckpointLock {
    enum Outcome {
        case held
        /// Another process holds it.
        case busy
        /// The file system refuses locks (ENOLCK …): the run goes on, unguarded, with a warning.
        case unsupported(String)
        case failed(String)
    }

    static func take(_ path: String) -> Outcome {
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return .failed(String(cString: strerror(errno))) }
        if flock(descriptor, LOCK_EX | LOCK_NB) == 0 { return .held }
        return errno == EWOULDBLOCK ? .busy : .unsupported(String(cString: strerror(errno)))
    }
}
