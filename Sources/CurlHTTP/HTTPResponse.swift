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
    mutating func parseRawHeaders() {
        guard !rawHeaders.isEmpty else { return }
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A }
        for line in rawHeaders.split(separator: 0x0A) {
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { continue }
            var name = line[..<colon]
            var value = line[(colon + 1)...]
            while let b = name.last, isSpace(b) { name.removeLast() }
            while let b = value.first, isSpace(b) { value.removeFirst() }
            while let b = value.last, isSpace(b) { value.removeLast() }
            headers.append((name: String(decoding: name, as: UTF8.self), value: String(decoding: value, as: UTF8.self)))
        }
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
