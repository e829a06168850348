import Foundation
import Testing

extension RunEndToEnd {
    /// `enrich run` over real HTTP against `enrich sim`: interrupted runs resume to the same output
    /// without paying twice.
    @Suite(.serialized) struct RunResumeTests {
        /// Killed with SIGKILL at several moments and rerun each time: the output is byte-identical
        /// to an uninterrupted run's, the audit has every row once with the same outcome, and the
        /// ledger shows no duplicate charge beyond the in-doubt launches the audit reports.
        @Test(arguments: ["relaunch", "skip"]) func killedRunsResumeToTheSameOutput(inDoubt: String) async throws {
            let fixture = try RunFixture(inDoubt: inDoubt)
            defer { fixture.close() }
            let reference = try fixture.run("reference.csv")
            #expect(reference.status == 0, "\(reference.stderr)")
            let referenceLedger = try await fixture.ledger()
            #expect((referenceLedger["duplicates"] as? [Any])?.isEmpty == true, "an uninterrupted run pays once per lookup")
            try await fixture.resetLedger()

            var kills = 0
            for moment in [0.4, 0.9, 1.5, 2.2, 3.0] {
                let status = try fixture.runAndSignal("out.csv", after: moment, signal: SIGKILL)
                if status != 0 { kills += 1 }
            }
            let last = try fixture.run("out.csv")
            #expect(last.status == 0, "\(last.stderr)")
            #expect(kills >= 2, "the runs were killed while working")
            let audit = try fixture.audit()
            #expect(audit.compactMap { $0["row"] as? Int } == Array(1...120), "every row exactly once, in order")
            let inDoubtReported = audit.flatMap { ($0["attempts"] as? [[String: Any]]) ?? [] }
                .filter { $0["outcome"] as? String == "in_doubt" }.count
            if inDoubt == "relaunch" || inDoubtReported == 0 {
                #expect(try fixture.read("out.csv") == fixture.read("reference.csv"))
                #expect(try fixture.auditOutcome() == fixture.auditOutcome("reference.csv.audit.jsonl"))
            } else {
                // Rows with a launch in doubt are the only ones allowed to differ: that provider was
                // not asked again, so the row is skipped or found by the next provider.
                for (line, (resumed, reference)) in zip(audit, try fixture.audit("reference.csv.audit.jsonl")).enumerated() {
                    let attempts = (resumed["attempts"] as? [[String: Any]]) ?? []
                    if attempts.contains(where: { $0["outcome"] as? String == "in_doubt" }) { continue }
                    #expect(resumed["fields"] as? NSDictionary == reference["fields"] as? NSDictionary, "row \(line + 1)")
                }
            }
            let duplicates = (try await fixture.ledger()["duplicates"] as? [[String: Any]]) ?? []
            let extraCharges = duplicates.reduce(0) { $0 + (($1["count"] as? Int) ?? 1) - 1 }
            if inDoubt == "skip" {
                #expect(extraCharges == 0, "in_doubt: skip never pays twice: \(duplicates)")
            } else {
                #expect(
                    extraCharges <= inDoubtReported, "duplicates \(duplicates) beyond the \(inDoubtReported) in-doubt launches reported")
            }
        }

        /// SIGINT: stop launching, keep in-flight jobs, exit 3; the same command then finishes.
        @Test func interruptedRunResumes() async throws {
            let fixture = try RunFixture()
            defer { fixture.close() }
            #expect(try fixture.run("reference.csv").status == 0)
            try await fixture.resetLedger()
            let status = try fixture.runAndSignal("out.csv", after: 1.0, signal: SIGINT)
            #expect(status == 3)
            let resumed = try fixture.run("out.csv")
            #expect(resumed.status == 0, "\(resumed.stderr)")
            #expect(try fixture.read("out.csv") == fixture.read("reference.csv"))
            let duplicates = (try await fixture.ledger()["duplicates"] as? [Any]) ?? []
            #expect(duplicates.isEmpty, "an interrupted run journals its launches: \(duplicates)")
        }

