import Foundation

/// ISO 8601 UTC with milliseconds (`2026-11-21T19:53:06.123Z`), without a formatter object:
/// rows finish on many tasks, and `ISO8601DateFormatter` is neither cheap nor `Sendable`.
enum Timestamp {
    static func iso8601(_ date: Date) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(24)
        appendISO8601(date, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    static func appendISO8601(_ date: Date, to out: inout [UInt8]) {
        let interval = date.timeIntervalSince1970
        var seconds = time_t(interval.rounded(.down))
        var millis = Int(((interval - Double(seconds)) * 1000).rounded(.down))
        if millis >= 1000 {
            seconds += 1
            millis -= 1000
        }
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func digits(_ value: Int, _ width: Int) {
            var divisor = 1
            for _ in 1..<width { divisor *= 10 }
            var rest = value
            while divisor > 0 {
                out.append(UInt8(ascii: "0") + UInt8(rest / divisor % 10))
                rest %= divisor
                divisor /= 10
            }
        }
        let year = Int(parts.tm_year) + 1900
        if year >= 0 && year <= 9999 { digits(year, 4) } else { out.append(contentsOf: String(year).utf8) }
        out.append(UInt8(ascii: "-"))
        digits(Int(parts.tm_mon) + 1, 2)
        out.append(UInt8(ascii: "-"))
        digits(Int(parts.tm_mday), 2)
        out.append(UInt8(ascii: "T"))
        digits(Int(parts.tm_hour), 2)
        out.append(UInt8(ascii: ":"))
        digits(Int(parts.tm_min), 2)
        out.append(UInt8(ascii: ":"))
        digits(Int(parts.tm_sec), 2)
        out.append(UInt8(ascii: "."))
        digits(millis, 3)
        out.append(UInt8(ascii: "Z"))
    }
}
