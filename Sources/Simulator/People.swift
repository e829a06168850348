/// A phone number in E.164 and in the raw form a vendor like Apollo shows beside it.
struct Phone: Sendable {
    let e164: String
    let raw: String
}

/// One synthetic person; every field is a pure function of the seed and the identity key.
struct Person: Sendable {
    let key: String
    let id: String
    let uuid: String
    let firstName: String
    let lastName: String
    let linkedinSlug: String
    let title: String
    let seniority: String
    let department: String
    let companyName: String
    let companyDomain: String
    let companyLinkedinID: String
    let location: String
    let country: String
    let email: String
    let personalEmail: String
    let phones: [Phone]

    var fullName: String { "\(firstName) \(lastName)" }
    var linkedinURL: String { "https://www.linkedin.com/in/\(linkedinSlug)/" }
}

/// Deterministic synthetic people and whether a provider "finds" each of their fields.
struct People: Sendable {
    let seed: String
    let formulaRate: Double
    /// Deriving a person costs a few dozen string operations; clients poll and retry the same
    /// identities, so remember recent ones (cleared when full to bound memory).
    private let cache = Locked<[Identity: Person]>([:])
    private static let cacheLimit = 50_000

    init(seed: String, formulaRate: Double) {
        self.seed = seed
        self.formulaRate = formulaRate
    }

    /// Whether `provider` finds `field` for this identity: stable per identity, independent per
    /// provider, so two providers in a waterfall find different subsets.
    func finds(_ provider: String, _ field: String, key: String, rate: Double?) -> Bool {
        StableHash.unit(seed, "hit", provider, field, key) < (rate ?? 0)
    }

    func pick<T>(_ list: [T], _ parts: String...) -> T {
        var hash = StableHash(seed)
        for part in parts { hash.mix(part) }
        return list[Int(hash.mixed % UInt64(list.count))]
    }

    func person(for identity: Identity) -> Person? {
        if let known = cache.withLock({ $0[identity] }) { return known }
        guard let person = derive(identity) else { return nil }
        cache.withLock { cache in
            if cache.count >= Self.cacheLimit { cache.removeAll(keepingCapacity: true) }
            cache[identity] = person
        }
        return person
    }

    private func derive(_ identity: Identity) -> Person? {
        guard let key = identity.key else { return nil }
        var first = identity.firstName ?? identity.fullName?.split(separator: " ").first.map(String.init)
        var last =
            identity.lastName
            ?? identity.fullName.flatMap { name in
                let parts = name.split(separator: " ")
                return parts.count > 1 ? parts.dropFirst().joined(separator: " ") : nil
            }
        // An address like jane.doe@acme.com names its owner.
        if first == nil, last == nil, let local = identity.email?.split(separator: "@").first {
            let parts = local.split(whereSeparator: { $0 == "." || $0 == "_" })
            if parts.count == 2, parts.allSatisfy({ $0.allSatisfy(\.isLetter) }) {
                first = People.capitalised(parts[0])
                last = People.capitalised(parts[1])
            }
        }
        first = first ?? pick(Self.firstNames, key, "first")
        last = last ?? pick(Self.lastNames, key, "last")
        let firstName = first ?? "Alex"
        let lastName = last ?? "Doe"
        let company = pick(Self.companies, key, "company")
        let domain = identity.domain ?? identity.email.flatMap { $0.split(separator: "@").last.map(String.init) } ?? company.domain
        let companyName =
            identity.company.flatMap { $0.contains(".") ? nil : $0 }
            ?? (domain == company.domain ? company.name : domain.split(separator: ".").first.map(People.capitalised) ?? company.name)
        let local = "\(Self.ascii(firstName)).\(Self.ascii(lastName))"
        let number = StableHash.number(seed, "id", key)
        let slug = identity.linkedin ?? "\(Self.ascii(firstName))-\(Self.ascii(lastName))-\(String(number % 0xff_ffff, radix: 16))"
        let poisoned = StableHash.unit(seed, "formula", key) < formulaRate
        let title = pick(Self.titles, key, "title")
        let place = pick(Self.places, key, "place")
        return Person(
            key: key,
            id: String(format24: number, StableHash.number(seed, "id2", key)),
            uuid: Self.uuid(StableHash.number(seed, "uuid", key), StableHash.number(seed, "uuid2", key)),
            firstName: firstName,
            lastName: lastName,
            linkedinSlug: slug,
            title: poisoned ? "=HYPERLINK(\"http://sim.invalid\",\"\(title.0)\")" : title.0,
            seniority: title.1,
            department: title.2,
            companyName: poisoned ? "@SUM(1+1)*cmd|' /C calc'!A0" : companyName,
            companyDomain: domain,
            companyLinkedinID: Self.ascii(companyName).isEmpty ? "company" : Self.ascii(companyName),
            location: poisoned ? "+\(place.0)" : place.0,
            country: place.1,
            email: identity.email ?? "\(local)@\(domain)",
            personalEmail: "\(local)\(number % 97)@\(pick(["gmail.com", "outlook.com", "proton.me"], key, "mail"))",
            phones: [phone(key, "1"), phone(key, "2")]
        )
    }

