import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

extension RunEndToEnd {
    /// `enrich run --webhook-listen`: results by webhook from the simulator, for Waterfall, Pronto
    /// and Apollo (single and bulk), against the same run by polling.
    @Suite(.serialized) struct RunWebhookTests {
        static let webhook = ["--webhook-listen", "127.0.0.1:0"]
        static let providers = "apollo, waterfall_contact, pronto"

        @Test func resultsByWebhookAreTheResultsByPolling() async throws {
            let fixture = try RunFixture(emailProviders: Self.providers)
            defer { fixture.close() }
            let polled = try fixture.run("polled.csv", limit: 80)
            #expect(polled.status == 0, "\(polled.stderr)")
            try await fixture.resetLedger()
            let hooked = try fixture.run("out.csv", limit: 80, Self.webhook)
            #expect(hooked.status == 0, "\(hooked.stderr)")
            #expect(try fixture.read("out.csv") == fixture.read("polled.csv"))
            let attempts = try fixture.audit().flatMap { ($0["attempts"] as? [[String: Any]]) ?? [] }
            let byWebhook = attempts.filter { $0["via"] as? String == "webhook" }
            #expect(Set(byWebhook.compactMap { $0["provider"] as? String }).isSuperset(of: ["waterfall_phone", "apollo"]))
            #expect(attempts.filter { $0["provider"] as? String == "apollo" && $0["outcome"] as? String == "found" }.count > 5)
            let ledger = try await fixture.ledger()
            #expect((ledger["duplicates"] as? [Any])?.isEmpty == true)
            let deliveries = ((ledger["webhook_deliveries"] as? [[String: Any]]) ?? []).filter {
                ($0["url"] as? String)?.contains("/hooks/") == true
            }
            let refused = deliveries.filter { $0["status"] as? Int != 200 }
            #expect(!deliveries.isEmpty && refused.isEmpty, "\(refused.prefix(3))")
        }

        /// Killed while deliveries arrive: what was delivered is kept, so the resumed run pays for
        /// nothing twice and ends with the same output.
        @Test func killedWebhookRunsResumeWithoutPayingTwice() async throws {
            let fixture = try RunFixture(simConfig: "job_duration: 400ms\n", emailProviders: Self.providers)
            defer { fixture.close() }
            #expect(try fixture.run("reference.csv").status == 0)
            try await fixture.resetLedger()
            var kills = 0
            for moment in [0.8, 1.6, 2.4] {
                if try fixture.runAndSignal("out.csv", after: moment, signal: SIGKILL, extra: Self.webhook) != 0 { kills += 1 }
            }
            let last = try fixture.run("out.csv", limit: 120, Self.webhook)
            #expect(last.status == 0, "\(last.stderr)")
            #expect(kills >= 2)
            #expect(try fixture.read("out.csv") == fixture.read("reference.csv"))
            #expect(try fixture.auditOutcome() == fixture.auditOutcome("reference.csv.audit.jsonl"))
            let inDoubt = try fixture.audit().flatMap { ($0["attempts"] as? [[String: Any]]) ?? [] }
                .filter { $0["outcome"] as? String == "in_doubt" }.count
            let duplicates = (try await fixture.ledger()["duplicates"] as? [[String: Any]]) ?? []
            let extra = duplicates.reduce(0) { $0 + (($1["count"] as? Int) ?? 1) - 1 }
            #expect(extra <= inDoubt, "duplicates \(duplicates) beyond \(inDoubt) in-doubt launches")
        }

        /// A public URL that never forwards: no delivery comes, and polling collects every job.
        @Test func deliveriesThatNeverComeAreCollectedByPolling() throws {
            let fixture = try RunFixture()
            defer { fixture.close() }
            #expect(try fixture.run("polled.csv", limit: 30).status == 0)
            let lost = try fixture.run("out.csv", limit: 30, Self.webhook + ["--webhook-url", "http://127.0.0.1:9/lost"])
            #expect(lost.status == 0, "\(lost.stderr)")
            #expect(try fixture.read("out.csv") == fixture.read("polled.csv"))
            let attempts = try fixture.audit().flatMap { ($0["attempts"] as? [[String: Any]]) ?? [] }
            #expect(!attempts.contains { $0["via"] as? String == "webhook" })
            #expect(attempts.contains { ($0["polls"] as? Int ?? 0) > 0 })
        }

        /// Apollo refusing the waterfall (no permission): its rows say why, nothing is charged,
        /// and the next provider in the waterfall finds the emails.
        @Test func apolloWithoutPermissionMovesDownTheWaterfall() async throws {
            let fixture = try RunFixture(
                simConfig: "apollo: { waterfall_enabled: false }\n", emailProviders: "apollo, waterfall_contact")
            defer { fixture.close() }
            let result = try fixture.run("out.csv", limit: 40, Self.webhook)
            #expect(result.status == 0, "\(result.stderr)")
            let attempts = try fixture.audit().flatMap { ($0["attempts"] as? [[String: Any]]) ?? [] }
            let apollo = attempts.filter { $0["provider"] as? String == "apollo" }
            #expect(!apollo.isEmpty && apollo.allSatisfy { $0["charged"] as? Bool == false })
            #expect(apollo.contains { ($0["error"] as? String)?.contains("permission") == true })
            let emails = try fixture.audit().compactMap { ($0["fields"] as? [String: Any])?["email"] as? [String: Any] }
            #expect(emails.contains { $0["provider"] as? String == "waterfall_contact" })
            let charges = (try await fixture.ledger()["charges"] as? [[String: Any]]) ?? []
            #expect(!charges.contains { $0["provider"] as? String == "apollo" })
        }

        /// A callback without the run's token is refused while the run listens, and changes nothing.
        @Test func aForgedCallbackIsRefused() async throws {
            let fixture = try RunFixture(simConfig: "job_duration: 1s\n")
            defer { fixture.close() }
            let port = try freePort()
            let process = Process()
            process.executableURL = EnrichProcess.binary
            process.arguments = fixture.arguments("out.csv", limit: 30, ["--webhook-listen", "127.0.0.1:\(port)", "--quiet"])
            process.standardError = FileHandle.nullDevice
            try process.run()
            defer { if process.isRunning { process.terminate() } }
            var status = 0
            for _ in 0..<50 {
                var request = URLRequest(url: try url("http://127.0.0.1:\(port)/hooks/forged-token/waterfall_phone"))
                request.httpMethod = "POST"
                request.httpBody = Data(#"{"status":"SUCCEEDED","input":{"task":{"job_id":"x"}}}"#.utf8)
                if let (_, response) = try? await URLSession.shared.data(for: request), let http = response as? HTTPURLResponse {
                    status = http.statusCode
                    break
                }
                try await Task.sleep(for: .milliseconds(100))
            }
            process.waitUntilExit()
            #expect(status == 404)
            #expect(process.terminationStatus == 0)
            #expect(try fixture.audit().count == 30)
        }
    }
}
