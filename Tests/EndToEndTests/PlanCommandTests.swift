import Foundation
import TestSupport
import Testing

@Suite struct PlanCommandTests {
    @Test func planReportsTheSampleWithoutAnyKey() throws {
        let result = try EnrichProcess.run([
            "plan", EnrichProcess.sample("crm-export.csv"), "--mapping", EnrichProcess.sample("mapping.yml"),
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let text = result.stdout
        #expect(text.contains("rows: 350 (346 readable, 4 invalid_input)"))
        #expect(text.contains("rows with no usable identifier: 8"))
        #expect(text.contains("duplicate identities: 8 rows (330 distinct people to look up)"))
        #expect(text.contains("phone  waterfall_phone (waterfall.phone)  linkedin"))
        #expect(text.contains("upper bound:"))
        #expect(text.contains("WATERFALL_API_KEY is not set"))
    }

    @Test func planReadsJSONL() throws {
        let folder = try TemporaryFolder()
        let mapping = try folder.write(
            "m.yml",
            Array(
                """
                version: 1
                input: { id: record_id }
                fields:
                  email: email
                  linkedin: { column: linkedin, transform: linkedin_slug }
                enrich:
                  phone: { providers: [lantern], columns: { Phone: phone } }
                providers:
                  lantern: { kind: lantern, api_key: literal-key }
                """.utf8))
        let result = try EnrichProcess.run(["plan", EnrichProcess.sample("contacts.jsonl"), "-m", mapping])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("rows: 62 (60 readable, 2 invalid_input, 1 blank lines skipped)"))
        #expect(result.stdout.contains("invalid_input invalid_json: 1"))
        #expect(result.stdout.contains("invalid_input not_an_object: 1"))
    }
}
