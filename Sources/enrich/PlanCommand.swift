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
            var named = Set<String>()
            for missing in mapping.missingVariables where named.insert(missing.message).inserted {
                plan.warnings.append("\(missing.description) (plan needs no key; run does)")
            }
            print(plan.text)
        } catch {
            throw fail(error)
        }
    }
}
