import Foundation
import Simulator
import Testing

@Suite("Webhook delivery", .timeLimit(.minutes(1)))
struct WebhookTests {
    static func launch(_ client: SimClient, hook: String) async throws -> String {
        let body = #"{"email":"a.b@acme.com","webhook_url":"\#(hook)","custom_fields":{"row":"9"}}"#
        return jobID(try await client.post("/v1/enrichment/contact", headers: SimClient.waterfall, body: body))
    }

    @Test("429, 500, 502 and 504 are retried until the receiver takes it; the payload is the finder's")
    func retriedUntilAccepted() async throws {
        try await withReceiver(script: [429, 500, 502, 504]) { receiver, hook in
            try await withSimulator { sim, client in
                let id = try await Self.launch(client, hook: hook)
                await sim.completeJobs()
                let bodies = try await receiver.waitFor(5)
                let finder = try await client.get("/v1/enrichment/contact?job_id=\(id)", headers: SimClient.waterfall)
                #expect(bodies.allSatisfy { $0 == finder.text })
                #expect(finder.json[object: "input"][object: "task"][object: "custom_fields"][string: "row"] == "9")
                while sim.ledger().deliveries.count < 5 { try await Task.sleep(for: .milliseconds(5)) }
                #expect(sim.ledger().deliveries.map(\.status) == [429, 500, 502, 504, 200])
                #expect(sim.ledger().deliveries.map(\.attempt) == [1, 2, 3, 4, 5])
            }
        }
    }

    @Test("a receiver that keeps failing gets the first attempt and 5 retries, then no more")
    func givesUpAfterFiveRetries() async throws {
        try await withReceiver(script: Array(repeating: 500, count: 20)) { receiver, hook in
            try await withSimulator { sim, client in
                _ = try await Self.launch(client, hook: hook)
                await sim.completeJobs()
                while sim.ledger().deliveries.count < 6 { try await Task.sleep(for: .milliseconds(5)) }
            }
            // The simulator has stopped, and with it every delivery: nothing more can arrive.
            #expect(await receiver.bodies.count == 6)
        }
    }

    @Test("other statuses (here 400) are not retried")
    func notRetried() async throws {
        try await withReceiver(script: [400]) { receiver, hook in
            try await withSimulator { sim, client in
                _ = try await Self.launch(client, hook: hook)
                await sim.completeJobs()
                while sim.ledger().deliveries.isEmpty { try await Task.sleep(for: .milliseconds(5)) }
            }
            #expect(await receiver.bodies.count == 1)
        }
    }

    @Test("Pronto posts its GET /contacts/{id} answer")
    func pronto() async throws {
        try await withReceiver { receiver, hook in
            try await withSimulator { sim, client in
                let body =
                    #"{"firstname":"Jane","lastname":"Doe","domain":"acme.com","enrichment_type":["email"],"webhook_url":"\#(hook)"}"#
                let id = jobID(try await client.post("/api/v2/contacts/single_enrich", headers: SimClient.pronto, body: body))
                await sim.completeJobs()
                let bodies = try await receiver.waitFor(1)
                #expect(bodies[0] == (try await client.get("/api/v2/contacts/\(id)", headers: SimClient.pronto)).text)
            }
        }
    }
}