    private func phone(_ key: String, _ salt: String) -> Phone {
        let n = StableHash.number(seed, "phone", salt, key)
        if n % 5 == 0 {
            // A UK mobile in Ofcom's drama range, so it can never ring anyone.
            let line = String(format4: Int(n / 7 % 1000), width: 3)
            return Phone(e164: "+447700900\(line)", raw: "07700 900\(line)")
        }
        let area = pick(Self.areaCodes, key, "area", salt)
        let exchange = 200 + Int(n / 11 % 800)
        let fixedExchange = exchange % 100 == 11 ? exchange + 1 : exchange
        let line = String(format4: Int(n / 13 % 10_000), width: 4)
        return Phone(e164: "+1\(area)\(fixedExchange)\(line)", raw: "\(area)-\(fixedExchange)-\(line)")
    }

    static func capitalised(_ word: Substring) -> String {
        word.prefix(1).uppercased() + word.dropFirst().lowercased()
    }

    static func ascii(_ value: String) -> String {
        String(value.lowercased().unicodeScalars.filter { ("a"..."z").contains($0) || ("0"..."9").contains($0) }.map(Character.init))
    }

    static func uuid(_ a: UInt64, _ b: UInt64) -> String {
        let hex = String(hex16: a) + String(hex16: b)
        let chars = Array(hex)
        func part(_ range: Range<Int>) -> String { String(chars[range]) }
        return "\(part(0..<8))-\(part(8..<12))-4\(part(13..<16))-a\(part(17..<20))-\(part(20..<32))"
    }

    static let firstNames = [
        "Jane", "John", "Amelia", "Omar", "Priya", "Lucas", "Chen", "Fatima", "Noah", "Sofia", "Mateo", "Yuki", "Ingrid", "Kwame", "Elena",
        "Ravi",
    ]
    static let lastNames = [
        "Doe", "Smith", "Garcia", "Okafor", "Nguyen", "Müller", "Rossi", "Kowalski", "Haddad", "Tanaka", "Silva", "Johansson", "Patel",
        "Dubois",
    ]
    static let companies: [(name: String, domain: String)] = [
        ("Acme Corp", "acme.com"), ("Globex", "globex.io"), ("Initech", "initech.com"), ("Umbrella Health", "umbrella-health.com"),
        ("Hooli", "hooli.xyz"), ("Stark Logistics", "stark-logistics.com"), ("Wayne Analytics", "wayne-analytics.io"),
        ("Vandelay Industries", "vandelay.com"),
    ]
    static let titles: [(String, String, String)] = [
        ("Head of Sales", "Director", "Sales"), ("VP Engineering", "VP", "Engineering"), ("Account Executive", "Senior", "Sales"),
        ("Chief Financial Officer", "C-Level", "Finance"), ("Marketing Manager", "Manager", "Marketing"),
        ("Data Analyst", "Entry", "Operations"),
    ]
    static let places: [(String, String)] = [
        ("San Francisco, California, United States", "United States"), ("New York, New York, United States", "United States"),
        ("Austin, Texas, United States", "United States"), ("London, England, United Kingdom", "United Kingdom"),
        ("Paris, Île-de-France, France", "France"),
    ]
    static let areaCodes = ["201", "212", "305", "312", "415", "503", "512", "617", "646", "702", "718", "916"]
}

extension String {
    init(hex16 value: UInt64) {
        let digits = String(value, radix: 16)
        self = String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// 24 hex digits, the shape of Apollo's object ids.
    init(format24 a: UInt64, _ b: UInt64) {
        let high = String(hex16: a), low = String(hex16: b)
        self = String(high.prefix(12)) + String(low.prefix(12))
    }

    init(format4 value: Int, width: Int) {
        let digits = String(value)
        self = String(repeating: "0", count: Swift.max(0, width - digits.count)) + digits
    }
}
