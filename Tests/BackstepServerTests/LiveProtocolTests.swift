import BackstepCore
import BackstepStorage
import BackstepStorageSQL
import BackstepTreadmill
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing

@testable import BackstepServer

@Suite("Live session protocol and lifecycle")
struct LiveProtocolTests {
    @Test(
        "Client messages decode to their case, and back to the same JSON",
        arguments: [
            (#"{"type":"hello","after":7}"#, ClientMessage.hello(after: 7)),
            (#"{"type":"hello"}"#, .hello(after: nil)),
            (#"{"type":"ack","seq":3}"#, .ack(seq: 3)),
            (#"{"type":"input","action":"stop","seq":4}"#, .input(.stop, seq: 4)),
            (#"{"type":"input","action":"extend"}"#, .input(.extend, seq: nil)),
            (
                #"{"type":"ftms","characteristic":"2acd","bytes":"0400","seq":5}"#,
                .ftms(.treadmillData, bytes: [4, 0], seq: 5)
            ),
            (#"{"type":"bleDisconnected"}"#, .bleDisconnected(seq: nil)),
            (
                #"{"type":"bleConnected","feature":"0800","speedRange":"6400","seq":9}"#,
                .bleConnected(feature: [8, 0], speedRange: [100, 0], inclinationRange: nil, seq: 9)
            ),
            (#"{"type":"ping"}"#, .ping),
        ])
    func decodes(text: String, expected: ClientMessage) throws {
        let message = try ClientMessage(text: text)
        #expect(message == expected)
        let encoded = try JSONEncoder().encode(message)
        #expect(try JSONDecoder().decode(ClientMessage.self, from: encoded) == expected)
    }

    @Test(
        "Malformed client messages say what is wrong",
        arguments: [
            ("not json", LiveProtocolError.malformed),
            (#"{"seq":1}"#, .malformed),
            (#"{"type":"fly"}"#, .unknownType("fly")),
            (#"{"type":"input","action":"fly","seq":1}"#, .unknownAction),
            (#"{"type":"ack"}"#, .badAck),
            (#"{"type":"ftms","characteristic":"zzzz","bytes":"00"}"#, .badFTMS),
            (#"{"type":"ftms","characteristic":"2acd","bytes":"0g"}"#, .badFTMS),
            (#"{"type":"bleConnected"}"#, .badReconnect),
            (String(repeating: " ", count: 5000) + #"{"type":"ping"}"#, .malformed),
        ])
    func rejects(text: String, expected: LiveProtocolError) {
        #expect(throws: expected) { try ClientMessage(text: text) }
    }

    @Test("Server messages carry their type, number and fields")
    func serverMessages() throws {
        let id = SessionID()
        func object(_ text: String) throws -> [String: Any] {
            try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        }
        let welcome = try object(
            ServerMessage.welcome(sessionId: id, mode: .bluetooth, workout: "W", pauseBytes: [8, 2]).text(seq: 0))
        #expect(welcome["seq"] as? Int == 0)
        #expect(welcome["type"] as? String == "welcome")
        #expect(welcome["pauseBytes"] as? String == "0802")
        #expect(welcome["sessionId"] as? String == id.uuidString)
        let closed = try object(ServerMessage.closed(sessionId: id, status: .interrupted).text(seq: 12))
        #expect(closed["status"] as? String == "interrupted")
        #expect(closed["feedbackUrl"] as? String == "/sessions/\(id.uuidString)/feedback")
        let ack = try object(ServerMessage.ack(seq: 4, duplicate: true).text())
        #expect(ack["seq"] as? Int == 4)
        #expect(ack["duplicate"] as? Bool == true)
        #expect(try object(ServerMessage.ack(seq: 4, duplicate: false).text())["duplicate"] == nil)
        #expect(try object(ServerMessage.pong.text())["type"] as? String == "pong")
        #expect(try object(ServerMessage.error("x").text())["message"] as? String == "x")
    }

    /// A manager over a store the test holds, with a user ready to train.
    static func manager(
        clock: ServerClock = .system, retention: TimeInterval = 60
    ) async throws -> (LiveSessionManager, SQLStore, User) {
        let store = try await SQLStore.open(.sqliteMemory)
        let user = User(name: "Walker", role: .athlete, createdAt: Date())
        try await store.createUser(user)
        let manager = LiveSessionManager(
            store: store, clock: clock, retention: retention, logger: Logger(label: "backstep.test"))
        return (manager, store, user)
    }

    static func start(speedup: Double = 200) throws -> LiveStart {
        let profile = Profile(age: 45, mass: Mass(kilograms: 75), goal: .fitness)
        return LiveStart(
            workout: try Catalog.program(id: "first-steps").workout(), programId: "first-steps", prescription: nil,
            profile: profile, clearance: .cleared, practiceWeeks: 0, mode: .simulated, bluetooth: nil,
            speedup: speedup)
    }

    static func waitUntilClosed(_ session: LiveSession, seconds: Double = 20) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while !(await session.isClosed) {
            guard Date() < deadline else { throw CancellationError() }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    @Test("When the store refuses a session's writes, the belt is stopped, the page is told and it is interrupted")
    func refusedWriteEndsTheSession() async throws {
        let (manager, store, user) = try await Self.manager()
        let session = try await manager.start(try Self.start(speedup: 20), for: user.id)
        _ = await session.handle(.input(.start, seq: 1))
        // Let the belt start, then close the session behind the live session's back (as another replica would).
        try await Task.sleep(for: .milliseconds(500))
        _ = try await store.closeInterrupted(session.id, at: Date())
        try await Self.waitUntilClosed(session)
        #expect(await session.recordingRefused)
        let (_, stream) = await session.subscribe(after: -1)
        var messages: [String] = []
        for await line in stream { messages.append(line) }
        #expect(messages.contains { $0.contains(#""type":"error""#) && $0.contains("can no longer be recorded") })
        let closed = try #require(messages.last)
        #expect(closed.contains(#""type":"closed""#) && closed.contains(#""status":"interrupted""#))
        // The engine ended with the belt stopped: the last belt command after the refusal is a stop or pause.
        let commands = messages.filter { $0.contains(#""type":"event""#) && $0.contains(#""command""#) }
        #expect(commands.last.map { $0.contains("stop") || $0.contains("pause") } ?? false)
        let stored = try #require(try await store.session(id: session.id))
        #expect(stored.status == .interrupted)
        try await store.close()
    }

    @Test("Finished sessions leave memory once their retention has passed")
    func sweepDropsFinishedSessions() async throws {
        let (manager, store, user) = try await Self.manager(retention: 0)
        for _ in 0..<3 {
            let session = try await manager.start(try Self.start(), for: user.id)
            _ = await session.handle(.input(.stop, seq: 1))
            try await Self.waitUntilClosed(session)
            #expect(await manager.count >= 1)
            await manager.sweep()
            #expect(await manager.count == 0)
            #expect(try await manager.active(for: user.id) == nil)
        }
        try await store.close()
    }

    @Test("A running session is kept by the sweep")
    func sweepKeepsRunningSessions() async throws {
        let (manager, store, user) = try await Self.manager(retention: 0)
        let session = try await manager.start(try Self.start(speedup: 1), for: user.id)
        await manager.sweep()
        #expect(await manager.count == 1)
        _ = await session.handle(.input(.stop, seq: 1))
        try await Self.waitUntilClosed(session)
        try await store.close()
    }
    @Test("Concurrent starts for one user run one session; a second server over the same store is refused")
    func oneLiveSessionPerUser() async throws {
        let (manager, store, user) = try await Self.manager()
        let start = try Self.start(speedup: 1)
        let outcomes = await withTaskGroup(of: Result<SessionID, any Error>.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    do { return .success(try await manager.start(start, for: user.id).id) } catch {
                        return .failure(error)
                    }
                }
            }
            var all: [Result<SessionID, any Error>] = []
            for await outcome in group { all.append(outcome) }
            return all
        }
        let ids = Set(outcomes.compactMap { try? $0.get() })
        #expect(ids.count == 1, "every start that succeeded got the same session: \(outcomes)")
        let running = try #require(ids.first)
        for case .failure(let error) in outcomes {
            #expect(error as? StorageError == .liveSessionInProgress(running), "\(error)")
        }
        #expect(try await store.unfinishedSessions(for: user.id).map(\.id) == [running])
        // Another replica (its own memory, the same database) cannot start a second belt for this user.
        let replica = LiveSessionManager(store: store, clock: .system, logger: Logger(label: "backstep.test"))
        await #expect(throws: StorageError.liveSessionInProgress(running)) {
            _ = try await replica.start(start, for: user.id)
        }
        let session = try #require(await manager.session(running, of: user.id))
        _ = await session.handle(.input(.stop, seq: 1))
        try await Self.waitUntilClosed(session)
        // Once it ended, the next start is a new session.
        let next = try await replica.start(start, for: user.id)
        #expect(next.id != running)
        _ = await next.handle(.input(.stop, seq: 1))
        try await Self.waitUntilClosed(next)
        try await store.close()
    }

    @Test("Concurrent POST /api/v1/sessions/live give one session: created with its id, or 409 naming the conflict")
    func concurrentStartRequests() async throws {
        let app = try await makeApp(speedup: 1)
        try await app.test(.router) { client in
            let token = try await client.apiUser()
            _ = try await client.api("/api/v1/profile", .put, token: token, json: APITests.profile)
            _ = try await client.api("/api/v1/screening", .post, token: token, json: APITests.screening)
            let responses = try await withThrowingTaskGroup(of: (HTTPResponse.Status, String).self) { group in
                for _ in 0..<6 {
                    group.addTask {
                        let response = try await client.api(
                            "/api/v1/sessions/live", .post, token: token,
                            json: #"{"mode":"simulated","program":"first-steps"}"#)
                        return (response.status, String(buffer: response.body))
                    }
                }
                var all: [(HTTPResponse.Status, String)] = []
                for try await response in group { all.append(response) }
                return all
            }
            #expect(responses.allSatisfy { $0.0 == .created || $0.0 == .conflict }, "\(responses.map(\.0))")
            func object(_ text: String) -> [String: Any] {
                (try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]) ?? [:]
            }
            let ids = Set(responses.compactMap { object($0.1)["sessionId"] as? String })
            #expect(ids.count == 1, "one session: \(ids)")
            for (status, text) in responses where status == .conflict {
                let body = object(text)
                let message = (body["error"] as? [String: Any])?["message"] as? String
                #expect(message?.contains("already running") == true, "\(body)")
            }
            let history = try await client.api("/api/v1/sessions", token: token)
            let items =
                (try? JSONSerialization.jsonObject(with: Data(history.body.readableBytesView)) as? [[String: Any]])
                ?? []
            #expect(items.filter { $0["status"] as? String == "in-progress" }.count == 1, "\(items)")
        }
    }
}
