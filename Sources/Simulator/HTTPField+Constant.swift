import HTTPTypes

extension HTTPField.Name {
    /// A header name spelled in the source, so known to be valid: a typo stops the program at
    /// its first use instead of being force-unwrapped silently.
    static func constant(_ name: String) -> HTTPField.Name {
        guard let field = HTTPField.Name(name) else { preconditionFailure("invalid HTTP header name \(name)") }
        return field
    }

    static let minuteRequestsLeft = constant("x-minute-requests-left")
    static let hourlyRequestsLeft = constant("x-hourly-requests-left")
    static let dailyRequestsLeft = constant("x-daily-requests-left")
}
