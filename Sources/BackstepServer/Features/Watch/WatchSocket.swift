import BackstepCore
import BackstepStorage
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import NIOCore

/// A professional's read-only view of a client's live session: `/clients/live/ws?client=<id>`.
///
/// The professional needs the client's consent (checked, and the view logged with the channel `live`, when the
/// socket opens; checked again every `recheck` seconds, and the socket closed when it is gone). The socket carries
/// the session's own numbered messages as the player gets them, except what only a treadmill may act on: the
/// `ftmsWrite` messages are left out and the welcome's `pauseBytes` removed. Whatever the watcher sends is read and
/// ignored: nothing from this socket reaches the session, so a watcher can never move the belt.
struct WatchSocket: Sendable {
    let live: LiveSessionManager
    let care: CareService
    let clock: ServerClock
    /// Seconds between consent checks while a view is open.
    let recheck: TimeInterval

    func register(on router: Router<AppRequestContext>) {
        router.ws("clients/live/ws") { request, context in
            guard let user = context.identity?.user, user.role == .professional,
                let raw = request.uri.queryParameters.get("client"), let client = UserID(uuidString: raw)
            else { return .dontUpgrade }
            let access = Access.client(
                client, by: user,
                origin: AccessOrigin(
                    actorName: user.name, channel: .live, address: context.remoteAddress, at: clock.now()))
            // Consent first (a stranger learns nothing, not even whether a session runs), then the session, then
            // the logged access: a view that cannot open writes no row.
            guard await care.stillConsented(professional: user.id, client: client),
                (try? await live.active(for: client)) != nil,
                (try? await care.consentedClient(access, resource: "live session watched")) != nil
            else { return .dontUpgrade }
            return .upgrade([:])
        } onUpgrade: { inbound, outbound, context in
            guard let user = context.requestContext.identity?.user,
                let raw = context.request.uri.queryParameters.get("client"), let client = UserID(uuidString: raw),
                await care.stillConsented(professional: user.id, client: client),
                let session = try? await live.active(for: client)
            else { return }
            try await serve(session, watcher: user.id, client: client, inbound: inbound, outbound: outbound)
        }
    }

    func serve(
        _ session: LiveSession, watcher: UserID, client: UserID, inbound: WebSocketInboundStream,
        outbound: WebSocketOutboundWriter
    ) async throws {
        let (key, stream) = await session.subscribe(after: -1)
        defer { Task { await session.unsubscribe(key) } }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for await line in stream {
                    if let shown = Self.forWatcher(line) { try await outbound.write(.text(shown)) }
                }
            }
            group.addTask {
                // Read and drop: the session never hears from a watcher.
                for try await _ in inbound.messages(maxSize: 4096) {}
            }
            group.addTask {
                while !Task.isCancelled {
                    try await Task.sleep(for: .milliseconds(Int(recheck * 1000)))
                    if !(await care.stillConsented(professional: watcher, client: client)) {
                        try await outbound.write(
                            .text(ServerMessage.error("your access to this client ended").text()))
                        return
                    }
                }
            }
            _ = try await group.next()
            group.cancelAll()
        }
    }

    /// A session message as a watcher gets it: nil for treadmill writes; the welcome without its pause bytes.
    static func forWatcher(_ line: String) -> String? {
        guard var object = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] else {
            return nil
        }
        switch object["type"] as? String {
        case "ftmsWrite": return nil
        case "welcome":
            object["pauseBytes"] = nil
            object["watching"] = true
            guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else {
                return nil
            }
            return String(decoding: data, as: UTF8.self)
        default: return line
        }
    }
}
