/// A complete HTTP response. Any status is a response: judging 4xx/5xx is the caller's job.
public struct HTTPResponse: Sendable {
    public var status: Int
    /// Header fields of the final response, in arrival order.
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    public var metrics: TransferMetrics
    /// Header lines as libcurl delivered them, split into `headers` by the awaiting task so
    /// the multi thread does not spend its time building Strings.
    var rawHeaders: [UInt8] = []

    public init(
        status: Int,
        headers: [(name: String, value: String)] = [],
        body: [UInt8] = [],
        metrics: TransferMetrics = TransferMetrics()
    ) {
        self.status = status
        self.headers = headers
        self.body = body
        self.metrics = metrics
    }

    /// Splits `rawHeaders` ("Name: value\r\n" lines) into `headers`.
    ///
    /// Walks indices over the bytes instead of `split` and trimming slices: those allocated an
    /// array and retained the buffer per line and per trimmed byte, which showed in profiles
    /// at tens of thousands of responses a second.
    mutating func parseRawHeaders() {
        guard !rawHeaders.isEmpty else { return }
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A }
        var parsed: [(name: String, value: String)] = headers
        rawHeaders.withUnsafeBufferPointer { bytes in
            // One allocation for the array rather than a regrowth at 1, 2, 4, 8… fields.
            parsed.reserveCapacity(parsed.count + bytes.count { $0 == 0x0A })
            var lineStart = 0
            while lineStart < bytes.count {
                var lineEnd = lineStart
                while lineEnd < bytes.count, bytes[lineEnd] != 0x0A { lineEnd += 1 }
                defer { lineStart = lineEnd + 1 }
                var colon = lineStart
                while colon < lineEnd, bytes[colon] != UInt8(ascii: ":") { colon += 1 }
                guard colon < lineEnd else { continue }
                var nameEnd = colon
                while nameEnd > lineStart, isSpace(bytes[nameEnd - 1]) { nameEnd -= 1 }
                var valueStart = colon + 1
                var valueEnd = lineEnd
                while valueStart < valueEnd, isSpace(bytes[valueStart]) { valueStart += 1 }
                while valueEnd > valueStart, isSpace(bytes[valueEnd - 1]) { valueEnd -= 1 }
                parsed.append(
                    (
                        name: String(decoding: UnsafeBufferPointer(rebasing: bytes[lineStart..<nameEnd]), as: UTF8.self),
                        value: String(decoding: UnsafeBufferPointer(rebasing: bytes[valueStart..<valueEnd]), as: UTF8.self)
                    ))
            }
        }
        headers = parsed
        rawHeaders = []
    }

    /// The first value of a header field, compared case-insensitively.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

/// What libcurl measured for one transfer.
public struct TransferMetrics: Sendable, Equatable {
    /// From the transfer's start to its last byte.
    public var total: Duration
    /// True when the transfer ran on a connection kept alive from an earlier one.
    public var reusedConnection: Bool
    /// "1.1" or "2"; empty when no response arrived.
    public var httpVersion: String

    public init(total: Duration = .zero, reusedConnection: Bool = false, httpVersion: String = "") {
        self.total = total
        self.reusedConnection = reusedConnection
        self.httpVersion = httpVersion
    }
}
