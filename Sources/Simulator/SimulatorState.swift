import Foundation
import Logging

/// Everything the routes share: settings, synthetic people, the ledger, jobs and account state.
final class SimulatorState: Sendable {
    let configuration: SimulatorConfiguration
    let people: People
    let ledger: Ledger
    let background: BackgroundWork
    let jobs: JobStore
    let rateLimiter: RateLimiter
    let faultPlan: FaultPlan
    let accounts: Accounts
    let logger: Logger
    private let sequence = Locked(0)
    private let keysRestored = Locked(false)
    private let idCounter = Locked(0)

    init(configuration: SimulatorConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        people = People(seed: configuration.seed, formulaRate: configuration.formulaRate)
        ledger = Ledger(requestLimit: configuration.ledgerRequestLimit)
        background = BackgroundWork(deliverer: WebhookDeliverer(settings: configuration.webhook, ledger: ledger, logger: logger))
        jobs = JobStore(ledger: ledger, background: background)
        rateLimiter = RateLimiter(configuration.rateLimit)
        faultPlan = FaultPlan(seed: configuration.seed, faults: configuration.faults, latency: configuration.latency)
        accounts = Accounts(configuration)
    }

    /// Whether request number `sequence` meets a revoked key (`revoke_keys_after`).
    func keysRevoked(atRequest sequence: Int) -> Bool {
        guard let after = configuration.revokeKeysAfter, sequence > after else { return false }
        return !keysRestored.withLock { $0 }
    }

    /// Ends `revoke_keys_after`'s revocation: the keys work again.
    func restoreKeys() {
        keysRestored.withLock { $0 = true }
    }

    /// A process-wide request number: faults and latencies are drawn from it.
    func nextSequence() -> Int {
        sequence.withLock { value in
            value += 1
            return value
        }
    }

    /// A fresh id, stable across runs that make the same calls in the same order.
    func nextID(_ purpose: String) -> String {
        let n = String(
            idCounter.withLock { value in
                value += 1
                return value
            })
        return People.uuid(StableHash.number(configuration.seed, purpose, n), StableHash.number(configuration.seed, purpose, "b", n))
    }

    func jobDuration(_ salt: String) -> Duration {
        configuration.jobDuration.pick(StableHash.unit(configuration.seed, "duration", salt))
    }

    func reset() async {
        ledger.reset()
        rateLimiter.reset()
        accounts.reset()
        await jobs.reset()
        sequence.withLock { $0 = 0 }
        idCounter.withLock { $0 = 0 }
    }
}
