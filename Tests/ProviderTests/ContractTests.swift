import CurlHTTP
import Foundation
import Testing

@testable import EnrichCore

/// The example responses of the provider pages, decoded by the adapters' own decoders.
@Suite("provider documents' examples")
struct ContractTests {
    @Test("Waterfall phone launch: job_id and a +00:00 start_date")
    func waterfallLaunch() throws {
        let launch = try ProviderJSON.decode(WaterfallLaunch.self, from: fixture("waterfall-phone-launch.json"))
        #expect(launch.jobId == "dae884ce-50aa-4208-b24f-f30687a00368")
        #expect(launch.startedAt == Date(timeIntervalSince1970: 1_705_320_000))
    }

    @Test("Waterfall contact finder: status, echo, person and email verification")
    func waterfallFinder() throws {
        let finder = try ProviderJSON.decode(WaterfallFinder.self, from: fixture("waterfall-contact-finder.json"))
        #expect(finder.status == "SUCCEEDED")
        #expect(finder.input?.task?.linkedinUrl == "https://www.linkedin.com/in/jane-doe-abc123/")
        #expect(finder.input?.task?.jobId == "4fa6b97b-55d0-49fb-924b-16f4c1b6b03e")
        // No offset at all: UTC.
        let started = try #require(finder.startedAt)
        #expect(abs(started.timeIntervalSince1970 - 1_695_241_416.086988) < 0.001)
        #expect(try #require(finder.stoppedAt) > started)
        #expect(finder.phones.isEmpty)

        let (result, units) = WaterfallContactProvider.read(finder, verifiedOnly: false, includePhones: true, includeEmail: true)
        let found = try #require(result)
        #expect(units == 1)
        #expect(found.email == "jane.doe@acme.com")
        #expect(found.emailStatus == .verified)
        #expect(found.providerEmailStatus == "safe")
        #expect(found.emailVerified == true)
        #expect(found.emailConfidence == "high")
        #expect(found.person.firstName == "Jane" && found.person.lastName == "Doe")
        #expect(found.person.title == "Head of Sales")
        #expect(found.person.seniority == "Director")
        #expect(found.person.department == "Sales")
        #expect(found.person.company == "Acme Corp")
        #expect(found.person.domain == "acme.com")
        #expect(found.person.linkedinURL == "https://www.linkedin.com/in/jane-doe-abc123/")
        #expect(found.person.country == "United States")
        #expect(found.phones.isEmpty)
    }

    @Test("verified_only keeps the example's verified email and drops an unverified one")
    func verifiedOnly() throws {
        let body = try fixture("waterfall-contact-finder.json")
        let verified = try ProviderJSON.decode(WaterfallFinder.self, from: body)
        #expect(WaterfallContactProvider.read(verified, verifiedOnly: true, includePhones: true, includeEmail: true).result != nil)
        let text = String(decoding: body, as: UTF8.self).replacingOccurrences(
            of: #""email_verified": true"#, with: #""email_verified": false"#)
        let unverified = try ProviderJSON.decode(WaterfallFinder.self, from: Array(text.utf8))
        let (result, units) = WaterfallContactProvider.read(unverified, verifiedOnly: true, includePhones: true, includeEmail: true)
        #expect(result == nil)
        #expect(units == 1)
    }

    @Test(
        "Waterfall timestamps with Z, +00:00 and no offset",
        arguments: [
            "2025-02-05T15:46:35.771Z", "2025-02-05T15:46:35.771000+00:00", "2025-02-05T15:46:35.771", "2025-02-05T17:46:35.771+02:00",
        ])
    func timestamps(text: String) throws {
        let date = try #require(WaterfallTimestamp.parse(text))
        #expect(abs(date.timeIntervalSince1970 - 1_738_770_395.771) < 0.0005)
    }

    @Test("a Waterfall timestamp whose offset is past any clock is unreadable, not a crash")
    func timestampWithAnAstronomicalOffset() {
        #expect(WaterfallTimestamp.parse("2025-02-05T15:46:35.771+99999999999999999:00") == nil)
        #expect(WaterfallTimestamp.parse("2025-02-05T15:46:35.771+02:99999999999999999") == nil)
    }

    @Test("Lantern 200: an E.164 phone; phone: null is a miss")
    func lantern() throws {
        let hit = try ProviderJSON.decode(LanternAnswer.self, from: fixture("lantern-phone-200.constructed.json"))
        #expect(hit.success == true && hit.recordId == "crm-42" && hit.phone == "+14155550123")
        #expect(hit.linkedinId == "john-doe-123456" && hit.processingTimeMs == 812)
        let miss = try ProviderJSON.decode(LanternAnswer.self, from: fixture("lantern-phone-200-miss.constructed.json"))
        #expect(miss.phone == nil)
    }

    @Test("Lantern error envelope (retry_after as a string) and its 422 shape")
    func lanternErrors() throws {
        let limited = try ProviderJSON.decode(LanternError.self, from: fixture("lantern-error-429.constructed.json"))
        #expect(limited.success == false)
        #expect(limited.error == "Rate limit exceeded")
        #expect(limited.retryAfter?.integer == 30)
        #expect(limited.creditsRemaining?.integer == nil)
        let invalid = try ProviderJSON.decode(LanternValidation.self, from: fixture("lantern-error-422.constructed.json"))
        #expect(invalid.message == "body.record_id: Field required (missing)")
    }

    @Test("Pronto launch and finished contact: id, status, email status, phones, custom")
    func pronto() throws {
        let launch = try ProviderJSON.decode(ProntoLaunch.self, from: fixture("pronto-launch.constructed.json"))
        #expect(launch.enrichmentId?.text == "0f6c8a52-2b1d-4c55-9a0e-5d7b1e3f2a90")
        #expect(launch.status == "pending")
        #expect(launch.custom?["record_key"]?.text == "crm-42")
        let contact = try ProviderJSON.decode(ProntoContact.self, from: fixture("pronto-contact-finished.constructed.json"))
        #expect(contact.status == "finished")
        #expect(contact.email == "Jane.Doe@Acme.com")
        #expect(EmailStatus(providerValue: contact.emailStatus) == .catchAll)
        #expect(EmailStatus(providerValue: contact.personalEmailStatus) == .unverified)
        #expect(contact.phone?.items == ["+33612345678", "+14155550123"])
        #expect(contact.custom?["record_key"]?.text == "crm-42")
        let consent = try ProviderJSON.decode(ProntoError.self, from: fixture("pronto-consent-422.json"))
        #expect(consent.message?.hasPrefix("You can't use the personal email enrichment feature") == true)
    }
}

@Suite("secrets")
struct SecretTests {
    @Test("an adapter printed or dumped does not show its key")
    func redacted() async throws {
        let http = try HTTPClient()
        for kind in [ProviderKind.waterfallPhone, .waterfallContact, .lantern, .pronto] {
            let settings = ProviderSettings(name: "p", kind: kind, apiKey: Secret("top-secret-key"))
            let provider = Providers.make(settings, http: http)
            var dumped = ""
            dump(provider, to: &dumped)
            #expect(!"\(provider)".contains("top-secret"))
            #expect(!String(reflecting: provider).contains("top-secret"))
            #expect(!dumped.contains("top-secret"))
        }
        await http.shutdown()
    }
}
