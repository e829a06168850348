/// Apollo's synchronous answer to `people/match` or `people/bulk_match`, cut into one slot per
/// record sent.
struct ApolloMatchAnswer: Sendable, Equatable {
    /// One record's part of the answer.
    struct Slot: Sendable, Equatable {
        /// The exact digits of `request_id` (above 2^53: never a `Double`).
        var requestID: String?
        /// `waterfall.status`: `accepted`, `failed`, `partial_accepted` (bulk); nil when absent.
        var waterfallStatus: String?
        var waterfallMessage: String?
        /// This record's `unprocessed_attributes`, as `name=value` pairs; nil when it was accepted.
        var unprocessed: String?
        /// The matched person's Apollo id, if it matched.
        var personID: String?
        var person: LookupResult.Person?
        /// Where this record's person is in the webhook's `people[]`: its rank among the
        /// records the waterfall accepted. Nil when it was not accepted.
        var position: Int?

        /// Whether the waterfall runs for this record.
        var accepted: Bool {
            guard let status = waterfallStatus?.lowercased() else { return false }
            return (status == "accepted" || status == "partial_accepted") && unprocessed == nil
        }
    }

    var slots: [Slot]

    /// Reads a 2xx body for `count` records. Nil when it is not a JSON object.
    static func parse(_ body: [UInt8], count: Int, bulk: Bool) -> ApolloMatchAnswer? {
        guard let tree = JSONTree.parse(body[...]), case .object = tree else { return nil }
        let requestID = tree["request_id"]?.text
        let waterfall = tree["waterfall"]
        let status = waterfall?["status"]?.string
        let message = waterfall?["message"]?.text
        let unprocessed = waterfall?["unprocessed_attributes"]?.array ?? []
        let people: [JSONTree?] = bulk ? (tree["matches"]?.array ?? []).map { $0 } : [tree["person"]]
        var slots: [Slot] = []
        var accepted = 0
        for index in 0..<count {
            var slot = Slot(requestID: requestID, waterfallStatus: status, waterfallMessage: message)
            // Bulk: index-aligned with `details`, null where accepted. Single: the one record's.
            let attributes: JSONTree? = bulk ? (index < unprocessed.count ? unprocessed[index] : nil) : unprocessed.first
            if let attributes, !attributes.isNull {
                slot.unprocessed = attributes.summary
            } else if status?.lowercased() == "failed" {
                // A failed waterfall processed nothing, whether or not it lists the record.
                slot.unprocessed = ""
            }
            if index < people.count, let match = people[index], case .object = match {
                slot.personID = match["id"]?.text
                slot.person = person(match)
            }
            if slot.accepted {
                slot.position = accepted
                accepted += 1
            }
            slots.append(slot)
        }
        return ApolloMatchAnswer(slots: slots)
    }

    /// The person fields the output columns can show. An empty person (a single match that
    /// found no one has an id but null names) gives nil.
    static func person(_ match: JSONTree) -> LookupResult.Person? {
        var person = LookupResult.Person()
        func text(_ value: JSONTree?) -> String? {
            guard let text = value?.text?.trimmingWhitespace(), !text.isEmpty else { return nil }
            return text
        }
        person.firstName = text(match["first_name"])
        person.lastName = text(match["last_name"])
        person.title = text(match["title"])
        person.seniority = text(match["seniority"])
        person.department = match["departments"]?.array?.compactMap { text($0) }.joined(separator: ", ")
        if person.department?.isEmpty == true { person.department = nil }
        let organisation = match["organization"]
        person.company = text(organisation?["name"]) ?? text(match["organization_name"])
        person.domain =
            text(organisation?["primary_domain"])
            ?? text(organisation?["website_url"]).flatMap(Normalize.domain)
        person.linkedinURL = text(match["linkedin_url"])
        person.country = text(match["country"])
        return person == LookupResult.Person() ? nil : person
    }
}

