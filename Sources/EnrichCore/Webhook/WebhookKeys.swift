/// What a delivery is about: the job or request ids in its body, by which waiting lookups
/// find it. Empty when the body names none (the receiver then refuses it with 422).
public enum WebhookKeys {
    public static func keys(kind: ProviderKind, body: [UInt8]) -> [String] {
        guard case .success(let members) = JSONLine.parseObject(body[...]) else { return [] }
        func text(_ name: String) -> String? {
            guard let member = members.first(where: { $0.key == name }) else { return nil }
            if let text = member.text { return String(decoding: text, as: UTF8.self) }
            // A number (Apollo's request_id) keeps its exact digits.
            let raw = String(decoding: member.value, as: UTF8.self)
            return raw.allSatisfy(\.isNumber) && !raw.isEmpty ? raw : nil
        }
        /// A member of a nested object, by path.
        func nested(_ path: [String]) -> String? {
            var current = members
            for (depth, name) in path.enumerated() {
                guard let member = current.first(where: { $0.key == name }) else { return nil }
                if depth == path.count - 1 { return member.text.map { String(decoding: $0, as: UTF8.self) } }
                guard case .success(let inner) = JSONLine.parseObject(member.value) else { return nil }
                current = inner
            }
            return nil
        }
        switch kind {
        case .waterfallPhone, .waterfallContact:
            // The finder's payload names its job under input.task (job_id at the top in older examples).
            return [text("job_id") ?? nested(["input", "task", "job_id"])].compactMap { $0 }
        case .pronto: return [text("enrichment_id") ?? text("id")].compactMap { $0 }
        case .apollo: return [text("request_id")].compactMap { $0 }
        case .lantern: return []
        }
    }
}
