import Foundation

/// Waterfall writes ISO 8601 times three ways side by side: with `Z`, with `+00:00`, and with
/// no offset at all (then UTC); fractions have 0 to 6 digits.
enum WaterfallTimestamp {
    static func parse(_ text: String) -> Date? {
        var body = Substring(text.trimmingWhitespace())
        var offset = 0
        if body.hasSuffix("Z") || body.hasSuffix("z") {
            body = body.dropLast()
        } else if let sign = body.lastIndex(where: { $0 == "+" || $0 == "-" }),
            body.distance(from: body.startIndex, to: sign) > 10
        {
            let zone = body[body.index(after: sign)...].split(separator: ":")
            // Bounded before the arithmetic: an hour of 1e17 would overflow it and trap.
            guard zone.count <= 2, let hours = Int(zone.first ?? ""), let minutes = Int(zone.count == 2 ? zone[1] : "00"),
                (0...24).contains(hours), (0...59).contains(minutes)
            else { return nil }
            offset = (hours * 3600 + minutes * 60) * (body[sign] == "-" ? -1 : 1)
            body = body[..<sign]
        }
        var fraction = 0.0
        if let dot = body.firstIndex(of: ".") {
            let digits = body[body.index(after: dot)...]
            guard !digits.isEmpty, digits.allSatisfy(\.isNumber), let value = Double("0." + digits) else { return nil }
            fraction = value
            body = body[..<dot]
        }
        let parts = body.split(whereSeparator: { "-T:".contains($0) }).compactMap { Int($0) }
        guard parts.count == 6 else { return nil }
        var components = DateComponents()
        components.year = parts[0]
        components.month = parts[1]
        components.day = parts[2]
        components.hour = parts[3]
        components.minute = parts[4]
        components.second = parts[5]
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        guard let date = calendar.date(from: components) else { return nil }
        return date.addingTimeInterval(fraction - Double(offset))
    }
}
