import ArgumentParser
import EnrichCore

struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show what a run would do, without calling any provider.",
        discussion: """
            Reads the input once and prints: rows and the detected dialect, identifier coverage \
            per field and per provider strategy, rows with no usable identifier, duplicate \
            identities, and the upper bound of provider requests and credits. No network, no credits.
            """
    )

    @OptionGroup var options: InputOptions

    func run() throws {
        do {
            let mapping = try Mapping.load(path: options.mapping)
            let source = try options.openSource()
            let bound = try BoundMapping(mapping: mapping, columns: source.columns)
            var planner = Planner(mapping: bound)
            var plan = try planner.run(source)
            plan.warnings += mapping.missingVariables.map { "\($0.description) (plan needs no key; run will)" }
            print(plan.text)
        } catch {
            throw fail(error)
        }
    }
}
