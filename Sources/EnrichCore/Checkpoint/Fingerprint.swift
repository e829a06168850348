public import ByteStream

/// What a checkpoint was written for: resuming against a different input or mapping would
/// attach old answers to the wrong rows, so a mismatch stops the run (exit 2) unless `--fresh`.
public struct Fingerprints: Sendable, Equatable {
    public var input: String
    public var mapping: String
    /// Written by a `--sandbox` run: its answers are the simulator's. A live run resuming it
    /// would write them out as found, and a sandbox run resuming a live one would add made-up
    /// finds to real ones.
    public var sandbox: Bool

    public init(input: String, mapping: String, sandbox: Bool = false) {
        self.input = input
        self.mapping = mapping
        self.sandbox = sandbox
    }

    /// The whole file's bytes, hashed 8 at a time: a 1 GB export takes about a second, and any
    /// edit (not only one that changes its size or head) is caught.
    public static func file(path: String) throws(ByteStreamError) -> String {
        let file = try InputFile(path: path)
        var hash: UInt64 = 0x9E37_79B9_7F4A_7C15
        var size = 0
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 20)
        while true {
            buffer.removeAll(keepingCapacity: true)
            let count = try file.read(appendingTo: &buffer, count: 1 << 20)
            if count == 0 { break }
            size += count
            buffer.withUnsafeBytes { bytes in
                var index = 0
                while index + 8 <= bytes.count {
                    hash = mix(hash ^ bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self))
                    index += 8
                }
                while index < bytes.count {
                    hash = mix(hash ^ UInt64(bytes[index]))
                    index += 1
                }
            }
        }
        return "size=\(size) hash=\(String(hash, radix: 16))"
    }

    /// What in a mapping decides the answers and the output's shape: identifiers, waterfalls,
    /// output columns, provider kinds and their request options. Keys, base URLs, concurrency,
    /// rates, budgets (`max_billed_numbers` too) and `in_doubt` may change between runs: a
    /// resumed run may use a new key, a larger budget, or the sandbox's new port.
    public static func mapping(_ mapping: Mapping) -> String {
        var parts: [String] = ["v\(mapping.version)", "id=\(mapping.recordID?.name ?? "")"]
        for rule in mapping.fields {
            let columns = rule.columns.map(\.name).joined(separator: "|")
            parts.append("field \(rule.field.rawValue)=\(columns) \(rule.transforms.map { "\($0)" }.joined(separator: "|"))")
        }
        for target in mapping.enrich {
            let columns = target.columns.map { "\($0.name):\($0.value.rawValue):\($0.overwrite)" }.joined(separator: "|")
            parts.append("enrich \(target.field.rawValue)=\(target.providers.joined(separator: "|")) \(columns)")
        }
        for provider in mapping.providers {
            // `max_billed_numbers` only sizes what a budget holds, like `max_credits`.
            let options = provider.options.filter { $0.key != "max_billed_numbers" }.sorted { $0.key < $1.key }
                .map { "\($0.key)=\($0.value)" }.joined(separator: "|")
            parts.append("provider \(provider.name)=\(provider.kind.rawValue) \(provider.creditsPerLookup) \(options)")
        }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in parts.joined(separator: "\n").utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return String(hash, radix: 16)
    }

    @inline(__always)
    private static func mix(_ value: UInt64) -> UInt64 {
        var x = value &* 0xBF58_476D_1CE4_E5B9
        x ^= x >> 31
        return x &* 0x94D0_49BB_1331_11EB
    }
}
