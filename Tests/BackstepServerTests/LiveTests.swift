import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import HummingbirdWSTesting
import HummingbirdWebSocket
import NIOWebSocket
import Testing
import WSClient

@testable import BackstepServer

@Suite("Live sessions over WebSocket")
struct LiveTests {
    /// Starts a simulated session through the API and returns the token and the WebSocket path.
    func startSession(
        _ client: some TestClientProtocol, mode: String = "simulated"
    ) async throws -> (String, String, String) {
        let token = try await client.apiUser()
        _ = try await client.api("/api/v1/profile", .put, token: token, json: APITests.profile)
        _ = try await client.api("/api/v1/screening", .post, token: token, json: APITests.screening)
        let live = try await client.api(
            "/api/v1/sessions/live", .post, token: token, json: #"{"mode":"\#(mode)","program":"first-steps"}"#)
        #expect(live.status == .created)
        let object = jsonObject(live)
        return (token, object["websocket"] as? String ?? "", object["sessionId"] as? String ?? "")
    }

    @Test("A simulated session runs to the end, survives a malformed message and a reconnect, and is stored")
    func simulatedToTheEnd() async throws {
        let app = try await makeApp(speedup: 60)
        try await app.test(.live) { client in
            let (token, path, sessionId) = try await startSession(client)
            var config = WebSocketClientConfiguration()
            config.additionalHeaders = [.authorization: "Bearer \(token)"]
            // First connection: start, send garbage, then drop the link part-way.
            let firstSeen = Locked<Int>(-1)
            try await client.ws(path, configuration: config) { inbound, outbound, _ in
                try await outbound.write(.text(#"{"type":"hello","after":-1}"#))
                try await outbound.write(.text("not json"))
                try await outbound.write(.text(#"{"type":"input","action":"fly","seq":1}"#))
                try await outbound.write(.text(#"{"type":"input","action":"start","seq":2}"#))
                var errors = 0
                for try await message in inbound.messages(maxSize: 1 << 20) {
                    guard case .text(let text) = message else { continue }
                    let object = (try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]) ?? [:]
                    if object["type"] as? String == "error" { errors += 1 }
                    if let seq = object["seq"] as? Int, object["type"] as? String != "ack" { firstSeen.value = seq }
                    if errors >= 2 && firstSeen.value > 20 { break }
                }
                try await outbound.close(.normalClosure, reason: nil)
            }
            #expect(firstSeen.value > 20)
            // Second connection: resume after what was seen; numbers continue without a gap until the end.
            let resumed = Locked<[Int]>([])
            let closed = Locked<Bool>(false)
            try await client.ws(path, configuration: config) { inbound, outbound, _ in
                try await outbound.write(.text(#"{"type":"hello","after":\#(firstSeen.value)}"#))
                for try await message in inbound.messages(maxSize: 1 << 20) {
                    guard case .text(let text) = message else { continue }
                    let object = (try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]) ?? [:]
                    if let seq = object["seq"] as? Int, object["type"] as? String != "ack" {
                        resumed.value.append(seq)
                        try await outbound.write(.text(#"{"type":"ack","seq":\#(seq)}"#))
                    }
                    if object["type"] as? String == "closed" {
                        closed.value = true
                        break
                    }
                }
            }
            #expect(closed.value)
            #expect(resumed.value.first == firstSeen.value + 1)
            #expect(resumed.value == Array(resumed.value.indices.map { $0 + firstSeen.value + 1 }))
            let stored = try await client.api("/api/v1/sessions/\(sessionId)", token: token)
            let session = jsonObject(stored)
            #expect(session["status"] as? String == "completed")
            #expect(((session["samples"] as? [Any])?.count ?? 0) > 60)
        }
    }
}

/// A tiny lock-protected box for values shared with WebSocket handlers.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value
    init(_ value: Value) { stored = value }
    var value: Value {
        get { lock.lock(); defer { lock.unlock() }; return stored }
        set { lock.lock(); defer { lock.unlock() }; stored = newValue }
    }
}
