/// Keeps provider values from running as spreadsheet formulas when the output is opened in
/// Excel or Sheets (SPEC "Files it writes").
public enum FormulaGuard {
    /// The characters that make a spreadsheet read a cell as a formula (or, for tab and CR,
    /// that are used to smuggle one past a check on the first character).
    static let triggers: Set<Character> = ["=", "+", "-", "@", "\t", "\r"]

    /// `value` with a leading `'` when it starts with a formula trigger, which spreadsheets
    /// show as text; a validated E.164 phone (`+14155550123`) is written as it is.
    public static func neutralise(_ value: String) -> String {
        guard let first = value.first, triggers.contains(first) else { return value }
        if PhoneNumber.isE164(value) { return value }
        return "'" + value
    }
}
