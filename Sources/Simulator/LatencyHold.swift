import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Holds each response back until its request's arrival plus the latency the middleware chose,
/// on the connection's event loop: when the timer fires the response goes straight to the
/// socket. Waiting in the handler instead cost about a millisecond more per answer (the timer's
/// wake-up, the handler's task resuming on the runtime's pool, the response's hop back to the
/// event loop), and every late answer is the simulator misreporting latency.
///
/// The middleware asks for a hold with the `latencyHeader` on its response; the header is taken
/// off before the response is written.
final class LatencyHold: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    static let latencyHeader = HTTPField.Name.constant("x-simulator-latency-ns")

    private struct Held {
        var part: OutboundOut
        var promise: EventLoopPromise<Void>?
        var due: NIODeadline
    }

    /// When each request not answered yet arrived, oldest first.
    private var arrivals = CircularBuffer<NIODeadline>()
    /// Parts written while an earlier one waits, in order, each with the time it may leave.
    private var held = CircularBuffer<Held>()
    private var flushWanted = false
    private var timer: Scheduled<Void>?
    /// The time the response being written may leave (a later response never overtakes it).
    private var currentDue = NIODeadline.uptimeNanoseconds(0)

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head = unwrapInboundIn(data) { arrivals.append(.now()) }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        var part = unwrapOutboundIn(data)
        if case .head(var head) = part {
            let arrival = arrivals.popFirst() ?? .now()
            if let text = head.headerFields[Self.latencyHeader] {
                head.headerFields[Self.latencyHeader] = nil
                part = .head(head)
                currentDue = max(currentDue, arrival + .nanoseconds(Int64(text) ?? 0))
            }
        }
        if held.isEmpty && currentDue <= .now() {
            context.write(wrapOutboundOut(part), promise: promise)
            return
        }
        held.append(Held(part: part, promise: promise, due: currentDue))
        if timer == nil { schedule(context) }
    }

    func flush(context: ChannelHandlerContext) {
        if held.isEmpty { context.flush() } else { flushWanted = true }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        while let entry = held.popFirst() { entry.promise?.fail(ChannelError.ioOnClosedChannel) }
    }

    private func schedule(_ context: ChannelHandlerContext) {
        guard let first = held.first else { return }
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleTask(deadline: first.due) {
            let (handler, context) = bound.value
            handler.release(context)
        }
    }

    /// Writes every part whose time has come, then waits for the next one.
    private func release(_ context: ChannelHandlerContext) {
        timer = nil
        let now = NIODeadline.now()
        while let first = held.first, first.due <= now {
            held.removeFirst()
            context.write(wrapOutboundOut(first.part), promise: first.promise)
        }
        if flushWanted {
            context.flush()
            flushWanted = !held.isEmpty
        }
        schedule(context)
    }
}
