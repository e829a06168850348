import Testing

@testable import EnrichCore

@Suite struct NormalizeTests {
    @Test(arguments: [
        "https://www.linkedin.com/in/jane-doe-abc123/",
        "http://linkedin.com/in/jane-doe-abc123",
        "www.linkedin.com/in/jane-doe-abc123?trk=public_profile",
        "linkedin.com/in/jane-doe-abc123/#about",
        "HTTPS://WWW.LINKEDIN.COM/in/jane-doe-abc123",
        "https://fr.linkedin.com/in/jane-doe-abc123/",
        "  jane-doe-abc123  ",
        "jane-doe-abc123",
    ])
    func linkedinSlugFromEveryForm(value: String) {
        #expect(Normalize.linkedinSlug(value) == "jane-doe-abc123")
    }

    @Test func linkedinPubProfilesAndEncodedSlugs() {
        #expect(Normalize.linkedinSlug("linkedin.com/pub/john-smith/12/345/678") == "john-smith")
        #expect(Normalize.linkedinSlug("https://www.linkedin.com/in/jos%C3%A9-garc%C3%ADa/") == "josé-garcía")
        #expect(Normalize.linkedinSlug("https://www.linkedin.com/company/google/") == nil)
        #expect(Normalize.linkedinSlug("") == nil)
    }

    @Test func domainFromURLsAndEmails() {
        #expect(Normalize.domain("https://www.Acme.com/about?x=1") == "acme.com")
        #expect(Normalize.domain("acme.io") == "acme.io")
        #expect(Normalize.domain("http://shop.acme.co.uk:8080/") == "shop.acme.co.uk")
        #expect(Normalize.domain("Jane.Doe@Acme.com") == "acme.com")
        #expect(Normalize.domain("not a domain") == nil)
        #expect(Normalize.domain("") == nil)
    }

    @Test func transformsApplyInOrder() {
        #expect(Transform.trim.apply("  Ann  ", for: .firstName) == "Ann")
        #expect(Transform.lower.apply("ANN@X.IO", for: .email) == "ann@x.io")
        #expect(Transform.splitName.apply("  Jean  Luc Picard ", for: .firstName) == "Jean")
        #expect(Transform.splitName.apply("  Jean  Luc Picard ", for: .lastName) == "Luc Picard")
        #expect(Transform.splitName.apply("Cher", for: .lastName) == "")
        #expect(Transform.domain.apply("www.acme.com/x", for: .domain) == "acme.com")
        #expect(Transform.linkedinSlug.apply("linkedin.com/in/ann/", for: .linkedin) == "ann")
    }

    @Test func identityIgnoresCaseSpacesAndURLForm() {
        let a = Identifiers([.email: "Ann@X.io", .linkedin: "https://www.linkedin.com/in/Ann-1/", .fullName: "Ann  Lee"])
        let b = Identifiers([.email: " ann@x.io", .linkedin: "ann-1", .fullName: "ann lee"])
        #expect(a.identityKey == b.identityKey)
        #expect(a.identityKey != Identifiers([.email: "ann@x.io"]).identityKey)
    }

    /// A value holding a key separator (a broken file) cannot pose as another field: the two
    /// rows are two people, not one lookup shared.
    @Test func aSeparatorInAValueCannotPoseAsAnotherField() {
        let forged = Identifiers([.firstName: "X\u{1F}last_name=y"])
        let plain = Identifiers([.firstName: "x", .lastName: "y"])
        #expect(forged.identityKey != plain.identityKey)
        #expect(Identifiers([.email: "a\u{1C}@x.io"]).identityKey != Identifiers([.email: "a\u{1D}@x.io"]).identityKey)
        #expect(plain.identityKey == "first_name=x\u{1F}last_name=y", "other keys stay as earlier checkpoints stored them")
    }

    /// The identity key as the general normalisation spells it, field by field: the byte-level
    /// fast path must give exactly this, or a resumed run would miss its own checkpoint.
    private func generalKey(_ identifiers: Identifiers) -> String {
        CanonicalField.allCases.compactMap { field -> String? in
            guard let value = identifiers[field] else { return nil }
            switch field {
            case .email: return "\(field.rawValue)=\(Normalize.email(value) ?? Normalize.name(value))"
            case .linkedin: return "\(field.rawValue)=\((Normalize.linkedinSlug(value) ?? value).lowercased())"
            case .domain: return "\(field.rawValue)=\(Normalize.domain(value) ?? Normalize.name(value))"
            default: return "\(field.rawValue)=\(Normalize.name(value))"
            }
        }.joined(separator: "\u{1F}")
    }

    @Test(arguments: [
        "", " ", "Ann", "  Ann  Lee ", "ANN\tLEE", "Ann\r\nLee", "Zoë Müller", " Ünal ", "a@b.c", "A@B.CO", "@x.io", "a@@x.io",
        "a@x", "a@b@c.io", " Jo@X.io ", "jo.é@x.io", "https://www.linkedin.com/in/Ann-1/", "HTTPS://WWW.LINKEDIN.COM/IN/ANN-1?trk=x",
        "linkedin.com/pub/ann/1/2/3", "https://uk.linkedin.com/in/ann#top", "www.linkedin.com/company/acme", "ann-1", "Ann%C3%A9",
        "https://www.linkedin.com/in/ann%C3%A9/", "/in/x", "in/x", "?", "#a", "linkedin.", "x/y/z", "https://linkedin.com/",
        "https://www.Acme.com/about", "jo@acme.com", "acme", "acme.com.", "http://user@host.io:8080/x", "中文 名字", "\u{00A0}Ann\u{00A0}",
    ])
    func identityKeyFastPathMatchesGeneralNormalisation(value: String) {
        for field in CanonicalField.allCases {
            var identifiers = Identifiers([.company: "Acme  Corp"])
            identifiers[field] = value
            #expect(identifiers.identityKey == generalKey(identifiers), "\(field.rawValue): \(value.debugDescription)")
        }
    }

    @Test func suggestionsForTypos() {
        #expect(Suggestion.closest(to: "provders", in: ["providers", "columns"]) == "providers")
        #expect(Suggestion.closest(to: "Work email", in: ["Work Email", "Email"]) == "Work Email")
        #expect(Suggestion.closest(to: "zzzzzz", in: ["providers", "columns"]) == nil)
    }

    @Test func columnsAreMadeUniqueAndReported() {
        let columns = Columns(header: ["Email", "", "Email", "Email_2", "Name", ""])
        #expect(columns.names == ["Email", "column_2", "Email_3", "Email_2", "Name", "column_6"])
        #expect(columns.renamed.count == 3)
    }

    /// Each repeat goes on from the last suffix given to its name, skipping the taken ones.
    @Test func manyRepeatsOfOneNameTakeTheNextFreeSuffixes() {
        let columns = Columns(header: ["a", "a_3"] + Array(repeating: "a", count: 20_000))
        #expect(columns.names.prefix(5) == ["a", "a_3", "a_2", "a_4", "a_5"])
        #expect(columns.names.last == "a_20002")
        #expect(Set(columns.names).count == 20_002)
    }
}
