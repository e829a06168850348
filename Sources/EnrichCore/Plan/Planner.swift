/// Builds a `Plan` by streaming the input once.
public struct Planner {
    private let mapping: BoundMapping
    private var plan = Plan()
    /// 64-bit hashes of identities seen: 8 bytes a distinct person, not the identity text.
    private var seen = Set<UInt64>()
    private let maxPollsPerJob: [String: Int]

    public init(mapping: BoundMapping) {
        self.mapping = mapping
        var coverage: [Plan.StrategyCoverage] = []
        var polls: [String: Int] = [:]
        for target in mapping.mapping.enrich {
            for name in target.providers {
                guard let provider = mapping.mapping.provider(named: name) else { continue }
                for strategy in provider.kind.strategies(for: target.field) {
                    coverage.append(
                        Plan.StrategyCoverage(
                            field: target.field, provider: name, kind: provider.kind, strategy: strategy.name))
                }
                polls[name] = Self.maxPolls(provider)
            }
        }
        plan.strategies = coverage
        maxPollsPerJob = polls
    }

    /// Reads every row of `source` into the plan.
    public mutating func run(_ source: any RecordSource) throws -> Plan {
        plan.dialect = source.dialectDescription
        while let row = try source.next() {
            add(row)
        }
        plan.blankLines = source.blankLines
        return plan
    }

    mutating func add(_ row: Row) {
        plan.rows += 1
        if let problem = row.problem {
            plan.invalid[problem.kind, default: 0] += 1
            return
        }
        let identifiers = mapping.identifiers(for: row)
        for field in identifiers.values.keys { plan.coverage[field, default: 0] += 1 }
        var anyUsable = false
        for index in plan.strategies.indices {
            let entry = plan.strategies[index]
            guard let strategy = entry.kind.strategies(for: entry.field).first(where: { $0.name == entry.strategy }),
                strategy.isUsable(with: identifiers)
            else { continue }
            plan.strategies[index].usable += 1
            anyUsable = true
            let firstUsable = entry.kind.strategies(for: entry.field).first { $0.isUsable(with: identifiers) }
            if firstUsable?.name == entry.strategy { plan.strategies[index].first += 1 }
        }
        if !anyUsable {
            plan.rowsWithoutIdentifier += 1
            return
        }
        guard seen.insert(Self.hash(identifiers.identityKey)).inserted else {
            plan.duplicateRows += 1
            return
        }
        plan.distinctIdentities += 1
        addUpperBounds(identifiers)
    }

    /// Launches and credits one distinct identity can cost at most. A provider that answers
    /// every field in one call is counted once per row; a charge happens only on a find, and a
    /// find ends that field's waterfall, so a field costs at most its dearest provider.
    private mutating func addUpperBounds(_ identifiers: Identifiers) {
        var calledOnce = Set<String>()
        for target in mapping.mapping.enrich {
            var dearest = 0
            for name in target.providers {
                guard let provider = mapping.mapping.provider(named: name) else { continue }
                let usable = provider.kind.strategies(for: target.field).filter { $0.isUsable(with: identifiers) }
                if usable.isEmpty { continue }
                dearest = max(dearest, provider.creditsHeldPerLaunch)
                if provider.kind.answersAllFieldsAtOnce && !calledOnce.insert(name).inserted { continue }
                let launches = provider.kind.attempts(from: usable).count
                plan.launchesUpperBound += launches
                plan.pollsUpperBound += launches * (maxPollsPerJob[name] ?? 0)
            }
            plan.creditsUpperBound += dearest
        }
    }

    /// Polls one async job can take: delays double from `pollInterval` up to
    /// `pollMaxInterval` until `jobDeadline` has passed. Lantern answers at once.
    static func maxPolls(_ provider: ProviderSettings) -> Int {
        guard provider.kind != .lantern else { return 0 }
        var elapsed = Duration.zero
        var delay = provider.pollInterval
        var polls = 0
        while elapsed < provider.jobDeadline && polls < 10_000 {
            elapsed += delay
            polls += 1
            delay = min(delay * 2, provider.pollMaxInterval)
            if delay <= .zero { break }
        }
        return polls
    }

    /// FNV-1a: stable across runs, unlike `Hasher`.
    static func hash(_ text: String) -> UInt64 {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            value ^= UInt64(byte)
            value = value &* 0x0000_0100_0000_01B3
        }
        return value
    }
}
