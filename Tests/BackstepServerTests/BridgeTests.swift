import BackstepTreadmill
import FTMSCodec
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

/// The Bluetooth bridge end to end without a browser: the test plays the page, relaying a simulated FTMS
/// treadmill's bytes (`SimulatedTreadmill`, the peripheral side in real FTMS bytes) to the server and writing the
/// server's control-point bytes back to it, exactly as `player.js` does with Web Bluetooth.
@Suite("Bluetooth bridge")
struct BridgeTests {
    /// What the page saw and did during one session.
    struct Transcript: Sendable {
        var writes: [[UInt8]] = []
        var speedsKmh: [Double] = []
        var closedStatus: String?
        var pongs = 0
        var events: [String] = []
        var linkLost = false
        /// Mid-session drop: the relay is silent while down; then the page connects again.
        var linkDown = false
        var reconnected = false
        var writesAtReconnect = 0
        var movingSamples = 0
        var presses = 1
        var expectingPlannedStop = false
    }

    /// The simulated machine, shared between the reading and the ticking task.
    actor Machine {
        var treadmill: SimulatedTreadmill
        let origin = ContinuousClock.now
        let speedup: Double

        init(speedup: Double) {
            var configuration = SimulatedTreadmill.Configuration()
            configuration.notificationInterval = .milliseconds(1000)
            treadmill = SimulatedTreadmill(configuration: configuration)
            self.speedup = speedup
        }

        /// The machine's time: the wall clock sped up like the server's session clock.
        var now: Duration { (ContinuousClock.now - origin) * speedup }

        func write(_ bytes: [UInt8]) -> [FTMSMessage] { treadmill.write(bytes, at: now) }
        func advance() -> [FTMSMessage] { treadmill.advance(to: now) }
        func read(_ characteristic: FTMSCharacteristic) -> [UInt8]? { treadmill.read(characteristic) }
    }

    static func relay(_ message: FTMSMessage) -> String {
        let code = String(message.characteristic.rawValue, radix: 16)
        let hex = message.bytes.map { String(format: "%02x", $0) }.joined()
        return #"{"type":"ftms","characteristic":"\#(code)","bytes":"\#(hex)"}"#
    }

    @Test(
        "A Bluetooth session drives the treadmill through the page's relay, within the speed cap, to the end",
        arguments: [false, true])
    func bluetoothSessionToTheEnd(dropsLinkMidway: Bool) async throws {
        // The server's clock runs faster than real time here, so a machine loaded by the rest of the suite can starve
        // the relay for longer than the data watchdog allows (a few seconds of session time): the engine then pauses
        // the belt and stops for a lost link, as it must, and that run is checked for the safety path only. The
        // whole session is checked on the first run the relay was not starved; three starved runs fail the test.
        for attempt in 1...3 {
            if try await runSession(dropsLinkMidway: dropsLinkMidway, speedup: attempt == 1 ? 10 : 5) { return }
        }
        Issue.record("the relay was starved on every run: the whole session was never driven to its end")
    }

