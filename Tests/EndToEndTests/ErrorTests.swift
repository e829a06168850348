import Foundation
import TestSupport
import Testing

@Suite struct ErrorTests {
    func mapping(_ folder: TemporaryFolder, _ text: String) throws -> String {
        try folder.write("m.yml", Array(text.utf8))
    }

    @Test(arguments: [
        (["run", "in.csv", "-m", "m.yml"], "Missing expected argument '--output <output>'"),
        (["run", "in.csv", "-m", "m.yml", "-o", "o.csv", "--concurrency", "0"], "--concurrency must be between 1 and 4096."),
        // A negative number is a value to refuse with its reason, not a "missing value".
        (["run", "in.csv", "-m", "m.yml", "-o", "o.csv", "--concurrency", "-1"], "--concurrency must be between 1 and 4096."),
        (["run", "in.csv", "-m", "m.yml", "-o", "o.csv", "--max-credits", "-5"], "--max-credits must be 0 or more."),
        (["run", "in.csv", "-m", "m.yml", "-o", "o.csv", "--limit", "-2"], "--limit must be 1 or more."),
        (["sim", "--rate-limit", "-3"], "--rate-limit must be 0 (no limit) or more"),
        (["run", "in.csv", "-m", "m.yml", "-o", "o.csv", "--colour"], "Unknown option '--colour'"),
        (["plan", "in.csv", "-m", "m.yml", "extra"], "Unexpected argument 'extra'"),
        (["enrichh"], "Unexpected argument 'enrichh'"),
        (["run", "in.csv", "-m", "m.yml", "-o", "o.csv", "--fresh", "--retry-failed"], "--fresh starts over and --retry-failed resumes"),
    ])
    func aCommandLineErrorIsAUsageErrorWithTheUsageLine(arguments: [String], message: String) throws {
        let folder = try TemporaryFolder()
        _ = try mapping(folder, "version: 1\nenrich: {}\n")
        try folder.write("in.csv", Array("a\n1\n".utf8))
        let result = try EnrichProcess.run(arguments, in: folder.url)
        #expect(result.status == 2, "SPEC: 2 is a usage error. \(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stderr.contains("Usage: enrich"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.path("o.csv")))
    }

