import Foundation
import TestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

extension RunEndToEnd {
    /// A simulator, a Lantern-only mapping and a generated input: `skipped` rows with every
    /// identifier blank, then `lookedUp` rows with a distinct name and company each.
    final class LanternOnly {
        let folder: TemporaryFolder
        let sim: SimulatorProcess
        let mapping: String
        let input: String

        /// - Parameter simConfig: more YAML for the simulator (latencies, faults).
        init(skipped: Int, lookedUp: Int, simConfig: String = "") throws {
            folder = try TemporaryFolder()
            sim = try SimulatorProcess(config: folder.write("sim.yml", Array("lantern: { credits: 100000 }\n\(simConfig)".utf8)))
            mapping = try folder.write(
                "mapping.yml",
                Array(
                    """
                    version: 1
                    input: { id: "Record ID" }
                    fields: { first_name: "First Name", last_name: "Last Name", company: "Company" }
                    enrich:
                      phone: { providers: [lantern], columns: { "Mobile Phone": phone } }
                    providers:
                      lantern: { kind: lantern, api_key: "sim-lantern-key", base_url: "\(sim.baseURL)" }
                    """.utf8))
            var csv = "Record ID,First Name,Last Name,Company\n"
            for index in 0..<skipped { csv += "blank-\(index),,,\n" }
            for index in 0..<lookedUp { csv += "person-\(index),Ada\(index),Byron,Analytical \(index)\n" }
            input = try folder.write("people.csv", Array(csv.utf8))
        }

        /// `enrich run INPUT --mapping M --output OUTPUT --concurrency 32 --quiet extra…`
        func run(_ output: String = "out.csv", _ extra: [String] = []) throws -> EnrichProcess.Result {
            try EnrichProcess.run(
                ["run", input, "--mapping", mapping, "--output", folder.path(output), "--concurrency", "32", "--quiet"] + extra,
                timeout: 45)
        }

        func audit(_ output: String = "out.csv") throws -> [[String: Any]] {
            try String(decoding: folder.read(output + ".audit.jsonl"), as: UTF8.self).split(separator: "\n").map {
                try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] ?? [:]
            }
        }

        func ledger() async throws -> [String: Any] {
            let (data, _) = try await URLSession.shared.data(from: try #require(URL(string: sim.baseURL + "/__sim/ledger")))
            return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
        }

        func close() { sim.stop() }

        deinit { close() }
    }
}
