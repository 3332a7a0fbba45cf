import BackstepCore
import BackstepStorage
import CrossCheckSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Synchronization
import Testing

@testable import BackstepServer
@testable import BackstepStorageSQL

/// The professional side through the JSON API, on SQLite and PostgreSQL: consent given by accepting an invitation
/// and taken back at once, 404 for every client path without consent, an access-log row for every access, flags
/// raised, ranked and acknowledged, invitations that expire, and the roles each operation needs.
@Suite(.serialized) struct CareAPITests {
    /// A clock the test moves.
    final class TestClock: Sendable {
        let time: Mutex<Date>
        init(_ start: Date) { time = Mutex(start) }
        func advance(days: Double) { time.withLock { $0 = $0.addingTimeInterval(days * 86_400) } }
        var now: Date { time.withLock { $0 } }
        var serverClock: ServerClock { ServerClock { [self] in now } }
    }

    static let start = Date(timeIntervalSince1970: 1_795_000_000)  // 2026-11-18

    /// Runs `body` against a server on `database` with a test clock, and the store it uses.
    static func withServer(
        _ database: ServerTestDatabase,
        _ body: @Sendable (any TestClientProtocol, SQLStore, TestClock) async throws -> Void
    ) async throws {
        let (location, cleanup) = try await database.make()
        let store = try await SQLStore.open(location)
        let clock = TestClock(start)
        do {
            var settings = ServerSettings.testing()
            settings.database = location
            let app = try await buildApplication(settings: settings, store: store, clock: clock.serverClock)
            try await app.test(.router) { client in try await body(client, store, clock) }
        } catch {
            try? await store.close()
            await cleanup()
            throw error
        }
        try? await store.close()
        await cleanup()
    }

    static let password = "correct horse battery"

    struct Account {
        var token: String
        var id: String
    }

    /// Signs up through the API; a professional when `profession` is given.
    static func signUp(
        _ client: any TestClientProtocol, _ name: String, profession: String? = nil
    ) async throws
        -> Account
    {
        var body: [String: String] = [
            "name": name, "email": "\(name.lowercased().replacingOccurrences(of: " ", with: "."))@example.com",
            "password": password,
        ]
        if let profession {
            body["role"] = "professional"
            body["profession"] = profession
        }
        let response = try await client.execute(
            uri: "/api/v1/auth/signup", method: .post, headers: [.contentType: "application/json"],
            body: ByteBuffer(string: String(decoding: try JSONEncoder().encode(body), as: UTF8.self)))
        #expect(response.status == .created, "\(name): \(String(buffer: response.body))")
        let object = jsonObject(response)
        let user = object["user"] as? [String: Any]
        return Account(token: object["token"] as? String ?? "", id: user?["id"] as? String ?? "")
    }

