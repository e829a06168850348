import ArgumentParser
import EnrichCore

/// The options `run` and `plan` share: what to read and how to map it.
struct InputOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("The input file: .csv, .tsv, .jsonl or .ndjson, or - for standard input.", valueName: "input"))
    var input: String

    @Option(
        name: .shortAndLong,
        help: ArgumentHelp(
            "The mapping file (YAML): which columns identify a person, what to find, which providers to ask.", valueName: "mapping.yml"))
    var mapping: String

    @Option(help: ArgumentHelp("The input's format when its name does not tell: csv, tsv or jsonl.", valueName: "format"))
    var inputFormat: String?

    @Option(help: ArgumentHelp("The CSV delimiter: , ; | or tab. Default: detected from the header line.", valueName: "char"))
    var delimiter: String?

    func validate() throws {
        if let inputFormat, RecordFormat.named(inputFormat) == nil {
            throw ValidationError("--input-format must be csv, tsv or jsonl, not \"\(inputFormat)\".")
        }
        if let delimiter, RecordFormat.delimiter(named: delimiter) == nil {
            throw ValidationError("--delimiter must be one of , ; | tab, not \"\(delimiter)\".")
        }
    }

    var parsedInputFormat: RecordFormat? { inputFormat.flatMap(RecordFormat.named) }
    var parsedDelimiter: UInt8? { delimiter.flatMap { RecordFormat.delimiter(named: $0) } }

    func openSource() throws -> any RecordSource {
        try RecordSources.open(path: input, format: parsedInputFormat, delimiter: parsedDelimiter)
    }
}
