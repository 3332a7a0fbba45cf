import BackstepCore
import BackstepStorage
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import BackstepServer
@testable import BackstepStorageSQL

/// Notes and messages through the JSON API, on SQLite and PostgreSQL: the client never sees a clinical note;
/// unread counts rise and fall to zero after reading; a stranger or a professional whose consent was revoked gets
/// 404 and writes nothing; a session must be the client's; the text limits name the field; every professional
/// read or write adds one access-log row.
@Suite(.serialized) struct MessageAPITests {
    typealias Care = CareAPITests

    static func thread(_ response: TestResponse) -> (unread: Int, texts: [String], kinds: [String]) {
        let object = jsonObject(response)
        let messages = object["messages"] as? [[String: Any]] ?? []
        return (
            object["unread"] as? Int ?? -1, messages.compactMap { $0["text"] as? String },
            messages.compactMap { $0["kind"] as? String }
        )
    }

    static func clients(_ response: TestResponse) -> [[String: Any]] {
        (try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))) as? [[String: Any]] ?? []
    }

    @Test(arguments: ServerTestDatabase.available)
    func clientAndCareTeamWriteAndReadTheirThread(database: ServerTestDatabase) async throws {
        try await Care.withServer(database) { client, store, clock in
            let kim = try await Care.signUp(client, "Kim Physio", profession: "physiotherapist")
            let ana = try await Care.signUp(client, "Ana Client")
            let walk = try await Care.walk(client, ana, clock: clock, daysAgo: 1, pain: 6)
            let code = try await Care.practiceAndCode(client, owner: kim)
            #expect(
                try await client.api("/api/v1/invitations/\(code)/accept", .post, token: ana.token).status == .created)
            let messages = "/api/v1/clients/\(ana.id)/messages"
            var logged = try await Care.accessLogCount(store, ana)

            // The professional writes a note and a message about the walk: two logged writes
            let note = try await client.api(
                messages, .post, token: kim.token,
                json: #"{"kind":"clinical-note","text":"Pain 6: check the load","sessionId":"\#(walk)"}"#)
            #expect(note.status == .created, "\(String(buffer: note.body))")
            #expect(jsonObject(note)["mine"] as? Bool == true)
            #expect(jsonObject(note)["sessionId"] as? String == walk)
            clock.advance(days: 0.01)
            let message = try await client.api(
                messages, .post, token: kim.token, json: #"{"kind":"message","text":"How is the knee today?"}"#)
            #expect(message.status == .created)
            #expect(try await Care.accessLogCount(store, ana) == logged + 2)
            logged += 2

            // The client sees the message, never the note, and one unread
            clock.advance(days: 0.01)
            var own = Self.thread(try await client.api("/api/v1/messages", token: ana.token))
            #expect(own.texts == ["How is the knee today?"])
            #expect(own.kinds == ["message"])
            #expect(own.unread == 1)
            let listed = jsonObject(try await client.api("/api/v1/messages", token: ana.token))
            let first = (listed["messages"] as? [[String: Any]])?.first
            #expect(first?["unread"] as? Bool == true && first?["authorName"] as? String == "Kim Physio")
            #expect(first?["authorRole"] as? String == "professional" && first?["mine"] as? Bool == false)
            #expect(try await client.api("/api/v1/messages/read", .post, token: ana.token).status == .noContent)
            own = Self.thread(try await client.api("/api/v1/messages", token: ana.token))
            #expect(own.unread == 0)
            #expect(jsonObject(try await client.api("/api/v1/messages", token: ana.token))["readAt"] != nil)

            // The client answers about their walk; the professional has one unread, in the list too
            clock.advance(days: 0.01)
            let answer = try await client.api(
                "/api/v1/messages", .post, token: ana.token,
                json: #"{"text":"Better, thanks","sessionId":"\#(walk)"}"#)
            #expect(answer.status == .created)
            #expect(try await Care.accessLogCount(store, ana) == logged, "the client's own writing is not logged")
            let list = Self.clients(try await client.api("/api/v1/clients", token: kim.token))
            #expect(list.first?["unreadMessages"] as? Int == 1)
            let overview = jsonObject(try await client.api("/api/v1/clients/\(ana.id)", token: kim.token))
            #expect((overview["client"] as? [String: Any])?["unreadMessages"] as? Int == 1)
            logged += 2
            let team = Self.thread(try await client.api(messages, token: kim.token))
            #expect(team.texts == ["Pain 6: check the load", "How is the knee today?", "Better, thanks"])
            #expect(team.kinds == ["clinical-note", "message", "message"])
            #expect(team.unread == 1)
            #expect(try await client.api("\(messages)/read", .post, token: kim.token).status == .noContent)
            #expect(Self.thread(try await client.api(messages, token: kim.token)).unread == 0)
            #expect(
                Self.clients(try await client.api("/api/v1/clients", token: kim.token)).first?["unreadMessages"]
                    as? Int == 0)
            logged += 4

            // Each professional read and write was logged, by name
            let anaId = try #require(UserID(uuidString: ana.id))
            let log = try await store.accessLog(client: anaId, limit: 100)
            #expect(log.count == logged)
            #expect(
                Set(log.map(\.resource)).isSuperset(of: [
                    "clinical note written", "message written", "messages and notes", "messages marked read",
                ]))
            #expect(log.allSatisfy { $0.actorName == "Kim Physio" && $0.channel == .api })
        }
    }

    @Test(arguments: ServerTestDatabase.available)
    func strangersRevokedProfessionalsAndBadInputWriteNothing(database: ServerTestDatabase) async throws {
        try await Care.withServer(database) { client, store, clock in
            let kim = try await Care.signUp(client, "Kim Physio", profession: "physiotherapist")
            let sam = try await Care.signUp(client, "Sam Stranger", profession: "coach")
            let ana = try await Care.signUp(client, "Ana Client")
            let bob = try await Care.signUp(client, "Bob Other")
            let bobsWalk = try await Care.walk(client, bob, clock: clock, daysAgo: 1, pain: 1)
            let messages = "/api/v1/clients/\(ana.id)/messages"
            let body = #"{"kind":"message","text":"Hello"}"#
            let paths: [(String, HTTPRequest.Method, String?)] = [
                (messages, .get, nil), (messages, .post, body), ("\(messages)/read", .post, nil),
            ]

            // Before consent, nobody gets in
            for professional in [kim, sam] {
                for (path, method, json) in paths {
                    let response = try await client.api(path, method, token: professional.token, json: json)
                    #expect(response.status == .notFound, "\(path) before consent")
                }
            }
            let code = try await Care.practiceAndCode(client, owner: kim)
            #expect(
                try await client.api("/api/v1/invitations/\(code)/accept", .post, token: ana.token).status == .created)
            for (path, method, json) in paths {
                let response = try await client.api(path, method, token: sam.token, json: json)
                #expect(response.status == .notFound, "\(path) for a stranger")
            }
            #expect(try await Care.accessLogCount(store, ana) == 0)

            // Bad input names the field and writes and logs nothing
            let bad: [(String, String, String)] = [
                (messages, #"{"kind":"message","text":"   "}"#, "text"),
                (messages, #"{"kind":"message","text":"\#(String(repeating: "a", count: 4001))"}"#, "text"),
                (messages, #"{"kind":"message","text":"About Bob","sessionId":"\#(bobsWalk)"}"#, "sessionId"),
                ("/api/v1/messages", #"{"text":"\#(String(repeating: "b", count: 4001))"}"#, "text"),
                ("/api/v1/messages", #"{"text":"Bob's walk","sessionId":"\#(bobsWalk)"}"#, "sessionId"),
            ]
            for (path, json, field) in bad {
                let token = path == messages ? kim.token : ana.token
                let response = try await client.api(path, .post, token: token, json: json)
                #expect(response.status == .unprocessableContent, "\(json.prefix(60))")
                #expect((jsonObject(response)["error"] as? [String: Any])?["field"] as? String == field)
            }
            let anaId = try #require(UserID(uuidString: ana.id))
            #expect(try await store.messages(client: anaId, for: .careTeam(practices: []), limit: 100).isEmpty)
            // The session is checked after consent, so the refused session was one logged read; the text never was
            #expect(try await Care.accessLogCount(store, ana) == 1)
            // 4000 characters are fine
            let longest = try await client.api(
                "/api/v1/messages", .post, token: ana.token,
                json: #"{"text":"\#(String(repeating: "c", count: 4000))"}"#)
            #expect(longest.status == .created)

            // After revocation: 404 on every path, nothing written, nothing logged
            #expect(try await client.api("/api/v1/care-team/\(kim.id)", .delete, token: ana.token).status == .noContent)
            let before = try await Care.accessLogCount(store, ana)
            for (path, method, json) in paths {
                let response = try await client.api(path, method, token: kim.token, json: json)
                #expect(response.status == .notFound, "\(path) after revocation")
            }
            #expect(try await Care.accessLogCount(store, ana) == before)
            #expect(try await store.messages(client: anaId, for: .client, limit: 100).count == 1)
            // The client still has their own thread
            #expect(Self.thread(try await client.api("/api/v1/messages", token: ana.token)).texts.count == 1)
        }
    }
}
