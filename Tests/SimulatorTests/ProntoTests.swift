import Foundation
import Simulator
import Testing

@Suite("Pronto", .timeLimit(.minutes(1)))
struct ProntoTests {
    static let email = #"{"firstname":"Jane","lastname":"Doe","domain":"acme.com","enrichment_type":["email"],"custom":{"crm_id":"7"}}"#

    @Test("pending, then finished with email and status; custom echoed; charged at the configured price")
    func lifecycle() async throws {
        try await withSimulator({
            $0.hitRates.pronto["email"] = 1; $0.pronto.prices["email"] = 3
        }) { sim, client in
            let launch = try await client.post("/api/v2/contacts/single_enrich", headers: SimClient.pronto, body: Self.email)
            #expect(launch.status == 200)
            #expect(launch.json[string: "status"] == "pending")
            #expect(launch.json[string: "first_name"] == "Jane")
            #expect(launch.json[object: "custom"][string: "crm_id"] == "7")
            let id = jobID(launch)
            let pending = try await client.get("/api/v2/contacts/\(id)", headers: SimClient.pronto)
            #expect(pending.json[string: "status"] == "pending")
            await sim.completeJobs()
            let done = try await client.get("/api/v2/contacts/\(id)", headers: SimClient.pronto)
            #expect(done.json[string: "status"] == "finished")
            #expect(done.json[string: "email"] == "jane.doe@acme.com")
            #expect(["deliverable", "catch-all"].contains(done.json[string: "email_status"] ?? ""))
            #expect(done.json["phone"] as? [Any] != nil)
            #expect(done.json[object: "custom"][string: "crm_id"] == "7")
            #expect(sim.ledger().charges.map(\.credits) == [3])
        }
    }

    @Test("a phone lookup finishes with an array of E.164 numbers, or an empty one")
    func phone() async throws {
        for rate in [0.0, 1.0] {
            try await withSimulator({ $0.hitRates.pronto["phone"] = rate }) { sim, client in
                let body =
                    #"{"firstname":"Jane","lastname":"Doe","linkedin_url":"https://www.linkedin.com/in/jd/","enrichment_type":["phone"]}"#
                let launch = try await client.post("/api/v2/contacts/single_enrich", headers: SimClient.pronto, body: body)
                await sim.completeJobs()
                let done = try await client.get("/api/v2/contacts/\(jobID(launch))", headers: SimClient.pronto)
                let phones = done.json[array: "phone"] as? [String] ?? ["not an array"]
                #expect(phones.count == (rate == 1 ? 1 : 0))
                #expect(phones.allSatisfy { $0.hasPrefix("+") })
            }
        }
    }

    @Test("validation: required fields, one enrichment type, linkedin_url for phone, 422 without consent")
    func validation() async throws {
        try await withSimulator({ $0.pronto.personalEmailConsent = false }) { _, client in
            let cases = [
                #"{"lastname":"Doe","domain":"a.com","enrichment_type":["email"]}"#,
                #"{"firstname":"Jane","lastname":"Doe","domain":"a.com","enrichment_type":["email","phone"]}"#,
                #"{"firstname":"Jane","lastname":"Doe","enrichment_type":["email"]}"#,
                #"{"firstname":"Jane","lastname":"Doe","enrichment_type":["phone"]}"#,
                #"{"firstname":"Jane","lastname":"Doe","enrichment_type":["fax"]}"#,
            ]
            for body in cases {
                #expect(try await client.post("/api/v2/contacts/single_enrich", headers: SimClient.pronto, body: body).status == 400)
            }
            let consent = try await client.post(
                "/api/v2/contacts/single_enrich", headers: SimClient.pronto,
                body:
                    #"{"firstname":"J","lastname":"D","linkedin_url":"https://www.linkedin.com/in/jd/","enrichment_type":["personal_email"]}"#
            )
            #expect(consent.status == 422)
            #expect(consent.text.contains("You can't use the personal email enrichment feature without consenting with our terms of use"))
            #expect(try await client.post("/api/v2/contacts/single_enrich", body: Self.email).status == 401)
            #expect(try await client.get("/api/v2/contacts/nope", headers: SimClient.pronto).status == 404)
        }
    }

    @Test("at most 5 enrichments run at a time per account; the sixth waits for a slot")
    func fiveAtATime() async throws {
        try await withSimulator { _, client in
            for _ in 0..<6 {
                _ = try await client.post("/api/v2/contacts/single_enrich", headers: SimClient.pronto, body: Self.email)
            }
            let jobs = try await client.get("/__sim/jobs")
            let list = (try JSONSerialization.jsonObject(with: Data(jobs.text.utf8)) as? [[String: Any]]) ?? []
            let starts = list.compactMap { $0["starts_in_ms"] as? Int }
            #expect(starts.count == 6)
            #expect(starts.filter { $0 <= 0 }.count == 5)
            // The sixth starts when the first finishes: one job duration (an hour here) later.
            #expect(starts.filter { $0 > 3_000_000 }.count == 1)
        }
    }
}
