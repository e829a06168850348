/// What Apollo is sent for one row: its identifiers as a `details[]` record (or a single
/// match's body), the strategy named in the journal, and the waterfall flags.
struct ApolloRecord: Sendable, Equatable {
    var strategy: String
    /// Identifiers by Apollo's names: `first_name`, `last_name`, `name`, `email`,
    /// `linkedin_url`, `domain`, `organization_name`.
    var detail: [String: String]
    var email: Bool
    var phone: Bool

    /// The field journaled for the lookup: one match answers both.
    var field: EnrichField { email ? .email : .phone }

    /// Nil when the row has none of the identifiers Apollo matches by (a first and last name,
    /// a LinkedIn URL, an e-mail, or a full name), or asks for nothing Apollo finds.
    static func make(_ request: LookupRequest) -> ApolloRecord? {
        let email = request.fields.contains(.email), phone = request.fields.contains(.phone)
        guard email || phone else { return nil }
        guard let strategy = ProviderKind.apollo.strategies(for: .email).first(where: { $0.isUsable(with: request.identifiers) })
        else { return nil }
        var detail: [String: String] = [:]
        detail["first_name"] = request.value(.firstName)
        detail["last_name"] = request.value(.lastName)
        detail["name"] = request.value(.fullName)
        detail["email"] = request.value(.email).flatMap(Normalize.email)
        if let linkedin = request.value(.linkedin) {
            // Apollo takes a profile URL; a bare slug is made one.
            detail["linkedin_url"] =
                linkedin.contains("linkedin.com") ? linkedin : Normalize.linkedinSlug(linkedin).map { "https://www.linkedin.com/in/\($0)" }
        }
        detail["domain"] = request.value(.domain).flatMap(Normalize.domain)
        detail["organization_name"] = request.value(.company)
        return ApolloRecord(strategy: strategy.name, detail: detail, email: email, phone: phone)
    }

    /// The flags and the webhook address, in the query string as the page sends them; the
    /// person's identifiers go in the body, so that no URL carries personal data.
    static func query(email: Bool, phone: Bool, webhookURL: String) -> [(String, String)] {
        [("run_waterfall_email", String(email)), ("run_waterfall_phone", String(phone)), ("webhook_url", webhookURL)]
    }
}

/// A bulk job id names the record's place in the webhook's `people[]`: `REQUESTID#3`. A single
/// match's job id is the request id alone.
struct ApolloJobID: Sendable, Equatable {
    var requestID: String
    var position: Int

    var text: String { "\(requestID)#\(position)" }

    init(requestID: String, position: Int) {
        self.requestID = requestID
        self.position = position
    }

    init?(_ text: String) {
        let parts = text.split(separator: "#", omittingEmptySubsequences: false)
        guard let id = parts.first, !id.isEmpty, parts.count <= 2 else { return nil }
        requestID = String(id)
        if parts.count == 2 {
            guard let position = Int(parts[1]), position >= 0 else { return nil }
            self.position = position
        } else {
            position = 0
        }
    }
}
