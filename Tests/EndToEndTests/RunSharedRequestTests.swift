import Foundation
import TestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

extension RunEndToEnd {
    /// Rows whose identities differ but that send a provider the same request.
    @Suite struct RunSharedRequestTests {
        /// Ten people, each in three rows: the same work email (once in capitals) under three
        /// spellings of the name, so three identities. Waterfall's contact finder is asked by
        /// email alone: each email is launched and paid once, the other rows share its answer
        /// (audit outcome `shared`, nothing charged) and get the same cells.
        @Test(.timeLimit(.minutes(2))) func rowsSendingTheSameRequestPayOnce() async throws {
            let folder = try TemporaryFolder()
            let sim = try SimulatorProcess(config: folder.write("sim.yml", Array("job_duration: 150ms\n".utf8)))
            defer { sim.stop() }
            let mapping = try folder.write(
                "mapping.yml",
                Array(
                    """
                    version: 1
                    input: { id: "Record ID" }
                    fields: { full_name: "Name", email: "Email", domain: { column: "Email", transform: domain } }
                    enrich:
                      email: { providers: [contact], columns: { "Found Email": email, "Title": title } }
                    providers:
                      contact:
                        kind: waterfall.contact
                        api_key: sim-waterfall-key
                        base_url: "\(sim.baseURL)"
                        poll_interval: 50ms
                        poll_max_interval: 100ms
                    """.utf8))
            var csv = "Record ID,Name,Email\n"
            let spellings = ["Ada Byron", "Ada King", "A. Lovelace"]
            for (round, name) in spellings.enumerated() {
                for person in 0..<10 {
                    let email = "ada\(person)@analytical\(person).com"
                    csv += "r\(round)-\(person),\(name),\(round == 2 ? email.uppercased() : email)\n"
                }
            }
            let input = try folder.write("people.csv", Array(csv.utf8))
            let result = try EnrichProcess.run(
                ["run", input, "--mapping", mapping, "--output", folder.path("out.csv"), "--concurrency", "8", "--quiet"], timeout: 60)
            #expect(result.status == 0, "\(result.stderr)")

            let (data, _) = try await URLSession.shared.data(from: try #require(URL(string: sim.baseURL + "/__sim/ledger")))
            let ledger = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            let requests = ledger["requests"] as? [[String: Any]] ?? []
            let launches = requests.filter { $0["method"] as? String == "POST" && $0["path"] as? String == "/v1/enrichment/contact" }
            #expect(launches.count == 10, "one launch per email, not per identity")
            #expect((ledger["duplicates"] as? [Any])?.isEmpty == true, "\(ledger["duplicates"] ?? "")")

            let audit = try String(decoding: folder.read("out.csv.audit.jsonl"), as: UTF8.self).split(separator: "\n").map {
                try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] ?? [:]
            }
            #expect(audit.count == 30)
            let shared = audit.filter { row in
                (row["attempts"] as? [[String: Any]] ?? []).contains { $0["outcome"] as? String == "shared" }
            }
            #expect(shared.count == 20)
            for row in shared {
                let attempts = row["attempts"] as? [[String: Any]] ?? []
                #expect(attempts.allSatisfy { $0["charged"] as? Bool != true })
            }
            let lines = String(decoding: try folder.read("out.csv"), as: UTF8.self).split(separator: "\n").dropFirst()
            let found = { (line: Substring) in
                line.split(separator: ",", omittingEmptySubsequences: false).dropFirst(3).joined(separator: ",")
            }
            for person in 0..<10 {
                let group = [person, person + 10, person + 20].map { found(lines[lines.startIndex + $0]) }
                #expect(Set(group).count == 1, "person \(person): \(group)")
            }
        }
    }
}
