import CSVStream
import Foundation
import Testing

@testable import EnrichCore

let specMapping = """
    version: 1
    input:
      id: "Record ID"
    fields:
      first_name: "First Name"
      last_name: "Last Name"
      full_name: "Name"
      email: ["Work Email", "Email"]
      linkedin: { column: "LinkedIn URL", transform: linkedin_slug }
      company: "Company"
      domain: { column: "Website", transform: domain }
      country: "Country"
    enrich:
      phone:
        providers: [waterfall_phone, lantern, pronto]
        columns: { "Mobile Phone": phone, "All Phones": phones, "Phone Source": provider }
      email:
        providers: [waterfall_contact, apollo, pronto]
        columns: { "Work Email (found)": email, "Email Status": email_status }
    providers:
      waterfall_phone:
        kind: waterfall.phone
        api_key: ${WATERFALL_API_KEY}
        base_url: https://api.waterfall.io
        concurrency: 8
        rate: 10/s
        max_credits: 500
        max_wait: 10m
      waterfall_contact: { kind: waterfall.contact, api_key: "${WATERFALL_API_KEY}", verified_only: true }
      lantern: { kind: lantern, api_key: "${LANTERN_API_KEY}" }
      apollo: { kind: apollo, api_key: "${APOLLO_API_KEY}" }
      pronto: { kind: pronto, api_key: "${PRONTO_API_KEY}", phone_countries: [US, FR] }
    in_doubt: skip
    """

let specColumns = Columns(header: [
    "Record ID", "First Name", "Last Name", "Name", "Work Email", "Email", "LinkedIn URL", "Company", "Website", "Country",
])

func mappingErrors(_ yaml: String, environment: [String: String] = [:]) -> [MappingError] {
    do {
        _ = try Mapping.parse(yaml: yaml, file: "m.yml", environment: environment)
        return []
    } catch {
        return error.errors
    }
}

@Suite struct MappingTests {
    @Test func theSpecExampleParses() throws {
        let environment = ["WATERFALL_API_KEY": "wf-secret", "LANTERN_API_KEY": "l", "APOLLO_API_KEY": "a", "PRONTO_API_KEY": "p"]
        let mapping = try Mapping.parse(yaml: specMapping, file: "m.yml", environment: environment)
        #expect(mapping.recordID?.name == "Record ID")
        #expect(mapping.fields.map(\.field) == [.firstName, .lastName, .fullName, .email, .linkedin, .company, .domain, .country])
        #expect(mapping.fields[3].columns.map(\.name) == ["Work Email", "Email"])
        #expect(mapping.fields[6].transforms == [.domain])
        #expect(mapping.enrich.map(\.field) == [.phone, .email])
        #expect(mapping.enrich[0].providers == ["waterfall_phone", "lantern", "pronto"])
        #expect(mapping.outputColumns.map(\.name) == ["Mobile Phone", "All Phones", "Phone Source", "Work Email (found)", "Email Status"])
        let phone = try #require(mapping.provider(named: "waterfall_phone"))
        #expect(phone.kind == .waterfallPhone)
        #expect(phone.apiKey?.value == "wf-secret")
        #expect(phone.rate == Rate(requests: 10, per: .seconds(1)))
        #expect(phone.maxCredits == 500)
        #expect(phone.maxWait == .seconds(600))
        #expect(mapping.provider(named: "pronto")?.concurrency == 5)
        #expect(mapping.provider(named: "pronto")?.options["phone_countries"] == "US,FR")
        #expect(mapping.provider(named: "waterfall_contact")?.options["verified_only"] == "true")
        #expect(mapping.inDoubt == .skip)
        #expect(mapping.missingVariables.isEmpty)
        #expect(!"\(phone)".contains("wf-secret"), "a key must never show in a description")
    }

    @Test func missingVariablesAreNamedWithTheirLine() throws {
        let mapping = try Mapping.parse(yaml: specMapping, file: "m.yml", environment: [:])
        #expect(mapping.missingVariables.count == 5)
        #expect(mapping.missingVariables[0].line == 23)
        #expect(mapping.missingVariables[0].message.contains("WATERFALL_API_KEY"))
    }

    @Test func emptyEnrichIsAConversion() throws {
        let mapping = try Mapping.parse(yaml: "version: 1\nfields: {}\nenrich: {}\n", file: "m.yml")
        #expect(mapping.isConversionOnly)
    }

    @Test func unknownKeysGetLineAndSuggestion() {
        let errors = mappingErrors("version: 1\nfeilds:\n  email: Email\nenrich: {}\n")
        #expect(errors.count == 1)
        #expect(errors[0].line == 2)
        #expect(errors[0].message.contains("\"feilds\""))
        #expect(errors[0].message.contains("Did you mean \"fields\"?"))
    }

