import Foundation

/// What the simulator charged and served, so tests can prove nothing was paid twice.
public struct LedgerSnapshot: Sendable {
    /// One charged lookup.
    public struct Charge: Sendable, Equatable {
        public let provider: String
        /// The normalised identity looked up, e.g. `linkedin:jane-doe-abc123`.
        public let identity: String
        public let jobID: String?
        public let credits: Int
    }

    /// One request, as answered.
    public struct Request: Sendable, Equatable {
        public let sequence: Int
        public let method: String
        /// The path without its query string (Apollo puts personal data there).
        public let path: String
        public let provider: String?
        public let status: Int
        public let fault: String?
    }

    /// The same provider and identity charged more than once.
    public struct Duplicate: Sendable, Equatable {
        public let provider: String
        public let identity: String
        public let count: Int
    }

    /// One webhook delivery attempt.
    public struct Delivery: Sendable, Equatable {
        public let jobID: String
        /// The receiver's URL without its query string.
        public let url: String
        public let attempt: Int
        /// The receiver's status, or `nil` when it could not be reached.
        public let status: Int?
    }

    public let charges: [Charge]
    public let requests: [Request]
    public let deliveries: [Delivery]
    /// Requests answered (or dropped by a reset fault).
    public let requestCount: Int
    /// Requests that arrived, answered or not yet.
    public let requestsReceived: Int
    public let droppedRequests: Int
    public let rateLimited: Int
    public let faults: [String: Int]
    public let statuses: [Int: Int]

    public var duplicates: [Duplicate] {
        var counts: [String: (String, String, Int)] = [:]
        var order: [String] = []
        for charge in charges {
            let key = charge.provider + "\u{0}" + charge.identity
            if counts[key] == nil { order.append(key) }
            counts[key, default: (charge.provider, charge.identity, 0)].2 += 1
        }
        return order.compactMap { key in
            guard let (provider, identity, count) = counts[key], count > 1 else { return nil }
            return Duplicate(provider: provider, identity: identity, count: count)
        }
    }

    public var creditsCharged: Int { charges.reduce(0) { $0 + $1.credits } }
}

/// Records every request and every charged lookup until `reset()`.
///
/// A lock, not an actor: a job that finishes must have its charge visible to the very next
/// ledger read, and every request records itself here, so a hop per request would cost more
/// than the bookkeeping.
final class Ledger: Sendable {
    private struct State {
        var charges: [LedgerSnapshot.Charge] = []
        var requests: [LedgerSnapshot.Request] = []
        var deliveries: [LedgerSnapshot.Delivery] = []
        var requestCount = 0
        var received = 0
        var dropped = 0
        var rateLimited = 0
        var faults: [String: Int] = [:]
        var statuses: [Int: Int] = [:]
    }

    private let state = Locked(State())
    private let requestLimit: Int

    init(requestLimit: Int) {
        self.requestLimit = requestLimit
    }

    func charge(provider: String, identity: String, jobID: String?, credits: Int) {
        state.withLock { $0.charges.append(.init(provider: provider, identity: identity, jobID: jobID, credits: credits)) }
    }

    func record(_ request: LedgerSnapshot.Request) {
        state.withLock { state in
            state.requestCount += 1
            state.statuses[request.status, default: 0] += 1
            if request.status == 429 { state.rateLimited += 1 }
            if let fault = request.fault { state.faults[fault, default: 0] += 1 }
            if state.requests.count < requestLimit {
                state.requests.append(request)
            } else {
                state.dropped += 1
            }
        }
    }

    /// Counts a request as it arrives, before latency or faults: `requestsReceived` minus
    /// `requestCount` is what is still being answered.
    func arrived() {
        state.withLock { $0.received += 1 }
    }

    func recordDelivery(_ delivery: LedgerSnapshot.Delivery) {
        state.withLock { $0.deliveries.append(delivery) }
    }

    func reset() {
        state.withLock { $0 = State() }
    }

    func snapshot() -> LedgerSnapshot {
        state.withLock { state in
            LedgerSnapshot(
                charges: state.charges, requests: state.requests, deliveries: state.deliveries,
                requestCount: state.requestCount, requestsReceived: state.received, droppedRequests: state.dropped,
                rateLimited: state.rateLimited, faults: state.faults, statuses: state.statuses
            )
        }
    }
}

extension LedgerSnapshot {
    var json: JSON {
        .object([
            (
                "charges",
                .array(
                    charges.map { charge in
                        .object([
                            ("provider", .string(charge.provider)), ("identity", .string(charge.identity)),
                            ("job_id", .string(charge.jobID)), ("credits", .int(Int64(charge.credits))),
                        ])
                    })
            ),
            (
                "duplicates",
                .array(
                    duplicates.map { duplicate in
                        .object([
                            ("provider", .string(duplicate.provider)), ("identity", .string(duplicate.identity)),
                            ("count", .int(Int64(duplicate.count))),
                        ])
                    })
            ),
            ("credits_charged", .int(Int64(creditsCharged))),
            ("request_count", .int(Int64(requestCount))),
            ("requests_received", .int(Int64(requestsReceived))),
            ("rate_limited", .int(Int64(rateLimited))),
            ("faults", .object(faults.sorted { $0.key < $1.key }.map { ($0.key, .int(Int64($0.value))) })),
            ("statuses", .object(statuses.sorted { $0.key < $1.key }.map { (String($0.key), .int(Int64($0.value))) })),
            ("requests_dropped", .int(Int64(droppedRequests))),
            (
                "webhook_deliveries",
                .array(
                    deliveries.map { delivery in
                        .object([
                            ("job_id", .string(delivery.jobID)), ("url", .string(delivery.url)),
                            ("attempt", .int(Int64(delivery.attempt))), ("status", delivery.status.map { .int(Int64($0)) } ?? .null),
                        ])
                    })
            ),
            (
                "requests",
                .array(
                    requests.map { request in
                        .object([
                            ("seq", .int(Int64(request.sequence))), ("method", .string(request.method)), ("path", .string(request.path)),
                            ("provider", .string(request.provider)), ("status", .int(Int64(request.status))),
                            ("fault", .string(request.fault)),
                        ])
                    })
            ),
        ])
    }
}
