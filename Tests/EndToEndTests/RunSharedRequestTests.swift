import Foundation
import TestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

extension RunEndToEnd {
    /// Rows whose identities differ but that send a provider the same request.
    @Suite struct RunSharedRequestTests {
        /// A mapping file keyed by "Record ID", with `body`'s fields, enrich and providers.
        static func mapping(_ folder: TemporaryFolder, _ body: String) throws -> String {
            try folder.write("mapping.yml", Array("version: 1\ninput: { id: \"Record ID\" }\n\(body)\n".utf8))
        }

        /// Ten people, each in three rows: the same work email (once in capitals) under three
        /// spellings of the name, so three identities. Waterfall's contact finder is asked by
        /// email alone: an email found is paid once, and the other rows take that answer
        /// (audit outcome `shared`, nothing charged) and get the same cells.
        @Test(.timeLimit(.minutes(2))) func rowsSendingTheSameRequestPayOnce() async throws {
            let folder = try TemporaryFolder()
            let sim = try SimulatorProcess(config: folder.write("sim.yml", Array("job_duration: 150ms\n".utf8)))
            defer { sim.stop() }
            let mapping = try Self.mapping(
                folder,
                """
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
                """)
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

        /// Row 1 and row 22 are one name at one company with two emails: two identities, one
        /// Lantern request (it searches by name and company first). A budget of 1 credit stops
        /// the run after row 1 paid; the rerun with a bigger budget reaches row 22, which takes
        /// row 1's find from the checkpoint (`shared`, nothing charged), as the same run
        /// without a stop does, cells and all.
        @Test(.timeLimit(.minutes(2))) func aFindPaidBeforeARestartIsNotPaidAgain() async throws {
            let folder = try TemporaryFolder()
            let sim = try SimulatorProcess(
                config: folder.write("sim.yml", Array("lantern: { credits: 1000 }\nhit_rates: { lantern: { phone: 1.0 } }\n".utf8)))
            defer { sim.stop() }
            let mapping = try Self.mapping(
                folder,
                """
                fields: { first_name: "First Name", last_name: "Last Name", company: "Company", email: "Email" }
                enrich:
                  phone: { providers: [lantern], columns: { "Mobile Phone": phone } }
                providers:
                  lantern: { kind: lantern, api_key: "sim-lantern-key", base_url: "\(sim.baseURL)" }
                """)
            var csv = "Record ID,First Name,Last Name,Company,Email\nr1,Ada,Byron,Analytical,ada@one.example\n"
            for index in 2...21 { csv += "r\(index),Grace\(index),Hopper,Navy \(index),\n" }
            csv += "r22,Ada,Byron,Analytical,ada@two.example\n"
            let input = try folder.write("people.csv", Array(csv.utf8))
            func run(_ output: String, _ extra: [String]) throws -> EnrichProcess.Result {
                try EnrichProcess.run(
                    ["run", input, "--mapping", mapping, "--output", folder.path(output), "--concurrency", "1", "--quiet"] + extra,
                    timeout: 45)
            }
            func charges() async throws -> Int {
                let (data, _) = try await URLSession.shared.data(from: try #require(URL(string: sim.baseURL + "/__sim/ledger")))
                let ledger = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
                return (ledger["charges"] as? [Any])?.count ?? -1
            }

            let first = try run("out.csv", ["--max-credits", "1"])
            #expect(first.status == 4, "\(first.stderr)")
            #expect(try await charges() == 1)
            let rest = try run("out.csv", ["--max-credits", "1000"])
            #expect(rest.status == 0, "\(rest.stderr)")
            #expect(try await charges() == 21, "rows 1 to 21 paid once each; row 22 took row 1's find")
            let audit = try String(decoding: folder.read("out.csv.audit.jsonl"), as: UTF8.self).split(separator: "\n").map {
                try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] ?? [:]
            }
            let last = try #require(audit.last?["attempts"] as? [[String: Any]])
            #expect(last.map { $0["outcome"] as? String } == ["shared"] && last.first?["charged"] as? Bool == false, "\(last)")

            let reference = try run("reference.csv", [])
            #expect(reference.status == 0, "\(reference.stderr)")
            #expect(try folder.read("out.csv") == folder.read("reference.csv"))
        }
    }
}
