import Foundation

/// Reads how long a 429 asks us to wait: the `Retry-After` header (delta-seconds or HTTP-date,
/// RFC 9110 §10.2.3) or the JSON body's `retry_after` / `retry_after_seconds` (a number or a
/// numeric string, as Lantern and Apollo send it).
enum RetryAfter {
    /// The header wins when both are given; nil when neither says anything usable.
    /// `now` is the wall-clock time in seconds since 1970, needed for HTTP-dates.
    static func delay(header: String?, body: [UInt8], now: Double) -> Duration? {
        if let header, let delay = parseHeader(header, now: now) { return delay }
        return parseBody(body)
    }

    static func parseHeader(_ value: String, now: Double) -> Duration? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Double(trimmed), seconds.isFinite {
            return .wait(seconds: seconds)
        }
        guard let date = HTTPDate.parse(trimmed) else { return nil }
        // A date in the past means "now".
        return .wait(seconds: date - now)
    }

    static func parseBody(_ body: [UInt8]) -> Duration? {
        // Hints are small top-level fields; don't parse a large body looking for one.
        guard !body.isEmpty, body.count <= 64 * 1024,
            let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any]
        else { return nil }
        for key in ["retry_after", "retry_after_seconds"] {
            // `is Bool` is true for the numbers 0 and 1 on Linux (an NSNumber bridges to Bool), so
            // `"retry_after": 1` was dropped; a JSON boolean is the one with objCType "c".
            if let number = object[key] as? NSNumber, String(cString: number.objCType) != "c" {
                let seconds = number.doubleValue
                if seconds.isFinite { return .wait(seconds: seconds) }
            }
            if let text = object[key] as? String, let seconds = Double(text.trimmingCharacters(in: .whitespaces)),
                seconds.isFinite
            {
                return .wait(seconds: seconds)
            }
        }
        return nil
    }
}

/// HTTP-dates: IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), and leniently the obsolete
/// RFC 850 (`Sunday, 06-Nov-94 08:49:37 GMT`) and asctime (`Sun Nov  6 08:49:37 1994`) forms.
enum HTTPDate {
    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    /// Seconds since 1970, or nil.
    static func parse(_ text: String) -> Double? {
        let parts = text.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
        var day: Int?
        var month: Int?
        var year: Int?
        var time: [Int]?
        for part in parts.dropFirst() {
            if part.contains(":") {
                time = part.split(separator: ":").compactMap { Int($0) }
            } else if part.contains("-") {
                let dmy = part.split(separator: "-").map(String.init)
                guard dmy.count == 3 else { return nil }
                day = Int(dmy[0])
                month = monthNumber(dmy[1])
                year = Int(dmy[2]).map { $0 < 100 ? ($0 < 70 ? 2000 + $0 : 1900 + $0) : $0 }
            } else if let m = monthNumber(part) {
                month = m
            } else if let n = Int(part) {
                if day == nil && n <= 31 && year == nil { day = n } else { year = n }
            }
        }
        // Bounded before the arithmetic: a year or an hour past Int's range over 86 400 would
        // overflow it and trap, and a server's header must never end the run.
        guard let day, let month, let year, let time, time.count == 3, (1...31).contains(day), (1...9999).contains(year),
            time.allSatisfy({ (0...60).contains($0) })
        else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        return Double(days * 86_400 + time[0] * 3600 + time[1] * 60 + time[2])
    }

    private static func monthNumber(_ name: String) -> Int? {
        months.firstIndex(of: name.lowercased()).map { $0 + 1 }
    }

    /// Days since 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant's algorithm).
    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
