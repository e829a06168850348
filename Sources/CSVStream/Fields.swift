/// The cells of one record, as bytes: all values back to back in one array, and where each ends.
///
/// Two allocations per record whatever its width, and no `String` unless someone asks for one:
/// a CSV → CSV conversion never decodes a cell.
public struct Fields: Sendable, Equatable {
    public var bytes: [UInt8]
    public var ends: [Int]

    public init() {
        bytes = []
        ends = []
    }

    public init(bytes: [UInt8], ends: [Int]) {
        self.bytes = bytes
        self.ends = ends
    }

    public init(_ values: [String]) {
        self.init()
        for value in values { append(Array(value.utf8)) }
    }

    public var count: Int { ends.count }

    public func range(_ index: Int) -> Range<Int> {
        (index == 0 ? 0 : ends[index - 1])..<ends[index]
    }

    public subscript(index: Int) -> ArraySlice<UInt8> {
        bytes[range(index)]
    }

    /// The cell as text; invalid UTF-8 becomes U+FFFD.
    public func string(_ index: Int) -> String {
        String(decoding: self[index], as: UTF8.self)
    }

    public mutating func append<C: Collection>(_ value: C) where C.Element == UInt8 {
        bytes.append(contentsOf: value)
        ends.append(bytes.count)
    }

    public mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
    }

    public var strings: [String] {
        (0..<count).map { string($0) }
    }
}
