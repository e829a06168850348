import Hummingbird
import NIOCore

/// The request context: Hummingbird's basics plus the connection, which the reset fault needs.
struct SimulatorContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }

    var maxUploadSize: Int { 1 << 20 }
}

extension Request {
    /// The body as JSON; `nil` when it is not JSON (or too large to be a lookup).
    func jsonBody(context: SimulatorContext) async -> JSON? {
        guard let buffer = try? await body.collect(upTo: context.maxUploadSize) else { return nil }
        return JSON.parse(buffer.readableBytesView)
    }
}
