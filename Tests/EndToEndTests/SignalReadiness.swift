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

    /// Waits until `process` catches `signal` with a handler but has no signalfd for it yet:
    /// `enrich run` starting, before Dispatch watches the signal for it. False if the watch
    /// comes first, the process ends, or at `timeout`. Dispatch puts its handler in place just
    /// before its signalfd; two samples in a row keep a test from taking that for the window.
    static func waitUntilCaughtBeforeWatched(_ signal: Int32, by process: Process, timeout: TimeInterval = 30) -> Bool {
        let pid = process.processIdentifier
        let bit = UInt64(1) << UInt64(signal - 1)
        let deadline = Date().addingTimeInterval(timeout)
        var seen = 0
        while Date() < deadline && process.isRunning {
            // Until exec, /proc shows the child of the test's own process.
            guard let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/exe"), exe.hasSuffix("/enrich")
            else { continue }
            if watchedMask(pid: pid) & bit != 0 { return false }
            guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return false }
            seen = mask("SigCgt:", in: status) & bit != 0 ? seen + 1 : 0
            if seen == 2 { return true }
        }
        return false
    }

    private static func mask(_ name: String, in status: String) -> UInt64 {
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(name) }) else { return 0 }
        return UInt64(line.dropFirst(name.count).trimmingCharacters(in: .whitespaces), radix: 16) ?? 0
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
