import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// Wraps every vendor endpoint: latency, the per-key rate limit, injected faults, and the
/// ledger entry for the request. The simulator's own `/__sim` endpoints pass straight through.
struct SimulatorMiddleware: RouterMiddleware {
    typealias Context = SimulatorContext
    let state: SimulatorState

    private struct ResetFault: Error {}

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard let provider = Provider.owning(path: path) else { return try await next(request, context) }
        let sequence = state.nextSequence()
        let delay = state.faultPlan.latency(method: request.method.rawValue, path: path, sequence: sequence)
        var response: Response
        do {
            response = try await respond(request, context: context, provider: provider, sequence: sequence, next: next)
        } catch let error as HTTPError where delay > .zero {
            response = try error.response(from: request, context: context)
        }
        // The wait itself is `LatencyHold`'s, on the event loop, counted from the request's arrival.
        if delay > .zero { response.headers[LatencyHold.latencyHeader] = String(delay.nanoseconds) }
        return response
    }

    private func respond(
        _ request: Request, context: Context, provider: Provider, sequence: Int, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let path = request.uri.path
        state.ledger.arrived()
        let method = request.method.rawValue
        func record(_ status: Int, _ fault: Fault? = nil) {
            state.ledger.record(
                .init(sequence: sequence, method: method, path: path, provider: provider.rawValue, status: status, fault: fault?.rawValue))
            // The path only: Apollo's query strings carry personal data, and headers carry keys.
            state.logger.debug(
                "request.served",
                metadata: [
                    "http.method": "\(method)", "http.path": "\(path)", "http.status": "\(status)",
                    "provider.name": "\(provider.rawValue)", "sim.fault": "\(fault?.rawValue ?? "none")",
                ]
            )
        }

        if state.keysRevoked(atRequest: sequence) {
            // Compared with a key no client can hold, the vendor's own answer to a wrong key.
            var revoked = SimulatorConfiguration.Keys()
            (revoked.waterfall, revoked.apollo, revoked.lantern, revoked.pronto) = ("\u{0}", "\u{0}", "\u{0}", "\u{0}")
            if let refusal = provider.refuse(request.headers, keys: revoked) {
                record(refusal.status.code)
                return refusal
            }
        }
        if let seconds = state.rateLimiter.admit(key: provider.presentedKey(request.headers) ?? "") {
            let hint = state.rateLimiter.hint(seconds: seconds)
            var headers = HTTPFields()
            if let header = hint.header { headers[.retryAfter] = header }
            record(429)
            return provider.error(
                .tooManyRequests, "Rate limit exceeded. Slow down.", code: "RATE_LIMITED", retryAfter: hint.body, headers: headers)
        }

        let fault = state.faultPlan.fault(forRequest: sequence)
        switch fault {
        case .status500:
            record(500, fault)
            return provider.error(.internalServerError, "Internal server error", code: "INTERNAL_ERROR")
        case .status502:
            record(502, fault)
            return Self.html(.badGateway, "502 Bad Gateway")
        case .status503:
            record(503, fault)
            return Self.html(.serviceUnavailable, "503 Service Temporarily Unavailable")
        case .reset:
            record(0, fault)
            try await Self.reset(context.channel)
            throw ResetFault()
        case .malformedJSON:
            record(200, fault)
            return Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: #"{"status":"SUCCEEDED","output":{"person":{"first_name":"Ja"#))
            )
        case .empty200:
            record(200, fault)
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init())
        case .slow:
            // Long enough to trip any client timeout, but a stopping simulator cuts it short.
            try await cancelWhenGracefulShutdown { try await Task.sleep(for: state.configuration.faults.slowDuration) }
        case nil:
            break
        }

        do {
            let response = try await next(request, context)
            record(Int(response.status.code), fault)
            return response
        } catch let error as HTTPError {
            record(Int(error.status.code), fault)
            throw error
        }
    }

    private static func html(_ status: HTTPResponse.Status, _ title: String) -> Response {
        Response(
            status: status, headers: [.contentType: "text/html"],
            body: .init(
                byteBuffer: ByteBuffer(
                    string: "<html><head><title>\(title)</title></head><body><center><h1>\(title)</h1></center></body></html>\n"))
        )
    }

    /// Closes the connection with SO_LINGER 0, which makes the kernel send a TCP RST.
    private static func reset(_ channel: any Channel) async throws {
        if let sockets = channel as? any SocketOptionProvider {
            try? await sockets.setSoLinger(linger(l_onoff: 1, l_linger: 0)).get()
        }
        try? await channel.close().get()
    }
}