    /// A practice owned by `owner` and an invitation code of it.
    static func practiceAndCode(
        _ client: any TestClientProtocol, owner: Account, scope: String = "read"
    ) async throws -> String {
        let practice = try await client.api(
            "/api/v1/practices", .post, token: owner.token, json: #"{"name":"Knee Clinic","kind":"clinic"}"#)
        #expect(practice.status == .created)
        return try await code(client, owner, scope: scope)
    }

    static func code(
        _ client: any TestClientProtocol, _ professional: Account, scope: String = "read"
    ) async throws
        -> String
    {
        let invitation = try await client.api(
            "/api/v1/invitations", .post, token: professional.token, json: #"{"scope":"\#(scope)"}"#)
        #expect(invitation.status == .created)
        return jsonObject(invitation)["code"] as? String ?? ""
    }

    /// A one-minute backward walk that started `ago` days before the clock, imported; its session id.
    static func walk(
        _ client: any TestClientProtocol, _ account: Account, clock: TestClock, daysAgo: Double, pain: Int,
        nearFall: Bool = false, handrail: String = "one-hand"
    ) async throws -> String {
        let start = clock.now.addingTimeInterval(-daysAgo * 86_400)
        let formatter = ISO8601DateFormatter()
        var rows = ["time_utc,speed_mps,distance_m,direction"]
        for t in 0..<60 {
            rows.append(
                "\(formatter.string(from: start.addingTimeInterval(Double(t)))),0.8,\(Double(t) * 0.8),backward")
        }
        let csv = Data((rows.joined(separator: "\r\n") + "\r\n").utf8).base64EncodedString()
        let imported = try await client.api(
            "/api/v1/sessions/import", .post, token: account.token,
            json: #"{"files":[{"name":"walk-\#(daysAgo).csv","contentBase64":"\#(csv)"}]}"#)
        #expect(imported.status == .ok)
        let id = ((jsonObject(imported)["imported"] as? [[String: Any]])?.first?["sessionId"] as? String) ?? ""
        let feedback = try await client.api(
            "/api/v1/sessions/\(id)/feedback", .post, token: account.token,
            json:
                #"{"rpe":12,"painDuring":\#(pain),"painAfter":0,"handrailUsed":"\#(handrail)","nearFall":\#(nearFall)}"#
        )
        #expect(feedback.status == .created, "\(String(buffer: feedback.body))")
        return id
    }

    static func accessLogCount(_ store: SQLStore, _ client: Account) async throws -> Int {
        guard let id = UserID(uuidString: client.id) else { return -1 }
        return try await store.accessLog(client: id, limit: 10_000).count
    }

    /// Every path below `/clients/{id}` the API has, as a professional would call them.
    static func clientPaths(_ client: Account) -> [(String, HTTPRequest.Method, String?)] {
        [
            ("/api/v1/clients/\(client.id)", .get, nil),
            ("/api/v1/clients/\(client.id)/sessions", .get, nil),
            ("/api/v1/clients/\(client.id)/flag-reviews", .post, #"{"flagKey":"inactive:1"}"#),
        ]
    }

    @Test(arguments: ServerTestDatabase.available)
    func consentOpensTheClientsDataAndRevocationClosesItAtOnce(database: ServerTestDatabase) async throws {
        try await Self.withServer(database) { client, store, clock in
            let kim = try await Self.signUp(client, "Kim Physio", profession: "physiotherapist")
            let sam = try await Self.signUp(client, "Sam Stranger", profession: "coach")
            let ana = try await Self.signUp(client, "Ana Client")
            _ = try await Self.walk(client, ana, clock: clock, daysAgo: 1, pain: 2)
            let code = try await Self.practiceAndCode(client, owner: kim)

            // Before consent: every client path is 404 for the practice's professional and for a stranger
            for professional in [kim, sam] {
                for (path, method, body) in Self.clientPaths(ana) {
                    let response = try await client.api(path, method, token: professional.token, json: body)
                    #expect(response.status == .notFound, "\(path) before consent")
                }
            }
            #expect(try await Self.accessLogCount(store, ana) == 0, "refused requests are not logged as access")

            // The client accepts
            let accepted = try await client.api("/api/v1/invitations/\(code)/accept", .post, token: ana.token)
            #expect(accepted.status == .created)
            let overview = try await client.api("/api/v1/clients/\(ana.id)", token: kim.token)
            #expect(overview.status == .ok)
            #expect((jsonObject(overview)["recentSessions"] as? [Any])?.count == 1)
            #expect(try await client.api("/api/v1/clients/\(ana.id)/sessions", token: kim.token).status == .ok)
            // One row per access, naming who, what, how and from where
            let anaId = try #require(UserID(uuidString: ana.id))
            let log = try await store.accessLog(client: anaId, limit: 10)
            #expect(log.map(\.resource).sorted() == ["client overview", "session history"])
            #expect(
                log.allSatisfy { $0.actorName == "Kim Physio" && $0.channel == .api && $0.actorRole == .professional })
            #expect(log.allSatisfy { $0.at == clock.now })
            let clientLog = try await client.api("/api/v1/access-log", token: ana.token)
            #expect(
                (try JSONSerialization.jsonObject(with: Data(clientLog.body.readableBytesView)) as? [Any])?.count == 2)
            // The list reads each client once
            let list = try await client.api("/api/v1/clients", token: kim.token)
            #expect(
                (try JSONSerialization.jsonObject(with: Data(list.body.readableBytesView)) as? [[String: Any]])?
                    .map { $0["id"] as? String } == [ana.id])
            #expect(try await Self.accessLogCount(store, ana) == 3)
            // A stranger still sees nothing
            #expect(try await client.api("/api/v1/clients/\(ana.id)", token: sam.token).status == .notFound)
            let samsList = try await client.api("/api/v1/clients", token: sam.token)
            #expect(String(buffer: samsList.body) == "[]")

            // The care team shows Kim; revoking takes effect on the very next request, everywhere
            let team = try await client.api("/api/v1/care-team", token: ana.token)
            #expect(String(buffer: team.body).contains("Kim Physio"))
            let revoked = try await client.api("/api/v1/care-team/\(kim.id)", .delete, token: ana.token)
            #expect(revoked.status == .noContent)
            for (path, method, body) in Self.clientPaths(ana) {
                let response = try await client.api(path, method, token: kim.token, json: body)
                #expect(response.status == .notFound, "\(path) after revocation")
            }
            #expect(String(buffer: try await client.api("/api/v1/clients", token: kim.token).body) == "[]")
            #expect(try await Self.accessLogCount(store, ana) == 3, "nothing read after revocation")
            #expect(try await client.api("/api/v1/care-team/\(kim.id)", .delete, token: ana.token).status == .notFound)
        }
    }

    @Test(arguments: ServerTestDatabase.available)
    func membersSeeThePracticesClientsUntilTheyAreRemoved(database: ServerTestDatabase) async throws {
        try await Self.withServer(database) { client, store, clock in
            let kim = try await Self.signUp(client, "Kim Owner", profession: "physiotherapist")
            let lee = try await Self.signUp(client, "Lee Member", profession: "coach")
            let ana = try await Self.signUp(client, "Ana Client")
            let code = try await Self.practiceAndCode(client, owner: kim)
            #expect(
                try await client.api("/api/v1/invitations/\(code)/accept", .post, token: ana.token).status == .created)
            #expect(try await client.api("/api/v1/clients/\(ana.id)", token: lee.token).status == .notFound)
            // The owner adds Lee (the service; the page offers it by e-mail)
            let care = CareService(training: TrainingService(store: store, settings: .testing()))
            let kimId = try #require(UserID(uuidString: kim.id))
            let owner = try #require(try await store.user(id: kimId))
            _ = try await care.addMember(email: "lee.member@example.com", by: owner, now: clock.now)
            #expect(try await client.api("/api/v1/clients/\(ana.id)", token: lee.token).status == .ok)
            let practices = try await client.api("/api/v1/practices", token: lee.token)
            #expect(String(buffer: practices.body).contains("Kim Owner"))
            // A member cannot remove others; the owner can, and Lee's next request is 404
            let leeId = try #require(UserID(uuidString: lee.id))
            let member = try #require(try await store.user(id: leeId))
            await #expect(throws: CareError.notPracticeOwner) {
                try await care.removeMember(owner.id, by: member, now: clock.now)
            }
            await #expect(throws: CareError.notPracticeOwner) { _ = try await care.practiceAccessLog(by: member) }
            try await care.removeMember(member.id, by: owner, now: clock.now)
            #expect(try await client.api("/api/v1/clients/\(ana.id)", token: lee.token).status == .notFound)
            #expect(try await client.api("/api/v1/clients/\(ana.id)", token: kim.token).status == .ok)
            // The owner reads the practice's access log: Lee's read and Kim's
            let log = try await care.practiceAccessLog(by: owner)
            #expect(Set(log.map(\.actorName)) == ["Kim Owner", "Lee Member"])
            await #expect(throws: CareError.noPractice) { _ = try await care.practiceAccessLog(by: member) }
        }
    }

    @Test(arguments: ServerTestDatabase.available)
    func invitationsAreSingleUseAndExpireAfterFourteenDays(database: ServerTestDatabase) async throws {
        try await Self.withServer(database) { client, _, clock in
            let kim = try await Self.signUp(client, "Kim Physio", profession: "physiotherapist")
            let ana = try await Self.signUp(client, "Ana Client")
            let code = try await Self.practiceAndCode(client, owner: kim)
            let preview = try await client.api("/api/v1/invitations/\(code.lowercased())", token: ana.token)
            #expect(preview.status == .ok, "codes are read whatever their case")
            #expect(jsonObject(preview)["status"] as? String == "pending")
            // Kim cannot accept their own practice's invitation as a client
            let own = try await client.api("/api/v1/invitations/\(code)/accept", .post, token: kim.token)
            #expect(own.status == .conflict)
            clock.advance(days: 14)
            let expired = try await client.api("/api/v1/invitations/\(code)/accept", .post, token: ana.token)
            #expect(expired.status == .conflict)
            #expect(String(buffer: expired.body).contains("expired"))
            let fresh = try await Self.code(client, kim)
            #expect(
                try await client.api("/api/v1/invitations/\(fresh)/accept", .post, token: ana.token).status == .created)
            let again = try await client.api("/api/v1/invitations/\(fresh)/accept", .post, token: ana.token)
            #expect(again.status == .conflict)
            #expect(
                try await client.api("/api/v1/invitations/not-a-code/accept", .post, token: ana.token).status
                    == .notFound)
        }
    }

    @Test(arguments: ServerTestDatabase.available)
    func flagsAreRaisedRankedAndAcknowledged(database: ServerTestDatabase) async throws {
        try await Self.withServer(database) { client, _, clock in
            let kim = try await Self.signUp(client, "Kim Physio", profession: "physiotherapist")
            let ana = try await Self.signUp(client, "Ana Calm")
            let bob = try await Self.signUp(client, "Bob Sore")
            _ = try await Self.walk(client, ana, clock: clock, daysAgo: 2, pain: 1)
            let sore = try await Self.walk(client, bob, clock: clock, daysAgo: 1, pain: 7)
            let code = try await Self.practiceAndCode(client, owner: kim)
            let code2 = try await Self.code(client, kim)
            #expect(
                try await client.api("/api/v1/invitations/\(code)/accept", .post, token: ana.token).status == .created)
            #expect(
                try await client.api("/api/v1/invitations/\(code2)/accept", .post, token: bob.token).status == .created)

            func list() async throws -> [[String: Any]] {
                let response = try await client.api("/api/v1/clients", token: kim.token)
                return try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [[String: Any]]
                    ?? []
            }
            func flags(_ entry: [String: Any]) -> [[String: Any]] { entry["openFlags"] as? [[String: Any]] ?? [] }
            // Bob, with pain 7 over the threshold of 5, comes first, with the flag and its reason
            var clients = try await list()
            #expect(clients.map { $0["name"] as? String } == ["Bob Sore", "Ana Calm"])
            let painFlag = try #require(flags(clients[0]).first { $0["kind"] as? String == "pain-during" })
            #expect(painFlag["sessionId"] as? String == sore)
            #expect((painFlag["reason"] as? String)?.contains("7/10") == true)
            #expect(flags(clients[1]).isEmpty)

            // Acknowledged with a note, it leaves the open list and shows as reviewed
            let key = try #require(painFlag["key"] as? String)
            let review = try await client.api(
                "/api/v1/clients/\(bob.id)/flag-reviews", .post, token: kim.token,
                json: #"{"flagKey":"\#(key)","note":"Called Bob; pain settled overnight."}"#)
            #expect(review.status == .noContent)
            clients = try await list()
            #expect(clients.allSatisfy { flags($0).allSatisfy { $0["key"] as? String != key } })
            let overview = jsonObject(try await client.api("/api/v1/clients/\(bob.id)", token: kim.token))
            let reviewed = overview["reviewedFlags"] as? [[String: Any]]
            #expect(reviewed?.first?["note"] as? String == "Called Bob; pain settled overnight.")
            #expect(reviewed?.first?["reviewedBy"] as? String == "Kim Physio")

            // A near-fall is urgent: Ana now comes first
            _ = try await Self.walk(client, ana, clock: clock, daysAgo: 0.5, pain: 0, nearFall: true)
            clients = try await list()
            #expect(clients.first?["name"] as? String == "Ana Calm")
            #expect(flags(clients[0]).first?["severity"] as? String == "urgent")

            // A week without a session raises the inactivity flag
            clock.advance(days: 8)
            clients = try await list()
            #expect(clients.allSatisfy { flags($0).contains { $0["kind"] as? String == "inactive" } })
        }
    }

    static let fhirTool = PythonCrossCheck(driver: "CrossCheck/fhir/crosscheck_fhir.py", label: "FHIR")

    /// What the FHIR driver reports of one file.
    struct FHIRReport: Decodable {
        struct File: Decodable {
            var accepted: Bool
            var errors: [String]
            var resourceTypes: [String: Int]
        }
        var files: [String: File]
    }

    @Test(
        "A client's FHIR export through the API passes fhir.resources' R4 models",
        .enabled(if: fhirTool.shouldRun, "FHIR cross-check tools unavailable; run scripts/setup-crosscheck.sh"),
        arguments: ServerTestDatabase.available)
    func fhirExportPassesTheIndependentValidator(database: ServerTestDatabase) async throws {
        if let reason = Self.fhirTool.unavailableReason {
            Issue.record("BACKSTEP_REQUIRE_CROSSCHECK=1 but \(reason)")
            return
        }
        try await Self.withServer(database) { client, _, clock in
            let kim = try await Self.signUp(client, "Kim Physio", profession: "physiotherapist")
            let ana = try await Self.signUp(client, "Ana \"Zoë\" Rückwärts")
            let profile = try await client.api(
                "/api/v1/profile", .put, token: ana.token,
                json: #"{"age":67,"massKg":72.5,"goal":"knee","experience":"beginner","units":"metric","sex":"female"}"#
            )
            #expect(profile.status == .ok, "\(String(buffer: profile.body))")
            _ = try await Self.walk(client, ana, clock: clock, daysAgo: 2, pain: 3)
            _ = try await Self.walk(client, ana, clock: clock, daysAgo: 1, pain: 6)
            let test = try await client.api(
                "/api/v1/assessments", .post, token: ana.token,
                json: #"{"seconds":4.8,"population":"community-older-adults","notes":""}"#)
            #expect(test.status == .created)
            let code = try await Self.practiceAndCode(client, owner: kim)
            #expect(try await client.api("/api/v1/clients/\(ana.id)/fhir", token: kim.token).status == .notFound)
            #expect(
                try await client.api("/api/v1/invitations/\(code)/accept", .post, token: ana.token).status == .created)
            let pain = try await client.api(
                "/api/v1/outcomes", .post, token: ana.token, json: #"{"measure":"nprs","answers":{"pain":4}}"#)
            #expect(pain.status == .created)
            let response = try await client.api("/api/v1/clients/\(ana.id)/fhir", token: kim.token)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/fhir+json")

            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("care-fhir-\(UUID())")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            try Data(response.body.readableBytesView).write(to: directory.appendingPathComponent("client.json"))
            let (status, output) = try Self.fhirTool.run([directory.path])
            try #require(status == 0, "driver failed: \(output.prefix(2000))")
            let report = try JSONDecoder().decode(FHIRReport.self, from: Data(output.utf8))
            let file = try #require(report.files["client.json"])
            #expect(file.accepted, "\(file.errors)")
            #expect(file.resourceTypes["Patient"] == 1)
            #expect(file.resourceTypes["Practitioner"] == 1)
            #expect(file.resourceTypes["Organization"] == 1)
            #expect((file.resourceTypes["Observation"] ?? 0) >= 2 * 4 + 2, "two session panels, one test, the NPRS")
        }
    }

    @Test(arguments: ServerTestDatabase.available)
    func outcomesAreRecordedWithTheScopeAndReadAsTrends(database: ServerTestDatabase) async throws {
        try await Self.withServer(database) { client, store, clock in
            let kim = try await Self.signUp(client, "Kim Physio", profession: "physiotherapist")
            let ana = try await Self.signUp(client, "Ana Client")
            let readOnly = try await Self.practiceAndCode(client, owner: kim, scope: "read")
            let accepted = try await client.api("/api/v1/invitations/\(readOnly)/accept", .post, token: ana.token)
            #expect(accepted.status == .created)
            let path = "/api/v1/clients/\(ana.id)/outcomes"
            // Read scope: reading is allowed, recording is not (and reads as 404, like no consent)
            #expect(try await client.api(path, token: kim.token).status == .ok)
            let refused = try await client.api(path, .post, token: kim.token, json: #"{"measure":"tug","value":15}"#)
            #expect(refused.status == .notFound)
            // The prescribe scope widens the same link
            let prescribe = try await Self.code(client, kim, scope: "prescribe")
            let widened = try await client.api("/api/v1/invitations/\(prescribe)/accept", .post, token: ana.token)
            #expect(widened.status == .created)
            let day = 86_400.0
            for (value, daysAgo) in [(15.2, 30.0), (12.0, 1.0)] {
                let date = ISO8601DateFormatter().string(from: clock.now.addingTimeInterval(-daysAgo * day))
                let recorded = try await client.api(
                    path, .post, token: kim.token, json: #"{"measure":"tug","value":\#(value),"date":"\#(date)"}"#)
                #expect(recorded.status == .created, "\(String(buffer: recorded.body))")
                #expect(jsonObject(recorded)["recordedBy"] as? String == "Kim Physio")
            }
            let future = ISO8601DateFormatter().string(from: clock.now.addingTimeInterval(day))
            let tomorrow = try await client.api(
                path, .post, token: kim.token, json: #"{"measure":"tug","value":12,"date":"\#(future)"}"#)
            #expect(tomorrow.status == .unprocessableContent)
            // The client answers the pain scale; a missing answer names the item
            let answered = try await client.api(
                "/api/v1/outcomes", .post, token: ana.token, json: #"{"measure":"nprs","answers":{"pain":6}}"#)
            #expect(answered.status == .created)
            #expect(jsonObject(answered)["value"] as? Double == 6)
            let missing = try await client.api(
                "/api/v1/outcomes", .post, token: ana.token, json: #"{"measure":"nprs","answers":{}}"#)
            #expect(missing.status == .unprocessableContent)
            #expect((jsonObject(missing)["error"] as? [String: Any])?["field"] as? String == "answers.pain")
            // The trend: TUG's first result in the fall-risk band, then 3.2 s faster (later minus first)
            let trends = try await client.api(path, token: kim.token)
            let series = try JSONSerialization.jsonObject(with: Data(trends.body.readableBytesView)) as? [[String: Any]]
            #expect(series?.map { $0["measure"] as? String } == ["tug", "nprs"])
            let points = series?.first?["points"] as? [[String: Any]] ?? []
            #expect(points.count == 2)
            #expect(points.first?["band"] != nil)
            #expect(abs((points.last?["changeFromBaseline"] as? Double ?? 0) + 3.2) < 1e-9)
            let anaId = try #require(UserID(uuidString: ana.id))
            let log = try await store.accessLog(client: anaId, limit: 50).map(\.resource)
            #expect(log.filter { $0 == "outcome tug recorded" }.count == 2, "the refused ones are not logged")
            #expect(log.contains("outcome measures"))
        }
    }

    /// The weekly speed caps of a plan in an API answer.
    static func weeklyCaps(_ plan: [String: Any]) -> [Double] {
        let stored = plan["plan"] as? [String: Any]
        return ((stored?["plan"] as? [String: Any])?["weeks"] as? [[String: Any]] ?? []).compactMap {
            $0["speedCapMps"] as? Double
        }
    }

    @Test(arguments: ServerTestDatabase.available)
    func prescriptionsKeepToTheSafetyPolicyAreVersionedAndHoldProgression(database: ServerTestDatabase) async throws {
        try await Self.withServer(database) { client, store, clock in
            let kim = try await Self.signUp(client, "Kim Physio", profession: "physiotherapist")
            let ana = try await Self.signUp(client, "Ana Client")
            let profile = #"{"age":72,"massKg":70,"goal":"balance","experience":"beginner","units":"metric"}"#
            #expect(try await client.api("/api/v1/profile", .put, token: ana.token, json: profile).status == .ok)
            #expect(
                try await client.api("/api/v1/screening", .post, token: ana.token, json: APITests.screening).status
                    == .created)
            let path = "/api/v1/clients/\(ana.id)/prescription"
            func prescribe(
                _ professional: Account, _ extra: String, reason: String = "Steady for two weeks"
            ) async throws
                -> TestResponse
            {
                clock.advance(days: 0.001)  // each version a moment after the last
                return try await client.api(
                    path, .put, token: professional.token,
                    json: #"{"daysPerWeek":3,"minutesPerSession":10,"weeks":4,"reason":"\#(reason)"\#(extra)}"#)
            }
            // Read scope: prescribing reads as 404
            let read = try await Self.practiceAndCode(client, owner: kim, scope: "read")
            #expect(
                try await client.api("/api/v1/invitations/\(read)/accept", .post, token: ana.token).status == .created)
            #expect(try await prescribe(kim, "").status == .notFound)
            let widen = try await Self.code(client, kim, scope: "prescribe")
            #expect(
                try await client.api("/api/v1/invitations/\(widen)/accept", .post, token: ana.token).status == .created)

            // A limit above the safety policy's changes nothing: the policy stays the ceiling
            let high = try await prescribe(kim, #","speedCapMps":3.0"#)
            #expect(high.status == .ok, "\(String(buffer: high.body))")
            let open = try await prescribe(kim, "")
            let policyCaps = Self.weeklyCaps(jsonObject(open))
            #expect(!policyCaps.isEmpty && Self.weeklyCaps(jsonObject(high)) == policyCaps)
            // A lower limit holds in every week
            let low = try await prescribe(kim, #","speedCapMps":0.4"#, reason: "Knee flared up")
            let lowCaps = Self.weeklyCaps(jsonObject(low))
            #expect(!lowCaps.isEmpty && lowCaps.allSatisfy { $0 <= 0.4 + 1e-9 })
            #expect(zip(lowCaps, policyCaps).allSatisfy { $0 <= $1 })
            // The client's current plan is the newest prescription's, and the client sees every version with what
            // changed
            let version = (jsonObject(low)["prescription"] as? [String: Any]) ?? [:]
            let plan = jsonObject(try await client.api("/api/v1/plan", token: ana.token))
            #expect(plan["id"] as? String == version["planId"] as? String)
            let history = try await client.api("/api/v1/prescriptions", token: ana.token)
            let versions =
                try JSONSerialization.jsonObject(with: Data(history.body.readableBytesView)) as? [[String: Any]]
            #expect(versions?.map { $0["version"] as? Int } == [3, 2, 1])
            #expect(versions?.first?["reason"] as? String == "Knee flared up")
            #expect((versions?.first?["changes"] as? [String]) == ["Speed limit: the safety policy's → 0.4 m/s"])
            // Bad input names the field; a coach may not prescribe a clinician-only program
            let noReason = try await prescribe(kim, "", reason: "")
            #expect(noReason.status == .unprocessableContent)
            #expect((jsonObject(noReason)["error"] as? [String: Any])?["field"] as? String == "reason")
            let days = try await client.api(
                path, .put, token: kim.token, json: #"{"daysPerWeek":9,"minutesPerSession":10,"weeks":4,"reason":"x"}"#)
            #expect((jsonObject(days)["error"] as? [String: Any])?["field"] as? String == "daysPerWeek")
            let lee = try await Self.signUp(client, "Lee Coach", profession: "coach")
            let leeCode = try await Self.practiceAndCode(client, owner: lee, scope: "prescribe")
            #expect(
                try await client.api("/api/v1/invitations/\(leeCode)/accept", .post, token: ana.token).status
                    == .created)
            let stroke = try await prescribe(lee, #","programs":["stroke-gait"]"#)
            #expect(stroke.status == .forbidden)

            // A good session would progress; the professional's hold keeps the dose, with the reason first
            let anaId = try #require(UserID(uuidString: ana.id))
            let dose = Prescription(
                speed: .metersPerSecond(0.3), duration: 600, handrail: .twoHands, stage: .firstSteps)
            // Two good sessions in a row at the same dose (the rules progress after two)
            for daysAgo in [2.0, 1.0] {
                let start = clock.now.addingTimeInterval(-daysAgo * 86_400)
                let session = PerformedSession(
                    startedAt: start, endedAt: start.addingTimeInterval(600), programId: "first-steps",
                    workout: try Catalog.program(id: "first-steps").workout(), status: .completed, source: .manual,
                    summary: SessionSummary(
                        elapsedSeconds: 600, activeSeconds: 600, backwardSeconds: 600, distance: Distance(meters: 180),
                        backwardDistance: Distance(meters: 180), kcal: 20, forwardKcal: 15, stepsCompleted: 1,
                        stepsTotal: 1, completed: true, stopReason: nil))
                try await store.saveFinishedSession(session, for: anaId, prescription: dose)
                try await store.attachFeedback(
                    SessionFeedback(
                        date: start.addingTimeInterval(700), exertion: PerceivedExertion(11), painDuring: 0,
                        painAfter: 0, painNextMorning: 0, handrailUsed: .twoHands),
                    to: session.id)
            }
            func decision() async throws -> [String: Any] {
                jsonObject(try await client.api("/api/v1/next", token: ana.token))["decision"] as? [String: Any] ?? [:]
            }
            let before = try await decision()
            #expect(before["action"] as? String == "progress", "\(before)")
            let hold = try await prescribe(kim, #","holdProgression":true"#, reason: "Wait for the scan result")
            #expect(hold.status == .ok)
            let held = try await decision()
            #expect(held["action"] as? String == "hold")
            let reasons = held["reasons"] as? [[String: Any]] ?? []
            #expect((reasons.first?["message"] as? String)?.contains("Wait for the scan result") == true)
        }
    }

    @Test(arguments: ServerTestDatabase.available)
    func goalsAreSetTogetherAndTrackedFromTheEvidence(database: ServerTestDatabase) async throws {
        try await Self.withServer(database) { client, _, clock in
            let kim = try await Self.signUp(client, "Kim Physio", profession: "physiotherapist")
            let ana = try await Self.signUp(client, "Ana Client")
            let code = try await Self.practiceAndCode(client, owner: kim, scope: "read")
            #expect(
                try await client.api("/api/v1/invitations/\(code)/accept", .post, token: ana.token).status == .created)
            let path = "/api/v1/clients/\(ana.id)/goals"
            let due = ISO8601DateFormatter().string(from: clock.now.addingTimeInterval(30 * 86_400))
            let treadmill =
                #"{"title":"1 min at 2.5 km/h without rails","due":"\#(due)","target":{"kind":"treadmill","minutes":1,"minimumSpeedMps":0.7,"maximumHandrail":"hands-free"}}"#
            // Setting a goal needs the prescribe scope
            #expect(try await client.api(path, .post, token: kim.token, json: treadmill).status == .notFound)
            let widen = try await Self.code(client, kim, scope: "prescribe")
            #expect(
                try await client.api("/api/v1/invitations/\(widen)/accept", .post, token: ana.token).status == .created)
            let set = try await client.api(path, .post, token: kim.token, json: treadmill)
            #expect(set.status == .created)
            #expect(jsonObject(set)["status"] as? String == "not-started")
            #expect(jsonObject(set)["setBy"] as? String == "Kim Physio")

            func status() async throws -> [String] {
                let response = try await client.api("/api/v1/goals", token: ana.token)
                let goals =
                    try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [[String: Any]]
                return goals?.map { $0["status"] as? String ?? "" } ?? []
            }
            // A minute at 0.8 m/s holding one hand is progress, not the goal; hands-free it is
            clock.advance(days: 1)
            _ = try await Self.walk(client, ana, clock: clock, daysAgo: 0.5, pain: 0, handrail: "one-hand")
            #expect(try await status() == ["in-progress"])
            _ = try await Self.walk(client, ana, clock: clock, daysAgo: 0.2, pain: 0, handrail: "hands-free")
            #expect(try await status() == ["achieved"])

            // The client sets an outcome goal; Kim's tests move it
            let outcome =
                #"{"title":"3MBWT under 4.5 s","due":"\#(due)","target":{"kind":"outcome","measure":"3mbwt","threshold":4.5}}"#
            #expect(try await client.api("/api/v1/goals", .post, token: ana.token, json: outcome).status == .created)
            let tests = "/api/v1/clients/\(ana.id)/outcomes"
            _ = try await client.api(tests, .post, token: kim.token, json: #"{"measure":"3mbwt","value":5.6}"#)
            #expect(try await status().sorted() == ["achieved", "in-progress"])
            clock.advance(days: 31)
            #expect(try await status().sorted() == ["achieved", "overdue"])
            _ = try await client.api(tests, .post, token: kim.token, json: #"{"measure":"3mbwt","value":4.3}"#)
            let final = try await client.api(path, token: kim.token)
            let goals = try JSONSerialization.jsonObject(with: Data(final.body.readableBytesView)) as? [[String: Any]]
            let late = goals?.first { $0["title"] as? String == "3MBWT under 4.5 s" }
            #expect(late?["status"] as? String == "achieved")
            #expect(late?["late"] as? Bool == true)
            // A bad target names its field
            let bad = try await client.api(
                "/api/v1/goals", .post, token: ana.token,
                json: #"{"title":"x","due":"\#(due)","target":{"kind":"treadmill","minutes":5}}"#)
            #expect((jsonObject(bad)["error"] as? [String: Any])?["field"] as? String == "target.minimumSpeedMps")
        }
    }

    @Test func rolesAreChecked() async throws {
        try await Self.withServer(.sqliteFile) { client, _, _ in
            let ana = try await Self.signUp(client, "Ana Client")
            #expect(try await client.api("/api/v1/clients", token: ana.token).status == .forbidden)
            let practice = try await client.api(
                "/api/v1/practices", .post, token: ana.token, json: #"{"name":"Mine","kind":"coaching"}"#)
            #expect(practice.status == .forbidden)
            let invitation = try await client.api(
                "/api/v1/invitations", .post, token: ana.token, json: #"{"scope":"read"}"#)
            #expect(invitation.status == .forbidden)
            let kim = try await Self.signUp(client, "Kim Physio", profession: "physiotherapist")
            let none = try await client.api("/api/v1/invitations", .post, token: kim.token, json: #"{"scope":"read"}"#)
            #expect(none.status == .conflict, "a practice comes first")
            // Sign-up refuses a professional without a profession and an unknown role, naming the field
            for (body, field) in [
                (
                    #"{"name":"P","email":"p@example.com","password":"correct horse battery","role":"professional"}"#,
                    "profession"
                ),
                (#"{"name":"P","email":"q@example.com","password":"correct horse battery","role":"admin"}"#, "role"),
            ] {
                let response = try await client.execute(
                    uri: "/api/v1/auth/signup", method: .post, headers: [.contentType: "application/json"],
                    body: ByteBuffer(string: body))
                #expect(response.status == .unprocessableContent)
                #expect((jsonObject(response)["error"] as? [String: Any])?["field"] as? String == field)
            }
        }
    }
}
