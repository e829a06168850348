/// Pronto's launch answer: `{enrichment_id, first_name, last_name, status: "pending", custom}`.
struct ProntoLaunch: Decodable, Sendable {
    var enrichmentId: LenientText?
    var firstName: String?
    var lastName: String?
    var status: String?
    var custom: [String: LenientText]?
}

/// `GET /contacts/{id}`, also the webhook payload. `status` flips from `pending` to `finished`,
/// with or without data.
struct ProntoContact: Decodable, Sendable {
    var id: LenientText?
    var enrichmentId: LenientText?
    var firstName: String?
    var lastName: String?
    var companyName: String?
    var domain: String?
    var linkedinUrl: String?
    var status: String?
    var email: String?
    var emailStatus: String?
    var personalEmail: String?
    var personalEmailStatus: String?
    /// An array of E.164 numbers, empty when none; a single string is accepted too.
    var phone: LenientList?
    var custom: [String: LenientText]?
}

/// Pronto's error body: `{"error": "Bad Request", "message": …}`.
struct ProntoError: Decodable, Sendable {
    var error: String?
    var message: String?
}

/// A list of strings that may arrive as one string or null.
struct LenientList: Decodable, Sendable, Equatable {
    var items: [String]

    init(_ items: [String]) { self.items = items }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            items = []
        } else if let one = try? container.decode(String.self) {
            items = [one]
        } else {
            items = try container.decode([LenientText?].self).compactMap { $0?.text }.filter { !$0.isEmpty }
        }
    }
}
