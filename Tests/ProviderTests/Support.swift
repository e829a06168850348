import CurlHTTP
import EnrichCore
import Foundation
import Logging
import ProviderHTTP
import Simulator
import Testing

/// Records every journaled job, as the checkpoint would.
actor RecordingJournal: JobJournal {
    private(set) var jobs: [LaunchedJob] = []
    private(set) var intents: [LaunchIntent] = []
    /// Withhold every launch after this many, as a reached budget does.
    var allowed = Int.max

    func willLaunch(_ intent: LaunchIntent) async -> LaunchPermission {
        guard intents.count < allowed else { return .withheld(reason: "budget reached") }
        intents.append(intent)
        return .granted
    }

    func launched(_ job: LaunchedJob) async { jobs.append(job) }

    /// Launches announced and then certainly not processed.
    private(set) var withdrawn: [LaunchIntent] = []

    func notLaunched(_ intent: LaunchIntent) async { withdrawn.append(intent) }

    func allow(_ count: Int) { allowed = count }
}

/// Fast retries without randomness, so a 5xx test takes milliseconds.
let quickRetry = RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(5), maxDelay: .milliseconds(20), jitter: { $0 })

/// A running simulator whose jobs finish after 30 ms, and an HTTP client; both stopped after.
func withSim<T: Sendable>(
    _ configure: (inout SimulatorConfiguration) -> Void = { _ in },
    _ body: (RunningSimulator, HTTPClient) async throws -> T
) async throws -> T {
    var configuration = SimulatorConfiguration()
    configuration.jobDuration = .fixed(.milliseconds(30))
    configure(&configuration)
    var logger = Logger(label: "provider-test")
    logger.logLevel = .critical
    let http = try HTTPClient()
    do {
        let value = try await withRunningSimulator(configuration: configuration, logger: logger) { running in
            try await body(running, http)
        }
        await http.shutdown()
        return value
    } catch {
        await http.shutdown()
        throw error
    }
}

/// The simulator's default key per kind.
func simKey(_ kind: ProviderKind) -> String {
    switch kind {
    case .waterfallPhone, .waterfallContact: "sim-waterfall-key"
    case .apollo: "sim-apollo-key"
    case .lantern: "sim-lantern-key"
    case .pronto: "sim-pronto-key"
    }
}

/// An adapter pointed at the simulator, polling every 10 ms (doubling to 40 ms). The default
/// deadline is far beyond the simulator's 30 ms jobs, so a loaded machine cannot turn a slow
/// poll into a deadline; the tests of the deadline pass their own.
func makeProvider(
    _ kind: ProviderKind, _ running: RunningSimulator, _ http: HTTPClient, name: String? = nil, key: String? = nil,
    options: [String: String] = [:], deadline: Duration = .seconds(60), credits: Int = 1
) -> any Provider {
    let settings = ProviderSettings(
        name: name ?? kind.rawValue.replacingOccurrences(of: ".", with: "_"), kind: kind, apiKey: Secret(key ?? simKey(kind)),
        baseURL: running.baseURL(forKind: kind.rawValue), maxWait: .seconds(30), creditsPerLookup: credits,
        pollInterval: .milliseconds(10), pollMaxInterval: .milliseconds(40), jobDeadline: deadline, options: options)
    return Providers.make(settings, http: http, retry: quickRetry)
}

func request(_ values: [CanonicalField: String], key: String = "1", fields: Set<EnrichField> = [.phone]) -> LookupRequest {
    LookupRequest(identifiers: Identifiers(values), recordKey: key, fields: fields)
}

extension LookupOutcome {
    var failure: LookupFailure? {
        if case .failed(let failure) = status { return failure }
        return nil
    }

    var isNotFound: Bool {
        if case .notFound = status { return true }
        return false
    }

    var unusable: (reason: String, firstNotice: Bool)? {
        if case .providerUnusable(let reason, let first) = status { return (reason, first) }
        return nil
    }

    var inDoubtReason: String? {
        if case .inDoubt(let reason) = status { return reason }
        return nil
    }

    var exhaustedReason: String? {
        if case .exhausted(let reason) = status { return reason }
        return nil
    }
}

/// True for an E.164 number.
func isE164(_ text: String?) -> Bool {
    guard let text else { return false }
    return PhoneNumber.isE164(text)
}

/// Reads a fixture copied from a provider page.
func fixture(_ name: String) throws -> [UInt8] {
    let directory = String(#filePath).split(separator: "/").dropLast().joined(separator: "/")
    return Array(try String(contentsOfFile: "/\(directory)/Fixtures/\(name)", encoding: .utf8).utf8)
}