    @Test func unknownFieldTransformKindAndProviderAreErrors() {
        let yaml = """
            version: 1
            fields:
              emial: Email
              domain: { column: Website, transform: domian }
            enrich:
              phone:
                providers: [lanter]
                columns: { Phone: phone }
              fax:
                providers: []
                columns: {}
            providers:
              lantern: { kind: lantren }
            """
        let errors = mappingErrors(yaml)
        let byLine = Dictionary(grouping: errors, by: { $0.line ?? 0 })
        #expect(byLine[3]?.first?.message.contains("Did you mean \"email\"?") == true)
        #expect(byLine[4]?.first?.message.contains("Did you mean \"domain\"?") == true)
        #expect(byLine[7]?.first?.message.contains("\"lanter\"") == true)
        // lantern is under providers, with a wrong kind: named, not "none is configured".
        #expect(byLine[7]?.first?.message.contains("Did you mean \"lantern\"? (configured: lantern)") == true)
        #expect(byLine[9]?.first?.message.contains("unknown field \"fax\"") == true)
        #expect(byLine[13]?.first?.message.contains("Did you mean \"lantern\"?") == true)
        #expect(byLine[13]?.first?.message.contains("waterfall.phone") == true, "the kinds are listed")
    }

    /// A provider whose settings are wrong is reported once, where they are wrong: the
    /// waterfall that lists it does not claim it is missing.
    @Test func aBrokenProviderIsNotAlsoReportedAsMissing() {
        let yaml = """
            version: 1
            enrich:
              phone: { providers: [lantern], columns: { Phone: phone } }
            providers:
              lantern: { kind: lantren }
            """
        let errors = mappingErrors(yaml)
        #expect(errors.count == 1, "\(errors)")
        #expect(errors.first?.line == 5)
    }

    @Test func aProviderMustFindTheFieldItIsListedFor() {
        let yaml = """
            version: 1
            enrich:
              email:
                providers: [lantern]
                columns: { Found: email }
            providers:
              lantern: { kind: lantern }
            """
        let errors = mappingErrors(yaml)
        #expect(errors.first?.line == 4)
        #expect(errors.first?.message.contains("finds phone, not email") == true)
    }

    @Test func badValuesSayWhatIsExpected() {
        let yaml = """
            version: 2
            providers:
              p: { kind: lantern, rate: fast, max_wait: soon, concurrency: 0, base_url: ftp://x }
            in_doubt: maybe
            """
        let messages = mappingErrors(yaml).map(\.description)
        #expect(messages.contains { $0.hasPrefix("m.yml:1:") && $0.contains("version must be 1") })
        #expect(messages.contains { $0.contains("rate \"fast\"") && $0.contains("N/s") })
        #expect(messages.contains { $0.contains("max_wait \"soon\"") })
        #expect(messages.contains { $0.contains("concurrency must be a whole number above 0") })
        #expect(messages.contains { $0.contains("base_url must start with https://") })
        #expect(messages.contains { $0.hasPrefix("m.yml:4:") && $0.contains("relaunch") })
    }

    /// Numbers no Swift integer holds used to trap while the mapping was read (`1e99910m`), or
    /// once the run paced its first request (`1e-300/s`, a wait of 1e300 seconds).
    @Test func numbersPastAnyLimitAreErrorsNotCrashes() {
        let yaml = """
            version: 1
            providers:
              a: { kind: lantern, rate: 1e-300/s, max_wait: 1e99910m, poll_interval: 1e300 }
              b: { kind: lantern, rate: inf/s, max_wait: 101000000h, credits_per_lookup: 9223372036854775807 }
              c: { kind: waterfall.phone, max_billed_numbers: 9223372036854775807 }
            """
        let messages = mappingErrors(yaml).map(\.description)
        #expect(messages.contains { $0.contains("providers.a.rate \"1e-300/s\"") && $0.contains("at least 1 a day") })
        #expect(messages.contains { $0.contains("providers.a.max_wait \"1e99910m\"") && $0.contains("at most a century") })
        #expect(messages.contains { $0.contains("providers.a.poll_interval \"1e300\"") })
        #expect(messages.contains { $0.contains("providers.b.rate \"inf/s\"") })
        #expect(messages.contains { $0.contains("providers.b.max_wait \"101000000h\"") })
        #expect(messages.contains { $0.contains("providers.b.credits_per_lookup must be a whole number up to 1000000") })
        #expect(messages.contains { $0.contains("providers.c.max_billed_numbers must be a whole number above 0 up to 1000") })
        #expect(Duration.parse("100000h") == .seconds(360_000_000))
        #expect(Rate.parse("1/h") != nil)
        #expect(Rate(requests: 1e300, per: .seconds(1)).description == "1e+300/s")
    }

