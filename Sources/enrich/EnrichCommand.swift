import ArgumentParser

@main
struct EnrichCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enrich",
        abstract: "Fill in missing phones and work emails from B2B data providers, one after another.",
        discussion: """
            enrich reads a CSV or JSONL file (a CRM export), maps its columns to identifiers with a \
            mapping file, and asks providers for missing phones and emails in waterfall order. It \
            never pays twice for a lookup, never loses a row, never writes an API key anywhere.

            Start with `enrich plan INPUT --mapping mapping.yml`: it shows coverage and the most a \
            run can cost, without calling anyone. `enrich sim` serves every provider API locally.
            """,
        subcommands: [RunCommand.self, PlanCommand.self, SimCommand.self, ReportCommand.self]
    )

    /// ArgumentParser's own entry point, except that a command-line error exits 2, SPEC's code
    /// for a usage error, instead of ArgumentParser's 64 (EX_USAGE).
    static func main() async {
        let subcommand = CommandLine.arguments.dropFirst().first
        MallocArenas.limit(subcommand: subcommand)
        if subcommand == "run" { EarlySignals.noteUntilWatched() }
        do {
            var command = try parseAsRoot()
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch {
            if exitCode(for: error) == .validationFailure {
                printError(fullMessage(for: error))
                exit(withError: Exit.configuration)
            }
            exit(withError: error)
        }
    }
}
