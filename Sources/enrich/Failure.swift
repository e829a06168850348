import ArgumentParser
import EnrichCore

#if canImport(Glibc)
    import Glibc
#endif

/// The exit codes of SPEC "Exit codes".
enum Exit {
    /// Usage or configuration error, found before anything was paid.
    static let configuration = ExitCode(2)
    /// The run finished but some rows failed after all retries; or it could not go on (the
    /// checkpoint, the output or the input failed) after lookups may have been paid.
    static let rowsFailed = ExitCode(1)
}

/// Prints `error: …` on stderr and gives the exit code it calls for.
func fail(_ error: any Error) -> ExitCode {
    printError("error: \(error)")
    return Exit.configuration
}

func printError(_ text: String, newline: Bool = true) {
    var line = text
    if newline && !line.hasSuffix("\n") { line += "\n" }
    // Straight to the descriptor: no shared FILE* buffer to race on.
    let bytes = Array(line.utf8)
    bytes.withUnsafeBytes { all in
        guard let base = all.baseAddress else { return }
        var offset = 0
        while offset < all.count {
            let written = write(STDERR_FILENO, base + offset, all.count - offset)
            if written < 0 && errno == EINTR { continue }
            if written <= 0 { break }
            offset += written
        }
    }
}
