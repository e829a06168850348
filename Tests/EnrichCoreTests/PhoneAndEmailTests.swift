import Testing

@testable import EnrichCore

@Suite struct PhoneAndEmailTests {
    @Test func phonesBecomeE164() {
        #expect(PhoneNumber.e164("+14155550123") == "+14155550123")
        #expect(PhoneNumber.e164("916-787-1122") == "+19167871122")
        #expect(PhoneNumber.e164("(916) 787 1122") == "+19167871122")
        #expect(PhoneNumber.e164("1 916 787 1122") == "+19167871122")
        #expect(PhoneNumber.e164("+44 20 7946 0958") == "+442079460958")
        #expect(PhoneNumber.e164("0033 1 42 68 53 00") == "+33142685300")
        #expect(PhoneNumber.e164("+1 415 555 0123 x204") == "+14155550123")
        #expect(PhoneNumber.e164("01 42 68 53 00") == nil, "a French national number has no known country here")
        #expect(PhoneNumber.e164("=HYPERLINK(\"x\")") == nil)
        #expect(PhoneNumber.e164("") == nil)
    }

    @Test func e164IsRecognisedExactly() {
        #expect(PhoneNumber.isE164("+14155550123"))
        #expect(!PhoneNumber.isE164("+1 415 555 0123"))
        #expect(!PhoneNumber.isE164("14155550123"))
        #expect(!PhoneNumber.isE164("+0123456789"))
        #expect(!PhoneNumber.isE164("+1234567890123456"))
    }

    @Test func emailStatusesShareOneScale() {
        #expect(EmailStatus(providerValue: "safe") == .verified)
        #expect(EmailStatus(providerValue: "deliverable") == .verified)
        #expect(EmailStatus(providerValue: "Verified") == .verified)
        #expect(EmailStatus(providerValue: "catch-all") == .catchAll)
        #expect(EmailStatus(providerValue: "N/A") == .unverified)
        #expect(EmailStatus(providerValue: nil) == .unverified)
        #expect(EmailStatus(providerValue: "undeliverable") == .invalid)
    }
}
