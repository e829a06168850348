import Foundation
import TestSupport
import Testing

extension RunEndToEnd {
    @Suite struct RunFlushTests {
        /// A slow run (Lantern answering in 100 ms, two rows at a time, about 6 s): rows
        /// already written reach OUTPUT and AUDIT within about a second, whole lines only, not
        /// at the end of the run (they sat in a 256 KiB buffer, so `tail -f` showed nothing).
        @Test(.timeLimit(.minutes(1))) func writtenRowsReachTheFilesWhileTheRunGoesOn() throws {
            let folder = try TemporaryFolder()
            let sim = try SimulatorProcess(
                config: folder.write("sim.yml", Array("latency: { default: 0ms, \"POST /v1/enrich/phone\": 100ms }\n".utf8)))
            defer { sim.stop() }
            let mapping = try folder.write(
                "mapping.yml",
                Array(
                    """
                    version: 1
                    fields: { first_name: "First Name", last_name: "Last Name", company: "Company" }
                    enrich:
                      phone: { providers: [lantern], columns: { "Mobile Phone": phone } }
                    providers:
                      lantern: { kind: lantern, api_key: "sim-lantern-key", base_url: "\(sim.baseURL)" }
                    """.utf8))
            var csv = "First Name,Last Name,Company\n"
            for index in 0..<120 { csv += "Ada\(index),Byron,Analytical \(index)\n" }
            let input = try folder.write("people.csv", Array(csv.utf8))

            let process = Process()
            process.executableURL = EnrichProcess.binary
            process.arguments = ["run", input, "--mapping", mapping, "--output", folder.path("out.csv"), "--concurrency", "2", "--quiet"]
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
