import EnrichCore
import Foundation
import Logging
import ProviderHTTP

/// Shows how the run goes: on a terminal a live line, rewritten every second; otherwise a log
/// line every 5 seconds (SPEC "While it runs").
struct ProgressReporter: Sendable {
    let board: ProgressBoard
    /// 429 answers as they arrive: the board has only those of rows written.
    let rateLimits: RateLimitTally
    let logger: Logger
    let live: Bool
    /// The input's size, when it is a file: the share read gives an ETA.
    let inputBytes: Int?
    let started = ContinuousClock.now

    /// "37 % · ETA 1m12s" from the share of the input read so far, or nil.
    private func eta(_ now: ProgressBoard.Snapshot, seconds: Double) -> (percent: Int, eta: String)? {
        guard let inputBytes, inputBytes > 0, now.bytesRead > 0 else { return nil }
        let share = min(1, Double(now.bytesRead) / Double(inputBytes))
        let left = Int(seconds * (1 - share) / share)
        let text = left >= 3600 ? "\(left / 3600)h\(left % 3600 / 60)m" : left >= 60 ? "\(left / 60)m\(left % 60)s" : "\(left)s"
        return (Int(share * 100), text)
    }

    func run() async {
        let interval: Duration = live ? .seconds(1) : .seconds(5)
        while !Task.isCancelled {
            do { try await Task.sleep(for: interval) } catch { return }
            let now = board.snapshot
            let seconds = max(0.001, Self.seconds(ContinuousClock.now - started))
            let rate = Double(now.rowsDone) / seconds
            let waits = Double(now.retryAfterMilliseconds) / 1000
            let estimate = eta(now, seconds: seconds)
            if live {
                let share = estimate.map { " (\($0.percent) % · ETA \($0.eta))" } ?? ""
                let line = String(
                    format: "\r\u{1B}[2K%d rows done%@ · %.0f rows/s · %d in flight · %d found · %d credits · 429s %d, waits %.1f s",
                    now.rowsDone, share, rate, now.inFlight, now.found, now.credits, rateLimits.count, waits)
                printRaw(line)
            } else {
                logger.info(
                    "progress",
                    metadata: [
                        "rows_done": "\(now.rowsDone)", "rows_per_s": "\(String(format: "%.1f", rate))", "in_flight": "\(now.inFlight)",
                        "found": "\(now.found)", "credits": "\(now.credits)", "rate_limited": "\(rateLimits.count)",
                        "retry_after_s": "\(String(format: "%.1f", waits))", "input_read_percent": "\(estimate?.percent ?? 0)",
                        "eta": "\(estimate?.eta ?? "unknown")",
                    ])
            }
        }
    }

    /// Clears the live line before the summary.
    func finish() {
        if live { printRaw("\r\u{1B}[2K") }
    }

    private func printRaw(_ text: String) {
        var line = text
        if line.hasSuffix("\n") { line.removeLast() }
        printError(line, newline: false)
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
