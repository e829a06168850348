import Foundation
import Simulator
import Testing

@Suite("Ledger", .timeLimit(.minutes(1)))
struct LedgerTests {
    @Test("the same provider and identity charged twice is listed as a duplicate; reset clears everything")
    func duplicatesAndReset() async throws {
        try await withSimulator({ $0.hitRates.lantern["phone"] = 1 }) { sim, client in
            for record in ["a", "b"] {
                let body = #"{"record_id":"\#(record)","email":"Jane.Doe@Acme.com"}"#
                #expect(try await client.post("/v1/enrich/phone", headers: SimClient.lantern, body: body).status == 200)
            }
            _ = try await client.post("/v1/enrich/phone", headers: SimClient.lantern, body: #"{"record_id":"c","email":"x.y@acme.com"}"#)
            let ledger = try await client.get("/__sim/ledger")
            let duplicates = ledger.json[array: "duplicates"].compactMap { $0 as? [String: Any] }
            #expect(duplicates.count == 1)
            #expect(duplicates.first?[string: "identity"] == "email:jane.doe@acme.com")
            #expect(duplicates.first?["count"] as? Int == 2)
            #expect(ledger.json["request_count"] as? Int == 3)
            #expect(ledger.json[array: "requests"].count == 3)
            #expect(sim.ledger().duplicates.map { "\($0.provider) \($0.identity) \($0.count)" } == ["lantern email:jane.doe@acme.com 2"])

            #expect(try await client.post("/__sim/reset").status == 200)
            let cleared = sim.ledger()
            #expect(cleared.charges.isEmpty && cleared.requests.isEmpty && cleared.requestCount == 0)
        }
    }

    @Test("429s and faults are counted; requests are listed without their query string")
    func counts() async throws {
        try await withSimulator({
            $0.rateLimit.limit = 1; $0.rateLimit.window = .seconds(3600)
        }) { sim, client in
            _ = try await client.post("/api/v1/people/match?email=jane@acme.com", headers: SimClient.apollo)
            _ = try await client.post("/api/v1/people/match?email=jane@acme.com", headers: SimClient.apollo)
            let ledger = sim.ledger()
            #expect(ledger.rateLimited == 1)
            #expect(ledger.requests.map(\.status) == [200, 429])
            #expect(ledger.requests.allSatisfy { !$0.path.contains("?") && !$0.path.contains("jane") })
        }
        try await withSimulator({ $0.faults.status503 = 1 }) { sim, client in
            _ = try await client.get("/v1/credits/remaining", headers: SimClient.lantern)
            #expect(sim.ledger().faults == ["status_503": 1])
            let ledger = try await client.get("/__sim/ledger")
            #expect(ledger.json[object: "faults"]["status_503"] as? Int == 1)
        }
    }

    @Test("the same identifiers give the same person in another simulator; providers find different subsets")
    func deterministic() async throws {
        let emails = (0..<200).map { "person\($0).x@acme.com" }
        func lanternPhones() async throws -> [String?] {
            try await withSimulator { _, client in
                var phones: [String?] = []
                for email in emails {
                    let reply = try await client.post(
                        "/v1/enrich/phone", headers: SimClient.lantern, body: #"{"record_id":"1","email":"\#(email)"}"#)
                    phones.append(reply.json[string: "phone"])
                }
                return phones
            }
        }
        let first = try await lanternPhones()
        let second = try await lanternPhones()
        #expect(first == second)
        let hits = first.filter { $0 != nil }.count
        #expect(hits > 50 && hits < 150)

        let contactHits = try await withSimulator { sim, client in
            for email in emails {
                _ = try await client.post("/v1/enrichment/contact", headers: SimClient.waterfall, body: #"{"email":"\#(email)"}"#)
            }
            await sim.completeJobs()
            return Set(sim.ledger().charges.map(\.identity))
        }
        let lanternHits = Set(zip(emails, first).compactMap { $0.1 == nil ? nil : "email:\($0.0)" })
        #expect(contactHits != lanternHits)
        #expect(!contactHits.isDisjoint(with: lanternHits))
    }
}
