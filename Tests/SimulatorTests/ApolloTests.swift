import Foundation
import Simulator
import Testing

@Suite("Apollo", .timeLimit(.minutes(1)))
struct ApolloTests {
    static let query =
        "first_name=tim&last_name=Zheng&run_waterfall_email=true&run_waterfall_phone=true&linkedin_url=http%3A%2F%2Fwww.linkedin.com%2Fin%2Ftim-zheng-677ba010"

    @Test("match: synchronous person, integer request_id above 2^53, rate headers, then webhook and webhook_result")
    func matchWithWaterfall() async throws {
        try await withReceiver { receiver, hook in
            try await withSimulator({ $0.hitRates.apollo = ["person": 1, "email": 1, "phone": 1] }) { sim, client in
                let hookQuery = hook.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
                let reply = try await client.post("/api/v1/people/match?\(Self.query)&webhook_url=\(hookQuery)", headers: SimClient.apollo)
                #expect(reply.status == 200)
                #expect(reply.json[object: "person"][string: "first_name"] == "tim")
                #expect(reply.json[object: "waterfall"][string: "status"] == "accepted")
                // The literal itself must be an integer, digit for digit.
                let literal = try #require(reply.text.firstMatch(of: /"request_id":(\d+)/)?.1)
                let requestID = try #require(UInt64(literal))
                #expect(requestID > (UInt64(1) << 53))
                #expect(Int(reply.header("x-minute-requests-left") ?? "") == 599)
                #expect(reply.header("x-hourly-requests-left") != nil)
                #expect(reply.header("x-daily-requests-left") != nil)

                let pending = try await client.get("/api/v1/webhook_result/\(requestID)", headers: SimClient.apollo)
                #expect(pending.status == 404)
                #expect(pending.json[string: "status"] == "result_pending")
                // The job runs for an hour in these tests: the hint says so, in whole seconds.
                let retryAfter = try #require(pending.json["retry_after_seconds"] as? Int)
                #expect(retryAfter > 3000 && retryAfter <= 3600)

                await sim.completeJobs()
                let result = try await client.get("/api/v1/webhook_result/\(requestID)", headers: SimClient.apollo)
                #expect(result.status == 200)
                #expect(result.json["credits_consumed"] as? Int == 1)
                let person = try #require(result.json[array: "people"].first as? [String: Any])
                let phone = try #require(person[array: "phone_numbers"].first as? [String: Any])
                let raw = try #require(phone[string: "raw_number"])
                #expect(raw.wholeMatch(of: /\d{3}-\d{3}-\d{4}|07700 900\d{3}/) != nil)
                #expect(phone[string: "sanitized_number"]?.hasPrefix("+") == true)
                let email = try #require(person[array: "emails"].first as? [String: Any])
                #expect(email[string: "email_status_cd"] == "Verified")
                #expect(person[object: "waterfall"][array: "emails"].count == 1)

                let delivered = try await receiver.waitFor(1)
                #expect(delivered[0] == result.text)
                #expect(sim.ledger().charges.map(\.provider) == ["apollo"])
            }
        }
    }

    @Test("waterfall refused: no webhook, insufficient identifiers, no permission")
    func waterfallFailures() async throws {
        try await withSimulator { _, client in
            let noHook = try await client.post("/api/v1/people/match?\(Self.query)", headers: SimClient.apollo)
            #expect(noHook.status == 200)
            #expect(noHook.json[object: "waterfall"][string: "status"] == "failed")
            let thin = try await client.post(
                "/api/v1/people/match", headers: SimClient.apollo,
                body: #"{"domain":"example.com","run_waterfall_email":true,"webhook_url":"https://hooks.example/x"}"#
            )
            #expect(thin.json[object: "waterfall"][string: "status"] == "failed")
            let unprocessed = thin.json[object: "waterfall"][array: "unprocessed_attributes"]
            #expect((unprocessed.first as? [String: Any])?[string: "domain"] == "example.com")
            #expect(thin.json[object: "person"][string: "name"] == "")
        }
        try await withSimulator({ $0.apollo.waterfallEnabled = false }) { _, client in
            let reply = try await client.post(
                "/api/v1/people/match?\(Self.query)&webhook_url=https%3A%2F%2Fh.example%2F", headers: SimClient.apollo)
            #expect(reply.json[object: "waterfall"][string: "message"] == "Your team does not have permission to run waterfall enrichment.")
        }
    }

    @Test("bulk_match: partial_accepted with index-aligned nulls, at most 10 details")
    func bulk() async throws {
        try await withSimulator({ $0.hitRates.apollo["person"] = 1 }) { _, client in
            let body = #"{"details":[{"first_name":"tim","last_name":"zheng"},{"domain":"ab.com"}],"webhook_url":"https://h.example/"}"#
            let reply = try await client.post("/api/v1/people/bulk_match?run_waterfall_email=true", headers: SimClient.apollo, body: body)
            #expect(reply.status == 200)
            #expect(reply.json[string: "status"] == "success")
            #expect(reply.json["error_code"] is NSNull)
            let matches = reply.json[array: "matches"]
            #expect(matches.count == 2)
            #expect(matches[1] is NSNull)
            #expect(reply.json[object: "waterfall"][string: "status"] == "partial_accepted")
            let unprocessed = reply.json[object: "waterfall"][array: "unprocessed_attributes"]
            #expect(unprocessed.first is NSNull)
            #expect((unprocessed.last as? [String: Any])?[string: "domain"] == "ab.com")

            let eleven = "[" + Array(repeating: #"{"email":"a@b.co"}"#, count: 11).joined(separator: ",") + "]"
            let tooMany = try await client.post("/api/v1/people/bulk_match", headers: SimClient.apollo, body: #"{"details":\#(eleven)}"#)
            #expect(tooMany.status == 422)
        }
    }

    @Test("a wrong key is 401; an unknown request_id is 404; the per-minute limit answers 429")
    func errors() async throws {
        try await withSimulator({ $0.apollo.perMinute = 1 }) { _, client in
            #expect(try await client.post("/api/v1/people/match?first_name=a&last_name=b", headers: ["X-Api-Key": "x"]).status == 401)
            #expect(try await client.get("/api/v1/webhook_result/123", headers: SimClient.apollo).status == 404)
            #expect(try await client.post("/api/v1/people/match?email=a@b.co", headers: SimClient.apollo).status == 200)
            let limited = try await client.post("/api/v1/people/match?email=a@b.co", headers: SimClient.apollo)
            #expect(limited.status == 429)
            #expect(Int(limited.header("Retry-After") ?? "") != nil)
        }
    }
}
