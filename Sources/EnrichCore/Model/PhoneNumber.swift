/// Phone numbers in E.164, the one form `enrich` writes.
public enum PhoneNumber {
    /// `value` in E.164 (`+` and 8 to 15 digits), or nil when it cannot be made so.
    ///
    /// A number already written with `+` or `00` keeps its country code. A national number
    /// (Apollo's raw `916-787-1122`) takes `defaultCallingCode` when it has the length of a
    /// number of that plan; only the North American plan (+1, ten digits) is known here, so
    /// other national numbers are refused rather than guessed.
    public static func e164(_ value: String, defaultCallingCode: String = "1") -> String? {
        var digits = ""
        var plus = false
        for (index, character) in value.trimmingWhitespace().enumerated() {
            if character == "+" && index == 0 {
                plus = true
            } else if let digit = character.wholeNumberValue, character.isASCII {
                digits.append(String(digit))
            } else if " -().\u{00A0}/".contains(character) {
                continue
            } else if character.lowercased() == "x" || character == ";" || character == "," {
                break  // an extension follows: not part of the number
            } else {
                return nil
            }
        }
        if !plus && digits.hasPrefix("00") {
            digits.removeFirst(2)
            plus = true
        }
        if !plus {
            if defaultCallingCode == "1" && digits.count == 11 && digits.hasPrefix("1") {
                digits.removeFirst()
            }
            // A North American area code starts with 2 to 9.
            guard defaultCallingCode == "1" && digits.count == 10, let first = digits.first, first >= "2" else { return nil }
            digits = defaultCallingCode + digits
        }
        guard (8...15).contains(digits.count), !digits.hasPrefix("0") else { return nil }
        return "+" + digits
    }

    /// Whether `value` is exactly an E.164 number, so that it may be written unneutralised.
    public static func isE164(_ value: String) -> Bool {
        guard value.first == "+" else { return false }
        let digits = value.dropFirst()
        return (8...15).contains(digits.count) && digits.allSatisfy { $0.isASCII && $0.isNumber } && digits.first != "0"
    }
}
