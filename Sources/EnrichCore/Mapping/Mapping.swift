/// A parsed, validated mapping file (SPEC "The mapping file"), not yet bound to an input.
public struct Mapping: Sendable {
    public var file: String
    public var version: Int
    /// The column holding each row's record key; nil: the row number is the key.
    public var recordID: ColumnReference?
    public var fields: [FieldRule]
    public var enrich: [EnrichTarget]
    public var providers: [ProviderSettings]
    public var inDoubt: InDoubtPolicy
    /// `${VAR}` references whose variable is not set. `run` stops on them; `plan`, which
    /// calls nobody, only warns.
    public var missingVariables: [MappingError]

    /// `missingVariables` with each variable named once (at its first use).
    public var distinctMissingVariables: [MappingError] {
        var named = Set<String>()
        return missingVariables.filter { named.insert($0.message).inserted }
    }

    /// Nothing to enrich: `run` converts the input to the output format.
    public var isConversionOnly: Bool { enrich.isEmpty }

    /// The columns `run` appends, in mapping order.
    public var outputColumns: [OutputColumn] { enrich.flatMap(\.columns) }

    public func provider(named name: String) -> ProviderSettings? {
        providers.first { $0.name == name }
    }
}

/// A column name as the mapping file gives it, with its line for error messages.
public struct ColumnReference: Sendable, Equatable {
    public var name: String
    public var line: Int
}

/// `fields.<field>`: where a canonical identifier comes from.
public struct FieldRule: Sendable {
    public var field: CanonicalField
    /// Tried in order; the first non-empty value wins.
    public var columns: [ColumnReference]
    public var transforms: [Transform]
    public var line: Int
}

/// `enrich.<field>`: the waterfall for one field and the columns it fills.
public struct EnrichTarget: Sendable {
    public var field: EnrichField
    /// Provider names, in waterfall order.
    public var providers: [String]
    public var columns: [OutputColumn]
    public var line: Int
}

/// An appended output column and what goes in it.
public struct OutputColumn: Sendable, Equatable {
    public var name: String
    public var value: OutputValue
    /// Replace an input column of the same name instead of refusing to.
    public var overwrite: Bool
    public var line: Int
}

/// What an output column can hold.
public enum OutputValue: String, Sendable, CaseIterable {
    case phone, phones, email
    case emailStatus = "email_status"
    case provider, strategy, status
    case title, seniority, department, company, domain, linkedin, location, country

    public static var names: [String] { allCases.map(\.rawValue) }
}

/// What to do with a paid launch whose fate is unknown after a crash.
public enum InDoubtPolicy: String, Sendable, CaseIterable {
    /// Launch again: the row gets its answer, at the risk of paying twice.
    case relaunch
    /// Leave the lookup unanswered: never pay twice.
    case skip
}

/// An API key: its text never appears in a description, log or error.
public struct Secret: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    public let value: String

    public init(_ value: String) {
        self.value = value
    }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
}
