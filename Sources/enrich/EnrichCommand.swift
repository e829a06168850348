import ArgumentParser

@main
struct EnrichCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enrich",
        abstract: "Fill in missing phones and work emails from B2B data providers, one after another.",
        subcommands: [SimCommand.self]
    )
}
