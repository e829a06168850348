#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file or standard output, written through one buffer with `write(2)`.
///
/// Writers append bytes to `buffer` directly and call `flushIfFull()`; that keeps the
/// per-field cost to a memcpy.
public final class OutputFile {
    public let path: String
    private let fd: Int32
    private let ownsDescriptor: Bool
    /// Bytes not yet written. Append to it, then call `flushIfFull()`.
    public var buffer: [UInt8] = []
    private let capacity: Int

    /// Creates or truncates `path`, or uses standard output when `path` is `-`.
    public init(path: String, capacity: Int = 256 * 1024) throws(ByteStreamError) {
        self.path = path
        self.capacity = capacity
        buffer.reserveCapacity(capacity + 64 * 1024)
        if path == "-" {
            fd = STDOUT_FILENO
            ownsDescriptor = false
        } else {
            let opened = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard opened >= 0 else { throw ByteStreamError.create(path: path, errno: errno) }
            fd = opened
            ownsDescriptor = true
        }
    }

    deinit {
        if ownsDescriptor { close(fd) }
    }

    @inline(__always)
    public func flushIfFull() throws(ByteStreamError) {
        if buffer.count >= capacity { try flush() }
    }

    /// Writes everything buffered so far.
    public func flush() throws(ByteStreamError) {
        var failure: Int32 = 0
        buffer.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 && errno == EINTR { continue }
                if n < 0 { failure = errno; return }
                offset += n
            }
        }
        buffer.removeAll(keepingCapacity: true)
        if failure != 0 { throw ByteStreamError.write(path: path, errno: failure) }
    }

    /// Flushes and asks the kernel to put the bytes on disk.
    public func sync() throws(ByteStreamError) {
        try flush()
        if ownsDescriptor && fsync(fd) != 0 { throw ByteStreamError.write(path: path, errno: errno) }
    }
}
