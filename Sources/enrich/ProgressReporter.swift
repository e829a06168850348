import EnrichCore
import Foundation
import Logging

/// Shows how the run goes: on a terminal a live line, rewritten every second; otherwise a log
/// line every 5 seconds (SPEC "While it runs").
struct ProgressReporter: Sendable {
    let board: ProgressBoard
    let logger: Logger
    let live: Bool
    let started = ContinuousClock.now

    func run() async {
        let interval: Duration = live ? .seconds(1) : .seconds(5)
        while !Task.isCancelled {
            do { try await Task.sleep(for: interval) } catch { return }
            let now = board.snapshot
            let seconds = max(0.001, Self.seconds(ContinuousClock.now - started))
            let rate = Double(now.rowsDone) / seconds
            let waits = Double(now.retryAfterMilliseconds) / 1000
            if live {
                let line = String(
                    format: "\r\u{1B}[2K%d rows done · %.0f rows/s · %d in flight · %d found · %d credits · 429 waits %.1f s",
                    now.rowsDone, rate, now.inFlight, now.found, now.credits, waits)
                printRaw(line)
            } else {
                logger.info(
                    "progress",
                    metadata: [
                        "rows_done": "\(now.rowsDone)", "rows_per_s": "\(String(format: "%.1f", rate))", "in_flight": "\(now.inFlight)",
                        "found": "\(now.found)", "credits": "\(now.credits)", "rate_limited": "\(now.rateLimited)",
                        "retry_after_s": "\(String(format: "%.1f", waits))",
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
