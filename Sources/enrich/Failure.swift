import ArgumentParser
import EnrichCore

#if canImport(Glibc)
import Glibc
#endif

/// The exit codes of SPEC "Exit codes".
enum Exit {
    /// Usage or configuration error, found before anything was paid.
    static let configuration = ExitCode(2)
    /// The run finished but some rows failed after all retries.
    static let rowsFailed = ExitCode(1)
}

/// Prints `error: …` on stderr and gives the exit code it calls for.
func fail(_ error: any Error) -> ExitCode {
    printError("error: \(error)")
    return Exit.configuration
}

func printError(_ text: String) {
    var line = text
    if !line.hasSuffix("\n") { line += "\n" }
    // Straight to the descriptor: no shared FILE* buffer to race on.
    var bytes = Array(line.utf8)
    var offset = 0
    while offset < bytes.count {
        let written = bytes.withUnsafeMutableBytes { write(STDERR_FILENO, $0.baseAddress! + offset, $0.count - offset) }
        if written <= 0 { break }
        offset += written
    }
}
