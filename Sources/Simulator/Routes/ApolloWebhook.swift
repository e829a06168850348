import Foundation

/// Apollo's asynchronous waterfall result, as POSTed to the webhook and served by `webhook_result`.
enum ApolloWebhook {
    struct Outcome {
        let person: Person
        let email: Bool
        let phone: Bool
    }

    static func payload(requestID: String, initiated: Date, completed: Date, outcomes: [Outcome], targets: [String], creditsPerRecord: Int)
        -> JSON
    {
        let enriched = outcomes.filter { $0.email || $0.phone }.count
        let emails = outcomes.filter(\.email).count
        let phones = outcomes.filter(\.phone).count
        let wantsEmail = targets.contains("emails"), wantsPhone = targets.contains("phone_numbers")
        return .object([
            ("status", .string("success")), ("total_requested_enrichments", .int(Int64(outcomes.count))),
            ("target_fields", .array(targets.map { .string($0) })), ("records_enriched", .int(Int64(enriched))),
            ("email_records_enriched", .int(Int64(emails))), ("mobile_records_enriched", .int(Int64(phones))),
            ("enrichment_not_found", .int(Int64(outcomes.count - enriched))),
            ("email_records_not_found", .int(Int64(wantsEmail ? outcomes.count - emails : 0))),
            ("mobile_records_not_found", .int(Int64(wantsPhone ? outcomes.count - phones : 0))),
            ("credits_consumed", .int(Int64(enriched * creditsPerRecord))),
            // A string in the webhook, unlike the synchronous answer's integer (see NOTES.md).
            ("request_id", .string(requestID)),
            ("request_initiated", .string(Timestamps.zulu(initiated))), ("request_completed", .string(Timestamps.zulu(completed))),
            ("people", .array(outcomes.map { person($0, completed: completed, wantsEmail: wantsEmail, wantsPhone: wantsPhone) })),
        ])
    }

    private static func vendor(_ id: String, _ name: String, _ key: String, _ values: [String]) -> JSON {
        .object([
            ("id", .string(id)), ("name", .string(name)), ("status", .string(values.isEmpty ? "NOT_FOUND" : "UNVERIFIED")),
            (key, .array(values.map { .string($0) })), ("usedForVerification", .bool(false)),
            ("statusCode", .null), ("statusMessage", .null), ("authMechanism", .string("native")),
        ])
    }

    private static func person(_ outcome: Outcome, completed: Date, wantsEmail: Bool, wantsPhone: Bool) -> JSON {
        let person = outcome.person
        let phone = person.phones[0]
        let phoneID = String(format24: StableHash.number("phone", person.key), StableHash.number("phone2", person.key))
        var waterfall: [(String, JSON)] = []
        if wantsEmail {
            waterfall.append(
                (
                    "emails",
                    .array([
                        .object([
                            (
                                "vendors",
                                .array([
                                    vendor("icypeas_single_email_search-1", "Icypeas", "emails", outcome.email ? [person.email] : [])
                                ])
                            )
                        ])
                    ])
                ))
        }
        if wantsPhone {
            waterfall.append(
                (
                    "phone_numbers",
                    .array([
                        .object([
                            (
                                "vendors",
                                .array([
                                    vendor("prospeo_mobile_finder-1", "Prospeo", "phone_numbers", outcome.phone ? [phone.raw] : [])
                                ])
                            )
                        ])
                    ])
                ))
        }
        let phones: [JSON] =
            outcome.phone
            ? [
                .object([
                    ("_id", .string(phoneID)), ("confidence_cd", .null), ("dnc_other_info", .object([])), ("dnc_status_cd", .null),
                    ("dnc_status_updated_at", .null), ("raw_number", .string(phone.raw)), ("sanitized_number", .string(phone.e164)),
                    ("status_cd", .string("no_status")), ("type_cd", .null), ("id", .string(phoneID)), ("key", .string(phoneID)),
                ])
            ] : []
        let emails: [JSON] =
            outcome.email
            ? [
                .object([
                    ("email", .string(person.email)), ("email_source_cd", .null), ("position", .int(0)),
                    ("email_status_cd", .string("Verified")), ("extrapolated_email_confidence", .null),
                    ("third_party_data_provider_id", .string("icypeas_single_email_search")),
                    ("waterfall_enriched_at", .string(Timestamps.zuluMillis(completed))), ("vendor_validation_statuses", .array([])),
                ])
            ] : []
        return .object([
            ("id", .string(person.id)), ("waterfall", .object(waterfall)),
            ("phone_numbers", .array(phones)), ("emails", .array(emails)),
        ])
    }
}
