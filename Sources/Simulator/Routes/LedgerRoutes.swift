import Hummingbird

/// The simulator's own endpoints under `/__sim`: the ledger, a reset, and job control.
struct LedgerRoutes {
    let state: SimulatorState

    func register(on router: Router<SimulatorContext>) {
        let group = router.group("__sim")
        group.get("health") { _, _ in jsonResponse(.ok, .object([("status", .string("ok"))])) }
        group.get("ledger") { _, _ in jsonResponse(.ok, state.ledger.snapshot().json) }
        group.post("reset") { _, _ in
            await state.reset()
            return jsonResponse(.ok, .object([("status", .string("reset"))]))
        }
        group.post("keys/restore") { _, _ in
            state.restoreKeys()
            return jsonResponse(.ok, .object([("status", .string("restored"))]))
        }
        group.post("jobs/complete") { _, _ in
            let count = await state.jobs.completeAll()
            return jsonResponse(.ok, .object([("completed", .int(Int64(count)))]))
        }
        group.get("jobs") { _, _ in
            let jobs = await state.jobs.schedule()
            return jsonResponse(
                .ok,
                .array(
                    jobs.map { job in
                        .object([
                            ("id", .string(job.id)), ("provider", .string(job.provider)),
                            ("starts_in_ms", .int(Self.milliseconds(job.startsIn))), ("due_in_ms", .int(Self.milliseconds(job.dueIn))),
                            ("finished", .bool(job.finished)),
                        ])
                    }))
        }
    }

    static func milliseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
    }
}
