import Synchronization
import TestSupport
import Testing

@testable import EnrichCore

/// A launch in doubt is reported by the run that finishes its lookup, however many runs are
/// killed on the way: the kill -9 test's promise is "no duplicate charge beyond the in-doubt
/// launches the audit reports".
@Suite struct InDoubtTests {
    /// A provider with journaled jobs whose launches and collections are counted. Its first
    /// `lookup` comes back in doubt when `firstLaunchInDoubt`, as a cut-off launch does.
    final class JournalingProvider: Provider {
        let name = "wf"
        let kind = ProviderKind.waterfallPhone
        let firstLaunchInDoubt: Bool
        private let counts = Mutex((launches: 0, collections: 0))

        init(firstLaunchInDoubt: Bool = false) { self.firstLaunchInDoubt = firstLaunchInDoubt }

        var launches: Int { counts.withLock { $0.launches } }
        var collections: Int { counts.withLock { $0.collections } }

        func lookup(_ request: LookupRequest, journal: any JobJournal) async -> LookupOutcome {
            let intent = LaunchIntent(provider: name, lookupKey: request.lookupKey, field: .phone, strategy: "linkedin", credits: 1)
            guard await journal.willLaunch(intent) == .granted else {
                return LookupOutcome(provider: name, status: .withheld(reason: "withheld"), attempts: [])
            }
            let launch = counts.withLock {
                $0.launches += 1
                return $0.launches
            }
            if firstLaunchInDoubt && launch == 1 {
                return LookupOutcome(
                    provider: name, status: .inDoubt(reason: "cut off"),
                    attempts: [AttemptLog(provider: name, field: .phone, strategy: "linkedin", outcome: .inDoubt)])
            }
            await journal.launched(
                LaunchedJob(provider: name, lookupKey: request.lookupKey, field: .phone, strategy: "linkedin", jobID: "job-\(launch)"))
            return found(jobID: "job-\(launch)")
        }

        func collect(_ jobs: [LaunchedJob], request: LookupRequest, journal: any JobJournal) async -> LookupOutcome {
            counts.withLock { $0.collections += 1 }
            return found(jobID: jobs.last?.jobID ?? "")
        }

        func checkKey() async -> KeyCheck { .accepted }

        private func found(jobID: String) -> LookupOutcome {
            var result = LookupResult()
            result.phones = ["+14155550123"]
            return LookupOutcome(
                provider: name, status: .found(result),
                attempts: [AttemptLog(provider: name, field: .phone, strategy: "linkedin", jobID: jobID, outcome: .found)])
        }
    }

    private func open(_ folder: TemporaryFolder) throws -> Checkpoint {
        try Checkpoint(
            path: folder.path("c.sqlite"), fingerprints: Fingerprints(input: "in", mapping: "m"), fresh: false, inDoubt: .relaunch,
            maxCredits: nil, providerBudgets: [:], stop: StopSignal())
    }

    /// One run of the row's waterfall, killed after the lookup ended but before its commit.
    private func runKilledBeforeCommit(_ folder: TemporaryFolder, _ provider: JournalingProvider) async throws -> [AttemptLog] {
        let checkpoint = try open(folder)
        let waterfall = Waterfall(
            targets: [EnrichTarget(field: .phone, providers: ["wf"], columns: [], line: 1)], providers: ["wf": provider],
            inDoubt: .relaunch, checkpoint: checkpoint, stop: StopSignal())
        let end = await waterfall.run(
            identifiers: Identifiers([.linkedin: "ann-1"]), recordKey: "1", lookupKey: "linkedin=ann-1")
        await checkpoint.close()
        guard case .finished(let result, let attempts, _, _, _) = end else {
            Issue.record("the lookup did not finish")
            return []
        }
        #expect(result.fields[.phone]?.state == .found)
        return attempts
    }

    private func doubts(_ attempts: [AttemptLog]) -> Int { attempts.count { $0.outcome == .inDoubt } }

    @Test func aRelaunchKilledBeforeItsCommitStillReportsTheLaunchInDoubt() async throws {
        let folder = try TemporaryFolder()
        // The first run died with the launch on the wire: an intent without a job id.
        let first = try open(folder)
        let intent = LaunchIntent(provider: "wf", lookupKey: "linkedin=ann-1", field: .phone, strategy: "linkedin", credits: 1)
        #expect(await first.willLaunch(intent) == .granted)
        await first.close()

        let provider = JournalingProvider()
        let second = try await runKilledBeforeCommit(folder, provider)
        #expect(doubts(second) == 1 && provider.launches == 1)
        let third = try await runKilledBeforeCommit(folder, provider)
        #expect(doubts(third) == 1, "the launch of the first run is still in doubt, and paid for twice")
        #expect(provider.launches == 1 && provider.collections == 1, "the relaunch's job is collected, not launched again")
    }

    @Test func aLaunchThatCameBackInDoubtIsReportedAfterAKill() async throws {
        let folder = try TemporaryFolder()
        let provider = JournalingProvider(firstLaunchInDoubt: true)
        let first = try await runKilledBeforeCommit(folder, provider)
        #expect(doubts(first) == 1 && provider.launches == 2)
        let second = try await runKilledBeforeCommit(folder, provider)
        #expect(doubts(second) == 1)
        #expect(provider.launches == 2 && provider.collections == 1)
        // Committed now: the next run has nothing left to report or collect.
        let checkpoint = try open(folder)
        try await checkpoint.finish([
            .init(row: 1, lookupKey: "linkedin=ann-1", result: WaterfallResult(fields: [:], status: .enriched), audit: "{}", credits: [:])
        ])
        #expect(await checkpoint.leftover(provider: "wf", lookupKey: "linkedin=ann-1", fields: "phone") == nil)
        await checkpoint.close()
        let reopened = try open(folder)
        #expect(await reopened.leftover(provider: "wf", lookupKey: "linkedin=ann-1", fields: "phone") == nil)
        await reopened.close()
    }
}
