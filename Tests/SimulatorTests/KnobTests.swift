import Foundation
import HTTPTypes
import HummingbirdTesting
import Simulator
import Testing

@Suite("Knobs", .timeLimit(.minutes(1)))
struct KnobTests {
    static let lanternBody = #"{"record_id":"1","email":"a.b@acme.com"}"#

    @Test("rate limit hints: Retry-After seconds, body retry_after, both, or an HTTP date")
    func rateLimitHints() async throws {
        for hint in SimulatorConfiguration.RetryHint.allCases {
            try await withSimulator({
                $0.rateLimit.limit = 2
                $0.rateLimit.window = .seconds(3600)
                $0.rateLimit.hint = hint
                $0.rateLimit.retryAfterSeconds = 7
            }) { _, client in
                for _ in 0..<2 {
                    #expect(try await client.post("/v1/enrich/phone", headers: SimClient.lantern, body: Self.lanternBody).status == 200)
                }
                let limited = try await client.post("/v1/enrich/phone", headers: SimClient.lantern, body: Self.lanternBody)
                #expect(limited.status == 429)
                #expect(limited.json["success"] as? Bool == false)
                switch hint {
                case .header:
                    #expect(limited.header("Retry-After") == "7")
                    #expect(limited.json["retry_after"] is NSNull)
                case .body:
                    #expect(limited.header("Retry-After") == nil)
                    #expect(limited.json["retry_after"] as? Int == 7)
                case .both:
                    #expect(limited.header("Retry-After") == "7")
                    #expect(limited.json["retry_after"] as? Int == 7)
                case .httpDate:
                    let value = try #require(limited.header("Retry-After"))
                    #expect(value.hasSuffix(" GMT") && value.contains(","))
                }
                // Limits are per key: another vendor's key is not affected.
                #expect(try await client.get("/api/v2/contacts/x", headers: SimClient.pronto).status == 404)
            }
        }
    }

    @Test("faults: 500 in the vendor's shape, 502/503 from a proxy, malformed JSON, empty 200")
    func statusFaults() async throws {
        try await withSimulator({ $0.faults.status500 = 1 }) { _, client in
            let reply = try await client.post("/v1/enrichment/phone", headers: SimClient.waterfall, body: #"{"email":"a@b.co"}"#)
            #expect(reply.status == 500)
            #expect(reply.json[string: "category"] == "INTERNAL")
        }
        try await withSimulator({ $0.faults.status502 = 1 }) { _, client in
            let reply52 = try await client.get("/v1/credits/remaining", headers: SimClient.lantern)
            #expect(reply52.status == 502)
        }
        try await withSimulator({ $0.faults.status503 = 1 }) { _, client in
            let reply55 = try await client.get("/v1/credits/remaining", headers: SimClient.lantern)
            #expect(reply55.status == 503)
        }
        try await withSimulator({ $0.faults.malformedJSON = 1 }) { sim, client in
            let reply = try await client.post("/v1/enrich/phone", headers: SimClient.lantern, body: Self.lanternBody)
            #expect(reply.status == 200)
            #expect((try? JSONSerialization.jsonObject(with: Data(reply.text.utf8))) == nil)
            #expect(sim.ledger().charges.isEmpty)
        }
        try await withSimulator({ $0.faults.empty200 = 1 }) { _, client in
            let reply = try await client.post("/v1/enrich/phone", headers: SimClient.lantern, body: Self.lanternBody)
            #expect(reply.status == 200)
            #expect(reply.text.isEmpty)
        }
    }

    @Test("the reset fault drops the connection without an answer")
    func reset() async throws {
        try await withSimulator({ $0.faults.reset = 1 }) { sim, client in
            await #expect(throws: (any Error).self) {
                _ = try await client.get("/v1/credits/remaining", headers: SimClient.lantern)
            }
            #expect(sim.ledger().faults["reset"] == 1)
        }
    }

    @Test("the slow fault answers late (the duration is tiny here) and is counted")
    func slow() async throws {
        try await withSimulator({
            $0.faults.slow = 1; $0.faults.slowDuration = .milliseconds(50)
        }) { sim, client in
            let start = ContinuousClock.now
            let reply84 = try await client.get("/v1/credits/remaining", headers: SimClient.lantern)
            #expect(reply84.status == 200)
            #expect(ContinuousClock.now - start >= .milliseconds(50))
            #expect(sim.ledger().faults["slow"] == 1)
        }
    }

    @Test("a slow answer in flight does not hold up stopping the simulator")
    func slowDoesNotBlockShutdown() async throws {
        try await withSimulator({
            $0.faults.slow = 1; $0.faults.slowDuration = .seconds(3600)
        }) { sim, client in
            let connection = TestClient(host: "127.0.0.1", port: client.port)
            connection.connect()
            try await connection.executeAndDontWaitForResponse(
                .init("/v1/credits/remaining", method: .get, headers: [.authorization: "Bearer sim-lantern-key"]))
            while sim.ledger().requestsReceived == 0 { try await Task.sleep(for: .milliseconds(5)) }
            #expect(sim.ledger().requestCount == 0)
            // Leaving the closure stops the simulator; the hour-long answer must not hold it up
            // (the suite's time limit would fail this test).
            try? await connection.shutdown()
        }
    }

    @Test("latency per endpoint delays only that endpoint")
    func latency() async throws {
        try await withSimulator({ $0.latency.perEndpoint["GET /v1/credits/remaining"] = .fixed(.milliseconds(60)) }) { _, client in
            let start = ContinuousClock.now
            _ = try await client.get("/v1/credits/remaining", headers: SimClient.lantern)
            #expect(ContinuousClock.now - start >= .milliseconds(60))
        }
    }

    @Test("latency holds refusals and unknown paths too, and the hold's header never leaves")
    func latencyOnErrors() async throws {
        try await withSimulator({ $0.latency.default = .fixed(.milliseconds(60)) }) { _, client in
            for (path, status) in [("/v1/credits/remaining", 401), ("/v1/enrich/nowhere", 404)] {
                let start = ContinuousClock.now
                let reply = try await client.get(path)
                #expect(reply.status == status, "\(path)")
                #expect(ContinuousClock.now - start >= .milliseconds(60), "\(path)")
                #expect(reply.header("x-simulator-latency-ns") == nil)
            }
        }
    }

    @Test("formula values appear in free-text fields when asked for")
    func formulas() async throws {
        try await withSimulator({
            $0.formulaRate = 1; $0.hitRates.waterfallContact["email"] = 1
        }) { sim, client in
            let launch = try await client.post("/v1/enrichment/contact", headers: SimClient.waterfall, body: #"{"email":"a.b@acme.com"}"#)
            await sim.completeJobs()
            let person = try await client.get("/v1/enrichment/contact?job_id=\(jobID(launch))", headers: SimClient.waterfall).json[
                object: "output"][object: "person"]
            #expect(person[string: "title"]?.hasPrefix("=") == true)
            #expect(person[string: "company_name"]?.hasPrefix("@") == true)
        }
    }

    @Test("keys are configurable; the defaults then stop working")
    func keys() async throws {
        try await withSimulator({ $0.keys.lantern = "custom" }) { _, client in
            let reply123 = try await client.get("/v1/credits/remaining", headers: ["Authorization": "Bearer custom"])
            #expect(reply123.status == 200)
            let reply124 = try await client.get("/v1/credits/remaining", headers: SimClient.lantern)
            #expect(reply124.status == 401)
        }
    }
}