    /// Waterfall's phone launch bills per number: the budget holds `max_billed_numbers` of them.
    @Test func theNumbersAPhoneLaunchIsBilledForAreTheUsers() throws {
        func mapping(_ setting: String) -> String {
            """
            version: 1
            fields: { linkedin: L }
            enrich:
              phone: { providers: [w], columns: { P: phone } }
            providers:
              w: { kind: waterfall.phone, api_key: k, credits_per_lookup: 2\(setting) }
              l: { kind: lantern, api_key: k }
            """
        }
        #expect(try Mapping.parse(yaml: mapping(""), file: "m.yml").provider(named: "w")?.creditsHeldPerLaunch == 6)
        #expect(try Mapping.parse(yaml: mapping(", max_billed_numbers: 1"), file: "m.yml").provider(named: "w")?.creditsHeldPerLaunch == 2)
        #expect(try Mapping.parse(yaml: mapping(""), file: "m.yml").provider(named: "l")?.creditsHeldPerLaunch == 1)
        let zero = mappingErrors(mapping(", max_billed_numbers: 0")).map(\.description)
        #expect(zero.contains { $0.hasPrefix("m.yml:6:") && $0.contains("max_billed_numbers must be a whole number above 0") }, "\(zero)")
        let elsewhere = mappingErrors(mapping("").replacingOccurrences(of: "kind: lantern,", with: "kind: lantern, max_billed_numbers: 2,"))
        #expect(elsewhere.contains { $0.description.contains("max_billed_numbers") }, "only waterfall.phone bills per number")
        // Like a budget, it may change before a resume.
        let fingerprint = { (yaml: String) in Fingerprints.mapping(try Mapping.parse(yaml: yaml, file: "m.yml")) }
        #expect(try fingerprint(mapping("")) == fingerprint(mapping(", max_billed_numbers: 5")))
        let cheaper = mapping("").replacingOccurrences(of: "credits_per_lookup: 2", with: "credits_per_lookup: 1")
        #expect(try fingerprint(mapping("")) != fingerprint(cheaper))
    }

    @Test func invalidYAMLIsReported() {
        let errors = mappingErrors("version: 1\nfields: [unclosed\n")
        #expect(errors.first?.message.contains("not valid YAML") == true)
    }

    @Test func bindingChecksColumnsWithSuggestions() throws {
        let yaml = "version: 1\ninput: { id: \"Record Id\" }\nfields:\n  email: [\"Work Emails\", Email]\nenrich: {}\n"
        let mapping = try Mapping.parse(yaml: yaml, file: "m.yml")
        do {
            _ = try BoundMapping(mapping: mapping, columns: specColumns)
            Issue.record("bound a mapping naming missing columns")
        } catch {
            #expect(error.errors.count == 2)
            #expect(error.errors[0].line == 2)
            #expect(error.errors[0].message.contains("Did you mean \"Record ID\"?"))
            #expect(error.errors[1].line == 4)
            #expect(error.errors[1].message.contains("Did you mean \"Work Email\"?"))
            #expect(error.errors[1].message.contains("Columns: \"Record ID\""))
        }
    }

    @Test func outputColumnsMayNotReplaceInputColumnsUnlessAsked() throws {
        let base = """
            version: 1
            enrich:
              phone:
                providers: [lantern]
                columns: %@
            providers:
              lantern: { kind: lantern }
            """
        let refused = try Mapping.parse(yaml: base.replacingOccurrences(of: "%@", with: "{ Company: phone }"), file: "m.yml")
        #expect(throws: MappingErrors.self) { try BoundMapping(mapping: refused, columns: specColumns) }
        let allowed = try Mapping.parse(
            yaml: base.replacingOccurrences(of: "%@", with: "{ Company: { value: phone, overwrite: true }, New: provider }"), file: "m.yml")
        let bound = try BoundMapping(mapping: allowed, columns: specColumns)
        #expect(bound.overwrites == [7, nil])
        #expect(bound.outputHeader == specColumns.names + ["New"])
    }

    @Test func identifiersTakeTheFirstNonEmptyColumnAndTransform() throws {
        let mapping = try Mapping.parse(yaml: specMapping, file: "m.yml")
        let bound = try BoundMapping(mapping: mapping, columns: specColumns)
        let row = Row(
            number: 7, line: 8, byteOffset: 0,
            cells: .init([
                "", "Ann", "Lee", "", "", "ann@acme.io", "linkedin.com/in/ann-lee?trk=x", "Acme", "https://www.acme.io/", "",
            ]))
        let identifiers = bound.identifiers(for: row)
        #expect(identifiers[.email] == "ann@acme.io")
        #expect(identifiers[.linkedin] == "ann-lee")
        #expect(identifiers[.domain] == "acme.io")
        #expect(identifiers[.fullName] == nil)
        #expect(identifiers[.country] == nil)
        #expect(bound.recordID(for: row) == "7", "an empty record id falls back to the row number")
    }
}
