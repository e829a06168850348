import CurlHTTP
import EnrichCore
import Logging
import TestSupport
import Testing
import WebhookReceiver

/// The run's webhook listener over real HTTP on 127.0.0.1, with a real checkpoint.
@Suite struct WebhookReceiverTests {
    /// A listener on a port the OS picks, an HTTP client, and the checkpoint behind them.
    private func withReceiver(
        _ body: (_ base: String, _ inbox: RunInbox, _ checkpoint: Checkpoint, _ http: HTTPClient) async throws -> Void
    ) async throws {
        let folder = try TemporaryFolder()
        let checkpoint = try Checkpoint(
            path: folder.path("c.sqlite"), fingerprints: Fingerprints(input: "i", mapping: "m"), fresh: false, inDoubt: .relaunch,
            maxCredits: nil, providerBudgets: [:], stop: StopSignal())
        let inbox = RunInbox(publicURL: "", kinds: ["wf": .waterfallPhone, "apollo": .apollo])
        var logger = Logger(label: "webhook-test")
        logger.logLevel = .critical
        let receiver = WebhookReceiver(inbox: inbox, checkpoint: checkpoint, host: "127.0.0.1", port: 0, logger: logger)
        let http = try HTTPClient()
        do {
            try await receiver.serving { port in
                inbox.publicURL = "http://127.0.0.1:\(port)"
                try await body(inbox.publicURL, inbox, checkpoint, http)
            }
            await http.shutdown()
        } catch {
            await http.shutdown()
            throw error
        }
    }

    private func post(_ http: HTTPClient, _ url: String, _ body: String) async throws -> Int {
        let request = HTTPRequest(
            method: .post, url: url, headers: [(name: "Content-Type", value: "application/json")], body: Array(body.utf8))
        return try await http.execute(request).status
    }

    private let finished = #"{"status":"SUCCEEDED","input":{"task":{"job_id":"job-7"}},"output":{"phones":[]}}"#

    @Test func aDeliveryIsKeptBeforeItIsAnsweredAndReachesItsWaiter() async throws {
        try await withReceiver { _, inbox, checkpoint, http async throws in
            async let waited = inbox.delivery(provider: "wf", key: "job-7", timeout: .seconds(10))
            try await Task.sleep(for: .milliseconds(50))
            #expect(try await post(http, inbox.callbackURL(provider: "wf"), finished) == 200)
            #expect(await waited.map { String(decoding: $0, as: UTF8.self) } == finished)
            let stored = try await checkpoint.storedDeliveries()
            #expect(stored.map(\.key) == ["job-7"] && stored.map(\.provider) == ["wf"])
        }
    }

    @Test func repeatedAndEarlyDeliveriesAreHarmless() async throws {
        try await withReceiver { _, inbox, checkpoint, http async throws in
            let url = inbox.callbackURL(provider: "wf")
            #expect(try await post(http, url, finished) == 200)
            #expect(try await post(http, url, finished) == 200)
            // Delivered before anyone waited: kept, and given to every waiter (a bulk's rows share one).
            #expect(await inbox.delivery(provider: "wf", key: "job-7", timeout: .zero) != nil)
            #expect(await inbox.delivery(provider: "wf", key: "job-7", timeout: .zero) != nil)
            #expect(try await checkpoint.storedDeliveries().count == 1)
        }
    }

    @Test func aForgedCallbackIsRefusedAndNothingIsWritten() async throws {
        try await withReceiver { base, inbox, checkpoint, http async throws in
            #expect(try await post(http, base + "/hooks/not-the-token/wf", finished) == 404)
            #expect(try await post(http, base + "/hooks/\(inbox.token)/no-such-provider", finished) == 404)
            #expect(try await post(http, inbox.callbackURL(provider: "wf"), #"{"status":"SUCCEEDED"}"#) == 422)
            let large = "{\"pad\":\"" + String(repeating: "x", count: 2 << 20) + "\"}"
            #expect(try await post(http, inbox.callbackURL(provider: "wf"), large) == 413)
            #expect(try await checkpoint.storedDeliveries().isEmpty)
            #expect(await inbox.delivery(provider: "wf", key: "job-7", timeout: .milliseconds(20)) == nil)
        }
    }

    @Test func aDeliveryThatCannotBeKeptIsAnswered500SoTheProviderRetries() async throws {
        try await withReceiver { _, inbox, checkpoint, http async throws in
            await checkpoint.close()
            #expect(try await post(http, inbox.callbackURL(provider: "wf"), finished) == 500)
            #expect(await inbox.delivery(provider: "wf", key: "job-7", timeout: .milliseconds(20)) == nil)
        }
    }

    @Test func apolloRequestIDsAboveTwoToThe53AreKeptExactly() async throws {
        try await withReceiver { _, inbox, _, http async throws in
            let payload = #"{"request_id":1039995589705129894,"people":[]}"#
            #expect(try await post(http, inbox.callbackURL(provider: "apollo"), payload) == 200)
            #expect(await inbox.delivery(provider: "apollo", key: "1039995589705129894", timeout: .zero) != nil)
        }
    }
}
