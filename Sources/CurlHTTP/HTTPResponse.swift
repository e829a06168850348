/// A complete HTTP response. Any status is a response: judging 4xx/5xx is the caller's job.
public struct HTTPResponse: Sendable {
    public var status: Int
    /// Header fields of the final response, in arrival order.
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    public var metrics: TransferMetrics

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