        /// A key revoked in the middle of a run (rotated, or the plan lapsed): exit 2 with what
        /// to do, the lookups it cut short left for the next run; once the key works again, the
        /// same command finishes to an uninterrupted run's output, paying nothing twice.
        @Test func aKeyRefusedMidRunStopsWithExitTwoAndTheSameCommandResumes() async throws {
            let fixture = try RunFixture(simConfig: "revoke_keys_after: 60\n")
            defer { fixture.close() }
            let stopped = try fixture.run("out.csv")
            #expect(stopped.status == 2, "\(stopped.stderr)")
            #expect(stopped.stderr.contains("Nothing more was sent to it; fix the key"), "\(stopped.stderr)")
            #expect(!stopped.stderr.contains(".."), "\(stopped.stderr)")
            #expect(try fixture.audit().count < 120, "the run stopped before the end")
            try await fixture.restoreKeys()
            let resumed = try fixture.run("out.csv")
            #expect(resumed.status == 0, "\(resumed.stderr)")
            let duplicates = (try await fixture.ledger()["duplicates"] as? [Any]) ?? []
            #expect(duplicates.isEmpty, "nothing paid twice: \(duplicates)")
            #expect(try fixture.run("reference.csv").status == 0)
            #expect(try fixture.read("out.csv") == fixture.read("reference.csv"))
            #expect(try fixture.auditOutcome("out.csv.audit.jsonl") == fixture.auditOutcome("reference.csv.audit.jsonl"))
        }

        /// An earlier run's output without its checkpoint (deleted, or left empty): going on
        /// would pay again for every row, so the run refuses (exit 2, nothing sent) until the
        /// checkpoint is back or --fresh says to start over.
        @Test func anOutputWhoseCheckpointIsGoneIsNotLookedUpAgain() async throws {
            let fixture = try RunFixture()
            defer { fixture.close() }
            #expect(try fixture.run("out.csv", limit: 20).status == 0)
            let charged = try #require(try await fixture.ledger()["credits_charged"] as? Int)
            let checkpoint = fixture.path("out.csv.checkpoint.sqlite")
            let kept = try Data(contentsOf: URL(fileURLWithPath: checkpoint))
            for damage in ["deleted", "emptied"] {
                for suffix in ["", "-wal", "-shm"] { unlink(checkpoint + suffix) }
                if damage == "emptied" { try Data().write(to: URL(fileURLWithPath: checkpoint)) }
                let refused = try fixture.run("out.csv", limit: 20)
                #expect(refused.status == 2, "\(damage): \(refused.stderr)")
                #expect(refused.stderr.contains("pass --fresh to start over"), "\(damage): \(refused.stderr)")
                #expect(try await fixture.ledger()["credits_charged"] as? Int == charged, "\(damage): nothing sent")
            }
            try kept.write(to: URL(fileURLWithPath: checkpoint))
            #expect(try fixture.run("out.csv", limit: 20).status == 0, "the checkpoint restored, the run resumes")
            #expect(try await fixture.ledger()["credits_charged"] as? Int == charged)
            #expect(try fixture.run("out.csv", limit: 20, ["--fresh"]).status == 0)
        }

        /// Two runs on one checkpoint at once (a nightly job overlapping the last one) would both
        /// look up the rows not finished yet and write OUTPUT together: the second stops at once
        /// (exit 2, nothing sent) and the first goes on alone.
        @Test func aSecondRunOnTheSameCheckpointStopsAndTheFirstGoesOn() async throws {
            let fixture = try RunFixture(simConfig: "latency: { default: 20ms }\n")
            defer { fixture.close() }
            let first = Process()
            first.executableURL = EnrichProcess.binary
            first.arguments = fixture.arguments("out.csv", limit: 120, ["--quiet"])
            first.standardOutput = FileHandle.nullDevice
            first.standardError = FileHandle.nullDevice
            try first.run()
            defer { if first.isRunning { first.terminate() } }
            var sent = 0
            for _ in 0..<200 where sent < 5 && first.isRunning {
                try await Task.sleep(for: .milliseconds(50))
                sent = (try await fixture.ledger()["requests"] as? [Any])?.count ?? 0
            }
            #expect(sent >= 5 && first.isRunning, "the first run is under way")
            let second = try fixture.run("out.csv")
            #expect(second.status == 2, "\(second.stderr)")
            #expect(second.stderr.contains("another enrich run is using the checkpoint"), "\(second.stderr)")
            let fresh = try fixture.run("out.csv", ["--fresh"])
            #expect(fresh.status == 2, "--fresh does not delete a checkpoint in use: \(fresh.stderr)")
            first.waitUntilExit()
            #expect(first.terminationStatus == 0)
            let duplicates = (try await fixture.ledger()["duplicates"] as? [Any]) ?? []
            #expect(duplicates.isEmpty, "\(duplicates)")
            #expect(try fixture.audit().count == 120)
        }

