import Simulator
import Testing

@Suite("Configuration")
struct ConfigurationTests {
    @Test("YAML overrides the defaults")
    func yaml() throws {
        let configuration = try SimulatorConfiguration.parse(
            yaml: """
                port: 9000
                keys: { lantern: lk }
                hit_rates: { lantern: { phone: 0.25 } }
                latency: { default: 5ms, "POST /v1/enrich/phone": 10ms..20ms }
                rate_limit: { limit: 10, window: 2s, hint: http_date, retry_after: 3 }
                faults: { status_500: 0.1, reset: 0.01, slow_duration: 1m }
                job_duration: 1s..3s
                job_outcomes: { failed: 0.1 }
                formula_rate: 0.5
                webhook: { max_retries: 2, backoff_base: 100ms }
                pronto: { personal_email_consent: false, prices: { phone: 7 } }
                apollo: { per_minute: 60 }
                """)
        #expect(configuration.port == 9000)
        #expect(configuration.keys.lantern == "lk")
        #expect(configuration.keys.apollo == "sim-apollo-key")
        #expect(configuration.hitRates.lantern["phone"] == 0.25)
        #expect(configuration.latency.default == .fixed(.milliseconds(5)))
        #expect(
            configuration.latency.perEndpoint["POST /v1/enrich/phone"] == DurationRange(lower: .milliseconds(10), upper: .milliseconds(20)))
        #expect(configuration.rateLimit.hint == .httpDate)
        #expect(configuration.rateLimit.window == .seconds(2))
        #expect(configuration.faults.slowDuration == .seconds(60))
        #expect(configuration.jobDuration == DurationRange(lower: .seconds(1), upper: .seconds(3)))
        #expect(configuration.webhook.maxRetries == 2)
        #expect(configuration.pronto.prices["phone"] == 7)
        #expect(configuration.pronto.prices["email"] == 1)
        #expect(!configuration.pronto.personalEmailConsent)
        #expect(configuration.apollo.perMinute == 60)
    }

    @Test(
        "unknown keys and bad values are errors that say where",
        arguments: [
            "prot: 1", "faults: { status_500: 2 }", "job_duration: soon", "rate_limit: { hint: maybe }", "keys: { hubspot: x }",
            // Past what a Duration's milliseconds hold: these used to trap, not throw.
            "job_duration: 1e999s", "latency: { default: 1e300ms }",
            // A negative count used to be read as none (no limit, no retries, no credits).
            "rate_limit: { limit: -3 }", "webhook: { max_retries: -1 }", "lantern: { credits: -5 }",
            "apollo: { credits_per_record: -2 }", "pronto: { prices: { email: -1 } }",
        ])
    func errors(yaml: String) {
        #expect(throws: SimulatorConfigurationError.self) { try SimulatorConfiguration.parse(yaml: yaml) }
    }

    @Test func aNegativeCountSaysWhatIsExpected() {
        #expect {
            try SimulatorConfiguration.parse(yaml: "webhook: { max_retries: -1 }")
        } throws: { error in
            "\(error)".contains("webhook.max_retries") && "\(error)".contains("expected a whole number, 0 or more")
        }
    }
}
