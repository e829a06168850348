import Foundation
import Simulator
import Testing

@Suite("Lantern", .timeLimit(.minutes(1)))
struct LanternTests {
    static let jane = #"{"record_id":"r1","first_name":"Jane","last_name":"Doe","company":"https://acme.com"}"#

    static func alwaysFindsWithFiveCredits(_ configuration: inout SimulatorConfiguration) {
        configuration.hitRates.lantern["phone"] = 1
        configuration.lantern.credits = 5
    }

    @Test("a hit answers E.164, echoes the input and spends one credit")
    func hit() async throws {
        try await withSimulator(Self.alwaysFindsWithFiveCredits) { sim, client in
            let reply = try await client.post("/v1/enrich/phone", headers: SimClient.lantern, body: Self.jane)
            #expect(reply.status == 200)
            #expect(reply.json["success"] as? Bool == true)
            #expect(reply.json[string: "record_id"] == "r1")
            #expect(reply.json[string: "company"] == "https://acme.com")
            #expect(reply.json[string: "phone"]?.hasPrefix("+") == true)
            #expect(reply.json["processing_time_ms"] is Int)
            let credits = try await client.get("/v1/credits/remaining", headers: SimClient.lantern)
            #expect(credits.json["credits_remaining"] as? Int == 4)
            #expect(sim.ledger().charges.map(\.identity) == ["name:jane doe@acme.com"])
        }
    }

    @Test("a repeated record_id is answered from Lantern's cache: the same phone, no second charge")
    func repeatedRecordIsFree() async throws {
        try await withSimulator(Self.alwaysFindsWithFiveCredits) { sim, client in
            let first = try await client.post("/v1/enrich/phone", headers: SimClient.lantern, body: Self.jane)
            let again = try await client.post("/v1/enrich/phone", headers: SimClient.lantern, body: Self.jane)
            #expect(again.json[string: "phone"] == first.json[string: "phone"])
            #expect(sim.ledger().charges.count == 1)
            let other = #"{"record_id":"r2","first_name":"Jane","last_name":"Doe","company":"https://acme.com"}"#
            _ = try await client.post("/v1/enrich/phone", headers: SimClient.lantern, body: other)
            #expect(sim.ledger().charges.count == 2)
            let credits = try await client.get("/v1/credits/remaining", headers: SimClient.lantern)
            #expect(credits.json["credits_remaining"] as? Int == 3)
        }
    }

    @Test("a miss is success with a null phone and costs nothing")
    func miss() async throws {
        try await withSimulator({ $0.hitRates.lantern["phone"] = 0 }) { sim, client in
            let reply = try await client.post("/v1/enrich/phone", headers: SimClient.lantern, body: Self.jane)
            #expect(reply.status == 200)
            #expect(reply.json["success"] as? Bool == true)
            #expect(reply.json["phone"] is NSNull)
            #expect(sim.ledger().charges.isEmpty)
        }
    }

    @Test("linkedin_id is a slug: a profile URL finds nobody")
    func linkedinURLMisses() async throws {
        try await withSimulator({ $0.hitRates.lantern["phone"] = 1 }) { _, client in
            let slug = try await client.post(
                "/v1/enrich/phone", headers: SimClient.lantern, body: #"{"record_id":"1","linkedin_id":"jane-doe-1"}"#)
            #expect(slug.json[string: "phone"] != nil)
            let url = try await client.post(
                "/v1/enrich/phone", headers: SimClient.lantern,
                body: #"{"record_id":"1","linkedin_id":"https://www.linkedin.com/in/jane-doe-1/"}"#
            )
            #expect(url.json["phone"] is NSNull)
        }
    }

    @Test(
        "422 in FastAPI's shape for an invalid body",
        arguments: [
            (#"{"first_name":"Jane"}"#, "missing"), (#"{"record_id":7,"email":"a@b.co"}"#, "string_type"), ("{oops", "json_invalid"),
        ])
    func unprocessable(body: String, type: String) async throws {
        try await withSimulator { _, client in
            let reply = try await client.post("/v1/enrich/phone", headers: SimClient.lantern, body: body)
            #expect(reply.status == 422)
            let detail = try #require(reply.json[array: "detail"].first as? [String: Any])
            #expect(detail[string: "type"] == type)
            #expect(detail["loc"] is [Any])
            #expect(detail[string: "msg"] != nil)
        }
    }

    @Test("400, 401 share the success:false shape")
    func sharedErrorShape() async throws {
        try await withSimulator({ $0.lantern.credits = 0 }) { _, client in
            let insufficient = try await client.post(
                "/v1/enrich/phone", headers: SimClient.lantern, body: #"{"record_id":"1","first_name":"Jane"}"#)
            #expect(insufficient.status == 400)
            #expect(insufficient.json["success"] as? Bool == false)
            #expect(insufficient.json[string: "error"] != nil)
            for key in ["details", "request_id", "credits_required", "credits_remaining", "retry_after"] {
                #expect(insufficient.json.keys.contains(key))
            }
            let broke = try await client.post("/v1/enrich/phone", headers: SimClient.lantern, body: #"{"record_id":"1","email":"a@b.co"}"#)
            #expect(broke.status == 400)
            #expect(broke.json["credits_remaining"] as? Int == 0)
            let missing = try await client.post("/v1/enrich/phone", body: Self.jane)
            #expect(missing.status == 401)
            #expect(missing.json["success"] as? Bool == false)
            let wrong = try await client.get("/v1/credits/remaining", headers: ["Authorization": "Bearer wrong"])
            #expect(wrong.status == 401)
        }
    }
}

@Suite("Request JSON", .timeLimit(.minutes(1)))
struct RequestJSONTests {
    @Test("escapes, surrogate pairs and nested values are read as JSON means them")
    func escapes() async throws {
        try await withSimulator { _, client in
            let body = #"{"record_id":"r\u00e9\ud83d\ude00\"\\\n","email":"a.b@acme.com","extra":{"list":[1,-2.5e3,true,null]}}"#
            let reply = try await client.post("/v1/enrich/phone", headers: SimClient.lantern, body: body)
            #expect(reply.status == 200)
            #expect(reply.json[string: "record_id"] == "ré😀\"\\\n")
        }
    }

    @Test(
        "trailing garbage and unterminated strings are not JSON", arguments: [#"{"record_id":"1"} x"#, #"{"record_id":"1}"#, #"{"a":01x}"#])
    func invalid(body: String) async throws {
        try await withSimulator { _, client in
            let reply = try await client.post("/v1/enrich/phone", headers: SimClient.lantern, body: body)
            #expect(reply.status == 422)
        }
    }
}
