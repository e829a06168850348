import Foundation
import TestSupport
import Testing

/// SIGINT or SIGTERM before the run begins: standard input still being spooled (JSONL) or its
/// CSV header not yet there. Nothing has been sent or written, and the exit is SPEC's 3 at once
/// with that said, not the shell's 130.
@Suite struct SignalWhileOpeningTests {
    @Test(arguments: [("jsonl", "{\"Email\":\"ann@x.io\"}\n", SIGINT), ("csv", "", SIGINT), ("jsonl", "", SIGTERM)])
    func aSignalWhileTheInputIsOpenedExitsThreeAtOnce(format: String, written: String, signal: Int32) throws {
        let folder = try TemporaryFolder()
        let mapping = try Self.writeMapping(in: folder)
        let (process, input, errors) = try Self.startRun(format: format, mapping: mapping, output: "o", in: folder)
        // Standard input stays open: the run is still waiting for the rest of it.
        input.fileHandleForWriting.write(Data(written.utf8))
        let watched = SignalReadiness.waitUntilWatched([SIGINT, SIGTERM], by: process)
        #expect(watched, "enrich did not start watching SIGINT and SIGTERM")
        // Past the watch, the run opens its input, which waits for the rest of standard input.
        Thread.sleep(forTimeInterval: 0.3)
        kill(process.processIdentifier, signal)
        let deadline = Date().addingTimeInterval(15)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        let exited = !process.isRunning
        if !exited { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        try input.fileHandleForWriting.close()
        let stderr = String(decoding: try Data(contentsOf: URL(fileURLWithPath: errors)), as: UTF8.self)
        #expect(exited, "still waiting for its input after the signal")
        #expect(process.terminationReason == .exit && process.terminationStatus == 3, "\(process.terminationStatus): \(stderr)")
        #expect(stderr.contains("nothing was sent, paid or written"), "\(stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.path("o.csv.checkpoint.sqlite")))
    }

    /// Earlier still, before Dispatch watches it, a signal is noted from `main`'s first line and
    /// acted on once the watch is registered. The test sends it in that window: once `/proc`
    /// shows SIGTERM caught by a handler and no signalfd for it. A start that passes the window
    /// before the test sees it is tried again.
    @Test func aSignalWhileEnrichStartsExitsThree() throws {
        let folder = try TemporaryFolder()
        let mapping = try Self.writeMapping(in: folder)
        var caught = 0
        for attempt in 0..<20 where caught == 0 {
            let (process, input, errors) = try Self.startRun(format: "jsonl", mapping: mapping, output: "o\(attempt)", in: folder)
            let window = SignalReadiness.waitUntilCaughtBeforeWatched(SIGTERM, by: process)
            if window { kill(process.processIdentifier, SIGTERM) }
            let deadline = Date().addingTimeInterval(15)
            while process.isRunning && Date() < deadline && window { Thread.sleep(forTimeInterval: 0.01) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
            try input.fileHandleForWriting.close()
            guard window else { continue }
            caught += 1
            let stderr = String(decoding: try Data(contentsOf: URL(fileURLWithPath: errors)), as: UTF8.self)
            #expect(process.terminationReason == .exit && process.terminationStatus == 3, "\(process.terminationStatus): \(stderr)")
            #expect(stderr.contains("SIGTERM: stopped while opening"), "\(stderr)")
            #expect(!FileManager.default.fileExists(atPath: folder.path("o\(attempt).csv.checkpoint.sqlite")))
        }
        #expect(caught == 1, "20 starts of enrich run, none seen with SIGTERM caught before the watch")
    }

    /// `enrich run` on standard input, left open: the run waits for the rest of it. Its stderr
    /// goes to `OUTPUT.stderr.txt`, whose path comes back.
    private static func startRun(
        format: String, mapping: String, output: String, in folder: TemporaryFolder
    ) throws -> (Process, Pipe, String) {
        let process = Process()
        process.executableURL = EnrichProcess.binary
        process.arguments = ["run", "-", "--input-format", format, "-m", mapping, "-o", folder.path("\(output).csv")]
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        let errors = try folder.write("\(output).stderr.txt", [])
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errors))
        try process.run()
        return (process, input, errors)
    }

    /// A Lantern mapping; nothing is sent, as every run here stops before it begins.
    private static func writeMapping(in folder: TemporaryFolder) throws -> String {
        try folder.write(
            "m.yml",
            Array(
                """
                version: 1
                fields: { email: Email }
                enrich:
                  phone: { providers: [lantern], columns: { "Mobile Phone": phone } }
                providers:
                  lantern: { kind: lantern, api_key: "a-key", base_url: "http://127.0.0.1:9" }
                """.utf8))
    }
}
