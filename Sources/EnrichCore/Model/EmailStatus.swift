import Foundation

/// One scale for email verification across providers; each provider's own word is kept
/// beside it in the audit.
public enum EmailStatus: String, Sendable, CaseIterable, Codable {
    /// The mailbox exists and accepts mail.
    case verified
    /// The domain accepts every address: this one may or may not exist.
    case catchAll = "catch_all"
    /// Not checked, or the check could not tell.
    case unverified
    /// The address does not exist or bounces.
    case invalid

    /// Maps a provider's status word: Waterfall's `email_verified_status` (`safe`, `risky`,
    /// `invalid` …), Pronto's `email_status` (`deliverable`, `catch-all`, `N/A` …), Apollo's
    /// `email_status_cd` (`Verified`, `Unavailable` …).
    public init(providerValue: String?) {
        let word = (providerValue ?? "").lowercased().trimmingWhitespace()
            .replacingOccurrences(of: "-", with: "_").replacingOccurrences(of: " ", with: "_")
        switch word {
        case "verified", "valid", "safe", "deliverable", "ok":
            self = .verified
        case "catch_all", "catchall", "accept_all", "accept_all_unverifiable":
            self = .catchAll
        case "invalid", "undeliverable", "bounced", "bounce", "unavailable", "do_not_mail":
            self = .invalid
        default:
            self = .unverified
        }
    }
}
