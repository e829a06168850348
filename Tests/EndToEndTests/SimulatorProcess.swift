import Foundation

/// `enrich sim --port 0` in a child process, for end-to-end tests; stopped by `stop()`.
final class SimulatorProcess {
    let process = Process()
    let baseURL: String

    /// - Parameter config: a simulator configuration file (YAML), or nil for the defaults.
    init(config: String? = nil) throws {
        process.executableURL = EnrichProcess.binary
        process.arguments = ["sim", "--port", "0"] + (config.map { ["--config", $0] } ?? [])
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        // The simulator prints its address on stderr once it accepts connections.
        var seen = ""
        let deadline = Date().addingTimeInterval(30)
        while !seen.contains("\n") || !seen.contains("listening on ") {
            let chunk = err.fileHandleForReading.availableData
            if chunk.isEmpty || Date() > deadline { break }
            seen += String(decoding: chunk, as: UTF8.self)
        }
        guard let range = seen.range(of: "listening on "),
            let end = seen[range.upperBound...].firstIndex(where: { $0.isWhitespace })
        else {
            process.terminate()
            throw StartFailed(output: seen)
        }
        baseURL = String(seen[range.upperBound..<end])
    }

    func stop() {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }

    deinit { stop() }

    struct StartFailed: Error {
        var output: String
    }
}
