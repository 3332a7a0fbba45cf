import BackstepCore
import BackstepStorage
import BackstepStorageSQL
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

/// A professional watching a client's live session: only with consent, never a treadmill write, never an input
/// that reaches the session, and cut off when the client stops sharing.
@Suite("Watching a live session")
struct WatchTests {
    static func config(_ token: String) -> WebSocketClientConfiguration {
        var config = WebSocketClientConfiguration()
        config.additionalHeaders = [.authorization: "Bearer \(token)"]
        return config
    }

    static func object(_ message: WebSocketMessage) -> [String: Any]? {
        guard case .text(let text) = message else { return nil }
        return (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any]
    }

    @Test("Read-only, consent-checked, logged, and closed when the client stops sharing")
    func watching() async throws {
        var settings = ServerSettings.testing(speedup: 20)
        settings.watchRecheck = 0.2
        let store = try await SQLStore.open(.sqliteMemory)
        let app = try await buildApplication(settings: settings, store: store)
        try await app.test(.live) { client in
            // Ana starts a Bluetooth-free simulated session; Kim has her consent, Sam does not
            let kim = try await CareAPITests.signUp(client, "Kim Physio", profession: "physiotherapist")
            let sam = try await CareAPITests.signUp(client, "Sam Stranger", profession: "coach")
            let ana = try await CareAPITests.signUp(client, "Ana Client")
            let code = try await CareAPITests.practiceAndCode(client, owner: kim)
            #expect(
                try await client.api("/api/v1/invitations/\(code)/accept", .post, token: ana.token).status == .created)
            _ = try await client.api("/api/v1/profile", .put, token: ana.token, json: APITests.profile)
            _ = try await client.api("/api/v1/screening", .post, token: ana.token, json: APITests.screening)
            let path = "/clients/live/ws?client=\(ana.id)"

            // No session yet: the upgrade is refused, like a stranger's
            await #expect(throws: (any Error).self) {
                try await client.ws(path, configuration: Self.config(kim.token)) { _, _, _ in }
            }
            let live = try await client.api(
                "/api/v1/sessions/live", .post, token: ana.token, json: #"{"mode":"simulated","program":"first-steps"}"#
            )
            #expect(live.status == .created)
            let player = jsonObject(live)["websocket"] as? String ?? ""
            await #expect(throws: (any Error).self) {
                try await client.ws(path, configuration: Self.config(sam.token)) { _, _, _ in }
            }

            // Kim watches: the welcome without pause bytes; Kim's stop and pain inputs go nowhere
            let welcome = Locked<[String: Any]>([:])
            try await client.ws(path, configuration: Self.config(kim.token)) { inbound, outbound, _ in
                try await outbound.write(.text(#"{"type":"input","action":"stop","seq":1}"#))
                try await outbound.write(.text(#"{"type":"input","action":"pain","seq":2}"#))
                for try await message in inbound.messages(maxSize: 1 << 20) {
                    guard let object = Self.object(message) else { continue }
                    if object["type"] as? String == "welcome" { welcome.value = object }
                    if object["type"] as? String == "event" { break }
                }
                try await outbound.close(.normalClosure, reason: nil)
            }
            #expect(welcome.value["watching"] as? Bool == true)
            #expect(welcome.value["pauseBytes"] == nil)

            // Ana presses Start on her player: the session runs (Kim's stop did not end it)
            try await client.ws(player, configuration: Self.config(ana.token)) { inbound, outbound, _ in
                try await outbound.write(.text(#"{"type":"hello","after":-1}"#))
                try await outbound.write(.text(#"{"type":"input","action":"start","seq":1}"#))
                for try await message in inbound.messages(maxSize: 1 << 20) {
                    guard let object = Self.object(message) else { continue }
                    if let event = object["event"] as? [String: Any], event["type"] as? String == "sample" { break }
                    #expect(object["type"] as? String != "closed", "the session must still run")
                }
                try await outbound.close(.normalClosure, reason: nil)
            }

            // Kim watches the samples; when Ana stops sharing, the view is told and closed
            let samples = Locked(0)
            let types = Locked<Set<String>>([])
            let ended = Locked(false)
            try await client.ws(path, configuration: Self.config(kim.token)) { inbound, _, _ in
                for try await message in inbound.messages(maxSize: 1 << 20) {
                    guard let object = Self.object(message) else { continue }
                    let type = object["type"] as? String ?? ""
                    types.value.insert(type)
                    if let event = object["event"] as? [String: Any], event["type"] as? String == "sample" {
                        samples.value += 1
                        if samples.value == 3 {
                            let revoked = try await client.api("/api/v1/care-team/\(kim.id)", .delete, token: ana.token)
                            #expect(revoked.status == .noContent)
                        }
                    }
                    if type == "error", (object["message"] as? String)?.contains("access") == true {
                        ended.value = true
                        break
                    }
                }
            }
            #expect(samples.value >= 3)
            #expect(ended.value, "the view ends when consent does")
            #expect(!types.value.contains("ftmsWrite"))
            await #expect(throws: (any Error).self) {
                try await client.ws(path, configuration: Self.config(kim.token)) { _, _, _ in }
            }

            // Each view was one access-log row on the live channel, while consent held
            let anaId = try #require(UserID(uuidString: ana.id))
            let log = try await store.accessLog(client: anaId, limit: 50)
            #expect(log.filter { $0.resource == "live session watched" && $0.channel == .live }.count == 2)
            #expect(log.allSatisfy { $0.actorName == "Kim Physio" })
        }
        try await store.close()
    }

    @Test(
        "What a watcher is sent",
        arguments: [
            (#"{"seq":4,"type":"ftmsWrite","bytes":"0801"}"#, nil as String?),
            (
                #"{"mode":"simulated","pauseBytes":"0802","seq":0,"sessionId":"x","type":"welcome","workout":"W"}"#,
                #"{"mode":"simulated","seq":0,"sessionId":"x","type":"welcome","watching":true,"workout":"W"}"#
            ),
            (
                #"{"event":{"t":1,"type":"paused"},"seq":5,"type":"event"}"#,
                #"{"event":{"t":1,"type":"paused"},"seq":5,"type":"event"}"#
            ),
            ("not json", nil),
        ])
    func forWatcher(line: String, expected: String?) {
        #expect(WatchSocket.forWatcher(line) == expected)
    }
}
