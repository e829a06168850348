import Foundation
import TestSupport
import Testing

@Suite struct CreditCheckTests {
    @Test func planAsksLanternForItsBalanceOnlyWhenTold() throws {
        let sim = try SimulatorProcess()
        defer { sim.stop() }
        let folder = try TemporaryFolder()
        func mapping(key: String) throws -> String {
            try folder.write(
                "m-\(key).yml",
                Array(
                    """
                    version: 1
                    fields: { email: Email }
                    enrich:
                      phone: { providers: [lantern], columns: { Phone: phone } }
                    providers:
                      lantern: { kind: lantern, api_key: \(key), base_url: "\(sim.baseURL)" }
                    """.utf8))
        }
        let input = EnrichProcess.sample("crm-export.csv")
        let plain = try EnrichProcess.run(["plan", input, "-m", try mapping(key: "sim-lantern-key")])
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(!plain.stdout.contains("credits remaining"))
        let checked = try EnrichProcess.run(["plan", input, "-m", try mapping(key: "sim-lantern-key"), "--check-credits"])
        #expect(checked.status == 0, "\(checked.stderr)")
        #expect(checked.stdout.contains("credits remaining: lantern 10000"))
        let wrong = try EnrichProcess.run(["plan", input, "-m", try mapping(key: "not-the-key"), "--check-credits"])
        #expect(wrong.stdout.contains("credits remaining: lantern unknown"))
        #expect(!wrong.stdout.contains("not-the-key"), "a key never shows")
    }
}
