// Load generator for scripts/bench/http: runs for a fixed time with a fixed number of requests
// in flight and prints one line of key=value figures.
//
//   http-bench raw URL [--concurrency 64] [--seconds 5]
//       HTTPClient alone: requests/s.
//   http-bench provider URL [--concurrency 64] [--seconds 5]
//       The same through ProviderClient (gate, retries) with no rate configured.
//   http-bench ratelimited URL [--concurrency 64] [--seconds 40] [--warmup 10]
//       ProviderClient against a server that answers 429 beyond its limit: the sustained rate
//       of 200s after the warm-up, and the share of 429s.
import CurlHTTP
import ProviderHTTP
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

struct Options {
    var mode = ""
    var url = ""
    var concurrency = 64
    var seconds = 5.0
    var warmup = 10.0

    init(_ arguments: [String]) {
        var rest = arguments.makeIterator()
        var positional: [String] = []
        while let argument = rest.next() {
            switch argument {
            case "--concurrency": concurrency = rest.next().flatMap { Int($0) } ?? concurrency
            case "--seconds": seconds = rest.next().flatMap { Double($0) } ?? seconds
            case "--warmup": warmup = rest.next().flatMap { Double($0) } ?? warmup
            default: positional.append(argument)
            }
        }
        mode = positional.first ?? ""
        url = positional.dropFirst().first ?? ""
    }
}

/// Per-second counts of accepted (2xx) and refused (429) attempts.
final class Tally: Sendable {
    struct Counts: Sendable {
        var ok: [Int]
        var refused: [Int]
        var failed = 0

        init(seconds: Int) {
            ok = Array(repeating: 0, count: seconds)
            refused = Array(repeating: 0, count: seconds)
        }

        mutating func add(second: Int, ok: Int = 0, refused: Int = 0, failed: Int = 0) {
            let i = min(max(second, 0), self.ok.count - 1)
            self.ok[i] += ok
            self.refused[i] += refused
            self.failed += failed
        }
    }

    let slots: Int
    private let counts: Mutex<Counts>

    init(seconds: Int) {
        slots = seconds + 2
        counts = Mutex(Counts(seconds: slots))
    }

    func merge(_ other: Counts) {
        counts.withLock { c in
            for i in c.ok.indices {
                c.ok[i] += other.ok[i]
                c.refused[i] += other.refused[i]
            }
            c.failed += other.failed
        }
    }

    var snapshot: Counts { counts.withLock { $0 } }
}

func run(_ options: Options) async throws {
    let http = try HTTPClient()
    let provider = ProviderClient(
        name: "bench", http: http, limits: ProviderLimits(maxInFlight: options.concurrency),
        retry: RetryPolicy(maxAttempts: 3, maxRateLimitRetries: 1000, baseDelay: .milliseconds(50)))
    let request = HTTPRequest(url: options.url, headers: [(name: "Accept", value: "application/json")])
    let clock = ContinuousClock()
    let start = clock.now
    let deadline = start + .seconds(options.seconds)
    let tally = Tally(seconds: Int(options.seconds.rounded(.up)))

    // Each worker counts into its own arrays and hands them over once at the end, and reads
    // the clock once per request: a shared lock and two clock reads per request were driver
    // overhead measured as if it were the client's (the C loop reads the clock once per
    // completion and counts in a local).
    await withTaskGroup(of: Void.self) { group in
        for _ in 0..<options.concurrency {
            group.addTask {
                var local = Tally.Counts(seconds: tally.slots)
                var now = clock.now
                while now < deadline {
                    var ok = 0
                    var refused = 0
                    if options.mode == "raw" {
                        do {
                            let response = try await http.execute(request)
                            ok = response.status == 200 ? 1 : 0
                        } catch {}
                    } else {
                        let result = await provider.send(request)
                        refused = result.report.attempts.filter { $0.status == 429 }.count
                        ok = result.outcome.isOK ? 1 : 0
                    }
                    now = clock.now
                    local.add(second: Int(start.duration(to: now).components.seconds), ok: ok, refused: refused, failed: 1 - ok)
                }
                tally.merge(local)
            }
        }
    }
    let elapsed = start.duration(to: clock.now)
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    await http.shutdown()

    let counts = tally.snapshot
    let ok = counts.ok.reduce(0, +)
    let refused = counts.refused.reduce(0, +)
    var line = "mode=\(options.mode) concurrency=\(options.concurrency) seconds=\(fmt(seconds)) ok=\(ok) failed=\(counts.failed)"
    line += " rps=\(fmt(Double(ok) / seconds))"
    if options.mode == "ratelimited" {
        let from = Int(options.warmup)
        let to = Int(options.seconds)  // whole seconds only: the last partial one is dropped
        let okWindow = counts.ok[from..<to].reduce(0, +)
        let refusedWindow = counts.refused[from..<to].reduce(0, +)
        let rate = await provider.currentRate.map { fmt($0) } ?? "none"
        line += " refused429=\(refused) share429=\(fmt(100 * Double(refused) / Double(max(1, ok + refused))))%"
        line += " window=\(from)-\(to)s sustained=\(fmt(Double(okWindow) / Double(max(1, to - from))))"
        line += " window429=\(refusedWindow) windowShare429=\(fmt(100 * Double(refusedWindow) / Double(max(1, okWindow + refusedWindow))))%"
        line += " adaptiveRate=\(rate)"
        line += " perSecondOk=\(counts.ok[0..<to].map(String.init).joined(separator: ","))"
        line += " perSecond429=\(counts.refused[0..<to].map(String.init).joined(separator: ","))"
    }
    print(line)
}

func fmt(_ value: Double) -> String {
    String((value * 10).rounded() / 10)
}

extension ProviderCall {
    var isOK: Bool {
        if case .response(let response) = self { response.status == 200 } else { false }
    }
}

let options = Options(Array(CommandLine.arguments.dropFirst()))
guard ["raw", "provider", "ratelimited"].contains(options.mode), !options.url.isEmpty else {
    print("usage: http-bench raw|provider|ratelimited URL [--concurrency N] [--seconds S] [--warmup S]")
    exit(2)
}
try await run(options)