    /// Excel's "Unicode Text" (UTF-16 LE with a byte-order mark), as CSV or as JSONL: exit 2
    /// before anything is read or written, with what the file is and the command to convert it,
    /// not a list of column names full of NUL bytes.
    @Test(arguments: ["in.csv", "in.tsv", "in.jsonl"])
    func aUTF16InputIsAConfigurationErrorThatSaysHowToConvertIt(name: String) throws {
        let folder = try TemporaryFolder()
        let path = try mapping(folder, "version: 1\nfields:\n  email: Email\nenrich: {}\n")
        let text = name.hasSuffix(".jsonl") ? "{\"Email\":\"ann@x.io\"}\n" : "Email\r\nann@x.io\r\n"
        let input = try folder.write(name, [0xFF, 0xFE] + Array(text.data(using: .utf16LittleEndian)!))
        for command in [["plan", input, "-m", path], ["run", input, "-m", path, "-o", folder.path("o.csv")]] {
            let result = try EnrichProcess.run(command)
            #expect(result.status == 2, "\(result.stderr)")
            let what = "the file is UTF-16 LE (it opens with the byte-order mark FF FE), and enrich reads UTF-8."
            #expect(result.stderr.contains("\(input): \(what)"), "\(result.stderr)")
            #expect(result.stderr.contains("iconv -f UTF-16 -t UTF-8 \(input) > converted.\(name.split(separator: ".")[1])"))
            #expect(!result.stderr.contains("has no column"), "\(result.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: folder.path("o.csv")))
    }

    @Test func helpIsNotAnError() throws {
        let result = try EnrichProcess.run(["run", "--help"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("USAGE: enrich run"), "\(result.stdout)")
    }

    @Test func aTypoInTheMappingStopsWithLineAndSuggestion() throws {
        let folder = try TemporaryFolder()
        let path = try mapping(folder, "version: 1\nfields:\n  emial: Email\nenrich: {}\n")
        let result = try EnrichProcess.run(["plan", EnrichProcess.sample("crm-export.csv"), "-m", path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("m.yml:3: unknown identifier \"emial\" in fields. Did you mean \"email\"?"))
    }

    @Test func anUnknownColumnListsTheColumns() throws {
        let folder = try TemporaryFolder()
        let path = try mapping(folder, "version: 1\nfields:\n  email: \"Work E-mail\"\nenrich: {}\n")
        let result = try EnrichProcess.run(["run", EnrichProcess.sample("crm-export.csv"), "-m", path, "-o", folder.path("o.csv")])
        #expect(result.status == 2)
        #expect(result.stderr.contains("m.yml:3: fields.email: the input has no column \"Work E-mail\". Did you mean \"Work Email\"?"))
        #expect(result.stderr.contains("Columns: \"Record ID\", \"First Name\""))
        #expect(!FileManager.default.fileExists(atPath: folder.path("o.csv")), "nothing is written before the mapping is valid")
    }

    @Test func aMissingKeyVariableStopsARunThatWouldCallProviders() throws {
        let folder = try TemporaryFolder()
        let result = try EnrichProcess.run(
            ["run", EnrichProcess.sample("crm-export.csv"), "-m", EnrichProcess.sample("mapping.yml"), "-o", folder.path("o.csv")])
        #expect(result.status == 2)
        #expect(result.stderr.contains("WATERFALL_API_KEY is not set"))
    }

    @Test func unreadableInputsAreNamed() throws {
        let folder = try TemporaryFolder()
        let path = try mapping(folder, "version: 1\nenrich: {}\n")
        var result = try EnrichProcess.run(["run", folder.path("missing.csv"), "-m", path, "-o", folder.path("o.csv")])
        #expect(result.status == 2)
        #expect(result.stderr.contains("cannot open \(folder.path("missing.csv")): No such file or directory"))
        try folder.write("in.xlsx", [1, 2, 3])
        result = try EnrichProcess.run(["run", folder.path("in.xlsx"), "-m", path, "-o", folder.path("o.csv")])
        #expect(result.status == 2)
        #expect(result.stderr.contains("--input-format"))
        result = try EnrichProcess.run(["run", folder.path("in.csv"), "-m", folder.path("nope.yml"), "-o", folder.path("o.csv")])
        #expect(result.status == 2)
        try folder.write("empty.csv", [])
        result = try EnrichProcess.run(["run", folder.path("empty.csv"), "-m", path, "-o", folder.path("o.csv")])
        #expect(result.status == 2)
        #expect(result.stderr.contains("the input is empty"))
    }

    /// The input, written over under another path (relative, `..`, a symlink) or as the audit
    /// or checkpoint; or two of the run's own files made one. Nothing is written at all.
    @Test(arguments: [
        (["-o", "IN"], "--output is the input file"),
        (["-o", "./in.csv"], "--output is the input file"),
        (["-o", "../FOLDER/in.csv"], "--output is the input file"),
        (["-o", "link.csv"], "--output is the input file"),
        (["-o", "o.csv", "--audit", "in.csv"], "--audit is the input file"),
        (["-o", "o.csv", "--checkpoint", "./link.csv"], "--checkpoint is the input file"),
        (["-o", "o.csv", "--audit", "./o.csv"], "--output and --audit are one file"),
        (["-o", "o.csv", "--checkpoint", "o.csv.audit.jsonl"], "the audit log (OUTPUT.audit.jsonl) and --checkpoint are one file"),
        (["-o", "o.csv", "--audit", "./m.yml"], "--audit is the mapping file"),
        (["-o", "m.yml", "--output-format", "csv"], "--output is the mapping file"),
    ])
    func writingOverTheInputOrAnotherOutputIsRefused(options: [String], message: String) throws {
        let folder = try TemporaryFolder()
        let path = try mapping(folder, "version: 1\nenrich: {}\n")
        let input = try folder.write("in.csv", Array("a\n1\n".utf8))
        try FileManager.default.createSymbolicLink(atPath: folder.path("link.csv"), withDestinationPath: input)
        let arguments = options.map { $0 == "IN" ? input : $0.replacingOccurrences(of: "FOLDER", with: folder.url.lastPathComponent) }
        let result = try EnrichProcess.run(["run", input, "-m", path] + arguments, in: folder.url)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(try folder.read("in.csv") == Array("a\n1\n".utf8))
        #expect(try folder.read("m.yml") == Array("version: 1\nenrich: {}\n".utf8))
        #expect(!FileManager.default.fileExists(atPath: folder.path("o.csv")))
    }

    /// An output in a folder that does not exist is named as such, before the checkpoint's
    /// SQLite error could say something less useful.
    @Test func aMissingOutputFolderIsNamed() throws {
        let folder = try TemporaryFolder()
        let path = try mapping(
            folder,
            "version: 1\nfields: { email: Email }\nenrich:\n  email: { providers: [pronto], columns: { Found: email } }\n"
                + "providers:\n  pronto: { kind: pronto }\n")
        let output = folder.path("nowhere/o.csv")
        let result = try EnrichProcess.run(["run", EnrichProcess.sample("crm-export.csv"), "-m", path, "-o", output, "--sandbox"])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("the folder \(folder.path("nowhere")) does not exist"), "\(result.stderr)")
        #expect(!result.stderr.contains("SQLite"))
    }

    /// The output fails once lookups have run (a full disk): exit 1, not 2 (which says nothing
    /// was paid), and the checkpoint keeps what was done.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/dev/full")))
    func anOutputThatFailsMidRunIsNotAConfigurationError() throws {
        let folder = try TemporaryFolder()
        let path = try mapping(
            folder,
            "version: 1\nfields: { email: Email }\nenrich:\n  email: { providers: [pronto], columns: { Found: email } }\n"
                + "providers:\n  pronto: { kind: pronto }\n")
        let result = try EnrichProcess.run([
            "run", EnrichProcess.sample("crm-export.csv"), "-m", path, "-o", "/dev/full", "--output-format", "csv",
            "--audit", folder.path("a.jsonl"), "--checkpoint", folder.path("c.sqlite"), "--sandbox", "--limit", "40",
        ])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("/dev/full"), "\(result.stderr)")
        #expect(result.stderr.contains("run the same command again"), "\(result.stderr)")
        #expect(result.stderr.contains("No space left on device. Check free disk space. Rows finished"), "\(result.stderr)")
    }

    /// A second simulator on a port in use: the port is named, with what to do.
    @Test func aSimulatorOnABusyPortSaysSo() throws {
        let first = try SimulatorProcess()
        defer { first.stop() }
        let port = try #require(first.baseURL.split(separator: ":").last.map(String.init))
        let result = try EnrichProcess.run(["sim", "--port", port], timeout: 30)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("port \(port) on 127.0.0.1 is already in use"), "\(result.stderr)")
        #expect(result.stderr.contains("--port"))
    }

    /// `/dev/null` for both the output and the audit is not a clash: neither is a file.
    @Test func devicesAreNotFilesThatClash() throws {
        let folder = try TemporaryFolder()
        let path = try mapping(folder, "version: 1\nenrich: {}\n")
        let input = try folder.write("in.csv", Array("a\n1\n".utf8))
        let result = try EnrichProcess.run(["run", input, "-m", path, "-o", "/dev/null", "--output-format", "csv", "--audit", "/dev/null"])
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test func helpReadsWell() throws {
        let top = try EnrichProcess.run(["--help"])
        #expect(top.status == 0)
        #expect(top.stdout.contains("run"))
        #expect(top.stdout.contains("plan"))
        let run = try EnrichProcess.run(["run", "--help"])
        #expect(run.stdout.contains("--mapping <mapping.yml>"))
        #expect(run.stdout.contains("Exit codes"))
    }
}
