import ArgumentParser
import EnrichCore

struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show what a run would do, without calling any provider.",
        discussion: """
            Reads the input once and prints: rows and the detected dialect, identifier coverage \
            per field and per provider strategy, rows with no usable identifier, duplicate \
            identities, and the upper bound of provider requests and credits. No network and no \
            credits, unless --check-credits asks the providers that publish a balance (Lantern).
            """
    )

    @OptionGroup var options: InputOptions

    @Flag(help: "Ask each provider that publishes a balance (Lantern) how many credits are left. Needs its key.")
    var checkCredits = false

    func run() async throws {
        do {
            let mapping = try Mapping.load(path: options.mapping)
            let source = try options.openSource()
            let bound = try BoundMapping(mapping: mapping, columns: source.columns)
            var planner = Planner(mapping: bound)
            var plan = try planner.run(source)
            for missing in mapping.distinctMissingVariables {
                plan.warnings.append("\(missing.description) (plan needs no key; run does)")
            }
            print(plan.text)
            if checkCredits { await printBalances(mapping) }
        } catch {
            throw fail(error)
        }
    }

    private func printBalances(_ mapping: Mapping) async {
        let balances = await CreditCheck.balances(mapping)
        if balances.isEmpty {
            print("credits: no provider with a key publishes a balance (only lantern does)")
        }
        for balance in balances {
            switch balance.remaining {
            case .success(let credits):
                print("credits remaining: \(balance.provider) \(credits)")
            case .failure(let failure):
                print("credits remaining: \(balance.provider) unknown (\(failure.message))")
            }
        }
    }
}