/// Apollo's error body: `{"status":"error","error_code":…,"error_message":…}` (or `error`/`message`).
enum ApolloError {
    static func message(status: Int, body: [UInt8]) -> String {
        let tree = JSONTree.parse(body[...])
        let text = [tree?["error_message"]?.text ?? tree?["message"]?.text ?? tree?["error"]?.text, tree?["error_code"]?.text]
            .compactMap { $0 }.filter { !$0.isEmpty }
        return "HTTP \(status): \(text.isEmpty ? "unreadable body" : text.joined(separator: " "))"
    }
}

/// The asynchronous waterfall result: the webhook's body and `GET /webhook_result/{id}`'s.
struct ApolloPayload: Sendable, Equatable {
    struct Person: Sendable, Equatable {
        var id: String?
        /// `sanitized_number` where it is E.164, else `raw_number` made E.164; unusable ones dropped.
        var phones: [String] = []
        /// The first e-mail, lower-cased, and its `email_status_cd`.
        var email: String?
        var emailStatus: String?
        /// Each data source tried: `email Icypeas: UNVERIFIED, 1 found`.
        var vendors: [String] = []
        /// Numbers returned that could not be made E.164, for the audit.
        var unreadablePhones = 0
    }

    var status: String?
    var requestID: String?
    var creditsConsumed: String?
    var people: [Person]

    static func parse(_ body: [UInt8]) -> ApolloPayload? {
        guard let tree = JSONTree.parse(body[...]), case .object = tree, let people = tree["people"]?.array else { return nil }
        return ApolloPayload(
            status: tree["status"]?.text, requestID: tree["request_id"]?.text, creditsConsumed: tree["credits_consumed"]?.text,
            people: people.map(person))
    }

    /// The row's person: by the id the synchronous answer matched, else by its position.
    func person(id: String?, position: Int) -> Person? {
        if let id, let found = people.first(where: { $0.id == id }) { return found }
        return position < people.count ? people[position] : nil
    }

    private static func person(_ tree: JSONTree) -> Person {
        var person = Person(id: tree["id"]?.text)
        for number in tree["phone_numbers"]?.array ?? [] {
            let sanitized = number["sanitized_number"]?.string.flatMap { PhoneNumber.isE164($0) ? $0 : nil }
            guard let phone = sanitized ?? number["raw_number"]?.string.flatMap({ PhoneNumber.e164($0) }) else {
                person.unreadablePhones += 1
                continue
            }
            if !person.phones.contains(phone) { person.phones.append(phone) }
        }
        for email in tree["emails"]?.array ?? [] {
            guard let address = email["email"]?.string.flatMap(Normalize.email) else { continue }
            person.email = address
            person.emailStatus = email["email_status_cd"]?.text
            break
        }
        let waterfall = tree["waterfall"]
        for (target, key) in [("email", "emails"), ("phone", "phone_numbers")] {
            for step in waterfall?[key]?.array ?? [] {
                for vendor in step["vendors"]?.array ?? [] {
                    let name = vendor["name"]?.text ?? vendor["id"]?.text ?? "unknown"
                    var line = "\(target) \(name): \(vendor["status"]?.text ?? "no status")"
                    line += ", \(vendor[key]?.array?.count ?? 0) found"
                    if let code = vendor["statusCode"]?.text { line += ", code \(code)" }
                    if let message = vendor["statusMessage"]?.text, !message.isEmpty { line += ", \(message)" }
                    person.vendors.append(line)
                }
            }
        }
        return person
    }
}

/// `GET /webhook_result/{id}` while the waterfall runs: 404 with `result_pending`.
struct ApolloPending: Sendable, Equatable {
    var retryAfterSeconds: Int?

    static func parse(_ body: [UInt8]) -> ApolloPending? {
        guard let tree = JSONTree.parse(body[...]), tree["status"]?.string?.lowercased() == "result_pending" else { return nil }
        return ApolloPending(retryAfterSeconds: tree["retry_after_seconds"]?.text.flatMap { Int(jsonNumber: $0) })
    }
}
