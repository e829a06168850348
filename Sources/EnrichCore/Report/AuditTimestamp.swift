/// Reads the audit's ISO 8601 times (`2027-01-15T08:00:01.500Z`, or with an offset such as
/// `+02:00`) into milliseconds since 1970.
///
/// Hand-written because the report reads two per line for millions of lines, and
/// `ISO8601DateFormatter` costs microseconds each; it also needs no shared formatter.
enum AuditTimestamp {
    static func milliseconds(_ text: String) -> Int64? {
        var utf8 = text.utf8[...]
        func number(_ digits: Int) -> Int64? {
            guard utf8.count >= digits else { return nil }
            var value: Int64 = 0
            for byte in utf8.prefix(digits) {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int64(byte - UInt8(ascii: "0"))
            }
            utf8 = utf8.dropFirst(digits)
            return value
        }
        func expect(_ character: Character) -> Bool {
            guard let byte = character.asciiValue, utf8.first == byte else { return false }
            utf8 = utf8.dropFirst()
            return true
        }
        guard let year = number(4), expect("-"), let month = number(2), expect("-"), let day = number(2),
            expect("T") || expect("t") || expect(" "),
            let hour = number(2), expect(":"), let minute = number(2), expect(":"), let second = number(2),
            (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        var millis: Int64 = 0
        if expect(".") {
            var scale: Int64 = 100
            var digits = 0
            while let byte = utf8.first, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                millis += Int64(byte - UInt8(ascii: "0")) * scale
                scale /= 10
                digits += 1
                utf8 = utf8.dropFirst()
            }
            guard digits > 0 else { return nil }
        }
        var offsetMinutes: Int64 = 0
        if expect("Z") || expect("z") {
        } else if let sign = utf8.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            utf8 = utf8.dropFirst()
            guard let hours = number(2) else { return nil }
            _ = expect(":")
            guard let minutes = number(2) else { return nil }
            offsetMinutes = (hours * 60 + minutes) * (sign == UInt8(ascii: "-") ? -1 : 1)
        } else {
            return nil
        }
        guard utf8.isEmpty else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3_600 + minute * 60 + second - offsetMinutes * 60
        return seconds * 1_000 + millis
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
