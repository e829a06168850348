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
        /// email alone: an email found is paid once, and the other rows take that answer
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
            #expect((ledger["duplicates"] as? [Any])?.isEmpty == true, "\(ledger["duplicates"] ?? "")")
            let charges = ledger["charges"] as? [Any] ?? []

            let lines = String(decoding: try folder.read("out.csv"), as: UTF8.self).split(separator: "\n").dropFirst()
            let cells = lines.map { $0.split(separator: ",", omittingEmptySubsequences: false).dropFirst(3).joined(separator: ",") }
            let audit = try String(decoding: folder.read("out.csv.audit.jsonl"), as: UTF8.self).split(separator: "\n").map {
                try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] ?? [:]
            }
            #expect(audit.count == 30 && cells.count == 30)
            let isShared = { (row: [String: Any]) in
                (row["attempts"] as? [[String: Any]] ?? []).contains { $0["outcome"] as? String == "shared" }
            }
            var found = 0
            for person in 0..<10 {
                let rows = [person, person + 10, person + 20]
                #expect(Set(rows.map { cells[$0] }).count == 1, "person \(person): \(rows.map { cells[$0] })")
                guard !cells[person].hasPrefix(",") else { continue }
                found += 1
                // A find is paid by the row that asked; the other two take it.
                #expect(rows.filter { isShared(audit[$0]) }.count == 2, "person \(person)")
            }
            #expect(found > 0, "the simulator finds some of these emails")
            #expect(charges.count == found, "each email found is paid once")
            for row in audit where isShared(row) {
                #expect((row["attempts"] as? [[String: Any]] ?? []).allSatisfy { $0["charged"] as? Bool != true })
            }
        }
    }
}
