#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The fields of the record being parsed, in two malloc'd buffers that the libcsv callbacks
/// append to.
///
/// The callbacks run once per field, tens of millions of times in a large file: plain memory
/// here keeps reference counting and exclusivity checks out of them. A finished record is
/// copied once into a `Fields` value.
struct FieldCollector {
    private(set) var bytes: UnsafeMutablePointer<UInt8>
    private(set) var byteCount = 0
    private var byteCapacity: Int
    private(set) var ends: UnsafeMutablePointer<Int>
    private(set) var fieldCount = 0
    private var fieldCapacity: Int
    var recordEnded = false

    init() {
        byteCapacity = 4096
        fieldCapacity = 64
        bytes = Self.allocate(UInt8.self, byteCapacity)
        ends = Self.allocate(Int.self, fieldCapacity)
    }

    /// Frees both buffers; the collector must not be used afterwards.
    func free() {
        Glibc.free(bytes)
        Glibc.free(ends)
    }

    mutating func reset() {
        byteCount = 0
        fieldCount = 0
        recordEnded = false
    }

    mutating func append(_ field: UnsafeRawPointer?, _ length: Int) {
        if length > 0, let field {
            if byteCount + length > byteCapacity {
                byteCapacity = max(byteCapacity * 2, byteCount + length)
                bytes = Self.reallocate(bytes, byteCapacity)
            }
            (bytes + byteCount).update(from: field.assumingMemoryBound(to: UInt8.self), count: length)
            byteCount += length
        }
        if fieldCount == fieldCapacity {
            fieldCapacity *= 2
            ends = Self.reallocate(ends, fieldCapacity)
        }
        ends[fieldCount] = byteCount
        fieldCount += 1
    }

    /// Replaces `fields` with the collected ones, reusing its storage when it is not shared.
    func copy(into fields: inout Fields) {
        fields.bytes.removeAll(keepingCapacity: true)
        fields.bytes.append(contentsOf: UnsafeBufferPointer(start: bytes, count: byteCount))
        fields.ends.removeAll(keepingCapacity: true)
        fields.ends.append(contentsOf: UnsafeBufferPointer(start: ends, count: fieldCount))
    }

    private static func allocate<T>(_: T.Type, _ count: Int) -> UnsafeMutablePointer<T> {
        guard let memory = malloc(count * MemoryLayout<T>.stride) else { fatalError("out of memory") }
        return memory.bindMemory(to: T.self, capacity: count)
    }

    private static func reallocate<T>(_ pointer: UnsafeMutablePointer<T>, _ count: Int) -> UnsafeMutablePointer<T> {
        guard let memory = realloc(pointer, count * MemoryLayout<T>.stride) else { fatalError("out of memory") }
        return memory.bindMemory(to: T.self, capacity: count)
    }
}
