import Testing

@testable import Simulator

@Suite("Endpoint patterns")
struct EndpointPatternTests {
    /// Latencies for overlapping patterns: the configuration is a dictionary, so without an
    /// order of its own the plan would pick whichever pattern the hash put first.
    static let latency: SimulatorConfiguration.Latency = {
        var latency = SimulatorConfiguration.Latency()
        latency.default = .fixed(.milliseconds(1))
        latency.perEndpoint = [
            "/v1/enrich/phone": .fixed(.milliseconds(10)),
            "POST /v1/enrich/{kind}": .fixed(.milliseconds(20)),
            "POST /v1/enrich/phone": .fixed(.milliseconds(30)),
            "GET /v1/*/*": .fixed(.milliseconds(40)),
        ]
        return latency
    }()

    @Test(
        "the most specific pattern wins: a method over none, then more literal segments",
        arguments: [
            ("POST", "/v1/enrich/phone", 30), ("post", "/v1/enrich/phone", 30), ("GET", "/v1/enrich/phone", 40),
            ("PUT", "/v1/enrich/phone", 10), ("POST", "/v1/enrich/email", 20), ("GET", "/v1/credits/remaining", 40),
            ("GET", "/v1/credits", 1), ("POST", "/v1/enrich/phone/extra", 1),
        ])
    func mostSpecificFirst(method: String, path: String, milliseconds: Int) {
        let plan = FaultPlan(seed: "s", faults: .init(), latency: Self.latency)
        for sequence in 0..<5 {
            #expect(plan.latency(method: method, path: path, sequence: sequence) == .milliseconds(milliseconds))
        }
    }

    @Test("a range picks a value inside it, the same for the same request")
    func rangesStayDeterministic() {
        var latency = SimulatorConfiguration.Latency()
        latency.default = DurationRange(lower: .milliseconds(10), upper: .milliseconds(20))
        let plan = FaultPlan(seed: "s", faults: .init(), latency: latency)
        let picks = (0..<50).map { plan.latency(method: "GET", path: "/x", sequence: $0) }
        #expect(picks.allSatisfy { (.milliseconds(10)...(.milliseconds(20))).contains($0) })
        #expect(Set(picks.map(\.components.attoseconds)).count > 1)
        #expect(picks == (0..<50).map { plan.latency(method: "GET", path: "/x", sequence: $0) })
    }

    @Test("no fault configured, none picked; every request faulted at rate 1")
    func faultRates() {
        let none = FaultPlan(seed: "s", faults: .init(), latency: .init())
        #expect((0..<100).allSatisfy { none.fault(forRequest: $0) == nil })
        var faults = SimulatorConfiguration.Faults()
        faults.status503 = 1
        let all = FaultPlan(seed: "s", faults: faults, latency: .init())
        #expect((0..<100).allSatisfy { all.fault(forRequest: $0) == .status503 })
    }
}
