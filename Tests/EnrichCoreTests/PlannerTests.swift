import CSVStream
import Testing

@testable import EnrichCore

@Suite struct PlannerTests {
    @Test func countsCoverageDuplicatesAndUpperBounds() throws {
        let environment = ["WATERFALL_API_KEY": "k", "LANTERN_API_KEY": "k", "APOLLO_API_KEY": "k", "PRONTO_API_KEY": "k"]
        let mapping = try Mapping.parse(yaml: specMapping, file: "m.yml", environment: environment)
        let bound = try BoundMapping(mapping: mapping, columns: specColumns)
        var planner = Planner(mapping: bound)
        func row(_ n: Int, _ values: [String]) -> Row {
            Row(number: n, line: n + 1, byteOffset: 0, cells: Fields(values))
        }
        // id, first, last, name, work email, email, linkedin, company, website, country
        planner.add(row(1, ["a", "Ann", "Lee", "", "ann@acme.io", "", "linkedin.com/in/ann", "Acme", "acme.io", "NO"]))
        planner.add(
            row(2, ["b", "ANN", "lee", "", "", " Ann@Acme.io", "https://www.linkedin.com/in/ann/", "acme", "https://acme.io", "no"]))
        planner.add(row(3, ["c", "", "", "", "", "", "", "", "", "FR"]))
        planner.add(row(4, ["d", "Bo", "", "", "", "", "", "", "", ""]))
        var bad = row(5, ["e"])
        bad.problem = RowProblem(kind: "too_few_fields", message: "")
        planner.add(bad)
        let plan = try planner.run(EmptySource())
        #expect(plan.rows == 5)
        #expect(plan.invalid == ["too_few_fields": 1])
        #expect(plan.coverage[.email] == 2)
        #expect(plan.coverage[.country] == 3)
        #expect(plan.rowsWithoutIdentifier == 2)
        #expect(plan.duplicateRows == 1)
        #expect(plan.distinctIdentities == 1)
        let phoneLinkedin = plan.strategies.first { $0.field == .phone && $0.provider == "waterfall_phone" && $0.strategy == "linkedin" }
        #expect(phoneLinkedin?.usable == 2)
        #expect(phoneLinkedin?.first == 2)
        // One distinct person: waterfall_phone may try linkedin then email (2), lantern 1,
        // pronto once for phone and once for email, waterfall_contact and apollo once each.
        #expect(plan.launchesUpperBound == 2 + 1 + 1 + 1 + 1 + 1)
        // A field is charged at most once, by the provider that finds it; waterfall_phone bills
        // per number, up to `max_billed_numbers` (3 by default).
        #expect(plan.creditsUpperBound == 3 + 1)
    }
}

/// A source with no rows, to finish a plan fed by hand.
final class EmptySource: RecordSource {
    let format = RecordFormat.csv
    let columns = Columns(unique: [])
    let dialectDescription = "none"
    let blankLines = 0
    func next() throws(InputError) -> Row? { nil }
}
