import ProviderHTTP
import Synchronization
import Testing

@testable import EnrichCore

@Suite struct SharedRequestsTests {
    /// Waits (up to 10 s) until `count` rows wait on `key`. A fixed pause instead would let
    /// a loaded machine start the others only after the first had its answer.
    static func untilWaiting(_ count: Int, on key: String, in requests: SharedRequests) async {
        let deadline = ContinuousClock.now + .seconds(10)
        while requests.waitingCount(key) < count && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(2))
        }
    }

    final class Counter: Sendable {
        let asked = Mutex(0)
        func ask(_ status: LookupOutcome.Status, after ready: () async -> Void = {}) async -> LookupOutcome {
            asked.withLock { $0 += 1 }
            await ready()
            let attempt = AttemptLog(provider: "p", strategy: "email", outcome: .notFound)
            return LookupOutcome(provider: "p", status: status, attempts: [attempt])
        }
    }

    /// Rows asking at the same time: one asks, the others wait and share its answer.
    @Test func oneAsksTheOthersShare() async {
        let requests = SharedRequests()
        let counter = Counter()
        let shared = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<5 {
                group.addTask {
                    await requests.outcome("k") {
                        await counter.ask(.notFound) { await Self.untilWaiting(4, on: "k", in: requests) }
                    }.shared
                }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(counter.asked.withLock { $0 } == 1)
        #expect(shared.filter { $0 }.count == 4)
        let later = await requests.outcome("k") { await counter.ask(.notFound) }
        #expect(!later.shared && counter.asked.withLock { $0 } == 2, "a miss is not kept for later rows: asking again is free")
        let found = LookupOutcome.Status.found(LookupResult())
        _ = await requests.outcome("f") { await counter.ask(found) }
        let copy = await requests.outcome("f") { await counter.ask(found) }.0
        #expect(copy.attempts.map(\.outcome) == [.shared] && copy.attempts.first?.strategy == "email" && copy.credits == 0)
    }

    /// A find stored by a row long before (or by the run before a restart) is taken before
    /// asking: by the first row and by those waiting on it; nobody asks.
    @Test func aStoredFindIsRecalledInsteadOfAsking() async {
        let requests = SharedRequests()
        let counter = Counter()
        let stored = LookupOutcome(
            provider: "p", status: .found(LookupResult()), attempts: [AttemptLog(provider: "p", strategy: "email", outcome: .shared)])
        let recalls = Mutex<[String]>([])
        let recall: @Sendable (String) async -> LookupOutcome? = { key in
            recalls.withLock { $0.append(key) }
            if key == "k" { await Self.untilWaiting(3, on: key, in: requests) }
            return key == "k" ? stored : nil
        }
        let shared = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<4 {
                group.addTask { await requests.outcome("k", recall: recall) { await counter.ask(.notFound) }.shared }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(shared == [true, true, true, true])
        #expect(counter.asked.withLock { $0 } == 0)
        #expect(recalls.withLock { $0 } == ["k"], "the rows waiting on the first take what it recalled")
        let other = await requests.outcome("other", recall: recall) { await counter.ask(.notFound) }
        #expect(!other.shared && counter.asked.withLock { $0 } == 1, "nothing stored: asked")
    }

    /// A failure is not an answer about the person: the waiting rows ask on their own.
    @Test func aFailureIsNotShared() async {
        let requests = SharedRequests()
        let counter = Counter()
        let failure = LookupOutcome.Status.failed(LookupFailure(.transport, "reset", transport: .connection))
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<3 { group.addTask { _ = await requests.outcome("k") { await counter.ask(failure) } } }
        }
        #expect(counter.asked.withLock { $0 } == 3)
    }

    /// Only the newest `capacity` answers are kept.
    @Test func theOldestAnswersGo() async {
        let requests = SharedRequests(capacity: 2)
        let counter = Counter()
        let found = LookupOutcome.Status.found(LookupResult())
        for key in ["a", "b", "c", "a"] { _ = await requests.outcome(key) { await counter.ask(found) } }
        #expect(counter.asked.withLock { $0 } == 4, "a was dropped when c came")
        #expect(await requests.outcome("c") { await counter.ask(found) }.shared)
    }
}

extension SharedRequestsTests {
    /// Two payloads differing in any member, known to the fast path or not, get two keys.
    @Test func aRequestKeyHoldsEveryPartOfThePayload() {
        let key = { (payload: [String: String]) in requestKey(provider: "p", fields: [.email], payloads: [("s", payload)]) }
        #expect(key(["email": "a@b.co", "first_name": "A"]) == key(["first_name": "A", "email": "a@b.co"]))
        #expect(key(["email": "a@b.co"]) != key(["email": "a@b.co", "first_name": "A"]))
        #expect(key(["email": "a@b.co", "custom": "1"]) != key(["email": "a@b.co", "custom": "2"]))
        #expect(key(["first_name": "X\u{1E}last_name=Y"]) != key(["first_name": "X", "last_name": "Y"]), "a value posing as a member")
        #expect(requestKey(provider: "p", fields: [.email], payloads: []) != requestKey(provider: "p", fields: [.phone], payloads: []))
    }
}
