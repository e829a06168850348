import Foundation
import SQLiteStore
import TestSupport
import Testing

@testable import EnrichCore

@Suite struct CheckpointTests {
    private func open(
        _ folder: TemporaryFolder, input: String = "in-1", mapping: String = "m-1", fresh: Bool = false, maxCredits: Int? = nil,
        retryFailed: Bool = false
    )
        throws -> Checkpoint
    {
        try Checkpoint(
            path: folder.path("c.sqlite"), fingerprints: Fingerprints(input: input, mapping: mapping), fresh: fresh, inDoubt: .relaunch,
            maxCredits: maxCredits, providerBudgets: [:], stop: StopSignal(), retryFailed: retryFailed)
    }

    private func result(_ phone: String) -> WaterfallResult {
        var found = LookupResult()
        found.phones = [phone, "+442071838750"]
        found.person.title = "=cmd"
        found.emailVerified = true
        found.strategies[.phone] = "linkedin"
        return WaterfallResult(
            fields: [
                .phone: .init(state: .found, provider: "lantern", strategy: "linkedin", result: found),
                .email: .init(state: .failed, reason: "pronto: HTTP 503 \"x\""),
            ], status: .failed, reason: "email: pronto: HTTP 503")
    }

    @Test func theStoredFormOfAResultReadsBackTheSame() throws {
        let original = result("+14155550123")
        let decoded = try JSONDecoder().decode(WaterfallResult.self, from: Data(original.storedJSON))
        #expect(decoded == original)
    }

    @Test func aFinishedLookupIsThereAfterReopening() async throws {
        let folder = try TemporaryFolder()
        let first = try open(folder)
        try await first.finish([
            .init(row: 7, lookupKey: "email=a@b.co", result: result("+14155550123"), audit: "{\"row\":7}", credits: ["lantern": 2])
        ])
        await first.close()
        let second = try open(folder)
        #expect(await second.finishedRows.contains(7))
        #expect(await second.finishedRows.contains(8) == false)
        let replayed = try await second.finished(row: 7)
        #expect(replayed?.audit == "{\"row\":7}")
        #expect(replayed?.result == result("+14155550123"))
        #expect(try await second.result(identity: "email=a@b.co") == result("+14155550123"))
        #expect(try await second.result(identity: "email=other@b.co") == nil)
        #expect(await second.spent == ["lantern": 2])
    }

