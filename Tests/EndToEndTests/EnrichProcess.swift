import Foundation

/// Runs the built `enrich` binary and collects what it did.
struct EnrichProcess {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// `.build/<configuration>/enrich`, beside the test bundle.
    static let binary: URL = {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("enrich")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../.build/debug/enrich").standardized
    }()

    /// The repository's root, for `samples/`.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardized

    static func sample(_ name: String) -> String { root.appendingPathComponent("samples/\(name)").path }

    /// Runs `enrich arguments…` in `directory`, feeding `input` on standard input; gives up
    /// (and kills it) after `timeout` seconds.
    static func run(_ arguments: [String], in directory: URL? = nil, input: Data? = nil, timeout: TimeInterval = 60) throws -> Result {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe()
        let err = Pipe()
        let inPipe = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = inPipe
        // A process that exits without reading all its input fails its test; the write must
        // not kill the test runner with SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        try process.run()
        // Read both pipes while the process runs, and write its input meanwhile: a large input
        // written first would wait for a process waiting for its full output pipe to be read.
        let group = DispatchGroup()
        nonisolated(unsafe) var outData = Data()
        nonisolated(unsafe) var errData = Data()
        DispatchQueue.global().async(group: group) { outData = out.fileHandleForReading.readDataToEndOfFile() }
        DispatchQueue.global().async(group: group) { errData = err.fileHandleForReading.readDataToEndOfFile() }
        DispatchQueue.global().async(group: group) {
            if let input { try? inPipe.fileHandleForWriting.write(contentsOf: input) }
            try? inPipe.fileHandleForWriting.close()
        }
        if group.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            process.waitUntilExit()
            throw TimedOut(arguments: arguments)
        }
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    struct TimedOut: Error {
        var arguments: [String]
    }
}
