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
    private let counts: Mutex<(ok: [Int], refused: [Int], failed: Int)>

    init(seconds: Int) {
        counts = Mutex((Array(repeating: 0, count: seconds + 2), Array(repeating: 0, count: seconds + 2), 0))
    }

    func add(second: Int, ok: Int = 0, refused: Int = 0, failed: Int = 0) {
        counts.withLock { c in
            let i = min(max(second, 0), c.ok.count - 1)
            c.ok[i] += ok
            c.refused[i] += refused
            c.failed += failed
        }
    }

    var snapshot: (ok: [Int], refused: [Int], failed: Int) { counts.withLock { $0 } }
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
    let second: @Sendable () -> Int = { Int((start.duration(to: clock.now)).components.seconds) }

    await withTaskGroup(of: Void.self) { group in
        for _ in 0..<options.concurrency {
            group.addTask {
                while clock.now < deadline {
                    if options.mode == "raw" {
                        do {
                            let response = try await http.execute(request)
                            tally.add(second: second(), ok: response.status == 200 ? 1 : 0, failed: response.status == 200 ? 0 : 1)
                        } catch {
                            tally.add(second: second(), failed: 1)
                        }
                    } else {
                        let result = await provider.send(request)
                        let refused = result.report.attempts.filter { $0.status == 429 }.count
                        let ok = result.outcome.isOK ? 1 : 0
                        tally.add(second: second(), ok: ok, refused: refused, failed: 1 - ok)
                    }
                }
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
