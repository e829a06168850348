import Foundation

/// Whether a started `enrich` already watches `signals`. A fixed sleep before `kill` is not
/// enough on a loaded machine: a signal that comes before the watch is installed takes the
/// default action (or, between `SIG_IGN` and the source's registration, is dropped), and the
/// test then sees the shell's 130 instead of SPEC's 3. Dispatch watches a signal through a
/// signalfd whose mask `/proc` shows, so that is the moment to wait for.
enum SignalReadiness {
    /// Waits until `process` has a signalfd for each of `signals`; false at `timeout` or once
    /// the process has ended.
    static func waitUntilWatched(_ signals: [Int32], by process: Process, timeout: TimeInterval = 30) -> Bool {
        let pid = process.processIdentifier
        let wanted = signals.reduce(UInt64(0)) { $0 | (UInt64(1) << UInt64($1 - 1)) }
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            guard process.isRunning else { return false }
            if watchedMask(pid: pid) & wanted == wanted { return true }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return false
    }

    /// The signals of all the process's signalfds, as a mask (bit n-1 for signal n).
    private static func watchedMask(pid: Int32) -> UInt64 {
        let descriptors = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd")) ?? []
        var mask: UInt64 = 0
        for descriptor in descriptors {
            let link = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/fd/\(descriptor)")) ?? ""
            guard link.contains("signalfd"),
                let info = try? String(contentsOfFile: "/proc/\(pid)/fdinfo/\(descriptor)", encoding: .utf8)
            else { continue }
            for line in info.split(separator: "\n") where line.hasPrefix("sigmask:") {
                let hex = line.dropFirst("sigmask:".count).trimmingCharacters(in: .whitespaces)
                mask |= UInt64(hex, radix: 16) ?? 0
            }
        }
        return mask
    }
}