        /// Trying a file with --sandbox, then running it for real with the same command: the
        /// live run used to resume the sandbox's checkpoint and write the simulator's made-up
        /// finds as found, looking nothing up. Each refuses the other's checkpoint.
        @Test func aSandboxCheckpointIsNotResumedLiveNorTheOtherWayRound() async throws {
            let fixture = try RunFixture()
            defer { fixture.close() }
            let tried = try fixture.run("out.csv", limit: 20, ["--sandbox"])
            #expect(tried.status == 0, "\(tried.stderr)")
            let live = try fixture.run("out.csv", limit: 20)
            #expect(live.status == 2, "\(live.stderr)")
            #expect(live.stderr.contains("written by a --sandbox run"), "\(live.stderr)")
            #expect(try await fixture.ledger()["credits_charged"] as? Int == 0, "nothing was sent for real")
            #expect(try fixture.run("out.csv", limit: 20, ["--fresh"]).status == 0)
            let sandbox = try fixture.run("out.csv", limit: 20, ["--sandbox"])
            #expect(sandbox.status == 2, "\(sandbox.stderr)")
            #expect(sandbox.stderr.contains("written by a live run"), "\(sandbox.stderr)")
            #expect(try fixture.run("out.csv", limit: 20).status == 0, "the live run resumes its own checkpoint")
        }

        /// The budget: exit 4 with no launch past it; a larger budget carries on to the same output.
        @Test func budgetStopsAndALargerOneCarriesOn() async throws {
            let fixture = try RunFixture()
            defer { fixture.close() }
            #expect(try fixture.run("reference.csv").status == 0)
            try await fixture.resetLedger()
            let stopped = try fixture.run("out.csv", ["--max-credits", "25"])
            #expect(stopped.status == 4, "\(stopped.stderr)")
            #expect(stopped.stderr.contains("--max-credits"))
            let charged = (try await fixture.ledger()["credits_charged"] as? Int) ?? -1
            #expect(charged <= 25, "no launch past the budget: \(charged) charged")
            let resumed = try fixture.run("out.csv", ["--max-credits", "100000"])
            #expect(resumed.status == 0, "\(resumed.stderr)")
            #expect(try fixture.read("out.csv") == fixture.read("reference.csv"))
        }

        /// A changed input or mapping stops a resume (exit 2) unless --fresh.
        @Test func changedInputIsRefused() throws {
            let fixture = try RunFixture()
            defer { fixture.close() }
            let original = try Data(contentsOf: URL(fileURLWithPath: fixture.input))
            let copy = fixture.path("input.csv")
            try original.write(to: URL(fileURLWithPath: copy))
            var arguments = fixture.arguments("out.csv", limit: 20, [])
            arguments[1] = copy
            #expect(try EnrichProcess.run(arguments).status == 0)
            var edited = original
            edited.append(contentsOf: Array("003NEW,Ada,Lovelace,,ada@example.com,,,,example.com,,GB,\r\n".utf8))
            try edited.write(to: URL(fileURLWithPath: copy))
            let refused = try EnrichProcess.run(arguments)
            #expect(refused.status == 2)
            #expect(refused.stderr.contains("input file changed"))
            #expect(refused.stderr.contains("--fresh"))
            #expect(try EnrichProcess.run(arguments + ["--fresh"]).status == 0)
        }
    }
}
