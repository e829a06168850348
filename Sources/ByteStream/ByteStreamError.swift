#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A failure to open, read or write a file, with the path and the system's reason.
public enum ByteStreamError: Error, CustomStringConvertible, Equatable {
    case open(path: String, errno: Int32)
    case create(path: String, errno: Int32)
    case read(path: String, errno: Int32)
    case write(path: String, errno: Int32)

    public var description: String {
        switch self {
        case .open(let path, let code):
            return "cannot open \(path): \(Self.reason(code)). Check the path and that the file is readable."
        case .create(let path, let code):
            return "cannot create \(path): \(Self.reason(code)). Check that the folder exists and is writable."
        case .read(let path, let code):
            return "cannot read \(path): \(Self.reason(code))."
        case .write(let path, let code):
            return "cannot write \(path): \(Self.reason(code)). Check free disk space."
        }
    }

    private static func reason(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}
