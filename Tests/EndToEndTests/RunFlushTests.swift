import Foundation
import TestSupport
import Testing

extension RunEndToEnd {
    @Suite struct RunFlushTests {
        /// A slow run (Lantern answering in 100 ms, two rows at a time, about 6 s): rows
        /// already written reach OUTPUT and AUDIT within about a second, whole lines only, not
        /// at the end of the run (they sat in a 256 KiB buffer, so `tail -f` showed nothing).
        @Test(.timeLimit(.minutes(1))) func writtenRowsReachTheFilesWhileTheRunGoesOn() throws {
            let fixture = try LanternOnly(
                skipped: 0, lookedUp: 120, simConfig: "latency: { default: 0ms, \"POST /v1/enrich/phone\": 100ms }\n")
            defer { fixture.close() }
            let folder = fixture.folder
            let process = Process()
            process.executableURL = EnrichProcess.binary
            process.arguments = [
                "run", fixture.input, "--mapping", fixture.mapping, "--output", folder.path("out.csv"), "--concurrency", "2", "--quiet",
            ]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            defer { if process.isRunning { process.terminate() } }
            // Watch the files while the run goes on, as `tail -f` would.
            var seen: (audit: [UInt8], output: [UInt8])?
            while process.isRunning {
                let audit = (try? folder.read("out.csv.audit.jsonl")) ?? []
                if audit.filter({ $0 == UInt8(ascii: "\n") }).count >= 5 {
                    seen = (audit, (try? folder.read("out.csv")) ?? [])
                    break
                }
                Thread.sleep(forTimeInterval: 0.1)
            }
            let (audit, output) = try #require(seen, "the run ended before 5 audit lines were in the file")
            #expect(process.isRunning, "seen while the run was still going on")
            #expect(audit.last == UInt8(ascii: "\n"), "whole lines only")
            #expect(output.filter { $0 == UInt8(ascii: "\n") }.count >= 6, "the output too, after its header")
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            #expect(try folder.read("out.csv.audit.jsonl").filter { $0 == UInt8(ascii: "\n") }.count == 120)
        }
    }
}
