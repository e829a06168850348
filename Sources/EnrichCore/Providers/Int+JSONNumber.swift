extension Int {
    /// A JSON number's text as an Int, truncated (`12.7` is 12); nil when it is not a number
    /// or lies outside Int's range (`1e300`), where `Int(_: Double)` would trap.
    init?(jsonNumber text: some StringProtocol) {
        if let exact = Int(text) {
            self = exact
            return
        }
        guard let value = Double(text), let truncated = Int(exactly: value.rounded(.towardZero)) else { return nil }
        self = truncated
    }
}
