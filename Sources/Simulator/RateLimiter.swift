import Foundation

/// A fixed-window request counter per API key; answers how long to wait when the window is full.
final class RateLimiter: Sendable {
    private struct Window {
        var start: ContinuousClock.Instant
        var count: Int
    }

    private let settings: SimulatorConfiguration.RateLimit
    private let windows = Locked<[String: Window]>([:])

    init(_ settings: SimulatorConfiguration.RateLimit) {
        self.settings = settings
    }

    /// `nil` when the request may go on, else the seconds to announce in the 429.
    /// The key is only read when a limit is set: without one, no request pays for the lookup.
    func admit(key presentedKey: @autoclosure () -> String, now: ContinuousClock.Instant = .now) -> Int? {
        guard settings.limit > 0 else { return nil }
        let key = presentedKey()
        return windows.withLock { windows in
            var window = windows[key] ?? Window(start: now, count: 0)
            if now - window.start >= settings.window {
                window = Window(start: now, count: 0)
            }
            window.count += 1
            windows[key] = window
            guard window.count > settings.limit else { return nil }
            return max(1, settings.retryAfterSeconds)
        }
    }

    func reset() {
        windows.withLock { $0 = [:] }
    }

    /// Headers and body field for a 429, as the `hint` setting says.
    func hint(seconds: Int, now: Date = Date()) -> (header: String?, body: Int?) {
        switch settings.hint {
        case .header: (String(seconds), nil)
        case .body: (nil, seconds)
        case .both: (String(seconds), seconds)
        case .httpDate: (RateLimiter.httpDate(now.addingTimeInterval(TimeInterval(seconds))), nil)
        }
    }

    static func httpDate(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.string(from: date)
    }
}
