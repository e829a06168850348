import Foundation

/// The Waterfall.io launch answer: `{job_id, start_date}`.
struct WaterfallLaunch: Decodable, Sendable {
    var jobId: String
    var startDate: String?

    var startedAt: Date? { startDate.flatMap(WaterfallTimestamp.parse) }
}

/// The finder answer (`GET /v1/enrichment/{phone|contact}?job_id=…`), which is also the webhook
/// payload. Only the fields `enrich` reads; every one optional but `status`, to be lenient.
struct WaterfallFinder: Decodable, Sendable {
    var status: String
    var startDate: String?
    var stopDate: String?
    var input: Input?
    var output: Output?

    struct Input: Decodable, Sendable {
        var task: LaunchEcho?
    }

    /// The launch request echoed back (its `linkedin` is called `linkedin_url` here).
    struct LaunchEcho: Decodable, Sendable {
        var linkedinUrl: String?
        var email: String?
        var jobId: String?
    }

    struct Output: Decodable, Sendable {
        var person: Person?
    }

    struct Person: Decodable, Sendable {
        var firstName: String?
        var lastName: String?
        var linkedinId: String?
        var linkedinUrl: String?
        var personalEmail: String?
        var country: String?
        var companyName: String?
        var companyDomain: String?
        var professionalEmail: String?
        var mobilePhone: String?
        var phoneNumbers: [String]?
        var title: String?
        var seniority: String?
        var department: String?
        var emailVerified: Bool?
        var emailConfidence: String?
        var emailVerifiedStatus: String?
    }

    var startedAt: Date? { startDate.flatMap(WaterfallTimestamp.parse) }
    var stoppedAt: Date? { stopDate.flatMap(WaterfallTimestamp.parse) }

    /// The person's numbers in E.164: the mobile first, then the rest of `phone_numbers`.
    var phones: [String] {
        guard let person = output?.person else { return [] }
        var phones: [String] = []
        for raw in [person.mobilePhone].compactMap({ $0 }) + (person.phoneNumbers ?? []) {
            guard let phone = PhoneNumber.e164(raw), !phones.contains(phone) else { continue }
            phones.append(phone)
        }
        return phones
    }
}

/// Waterfall's error body: `{"status":"error","message":…,"error":[…],"category":…,"code":…}`.
struct WaterfallError: Decodable, Sendable {
    var message: String?
    var error: [String]?
    var category: String?
    var code: String?

    /// The provider's own words for the audit: the message, its details and its code.
    static func message(status: Int, body: [UInt8]) -> String {
        guard let decoded = try? ProviderJSON.decode(WaterfallError.self, from: body) else {
            return "HTTP \(status) with an unreadable body"
        }
        var text = decoded.message ?? "HTTP \(status)"
        let details = (decoded.error ?? []).filter { $0 != decoded.message }
        if !details.isEmpty { text += " (\(details.joined(separator: "; ")))" }
        if let code = decoded.code { text += " [\(code)]" }
        return text
    }
}
