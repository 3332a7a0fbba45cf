import BackstepCore
import BackstepStorage
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import NIOCore

/// The live player's WebSocket: `/sessions/live/ws?session=<id>`.
///
/// The messages are `ClientMessage` (page → server) and `ServerMessage` (server → page), JSON text frames with a
/// `type`; `docs/live-protocol.md` describes them.
struct LiveSocket: Sendable {
    let live: LiveSessionManager

    func register(on router: Router<AppRequestContext>) {
        router.ws("sessions/live/ws") { request, context in
            guard let user = context.identity?.user,
                let raw = request.uri.queryParameters.get("session"), let id = SessionID(uuidString: raw),
                await live.session(id, of: user.id) != nil
            else { return .dontUpgrade }
            return .upgrade([:])
        } onUpgrade: { inbound, outbound, context in
            guard let user = context.requestContext.identity?.user,
                let raw = context.request.uri.queryParameters.get("session"), let id = SessionID(uuidString: raw),
                let session = await live.session(id, of: user.id)
            else { return }
            try await serve(session, inbound: inbound, outbound: outbound)
        }
    }

    func serve(_ session: LiveSession, inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) async throws
    {
        var subscription: (key: UUID, task: Task<Void, Never>)?
        defer {
            if let subscription {
                subscription.task.cancel()
                Task { await session.unsubscribe(subscription.key) }
            }
        }
        for try await message in inbound.messages(maxSize: 8192) {
            guard case .text(let text) = message else {
                try await outbound.write(.text(ServerMessage.error("send JSON text frames").text()))
                continue
            }
            if subscription == nil || text.contains("\"hello\"") {
                if case .hello(let after) = try? ClientMessage(text: text) {
                    if let subscription {
                        subscription.task.cancel()
                        await session.unsubscribe(subscription.key)
                    }
                    let (key, stream) = await session.subscribe(after: after)
                    let task = Task {
                        for await line in stream {
                            do { try await outbound.write(.text(line)) } catch { break }
                        }
                    }
                    subscription = (key, task)
                    continue
                }
            }
            for reply in await session.handle(clientMessage: text) {
                try await outbound.write(.text(reply))
            }
        }
    }
}
