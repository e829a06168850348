import Foundation

/// The three timestamp spellings the vendors use side by side (NOTES.md: parse all three).
enum Timestamps {
    /// `2024-01-15T12:00:00.000000+00:00`
    static func offset(_ date: Date) -> String { micro(date) + "+00:00" }
    /// `2023-09-20T20:23:36.086988` (no offset at all)
    static func naive(_ date: Date) -> String { micro(date) }
    /// `2026-01-08T08:05:49Z`
    static func zulu(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
    /// `2026-01-08T08:05:50.241Z`
    static func zuluMillis(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    private static func micro(_ date: Date) -> String {
        let seconds = floor(date.timeIntervalSince1970)
        let micros = Int((date.timeIntervalSince1970 - seconds) * 1_000_000)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate, .withTime, .withColonSeparatorInTime, .withDashSeparatorInDate]
        return formatter.string(from: Date(timeIntervalSince1970: seconds)) + "." + String(format4: micros, width: 6)
    }
}
