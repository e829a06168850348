import Foundation

/// The run's webhook inbox: deliveries the receiver made durable, handed to the lookups that
/// wait for them. A delivery may come before its lookup waits (kept until asked for), twice
/// (the first is kept), or never (the wait times out and the adapter polls).
///
/// A class with a lock rather than an actor, so a cancelled wait can give its continuation
/// back at once, from the cancellation handler.
public final class RunInbox: WebhookInbox, @unchecked Sendable {
    /// The public address providers POST to, without a trailing slash; set once the listener
    /// knows its port when no `--webhook-url` names it.
    private var base: String
    /// A secret path segment: a request without it is refused.
    public let token: String
    private let kinds: [String: ProviderKind]
    private let lock = NSLock()
    private var bodies: [String: [UInt8]] = [:]
    private var waiters: [Int: (key: String, continuation: CheckedContinuation<[UInt8]?, Never>)] = [:]
    private var nextWaiter = 0

    public init(publicURL: String, kinds: [String: ProviderKind], token: String = RunInbox.newToken()) {
        self.base = publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL
        self.kinds = kinds
        self.token = token
    }

    /// 32 random hex characters.
    public static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<4).map { _ in String(format: "%08x", UInt32.random(in: 0...UInt32.max, using: &generator)) }.joined()
    }

    public var publicURL: String {
        get { lock.withLock { base } }
        set { lock.withLock { base = newValue.hasSuffix("/") ? String(newValue.dropLast()) : newValue } }
    }

    public func callbackURL(provider: String) -> String {
        "\(publicURL)/hooks/\(token)/\(provider)"
    }

    /// The ids a delivery for `provider` is about; nil for a provider this run does not know.
    public func keys(provider: String, body: [UInt8]) -> [String]? {
        guard let kind = kinds[provider] else { return nil }
        return WebhookKeys.keys(kind: kind, body: body)
    }

    /// Hands a durable delivery to whoever waits for it, or keeps it for later.
    public func deliver(provider: String, key: String, body: [UInt8]) {
        let id = Self.id(provider, key)
        let woken: [CheckedContinuation<[UInt8]?, Never>] = lock.withLock {
            if bodies[id] == nil { bodies[id] = body }
            let matching = waiters.filter { $0.value.key == id }
            for waiter in matching.keys { waiters[waiter] = nil }
            return matching.values.map(\.continuation)
        }
        for continuation in woken { continuation.resume(returning: body) }
    }

    public func delivery(provider: String, key: String, timeout: Duration) async -> [UInt8]? {
        let id = Self.id(provider, key)
        if let body = lock.withLock({ bodies[id] }) { return body }
        return await withTaskGroup(of: [UInt8]?.self) { group in
            group.addTask { await self.wait(for: id) }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }

    private func wait(for id: String) async -> [UInt8]? {
        let waiter: Int = lock.withLock {
            nextWaiter += 1
            return nextWaiter
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<[UInt8]?, Never>) in
                let now: [UInt8]?? = lock.withLock {
                    if let body = bodies[id] { return .some(body) }
                    if Task.isCancelled { return .some(nil) }
                    waiters[waiter] = (id, continuation)
                    return .none
                }
                if let now { continuation.resume(returning: now) }
            }
        } onCancel: {
            let continuation = lock.withLock { waiters.removeValue(forKey: waiter)?.continuation }
            continuation?.resume(returning: nil)
        }
    }

    private static func id(_ provider: String, _ key: String) -> String { provider + "\u{1F}" + key }
}