    /// A checkpoint written before the mode was kept is taken as a live run's.
    @Test func aCheckpointWithoutAModeIsLive() async throws {
        let folder = try TemporaryFolder()
        await (try open(folder)).close()
        let database = try Database(path: folder.path("c.sqlite"))
        try database.run("DELETE FROM meta WHERE key = 'mode'")
        database.close()
        await (try open(folder)).close()
        #expect(throws: CheckpointError.self) {
            try Checkpoint(
                path: folder.path("c.sqlite"), fingerprints: Fingerprints(input: "in-1", mapping: "m-1", sandbox: true), fresh: false,
                inDoubt: .relaunch, maxCredits: nil, providerBudgets: [:], stop: StopSignal())
        }
    }

    /// A checkpoint that is not a database any more says so, and what to do: it used to read
    /// "SQLite error 26 … while running PRAGMA …;. Check the disk and the file's permissions".
    @Test func aDamagedCheckpointSaysItIsDamaged() async throws {
        let folder = try TemporaryFolder()
        await (try open(folder)).close()
        var bytes = try folder.read("c.sqlite")
        for index in bytes.indices.prefix(100) { bytes[index] = 0x5A }
        try Data(bytes).write(to: URL(fileURLWithPath: folder.path("c.sqlite")))
        do {
            _ = try open(folder)
            Issue.record("a damaged checkpoint opened")
        } catch {
            #expect("\(error)".contains("the checkpoint is damaged (SQLite: file is not a database)"), "\(error)")
            #expect("\(error)".contains("--fresh"))
        }
    }

    static let paidAttempts =
        #"{"provider":"lantern","outcome":"found","charged":true,"credits":1},{"provider":"pronto","outcome":"failed","error":"é \"x\""}"#
    static let paidLine = #"{"row":3,"status":"failed","attempts":["# + paidAttempts + #"],"cached":false}"#

    /// `--retry-failed` reopens failed lookups only, keeps their result and its row's
    /// attempts until the retry finishes them (a run stopped half-way leaves them reopened),
    /// and drops them then.
    @Test func aRetriedFailureIsKeptUntilItFinishes() async throws {
        let folder = try TemporaryFolder()
        let first = try open(folder)
        var enriched = result("+14155550199")
        enriched.status = .enriched
        try await first.finish([
            .init(row: 3, lookupKey: "email=a@b.co", result: result("+14155550123"), audit: Self.paidLine, credits: ["lantern": 1]),
            .init(row: 4, lookupKey: "email=c@d.co", result: enriched, audit: "{\"row\":4}", credits: [:]),
        ])
        await first.close()

        let retrying = try open(folder, retryFailed: true)
        #expect(retrying.reopenedFailures == 1)
        #expect(await retrying.finishedRows.contains(3) == false)
        #expect(await retrying.finishedRows.contains(4))
        #expect(try await retrying.result(identity: "email=a@b.co") == nil)
        #expect(await retrying.kept(lookupKey: "email=a@b.co")?.result == result("+14155550123"))
        #expect(await retrying.kept(lookupKey: "email=a@b.co")?.earlierAttempts == Self.paidAttempts)
        #expect(await retrying.kept(lookupKey: "email=c@d.co") == nil)
        #expect(await retrying.spent == ["lantern": 1])
        await retrying.close()

        let stoppedBefore = try open(folder)
        #expect(await stoppedBefore.finishedRows.contains(3) == false)
        #expect(await stoppedBefore.kept(lookupKey: "email=a@b.co")?.result == result("+14155550123"))
        #expect(await stoppedBefore.kept(lookupKey: "email=a@b.co")?.earlierAttempts == Self.paidAttempts)
        try await stoppedBefore.finish([
            .init(row: 3, lookupKey: "email=a@b.co", result: enriched, audit: "{\"row\":3,\"again\":1}", credits: [:])
        ])
        await stoppedBefore.close()

        let done = try open(folder, retryFailed: true)
        #expect(done.reopenedFailures == 0)
        #expect(await done.finishedRows.contains(3))
        #expect(await done.kept(lookupKey: "email=a@b.co") == nil)
    }

    /// A checkpoint whose `kept` table predates the earlier attempts is upgraded, and what it
    /// kept still reads.
    @Test func aKeptTableWithoutAttemptsIsUpgraded() async throws {
        let folder = try TemporaryFolder()
        let first = try open(folder)
        try await first.finish([
            .init(row: 3, lookupKey: "email=a@b.co", result: result("+14155550123"), audit: Self.paidLine, credits: [:])
        ])
        await first.close()
        let database = try Database(path: folder.path("c.sqlite"))
        try database.execute(
            """
            DROP TABLE kept;
            CREATE TABLE kept(lookup_key TEXT PRIMARY KEY, result BLOB NOT NULL);
            INSERT INTO kept(lookup_key, result) SELECT identity, result FROM lookups;
            DELETE FROM rows; DELETE FROM lookups;
            """)
        database.close()
        let upgraded = try open(folder)
        #expect(await upgraded.kept(lookupKey: "email=a@b.co")?.result == result("+14155550123"))
        #expect(await upgraded.kept(lookupKey: "email=a@b.co")?.earlierAttempts == nil)
        await upgraded.close()
        let retried = try open(folder, retryFailed: true)
        #expect(await retried.kept(lookupKey: "email=a@b.co") != nil)
        await retried.close()
    }

    /// A find a row paid for is kept by its request, for rows sending the same request after
    /// a restart; a key never stored is answered "certainly not" without the database.
    @Test func aSharedAnswerIsThereAfterReopening() async throws {
        let folder = try TemporaryFolder()
        let first = try open(folder)
        var found = LookupResult()
        found.phones = ["+14155550123"]
        let answer = LookupOutcome(
            provider: "lantern", status: .found(found),
            attempts: [AttemptLog(provider: "lantern", field: .phone, strategy: "name_company", outcome: .shared)])
        var lookup = Checkpoint.FinishedLookup(
            row: 1, lookupKey: "email=a@b.co", result: result("+14155550123"), audit: "{}", credits: ["lantern": 1])
        lookup.sharedAnswers = [.init(requestKey: "lantern\u{1F}phone\u{1D}name_company", outcome: answer)]
        #expect(await first.sharedAnswer(requestKey: "lantern\u{1F}phone\u{1D}name_company") == nil)
        try await first.finish([lookup])
        #expect(await first.sharedAnswer(requestKey: "lantern\u{1F}phone\u{1D}name_company")?.result == found)
        await first.close()
        let second = try open(folder)
        let recalled = await second.sharedAnswer(requestKey: "lantern\u{1F}phone\u{1D}name_company")
        #expect(recalled?.result == found)
        #expect(recalled?.attempts.map(\.outcome) == [.shared] && recalled?.attempts.first?.strategy == "name_company")
        #expect(!second.mayHaveSharedAnswer(requestKey: "lantern\u{1F}phone\u{1D}email"))
        #expect(await second.sharedAnswer(requestKey: "lantern\u{1F}phone\u{1D}email") == nil)
    }

    private func lookup(row: Int, identity: String, phone: String, request: String? = nil) -> Checkpoint.FinishedLookup {
        var lookup = Checkpoint.FinishedLookup(
            row: row, lookupKey: identity, result: result(phone), audit: "{\"row\":\(row)}", credits: ["lantern": 1])
        if let request {
            var found = LookupResult()
            found.phones = [phone]
            let answer = LookupOutcome(
                provider: "lantern", status: .found(found),
                attempts: [AttemptLog(provider: "lantern", field: .phone, strategy: "linkedin", outcome: .shared)])
            lookup.sharedAnswers = [.init(requestKey: request, outcome: answer)]
        }
        return lookup
    }

    private func count(_ table: String, in folder: TemporaryFolder) throws -> Int64? {
        let database = try Database(path: folder.path("c.sqlite"))
        defer { database.close() }
        return try database.rows("SELECT count(*) FROM \(table)").first?[0].integer
    }

    /// Results and shared answers are found while they are staged, after each move to the keyed
    /// tables, and after reopening; a later result of an identity replaces the earlier one, and
    /// a request's first answer stays, as when they were written to the keyed tables directly.
    @Test func stagedResultsAreFoundBeforeAndAfterTheyMove() async throws {
        let folder = try TemporaryFolder()
        let first = try open(folder)
        await first.stage(limit: 3, hash: { $0.hashValue })
        for row in 1...7 {
            try await first.finish([lookup(row: row, identity: "email=\(row)@b.co", phone: "+1415555010\(row)", request: "r\(row)")])
            for earlier in 1...row {
                #expect(try await first.result(identity: "email=\(earlier)@b.co") == result("+1415555010\(earlier)"))
                #expect(await first.sharedAnswer(requestKey: "r\(earlier)")?.result?.phones == ["+1415555010\(earlier)"])
            }
        }
        // Row 8 finishes identity 2 again and sends request 3 again, both moved by then: its
        // result replaces the earlier one, its answer does not. Rows 9 and 10 do the same while
        // row 9's are staged, then moved in between.
        try await first.finish([lookup(row: 8, identity: "email=2@b.co", phone: "+14155550188", request: "r3")])
        try await first.finish([lookup(row: 9, identity: "email=8@b.co", phone: "+14155550199", request: "r8")])
        try await first.finish([lookup(row: 10, identity: "email=8@b.co", phone: "+14155550110", request: "r8")])
        #expect(try await first.result(identity: "email=2@b.co") == result("+14155550188"))
        #expect(try await first.result(identity: "email=8@b.co") == result("+14155550110"))
        #expect(await first.sharedAnswer(requestKey: "r3")?.result?.phones == ["+14155550103"])
        #expect(await first.sharedAnswer(requestKey: "r8")?.result?.phones == ["+14155550199"])
        await first.close()
        #expect(try count("staged_lookups", in: folder) == 0)
        #expect(try count("staged_requests", in: folder) == 0)
        #expect(try count("lookups", in: folder) == 8)
        #expect(try count("requests", in: folder) == 8)
        let second = try open(folder)
        #expect(try await second.result(identity: "email=2@b.co") == result("+14155550188"))
        #expect(try await second.result(identity: "email=8@b.co") == result("+14155550110"))
        #expect(await second.sharedAnswer(requestKey: "r8")?.result?.phones == ["+14155550199"])
        #expect(try await second.finished(row: 5)?.result == result("+14155550105"))
        #expect(await second.spent == ["lantern": 10])
        await second.close()
    }

    /// A run that dies leaves rows staged: the next open moves them before reading anything,
    /// so no finished lookup is looked up (and paid for) again.
    @Test func aRunThatDiesLeavesItsStagedRowsForTheNextOpen() async throws {
        let folder = try TemporaryFolder()
        do {
            let first = try open(folder)
            try await first.finish([
                lookup(row: 1, identity: "email=1@b.co", phone: "+14155550101", request: "r1"),
                lookup(row: 2, identity: "email=2@b.co", phone: "+14155550102"),
            ])
            // No close: the connection ends with the actor, as when the process is killed.
        }
        #expect(try count("staged_lookups", in: folder) == 2)
        let second = try open(folder)
        #expect(try count("staged_lookups", in: folder) == 0)
        #expect(await second.finishedRows.contains(2))
        #expect(second.mayHaveResult(identity: "email=2@b.co"))
        #expect(try await second.result(identity: "email=2@b.co") == result("+14155550102"))
        #expect(try await second.finished(row: 1)?.result == result("+14155550101"))
        #expect(await second.sharedAnswer(requestKey: "r1")?.result?.phones == ["+14155550101"])
        await second.close()
    }

    /// Keys whose hashes collide are told apart by the key stored in the staged row.
    @Test func stagedKeysWithTheSameHashAreToldApart() async throws {
        let folder = try TemporaryFolder()
        let checkpoint = try open(folder)
        await checkpoint.stage(limit: 100, hash: { _ in 42 })
        try await checkpoint.finish([
            lookup(row: 1, identity: "email=1@b.co", phone: "+14155550101", request: "r1"),
            lookup(row: 2, identity: "email=2@b.co", phone: "+14155550102", request: "r2"),
        ])
        try await checkpoint.finish([lookup(row: 3, identity: "email=3@b.co", phone: "+14155550103", request: "r1")])
        try await checkpoint.finish([lookup(row: 4, identity: "email=1@b.co", phone: "+14155550104", request: "r4")])
        #expect(try await checkpoint.result(identity: "email=1@b.co") == result("+14155550104"))
        #expect(try await checkpoint.result(identity: "email=2@b.co") == result("+14155550102"))
        #expect(try await checkpoint.result(identity: "email=3@b.co") == result("+14155550103"))
        #expect(try await checkpoint.result(identity: "email=9@b.co") == nil)
        #expect(await checkpoint.sharedAnswer(requestKey: "r1")?.result?.phones == ["+14155550101"])
        #expect(await checkpoint.sharedAnswer(requestKey: "r2")?.result?.phones == ["+14155550102"])
        #expect(await checkpoint.sharedAnswer(requestKey: "r4")?.result?.phones == ["+14155550104"])
        #expect(await checkpoint.sharedAnswer(requestKey: "r9") == nil)
        // One staged row a key, the earlier result of identity 1 deleted: a move cannot pick
        // the wrong one, whatever order it takes them in.
        #expect(try count("staged_lookups", in: folder) == 3)
        #expect(try count("staged_requests", in: folder) == 3)
        await checkpoint.close()
        let reopened = try open(folder)
        #expect(try await reopened.result(identity: "email=1@b.co") == result("+14155550104"))
        #expect(await reopened.sharedAnswer(requestKey: "r1")?.result?.phones == ["+14155550101"])
        await reopened.close()
    }

    /// An identity finished twice in one batch keeps its later result, and one staged row: the
    /// move at the next open cannot pick the earlier one.
    @Test func anIdentityFinishedTwiceInOneBatchKeepsTheLaterResult() async throws {
        let folder = try TemporaryFolder()
        let checkpoint = try open(folder)
        try await checkpoint.finish([
            lookup(row: 1, identity: "email=1@b.co", phone: "+14155550101"),
            lookup(row: 2, identity: "email=2@b.co", phone: "+14155550102"),
            lookup(row: 3, identity: "email=1@b.co", phone: "+14155550103"),
        ])
        #expect(try await checkpoint.result(identity: "email=1@b.co") == result("+14155550103"))
        #expect(try count("staged_lookups", in: folder) == 2)
        await checkpoint.close()
        let reopened = try open(folder)
        #expect(try await reopened.result(identity: "email=1@b.co") == result("+14155550103"))
        #expect(try await reopened.finished(row: 1)?.result == result("+14155550103"))
        await reopened.close()
    }

    /// A generation moves one entry a batch while the next one stages, and identities and
    /// requests come back in every state: staged, moving, moved. The latest result of an
    /// identity and the first answer of a request are found throughout, and after a run that
    /// dies in the middle of a move.
    @Test func stagedGenerationsMoveChunkByChunk() async throws {
        let folder = try TemporaryFolder()
        var latest: [String: String] = [:]
        var firstAnswer: [String: String] = [:]
        do {
            let first = try open(folder)
            await first.stage(limit: 3, chunk: 1, hash: { $0.hashValue })
            for row in 1...40 {
                let identity = "email=\(row % 7)@b.co"
                let request = "r\(row % 5)"
                let phone = "+1415555" + String(1000 + row)
                try await first.finish([lookup(row: row, identity: identity, phone: phone, request: request)])
                latest[identity] = phone
                if firstAnswer[request] == nil { firstAnswer[request] = phone }
                #expect(try await first.finished(row: row)?.result == result(phone), "row \(row)")
                for (identity, phone) in latest {
                    #expect(try await first.result(identity: identity) == result(phone), "row \(row), \(identity)")
                }
                for (request, phone) in firstAnswer {
                    #expect(await first.sharedAnswer(requestKey: request)?.result?.phones == [phone], "row \(row), \(request)")
                }
            }
            // Rows 1-40 with a limit of 3 and one entry a batch: a generation is moving now.
            #expect(await first.staging.moving != nil)
            // No close: the connection ends with the actor, as when the process is killed.
        }
        let second = try open(folder)
        #expect(try count("staged_lookups", in: folder) == 0)
        #expect(try count("staged_requests", in: folder) == 0)
        #expect(try count("lookups", in: folder) == 7)
        #expect(try count("requests", in: folder) == 5)
        for (identity, phone) in latest { #expect(try await second.result(identity: identity) == result(phone)) }
        for (request, phone) in firstAnswer { #expect(await second.sharedAnswer(requestKey: request)?.result?.phones == [phone]) }
        #expect(try await second.finished(row: 40)?.result == result(latest["email=5@b.co"]!))
        await second.close()
    }

    /// Standard input cannot be matched with anything, either way round: the message says
    /// the run cannot resume, not to "give the input as a file", which would be refused too.
    @Test func aCheckpointAndStandardInputNeverMatch() async throws {
        let folder = try TemporaryFolder()
        try await open(folder, input: Checkpoint.standardInput).close()
        #expect {
            try open(folder, input: "in-1")
        } throws: { error in
            guard case .writtenFromStandardInput = error as? CheckpointError else { return false }
            return "\(error)".contains("cannot resume") && "\(error)".contains("--fresh")
        }
        #expect {
            try open(folder, input: Checkpoint.standardInput)
        } throws: { error in
            guard case .unverifiableInput = error as? CheckpointError else { return false }
            return !"\(error)".contains("as a file")
        }
        try await open(folder, input: "in-1", fresh: true).close()
    }

    @Test func anotherInputOrMappingIsRefusedUnlessFresh() async throws {
        let folder = try TemporaryFolder()
        try await open(folder).close()
        #expect(throws: CheckpointError.self) { try open(folder, input: "in-2") }
        #expect(throws: CheckpointError.self) { try open(folder, mapping: "m-2") }
        let fresh = try open(folder, input: "in-2", fresh: true)
        await fresh.close()
        try await open(folder, input: "in-2").close()
    }

    @Test func aLaunchWithoutJobIDIsInDoubtForTheNextRun() async throws {
        let folder = try TemporaryFolder()
        let first = try open(folder)
        let intent = LaunchIntent(provider: "pronto", lookupKey: "k", field: .email, strategy: "email:domain", credits: 3)
        #expect(await first.willLaunch(intent) == .granted)
        let journaled = LaunchIntent(provider: "wf", lookupKey: "k", field: .phone, strategy: "linkedin", credits: 1)
        #expect(await first.willLaunch(journaled) == .granted)
        await first.launched(LaunchedJob(provider: "wf", lookupKey: "k", field: .phone, strategy: "linkedin", jobID: "job-1"))
        await first.close()
        let second = try open(folder)
        guard case .launched(let jobs, let inDoubt)? = await second.leftover(provider: "pronto", lookupKey: "k", fields: "email") else {
            Issue.record("no leftover for pronto")
            return
        }
        #expect(jobs.isEmpty && inDoubt == 1)
        guard case .launched(let wfJobs, let wfDoubt)? = await second.leftover(provider: "wf", lookupKey: "k", fields: "phone") else {
            Issue.record("no leftover for wf")
            return
        }
        #expect(wfJobs.map(\.jobID) == ["job-1"] && wfDoubt == 0)
    }

    /// A launch refused, rate-limited to the end or stopped before it was sent was not
    /// processed: the next run must not count it in doubt (nor, with `skip`, skip its row).
    @Test func aLaunchCertainlyNotProcessedIsNotInDoubt() async throws {
        let folder = try TemporaryFolder()
        let first = try open(folder)
        let intent = LaunchIntent(provider: "pronto", lookupKey: "k", field: .phone, strategy: "name_linkedin", credits: 1)
        #expect(await first.willLaunch(intent) == .granted)
        #expect(await first.willLaunch(intent) == .granted)
        await first.notLaunched(intent)
        await first.close()
        let second = try open(folder)
        guard case .launched(let jobs, let inDoubt)? = await second.leftover(provider: "pronto", lookupKey: "k", fields: "phone") else {
            Issue.record("no leftover for pronto")
            return
        }
        #expect(jobs.isEmpty && inDoubt == 1, "one of the two launches may have been sent")
    }

    @Test func theBudgetWithholdsTheLaunchThatWouldPassIt() async throws {
        let folder = try TemporaryFolder()
        let checkpoint = try open(folder, maxCredits: 5)
        let launch = { (key: String) in LaunchIntent(provider: "pronto", lookupKey: key, field: .email, strategy: "email", credits: 3) }
        #expect(await checkpoint.willLaunch(launch("a")) == .granted)
        guard case .withheld(let reason) = await checkpoint.willLaunch(launch("b")) else {
            Issue.record("a launch past the budget was granted")
            return
        }
        #expect(reason.contains("--max-credits"))
        #expect(reason.contains("0 spent, up to 3 more held for launches in flight"), "\(reason)")
        // Stopping: nothing more is launched, even what would fit.
        let cheap = LaunchIntent(provider: "lantern", lookupKey: "c", field: .phone, strategy: "x", credits: 1, idempotent: true)
        #expect(await checkpoint.willLaunch(cheap) != .granted)
    }

    /// Without a budget, a launch that writes no intent is answered without the actor; a stop
    /// still holds it back, and a budgeted provider still goes through the budget.
    @Test func launchesOutsideEveryBudgetStillStop() async throws {
        let free = LaunchIntent(provider: "lantern", lookupKey: "a", field: .phone, strategy: "x", credits: 1, idempotent: true)
        let capped = LaunchIntent(provider: "capped", lookupKey: "b", field: .phone, strategy: "x", credits: 1, idempotent: true)
        let folder = try TemporaryFolder()
        let budgeted = try Checkpoint(
            path: folder.path("budgeted.sqlite"), fingerprints: Fingerprints(input: "in", mapping: "m"), fresh: false,
            inDoubt: .relaunch, maxCredits: nil, providerBudgets: ["capped": 1], stop: StopSignal())
        #expect(await budgeted.willLaunch(capped) == .granted)
        #expect(await budgeted.willLaunch(capped) != .granted, "the second one would pass capped's budget of 1")
        await budgeted.close()

        let stop = StopSignal()
        let unbudgeted = try Checkpoint(
            path: folder.path("free.sqlite"), fingerprints: Fingerprints(input: "in", mapping: "m"), fresh: false, inDoubt: .relaunch,
            maxCredits: nil, providerBudgets: [:], stop: stop)
        #expect(await unbudgeted.willLaunch(free) == .granted)
        #expect(await unbudgeted.leftover(provider: "lantern", lookupKey: "a", fields: "phone") == nil)
        stop.request(.interrupted(signal: "SIGINT"))
        #expect(await unbudgeted.willLaunch(free) != .granted)
        await unbudgeted.close()
    }

    /// A budget stop lets launches in flight finish; an interruption after it must still wake
    /// the run, and a budget must not replace an interruption.
    @Test func anInterruptionOutranksABudgetStop() async {
        let stop = StopSignal()
        stop.request(.budget("spent"))
        #expect(stop.isBudgetOnly)
        await stop.wait()
        async let interrupted: Void = stop.wait(ignoringBudget: true)
        try? await Task.sleep(for: .milliseconds(20))
        stop.request(.interrupted(signal: "SIGINT"))
        await interrupted
        #expect(!stop.isBudgetOnly && stop.reason?.description == "interrupted by SIGINT")
        stop.request(.budget("again"))
        #expect(stop.reason?.description == "interrupted by SIGINT")
    }

    @Test func rowSetsAndKeyFiltersAnswerForWhatWasInserted() {
        var rows = RowSet()
        for row in [1, 64, 65, 1_000_000] { rows.insert(row) }
        rows.insert(64)
        #expect(rows.count == 4)
        #expect(rows.contains(1_000_000) && rows.contains(65) && !rows.contains(2) && !rows.contains(-1))
        var filter = KeyFilter()
        filter.insert("email=a@b.co")
        #expect(filter.mayContain("email=a@b.co"))
        let falsePositives = (0..<10_000).filter { filter.mayContain("email=\($0)@x.co") }.count
        #expect(falsePositives == 0)
    }

    @Test func requestBodiesAreSortedJSON() throws {
        let body = JSONBody.encode(["b": "x\"y", "a": ["US", "GB"], "c": ["k": "v"], "d": 3, "e": true])
        #expect(String(decoding: body, as: UTF8.self) == #"{"a":["US","GB"],"b":"x\"y","c":{"k":"v"},"d":3,"e":true}"#)
    }

    @Test func lanternAnswersAreReadWithoutJSONDecoder() {
        let found = LanternAnswer.parse(Array(#"{"success":true,"record_id":"r1","phone":"+14155550123","processing_time_ms":3}"#.utf8))
        #expect(found?.phone == "+14155550123" && found?.success == true && found?.recordId == "r1")
        let missed = LanternAnswer.parse(Array(#"{"success":true,"phone":null}"#.utf8))
        #expect(missed != nil && missed?.phone == nil)
        #expect(LanternAnswer.parse(Array(#"{"phone":12}"#.utf8)) == nil)
        #expect(LanternAnswer.parse(Array("<html>".utf8)) == nil)
    }
}
