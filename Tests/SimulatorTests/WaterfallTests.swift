import Foundation
import Simulator
import Testing

@Suite("Waterfall.io", .timeLimit(.minutes(1)))
struct WaterfallTests {
    @Test("launch, RUNNING, then SUCCEEDED with the launch echoed and the phone charged")
    func phoneLifecycle() async throws {
        try await withSimulator({ $0.hitRates.waterfallPhone["phone"] = 1 }) { sim, client in
            let launch = try await client.post(
                "/v1/enrichment/phone", headers: SimClient.waterfall,
                body: #"{"linkedin":"https://www.linkedin.com/in/jane-doe-abc123/","custom_fields":{"crm":"42"}}"#
            )
            #expect(launch.status == 200)
            let id = jobID(launch)
            #expect(UUID(uuidString: id) != nil)
            #expect(launch.json[string: "start_date"]?.hasSuffix("+00:00") == true)

            let running = try await client.get("/v1/enrichment/phone?job_id=\(id)", headers: SimClient.waterfall)
            #expect(running.json[string: "status"] == "RUNNING")
            #expect(running.json["output"] == nil)
            #expect(sim.ledger().charges.isEmpty)

            await sim.completeJobs()
            let done = try await client.get("/v1/enrichment/phone?job_id=\(id)", headers: SimClient.waterfall)
            #expect(done.json[string: "status"] == "SUCCEEDED")
            #expect(done.json[string: "stop_date"] != nil)
            let task = done.json[object: "input"][object: "task"]
            #expect(task[string: "linkedin_url"] == "https://www.linkedin.com/in/jane-doe-abc123/")
            #expect(task["first_name"] is NSNull)
            #expect(task[string: "job_id"] == id)
            #expect((task[object: "custom_fields"])[string: "crm"] == "42")
            let person = done.json[object: "output"][object: "person"]
            let mobile = try #require(person[string: "mobile_phone"])
            #expect(mobile.hasPrefix("+") && mobile.dropFirst().allSatisfy(\.isNumber))
            #expect(person[string: "linkedin_id"] == "jane-doe-abc123")

            let charges = sim.ledger().charges
            #expect(charges.count == 1)
            #expect(charges.first?.provider == "waterfall_phone")
            #expect(charges.first?.identity == "linkedin:jane-doe-abc123")
            #expect(charges.first?.jobID == id)
        }
    }

    @Test("a contact job that finds nothing succeeds with no person and is not charged")
    func contactMiss() async throws {
        try await withSimulator({ $0.hitRates.waterfallContact = ["email": 0, "phone": 0] }) { sim, client in
            let launch = try await client.post("/v1/enrichment/contact", headers: SimClient.waterfall, body: #"{"email":"a.b@acme.com"}"#)
            await sim.completeJobs()
            let done = try await client.get("/v1/enrichment/contact?job_id=\(jobID(launch))", headers: SimClient.waterfall)
            #expect(done.json[string: "status"] == "SUCCEEDED")
            #expect(done.json[object: "output"]["person"] is NSNull)
            #expect(sim.ledger().charges.isEmpty)
        }
    }

    @Test("FAILED, TIMED_OUT and ABORTED are final and free", arguments: ["FAILED", "TIMED_OUT", "ABORTED"])
    func failedOutcomes(outcome: String) async throws {
        try await withSimulator({ configuration in
            configuration.hitRates.waterfallPhone["phone"] = 1
            switch outcome {
            case "FAILED": configuration.jobOutcomes.failed = 1
            case "TIMED_OUT": configuration.jobOutcomes.timedOut = 1
            default: configuration.jobOutcomes.aborted = 1
            }
        }) { sim, client in
            let launch = try await client.post("/v1/enrichment/phone", headers: SimClient.waterfall, body: #"{"email":"a.b@acme.com"}"#)
            await sim.completeJobs()
            let done = try await client.get("/v1/enrichment/phone?job_id=\(jobID(launch))", headers: SimClient.waterfall)
            #expect(done.json[string: "status"] == outcome)
            #expect(done.json["output"] == nil)
            #expect(sim.ledger().charges.isEmpty)
        }
    }

    @Test("401 for a missing key, 403 for a wrong one, in Waterfall's error shape")
    func auth() async throws {
        try await withSimulator { _, client in
            let missing = try await client.post("/v1/enrichment/phone", body: #"{"email":"a@b.co"}"#)
            #expect(missing.status == 401)
            #expect(missing.json[string: "status"] == "error")
            #expect(missing.json[string: "category"] == "AUTHENTICATION")
            #expect(missing.json[string: "code"] == "MISSING_API_KEY")
            let wrong = try await client.get("/v1/enrichment/phone?job_id=x", headers: ["x-api-key": "nope"])
            #expect(wrong.status == 403)
            #expect(wrong.json[string: "code"] == "INVALID_API_KEY")
        }
    }

    @Test(
        "payload validation: limits, types, strategies",
        arguments: [
            #"{"full_name":"\#(String(repeating: "x", count: 251))","domain":"acme.com"}"#,
            #"{"linkedin":"\#(String(repeating: "x", count: 501))"}"#,
            #"{"first_name":"\#(String(repeating: "x", count: 101))","last_name":"D","domain":"acme.com"}"#,
            #"{"email":"not-an-email"}"#,
            #"{"full_name":"Jane Doe","domain":"a"}"#,
            #"{"full_name":"Jane Doe"}"#,
            #"{"email":42}"#,
            #"{"email":"a@b.co","webhook_url":"ftp://x"}"#,
            #"[1,2]"#,
            #"not json"#,
        ])
    func validation(body: String) async throws {
        try await withSimulator { _, client in
            let reply = try await client.post("/v1/enrichment/phone", headers: SimClient.waterfall, body: body)
            #expect(reply.status == 400)
            #expect(reply.json[string: "category"] == "VALIDATION")
            #expect(!(reply.json[array: "error"]).isEmpty)
        }
    }

    @Test("finder errors: missing or malformed job_id is 400, unknown or other-kind job is 404")
    func finderErrors() async throws {
        try await withSimulator { _, client in
            #expect(try await client.get("/v1/enrichment/phone", headers: SimClient.waterfall).status == 400)
            #expect(try await client.get("/v1/enrichment/phone?job_id=abc", headers: SimClient.waterfall).status == 400)
            let unknown = try await client.get("/v1/enrichment/phone?job_id=\(UUID().uuidString)", headers: SimClient.waterfall)
            #expect(unknown.status == 404)
            #expect(unknown.json[string: "category"] == "NOT_FOUND")
            let launch = try await client.post("/v1/enrichment/phone", headers: SimClient.waterfall, body: #"{"email":"a.b@acme.com"}"#)
            #expect(try await client.get("/v1/enrichment/contact?job_id=\(jobID(launch))", headers: SimClient.waterfall).status == 404)
        }
    }

    @Test("a job whose time has come is finished by the poll that observes it")
    func jobFinishesOnItsOwn() async throws {
        try await withSimulator({ $0.jobDuration = .fixed(.milliseconds(20)) }) { _, client in
            let launch = try await client.post("/v1/enrichment/contact", headers: SimClient.waterfall, body: #"{"email":"a.b@acme.com"}"#)
            var status = "RUNNING"
            while status == "RUNNING" {
                try await Task.sleep(for: .milliseconds(10))
                status =
                    try await client.get("/v1/enrichment/contact?job_id=\(jobID(launch))", headers: SimClient.waterfall).json[
                        string: "status"] ?? ""
            }
            #expect(status == "SUCCEEDED")
        }
    }
}