    /// Runs one Bluetooth session through the relay and checks it; returns false when the link was lost on the way
    /// (after checking that the belt was paused and the session stopped).
    func runSession(dropsLinkMidway: Bool, speedup: Double) async throws -> Bool {
        let app = try await makeApp(speedup: speedup)
        let machine = Machine(speedup: speedup)
        let capMps = 0.6
        return try await app.test(.live) { client async throws -> Bool in
            let token = try await client.apiUser()
            let profile =
                #"{"age":40,"massKg":75,"goal":"fitness","experience":"beginner","units":"metric","speedCapMps":\#(capMps)}"#
            #expect(try await client.api("/api/v1/profile", .put, token: token, json: profile).status == .ok)
            _ = try await client.api("/api/v1/screening", .post, token: token, json: APITests.screening)
            @Sendable func hex(_ c: FTMSCharacteristic) async -> String {
                (await machine.read(c) ?? []).map { String(format: "%02x", $0) }.joined()
            }
            let body = """
                {"mode":"bluetooth","program":"first-steps","bluetooth":{"feature":"\(await hex(.fitnessMachineFeature))",\
                "speedRange":"\(await hex(.supportedSpeedRange))","inclinationRange":"\(await hex(.supportedInclinationRange))"}}
                """
            let live = try await client.api("/api/v1/sessions/live", .post, token: token, json: body)
            #expect(live.status == .created)
            let object = jsonObject(live)
            let path = try #require(object["websocket"] as? String)
            let sessionId = try #require(object["sessionId"] as? String)

            var config = WebSocketClientConfiguration()
            config.additionalHeaders = [.authorization: "Bearer \(token)"]
            let transcript = Locked(Transcript())
            try await client.ws(path, configuration: config) { inbound, outbound, _ in
                try await outbound.write(.text(#"{"type":"hello","after":-1}"#))
                try await withThrowingTaskGroup(of: Void.self) { group in
                    // The treadmill's notifications, relayed as they fall due.
                    group.addTask {
                        let deadline = ContinuousClock.now + .seconds(180)
                        while !Task.isCancelled {
                            guard ContinuousClock.now < deadline else {
                                Issue.record("the session did not end within 180 s")
                                return
                            }
                            let messages = await machine.advance()
                            for message in messages where !transcript.value.linkDown {
                                if message.characteristic == .treadmillData,
                                    let speed = (try? TreadmillData(decoding: message.bytes))?.instantaneousSpeed
                                {
                                    transcript.value.speedsKmh.append(Double(speed.hundredthsOfKilometrePerHour) / 100)
                                }
                                try await outbound.write(.text(Self.relay(message)))
                            }
                            try await outbound.write(.text(#"{"type":"ping"}"#))
                            try await Task.sleep(for: .milliseconds(20))
                        }
                    }
                    // The server's messages: control-point writes go to the treadmill, its answers come back.
                    group.addTask {
                        var started = false
                        for try await message in inbound.messages(maxSize: 1 << 20) {
                            guard case .text(let text) = message,
                                let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
                            else { continue }
                            switch object["type"] as? String {
                            case "pong": transcript.value.pongs += 1
                            case "ftmsWrite":
                                let bytes = [UInt8](hex: object["bytes"] as? String ?? "") ?? []
                                guard !bytes.isEmpty else { continue }
                                transcript.value.writes.append(bytes)
                                for reply in await machine.write(bytes) {
                                    try await outbound.write(.text(Self.relay(reply)))
                                }
                            case "event":
                                // Press Start once the engine waits for the user.
                                let event = object["event"] as? [String: Any]
                                if event?["type"] as? String != "sample" { transcript.value.events.append(text) }
                                if dropsLinkMidway, event?["type"] as? String == "sample",
                                    (event?["speedMps"] as? Double ?? 0) > 0
                                {
                                    transcript.value.movingSamples += 1
                                    if transcript.value.movingSamples == 5 && !transcript.value.linkDown {
                                        // The page loses the treadmill, then connects it again.
                                        transcript.value.linkDown = true
                                        transcript.value.expectingPlannedStop = true
                                        try await outbound.write(.text(#"{"type":"bleDisconnected","seq":10}"#))
                                        try await Task.sleep(for: .milliseconds(300))
                                        let feature = await hex(.fitnessMachineFeature)
                                        let speedRange = await hex(.supportedSpeedRange)
                                        transcript.value.writesAtReconnect = transcript.value.writes.count
                                        transcript.value.linkDown = false
                                        transcript.value.reconnected = true
                                        try await outbound.write(
                                            .text(
                                                #"{"type":"bleConnected","feature":"\#(feature)","speedRange":"\#(speedRange)","seq":11}"#
                                            ))
                                    }
                                }
                                // After the reconnection the engine waits for Start again.
                                if transcript.value.reconnected, event?["type"] as? String == "warning",
                                    (event?["message"] as? String ?? "").contains("connected again")
                                {
                                    transcript.value.presses += 1
                                    let seq = 11 + transcript.value.presses
                                    try await outbound.write(
                                        .text(#"{"type":"input","action":"start","seq":\#(seq)}"#))
                                }
                                if !started, event?["type"] as? String == "ready" {
                                    started = true
                                    try await outbound.write(.text(#"{"type":"input","action":"start","seq":1}"#))
                                }
                                // A loaded machine can starve this relay for longer than the data watchdog (3 s of
                                // session time): the engine then pauses the belt and stops for a lost link, as it
                                // must. End the session as a user would; the checks below allow for it.
                                let linkLostStop =
                                    event?["type"] as? String == "stop" && event?["reason"] as? String == "link-lost"
                                if linkLostStop && transcript.value.expectingPlannedStop {
                                    transcript.value.expectingPlannedStop = false
                                } else if linkLostStop, !transcript.value.linkLost {
                                    transcript.value.linkLost = true
                                    // Numbered after every message sent so far (the server ignores numbers it has seen).
                                    try await outbound.write(.text(#"{"type":"input","action":"stop","seq":100}"#))
                                }
                            case "closed":
                                transcript.value.closedStatus = object["status"] as? String
                                return
                            default: break
                            }
                        }
                    }
                    _ = try await group.next()
                    group.cancelAll()
                }
                try await outbound.close(.normalClosure, reason: nil)
            }
            let seen = transcript.value
            // (A starved relay that tripped the watchdog ends the session there, before or after the reconnection:
            // the order of writes after the reconnection is checked when the session ran on.)
            if dropsLinkMidway && !seen.linkLost {
                #expect(seen.reconnected)
                // Connected again: control is requested anew, and the belt (which this machine keeps running when
                // the link drops, the worst case) is paused before the user presses Start again.
                let after = Array(seen.writes.dropFirst(seen.writesAtReconnect))
                #expect(after.first == [0x00], "control is requested again first: \(after)")
                let pause = after.firstIndex(of: [0x08, 0x02])
                let start = after.firstIndex { $0.first == 0x07 }
                #expect(pause != nil, "the belt is paused after the reconnection: \(after)")
                #expect(start == nil || (pause ?? .max) < (start ?? 0), "paused before it starts again: \(after)")
            }
            // Whatever happened, control was requested first and no target or measured speed exceeded the cap.
            let opcodes = seen.writes.map { $0.first ?? 0xFF }
            #expect(opcodes.first == 0x00, "control is requested before anything else: \(opcodes)")
            let targets = seen.writes.filter { $0.first == 0x02 && $0.count == 3 }.map {
                Double(UInt16($0[1]) | UInt16($0[2]) << 8) / 100
            }
            #expect(targets.allSatisfy { $0 <= capMps * 3.6 + 1e-9 }, "targets \(targets) exceed the cap")
            #expect(seen.speedsKmh.allSatisfy { $0 <= capMps * 3.6 + 0.05 })
            let stored = jsonObject(try await client.api("/api/v1/sessions/\(sessionId)", token: token))
            #expect(stored["source"] as? String == "live")
            if seen.linkLost {
                // The safety path instead of the whole session: the belt was paused and the session closed.
                #expect(seen.closedStatus == "stopped", "events: \(seen.events.joined(separator: "\n"))")
                #expect(stored["status"] as? String == "stopped")
                #expect(
                    seen.writes.contains([0x08, 0x02]) || seen.writes.contains([0x08, 0x01]),
                    "the belt is paused or stopped when the data stops: \(seen.writes)")
                return false
            }
            #expect(seen.closedStatus == "completed", "events: \(seen.events.joined(separator: "\n"))")
            #expect(seen.pongs > 0, "the server answers the page's link check")
            // Start (after the user pressed it), and target speeds the machine reported moving at.
            #expect(opcodes.contains(0x07), "the belt is started (after the user pressed Start)")
            #expect(!targets.isEmpty)
            #expect(seen.speedsKmh.contains { $0 > 0 }, "the belt moved")
            // The stored session carries the treadmill's measured speeds.
            #expect(stored["status"] as? String == "completed")
            let samples = stored["samples"] as? [[String: Any]] ?? []
            #expect(samples.count > 30)
            #expect(samples.contains { ($0["speedMps"] as? Double ?? 0) > 0 })
            return true
        }
    }

    @Test("A Bluetooth start without the treadmill's features is refused, naming the field")
    func bluetoothNeedsFeatures() async throws {
        let app = try await makeApp()
        try await app.test(.router) { client in
            let token = try await client.apiUser()
            _ = try await client.api("/api/v1/profile", .put, token: token, json: APITests.profile)
            _ = try await client.api("/api/v1/screening", .post, token: token, json: APITests.screening)
            let missing = try await client.api(
                "/api/v1/sessions/live", .post, token: token, json: #"{"mode":"bluetooth","program":"first-steps"}"#)
            #expect(missing.status == .unprocessableContent)
            #expect(String(buffer: missing.body).contains("\"field\":\"mode\""))
            let garbage = try await client.api(
                "/api/v1/sessions/live", .post, token: token,
                json: #"{"mode":"bluetooth","program":"first-steps","bluetooth":{"feature":"zz"}}"#)
            #expect(garbage.status == .unprocessableContent)
            #expect(String(buffer: garbage.body).contains("bluetooth.feature"))
        }
    }
}
