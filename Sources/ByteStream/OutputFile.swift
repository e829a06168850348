#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file or standard output, written through one buffer with `write(2)`.
///
/// The buffer is plain malloc'd memory: writers reserve room for a whole record, fill it
/// through a pointer and commit what they wrote. That keeps the per-field cost of a CSV
/// writer at a memcpy, with no capacity or uniqueness check per byte.
public final class OutputFile {
    public let path: String
    private let fd: Int32
    private let ownsDescriptor: Bool
    private var storage: UnsafeMutablePointer<UInt8>
    private var storageCapacity: Int
    /// Bytes buffered and not yet written.
    public private(set) var count = 0
    /// The buffer is written out once it holds this many bytes.
    public let flushThreshold: Int

    /// Creates or truncates `path`, or uses standard output when `path` is `-`.
    public init(path: String, flushThreshold: Int = 256 * 1024) throws(ByteStreamError) {
        self.path = path
        self.flushThreshold = flushThreshold
        if path == "-" {
            fd = STDOUT_FILENO
            ownsDescriptor = false
        } else {
            let opened = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard opened >= 0 else { throw ByteStreamError.create(path: path, errno: errno) }
            fd = opened
            ownsDescriptor = true
        }
        storageCapacity = flushThreshold * 2
        guard let memory = malloc(storageCapacity) else { fatalError("out of memory") }
        storage = memory.assumingMemoryBound(to: UInt8.self)
    }

    deinit {
        try? flush()
        free(storage)
        if ownsDescriptor { close(fd) }
    }

    /// Lets `body` write at most `maximum` bytes at the end of the buffer; `body` returns how
    /// many it wrote.
    @inline(__always)
    public func write(upTo maximum: Int, _ body: (UnsafeMutablePointer<UInt8>) -> Int) {
        if count + maximum > storageCapacity { grow(to: count + maximum) }
        count += body(storage + count)
    }

    public func append(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        write(upTo: bytes.count) { out in
            out.update(from: base.assumingMemoryBound(to: UInt8.self), count: bytes.count)
            return bytes.count
        }
    }

    public func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { append($0) }
    }

    public func append(_ text: String) {
        var text = text
        text.withUTF8 { append(UnsafeRawBufferPointer($0)) }
    }

    @inline(__always)
    public func flushIfFull() throws(ByteStreamError) {
        if count >= flushThreshold { try flush() }
    }

    /// Writes everything buffered so far.
    public func flush() throws(ByteStreamError) {
        var offset = 0
        while offset < count {
            let n = Glibc.write(fd, storage + offset, count - offset)
            if n < 0 && errno == EINTR { continue }
            if n < 0 {
                count = 0
                throw ByteStreamError.write(path: path, errno: errno)
            }
            offset += n
        }
        count = 0
    }

    private func grow(to needed: Int) {
        var capacity = storageCapacity
        while capacity < needed { capacity *= 2 }
        guard let memory = realloc(storage, capacity) else { fatalError("out of memory") }
        storage = memory.assumingMemoryBound(to: UInt8.self)
        storageCapacity = capacity
    }
}
