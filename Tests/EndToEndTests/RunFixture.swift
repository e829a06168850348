import Foundation
import TestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The `enrich run` end-to-end suites, one at a time: each starts a simulator and runs at
/// full speed, and side by side they starve each other (and the timing tests elsewhere) of the
/// machine's two cores.
@Suite(.serialized) enum RunEndToEnd {}

/// One enrichment scenario: a simulator process with its configuration, a mapping pointing at
/// it, a folder for outputs; everything stopped and removed by `close()`.
final class RunFixture {
    let folder: TemporaryFolder
    let sim: SimulatorProcess
    let mapping: String
    let input = EnrichProcess.sample("crm-export.csv")

    /// - Parameters:
    ///   - simConfig: YAML for `enrich sim --config`.
    ///   - keys: the API keys the mapping gives (the simulator's by default).
    ///   - providers: extra YAML lines under each provider (e.g. `max_credits: 10`).
    init(
        simConfig: String = "", keys: Keys = Keys(), inDoubt: String = "relaunch", providerExtra: String = "",
        emailProviders: String = "waterfall_contact, pronto"
    ) throws {
        folder = try TemporaryFolder()
        let jobTiming = simConfig.contains("job_duration") ? "" : "job_duration: 150ms\n"
        let config = try folder.write("sim.yml", Array((jobTiming + simConfig).utf8))
        sim = try SimulatorProcess(config: config)
        let base = sim.baseURL
        let timing = "poll_interval: 100ms, poll_max_interval: 400ms, job_deadline: 30s"
        mapping = try folder.write(
            "mapping.yml",
            Array(
                """
                version: 1
                input: { id: "Record ID" }
                fields:
                  first_name: "First Name"
                  last_name: "Last Name"
                  full_name: "Full Name"
                  email: { columns: ["Work Email", "Email"], transform: [trim, lower] }
                  linkedin: { column: "LinkedIn URL", transform: linkedin_slug }
                  company: "Company"
                  domain: { columns: ["Website", "Work Email"], transform: domain }
                  country: "Country"
                enrich:
                  phone:
                    providers: [waterfall_phone, lantern, pronto]
                    columns: { "Mobile Phone": phone, "Phone Source": provider }
                  email:
                    providers: [\(emailProviders)]
                    columns: { "Work Email (found)": email, "Email Status": email_status, "Found Title": title }
                providers:
                  waterfall_phone: { kind: waterfall.phone, api_key: "\(keys.waterfall)", base_url: "\(base)", \(timing)\(providerExtra) }
                  waterfall_contact: { kind: waterfall.contact, api_key: "\(keys.waterfall)", base_url: "\(base)", \(timing)\(providerExtra) }
                  lantern: { kind: lantern, api_key: "\(keys.lantern)", base_url: "\(base)"\(providerExtra) }
                  pronto: { kind: pronto, api_key: "\(keys.pronto)", base_url: "\(base)/api/v2", credits_per_lookup: 3, \(timing)\(providerExtra) }
                  apollo: { kind: apollo, api_key: "sim-apollo-key", base_url: "\(base)/api/v1", \(timing)\(providerExtra) }
                in_doubt: \(inDoubt)
                """.utf8))
    }

    struct Keys {
        var waterfall = "sim-waterfall-key"
        var lantern = "sim-lantern-key"
        var pronto = "sim-pronto-key"
    }

    func path(_ name: String) -> String { folder.path(name) }

    /// `enrich run INPUT --mapping M --output NAME --concurrency 32 extra…`
    func run(_ output: String = "out.csv", limit: Int = 120, _ extra: [String] = [], timeout: TimeInterval = 120) throws
        -> EnrichProcess.Result
    {
        try EnrichProcess.run(arguments(output, limit: limit, extra), timeout: timeout)
    }

    func arguments(_ output: String, limit: Int, _ extra: [String]) -> [String] {
        ["run", input, "--mapping", mapping, "--output", path(output), "--concurrency", "32", "--limit", String(limit)] + extra
    }

    /// Starts a run and sends it `signal` `seconds` after it starts watching for signals; gives
    /// its exit status.
    func runAndSignal(_ output: String, limit: Int = 120, after seconds: Double, signal: Int32, extra: [String] = []) throws -> Int32 {
        let process = Process()
        process.executableURL = EnrichProcess.binary
        process.arguments = arguments(output, limit: limit, extra + ["--quiet"])
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        _ = SignalReadiness.waitUntilWatched([SIGINT, SIGTERM], by: process)
        Thread.sleep(forTimeInterval: seconds)
        if process.isRunning { kill(process.processIdentifier, signal) }
        process.waitUntilExit()
        return process.terminationStatus
    }

    func read(_ name: String) throws -> Data {
        try Data(contentsOf: folder.url.appendingPathComponent(name))
    }

    /// The audit's lines as objects.
    func audit(_ name: String = "out.csv.audit.jsonl") throws -> [[String: Any]] {
        try String(decoding: read(name), as: UTF8.self).split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] ?? [:]
        }
    }

    /// The audit without what differs between an interrupted and an uninterrupted run by
    /// design: timestamps and the `attempts` history (a resumed lookup polls a journaled job
    /// instead of launching it). Each line as sorted-key JSON.
    func auditOutcome(_ name: String = "out.csv.audit.jsonl") throws -> [String] {
        try audit(name).map { object in
            var object = object
            for key in ["started_at", "finished_at", "attempts"] { object[key] = nil }
            return String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
        }
    }

    /// The simulator's ledger: charges, duplicate charges, requests.
    func ledger() async throws -> [String: Any] {
        let (data, _) = try await URLSession.shared.data(from: try url(sim.baseURL + "/__sim/ledger"))
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }

    func resetLedger() async throws {
        try await post("/__sim/reset")
    }

    /// Ends the simulator's `revoke_keys_after` refusals.
    func restoreKeys() async throws {
        try await post("/__sim/keys/restore")
    }

    private func post(_ path: String) async throws {
        var request = URLRequest(url: try url(sim.baseURL + path))
        request.httpMethod = "POST"
        _ = try await URLSession.shared.data(for: request)
    }

    func close() {
        sim.stop()
    }

    deinit { close() }
}

struct BadURL: Error {}

/// A TCP port on 127.0.0.1 that is free now (the OS picks it; it may be taken again before use,
/// which is unlikely in a test's next second).
func freePort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
    }
    guard bound else { throw BadURL() }
    return Int(UInt16(bigEndian: address.sin_port))
}

func url(_ text: String) throws -> URL {
    guard let url = URL(string: text) else { throw BadURL() }
    return url
}
