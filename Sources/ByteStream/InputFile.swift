#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file or standard input, read in large blocks with `read(2)`.
///
/// Readers of records keep their own buffer and ask this for more bytes: there is no
/// second copy between the kernel and the parser.
public final class InputFile {
    public let path: String
    private let fd: Int32
    private let ownsDescriptor: Bool

    /// Opens `path`, or standard input when `path` is `-`.
    public init(path: String) throws(ByteStreamError) {
        self.path = path
        if path == "-" {
            fd = STDIN_FILENO
            ownsDescriptor = false
        } else {
            let opened = open(path, O_RDONLY | O_CLOEXEC)
            guard opened >= 0 else { throw ByteStreamError.open(path: path, errno: errno) }
            fd = opened
            ownsDescriptor = true
        }
    }

    deinit {
        if ownsDescriptor { close(fd) }
    }

    /// Whether this is a regular file that can be read again from the start.
    public var isRegularFile: Bool {
        var info = stat()
        return fstat(fd, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }

    /// Reads up to `count` bytes into `buffer` after its current contents.
    /// Returns the number of bytes read; 0 at end of file.
    public func read(appendingTo buffer: inout [UInt8], count: Int) throws(ByteStreamError) -> Int {
        let start = buffer.count
        var got = 0
        var failure: Int32 = 0
        buffer.append(contentsOf: repeatElement(0, count: count))
        buffer.withUnsafeMutableBytes { raw in
            guard let base = raw.baseAddress else { return }
            while true {
                let n = Glibc.read(fd, base + start, count)
                if n < 0 && errno == EINTR { continue }
                if n < 0 { failure = errno } else { got = n }
                break
            }
        }
        buffer.removeLast(count - got)
        if failure != 0 { throw ByteStreamError.read(path: path, errno: failure) }
        return got
    }

    /// Moves back to the first byte (regular files only).
    public func rewind() throws(ByteStreamError) {
        guard lseek(fd, 0, SEEK_SET) == 0 else { throw ByteStreamError.read(path: path, errno: errno) }
    }
}
