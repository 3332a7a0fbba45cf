import BackstepCore
import BackstepStorage
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import NIOCore

/// The live player's WebSocket: `/sessions/live/ws?session=<id>`.
///
/// Protocol (JSON text frames):
/// - page → server: `{"type":"hello","after":N}` (resume after message N; without it, after the last
///   acknowledged), `{"type":"ack","seq":N}`, `{"type":"input","action":"start|pause|toggle|stop|pain|skip|done|faster|slower|extend","seq":K}`,
///   Bluetooth only: `{"type":"ftms","characteristic":"2acd","bytes":"hex","seq":K}` and `{"type":"bleDisconnected"}`,
///   `{"type":"bleConnected","feature":"hex","speedRange":"hex","inclinationRange":"hex","seq":K}` (connected again);
///   `{"type":"ping"}` (answered `{"type":"pong"}`: the page's link check).
///   Messages with a `seq` are acknowledged with `{"type":"ack","seq":K}` and applied once.
/// - server → page: numbered messages `{"seq":N,"type":"welcome"|"event"|"ftmsWrite"|"closed",…}`; engine outputs come
///   as `{"seq":N,"type":"event","event":{…}}` in the JSON-lines form of `SessionOutput`; errors as
///   `{"type":"error","message":…}` (the session goes on).
struct LiveSocket: Sendable {
    let state: AppState

    func register(on router: Router<AppRequestContext>) {
        router.ws("sessions/live/ws") { request, context in
            guard let user = context.identity?.user,
                let raw = request.uri.queryParameters.get("session"), let id = UUID(uuidString: raw),
                await state.live.session(id, of: user.id) != nil
            else { return .dontUpgrade }
            return .upgrade([:])
        } onUpgrade: { inbound, outbound, context in
            guard let user = context.requestContext.identity?.user,
                let raw = context.request.uri.queryParameters.get("session"), let id = UUID(uuidString: raw),
                let session = await state.live.session(id, of: user.id)
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
                try await outbound.write(
                    .text(LiveSession.json(["type": "error", "message": "send JSON text frames"])))
                continue
            }
            if subscription == nil || text.contains("\"hello\"") {
                if let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
                    object["type"] as? String == "hello"
                {
                    if let subscription {
                        subscription.task.cancel()
                        await session.unsubscribe(subscription.key)
                    }
                    let after = object["after"] as? Int
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
