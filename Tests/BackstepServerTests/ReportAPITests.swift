import BackstepCore
import BackstepStorage
import BackstepStorageSQL
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing

@testable import BackstepServer

/// The monthly report and review time through the JSON API on SQLite and PostgreSQL (days with data counted in UTC
/// across month boundaries, sessions against the plan, flags and their handling, prescription changes of the month
/// only, logged minutes and interactive-communication dates, each practice seeing its own time), one access-log row
/// per report, 404 without consent, `month` validation; and the pages: the review-time form on the client page and
/// the printable report.
@Suite(.serialized) struct ReportAPITests {
    typealias Care = CareAPITests

    /// 00:00 UTC of a day of 2026 plus `hour` and `minute`.
    static func at(_ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0) -> Date {
        Date(
            timeIntervalSince1970: Double(ReportMonth.days(year: 2026, month: month, day: day)) * 86_400
                + Double(hour * 3600 + minute * 60))
    }

    /// Moves the test clock to `date`.
    static func move(_ clock: Care.TestClock, to date: Date) {
        clock.advance(days: date.timeIntervalSince(clock.now) / 86_400)
    }

    /// A one-minute backward walk imported with its start at `start`, with feedback; its session id.
    static func walk(
        _ client: any TestClientProtocol, _ account: Care.Account, at start: Date, pain: Int, nearFall: Bool = false
    ) async throws -> String {
        let formatter = ISO8601DateFormatter()
        var rows = ["time_utc,speed_mps,distance_m,direction"]
        for t in 0..<60 {
            rows.append(
                "\(formatter.string(from: start.addingTimeInterval(Double(t)))),0.8,\(Double(t) * 0.8),backward")
        }
        let csv = Data((rows.joined(separator: "\r\n") + "\r\n").utf8).base64EncodedString()
        let imported = try await client.api(
            "/api/v1/sessions/import", .post, token: account.token,
            json: #"{"files":[{"name":"walk-\#(Int(start.timeIntervalSince1970)).csv","contentBase64":"\#(csv)"}]}"#)
        #expect(imported.status == .ok)
        let id = ((jsonObject(imported)["imported"] as? [[String: Any]])?.first?["sessionId"] as? String) ?? ""
        let feedback = try await client.api(
            "/api/v1/sessions/\(id)/feedback", .post, token: account.token,
            json: #"{"rpe":12,"painDuring":\#(pain),"painAfter":0,"handrailUsed":"one-hand","nearFall":\#(nearFall)}"#)
        #expect(feedback.status == .created, "\(String(buffer: feedback.body))")
        return id
    }

    /// Logs review time through the API.
    static func logTime(
        _ client: any TestClientProtocol, _ professional: Care.Account, _ subject: Care.Account, _ body: String
    ) async throws -> TestResponse {
        try await client.api(
            "/api/v1/clients/\(subject.id)/review-time", .post, token: professional.token, json: body)
    }

    static func field(_ response: TestResponse) -> String? {
        (jsonObject(response)["error"] as? [String: Any])?["field"] as? String
    }

    @Test(arguments: ServerTestDatabase.available)
    func theReportStatesTheMonthsFacts(database: ServerTestDatabase) async throws {
        try await Care.withServer(database) { client, store, clock in
            // October: Ana signs up, shares with Kim's clinic (prescribe) and Lee's coaching (read); Kim prescribes.
            Self.move(clock, to: Self.at(10, 20, 10))
            let kim = try await Care.signUp(client, "Kim Physio", profession: "physiotherapist")
            let lee = try await Care.signUp(client, "Lee Coach", profession: "coach")
            let ana = try await Care.signUp(client, "Ana Client")
            let profile = #"{"age":60,"massKg":70,"goal":"knee","experience":"beginner","units":"metric"}"#
            #expect(try await client.api("/api/v1/profile", .put, token: ana.token, json: profile).status == .ok)
            #expect(
                try await client.api("/api/v1/screening", .post, token: ana.token, json: APITests.screening).status
                    == .created)
            for (professional, scope) in [(kim, "prescribe"), (lee, "read")] {
                let code = try await Care.practiceAndCode(client, owner: professional, scope: scope)
                #expect(
                    try await client.api("/api/v1/invitations/\(code)/accept", .post, token: ana.token).status
                        == .created)
            }
            func prescribe(_ extra: String, reason: String) async throws {
                let response = try await client.api(
                    "/api/v1/clients/\(ana.id)/prescription", .put, token: kim.token,
                    json: #"{"daysPerWeek":3,"minutesPerSession":10,"weeks":8,"reason":"\#(reason)"\#(extra)}"#)
                #expect(response.status == .ok, "\(String(buffer: response.body))")
            }
            try await prescribe("", reason: "First plan")
            Self.move(clock, to: Self.at(11, 20, 10))
            try await prescribe(#","speedCapMps":0.4"#, reason: "Knee flared up")

            // 1 December, noon: the sessions of late October to early December are imported
            Self.move(clock, to: Self.at(12, 1, 12))
            let october = try await Self.walk(client, ana, at: Self.at(10, 31, 23, 50), pain: 8)
            _ = try await Self.walk(client, ana, at: Self.at(11, 1, 0, 10), pain: 2)
            let sore = try await Self.walk(client, ana, at: Self.at(11, 15, 9), pain: 7)
            _ = try await Self.walk(client, ana, at: Self.at(11, 15, 18), pain: 3)
            let fall = try await Self.walk(client, ana, at: Self.at(11, 30, 23, 58), pain: 0, nearFall: true)
            _ = try await Self.walk(client, ana, at: Self.at(12, 1, 0, 5), pain: 1)
            // Planned: the sessions of the client's current plan (November's, made on 20 November) on the month's days
            let beforeDecember = jsonObject(
                try await client.api("/api/v1/clients/\(ana.id)/report?month=2026-11", token: kim.token))
            let planned = beforeDecember["sessions"] as? [String: Any] ?? [:]
            #expect((planned["planned"] as? Int ?? 0) > 0, "\(planned)")
            #expect((planned["minutesPlanned"] as? Double ?? 0) > 0)
            try await prescribe(#","speedCapMps":0.5"#, reason: "Settled again")

            // Kim acknowledges the pain flag of 15 November
            let review = try await client.api(
                "/api/v1/clients/\(ana.id)/flag-reviews", .post, token: kim.token,
                json: #"{"flagKey":"pain-during:\#(sore)","note":"Called Ana; rest two days."}"#)
            #expect(review.status == .noContent)

            // Review time: Kim's in October, November (one with a call) and December; Lee's in November
            for body in [
                #"{"date":"2026-10-30","minutes":5}"#,
                #"{"date":"2026-11-10","minutes":20,"interactive":true,"note":"Call about the knee"}"#,
                #"{"date":"2026-11-20","minutes":15,"interactive":false}"#,
                #"{"minutes":10,"interactive":true}"#,
            ] {
                let logged = try await Self.logTime(client, kim, ana, body)
                #expect(logged.status == .created, "\(String(buffer: logged.body))")
            }
            let today = jsonObject(try await Self.logTime(client, lee, ana, #"{"date":"2026-11-12","minutes":30}"#))
            #expect(today["loggedBy"] as? String == "Lee Coach")
            #expect(today["date"] as? String == "2026-11-12")

            // The November report: one access-log row
            let anaId = try #require(UserID(uuidString: ana.id))
            let before = try await store.accessLog(client: anaId, limit: 10_000).count
            let response = try await client.api("/api/v1/clients/\(ana.id)/report?month=2026-11", token: kim.token)
            #expect(response.status == .ok, "\(String(buffer: response.body))")
            let log = try await store.accessLog(client: anaId, limit: 10_000)
            #expect(log.count == before + 1)
            let reads = log.filter { $0.resource == "monthly report 2026-11" && $0.at == clock.now }
            #expect(reads.count == 2, "this one and the one before the December prescription")
            #expect(reads.allSatisfy { $0.actorName == "Kim Physio" && $0.channel == .api })
            let report = jsonObject(response)

            let period = report["period"] as? [String: Any] ?? [:]
            #expect(period["days"] as? Int == 30)
            #expect(period["firstDay"] as? String == "2026-11-01" && period["lastDay"] as? String == "2026-11-30")
            #expect(period["complete"] as? Bool == true)
            // 31 October 23:50 and 1 December 00:05 are other months' days, in UTC
            let days = report["daysWithData"] as? [String: Any] ?? [:]
            #expect(days["dates"] as? [String] == ["2026-11-01", "2026-11-15", "2026-11-30"])
            #expect(days["count"] as? Int == 3 && days["periodDays"] as? Int == 30)
            let sessions = report["sessions"] as? [String: Any] ?? [:]
            #expect(sessions["recorded"] as? Int == 4)
            #expect(sessions["completed"] as? Int == 4)
            #expect((sessions["minutesDone"] as? Double ?? 0) > 3.5)
            #expect((sessions["list"] as? [[String: Any]])?.contains { $0["id"] as? String == october } == false)
            let pain = report["pain"] as? [String: Any] ?? [:]
            #expect(pain["highest"] as? Int == 7)
            #expect((pain["sessions"] as? [Any])?.count == 4)

            // Flags of November: the pain flag acknowledged by Kim, the near-fall open, the quiet stretches; not
            // October's pain 8
            let flags = report["flags"] as? [[String: Any]] ?? []
            func flag(_ key: String) -> [String: Any]? {
                flags.first { ($0["flag"] as? [String: Any])?["key"] as? String == key }
            }
            let painFlag = try #require(flag("pain-during:\(sore)"))
            let handling = painFlag["acknowledged"] as? [String: Any]
            #expect(handling?["by"] as? String == "Kim Physio")
            #expect(handling?["note"] as? String == "Called Ana; rest two days.")
            let fallFlag = try #require(flag("near-fall:\(fall)"))
            #expect(fallFlag["acknowledged"] == nil)
            #expect((fallFlag["flag"] as? [String: Any])?["severity"] as? String == "urgent")
            #expect(flag("pain-during:\(october)") == nil)
            let kinds = flags.compactMap { ($0["flag"] as? [String: Any])?["kind"] as? String }
            #expect(kinds.filter { $0 == "inactive" }.count == 2, "1→15 and 15→30 November: \(kinds)")

            // The prescription changed once in November (October's and December's versions are left out)
            let changes = report["prescriptionChanges"] as? [[String: Any]] ?? []
            #expect(changes.map { $0["version"] as? Int } == [2])
            #expect(changes.first?["reason"] as? String == "Knee flared up")
            #expect((changes.first?["changes"] as? [String])?.isEmpty == false)

            // Kim's practice's November minutes and the day of the call; Lee's time is his practice's
            let time = report["reviewTime"] as? [String: Any] ?? [:]
            #expect(time["totalMinutes"] as? Int == 35)
            #expect(time["interactiveCommunicationDates"] as? [String] == ["2026-11-10"])
            #expect(
                (time["entries"] as? [[String: Any]])?.map { $0["date"] as? String } == ["2026-11-10", "2026-11-20"])
            let leeReport = jsonObject(
                try await client.api("/api/v1/clients/\(ana.id)/report?month=2026-11", token: lee.token))
            let leeTime = leeReport["reviewTime"] as? [String: Any] ?? [:]
            #expect(leeTime["totalMinutes"] as? Int == 30)
            #expect(leeTime["interactiveCommunicationDates"] as? [String] == [])

            // Without a month: the current one, still running
            let current = jsonObject(try await client.api("/api/v1/clients/\(ana.id)/report", token: kim.token))
            let currentPeriod = current["period"] as? [String: Any] ?? [:]
            #expect(currentPeriod["month"] as? String == "2026-12")
            #expect(currentPeriod["days"] as? Int == 31 && currentPeriod["complete"] as? Bool == false)
            #expect((current["daysWithData"] as? [String: Any])?["dates"] as? [String] == ["2026-12-01"])
            #expect(
                (current["reviewTime"] as? [String: Any])?["interactiveCommunicationDates"] as? [String] == [
                    "2026-12-01"
                ])
            let february = jsonObject(
                try await client.api("/api/v1/clients/\(ana.id)/report?month=2026-02", token: kim.token))
            #expect((february["period"] as? [String: Any])?["days"] as? Int == 28)
        }
    }

    @Test(arguments: ServerTestDatabase.available)
    func reportsAndReviewTimeNeedConsentAndGoodInput(database: ServerTestDatabase) async throws {
        try await Care.withServer(database) { client, store, _ in
            let kim = try await Care.signUp(client, "Kim Physio", profession: "physiotherapist")
            let sam = try await Care.signUp(client, "Sam Stranger", profession: "coach")
            let ana = try await Care.signUp(client, "Ana Client")
            let report = "/api/v1/clients/\(ana.id)/report?month=2026-11"
            let code = try await Care.practiceAndCode(client, owner: kim)

            // Before consent, for a stranger and for the client herself: 404, nothing logged
            for token in [kim.token, sam.token, ana.token] {
                #expect(try await client.api(report, token: token).status == .notFound)
                #expect(
                    try await Self.logTime(client, Care.Account(token: token, id: ""), ana, #"{"minutes":5}"#).status
                        == .notFound)
            }
            #expect(try await Care.accessLogCount(store, ana) == 0)
            #expect(
                try await client.api("/api/v1/invitations/\(code)/accept", .post, token: ana.token).status == .created)

            // A bad month names the field and reads nothing
            for month in ["2026-13", "november", "2026-1", "1999-12", "2027-01", "2026-11-01"] {
                let response = try await client.api(
                    "/api/v1/clients/\(ana.id)/report?month=\(month)", token: kim.token)
                #expect(response.status == .unprocessableContent, "\(month)")
                #expect(Self.field(response) == "month", "\(month)")
            }
            // Review time: minutes 1–240, a real past date, a note up to 500 characters
            for (body, field) in [
                (#"{"minutes":0}"#, "minutes"), (#"{"minutes":241}"#, "minutes"),
                (#"{"minutes":10,"date":"2026-02-30"}"#, "date"), (#"{"minutes":10,"date":"2026-11-19"}"#, "date"),
                (#"{"minutes":10,"note":"\#(String(repeating: "n", count: 501))"}"#, "note"),
            ] {
                let response = try await Self.logTime(client, kim, ana, body)
                #expect(response.status == .unprocessableContent, "\(body)")
                #expect(Self.field(response) == field, "\(body)")
            }
            #expect(try await Care.accessLogCount(store, ana) == 0, "refused input reads and logs nothing")

            // Each report and each entry is one row
            #expect(try await client.api(report, token: kim.token).status == .ok)
            #expect(try await client.api(report, token: kim.token).status == .ok)
            #expect(try await Self.logTime(client, kim, ana, #"{"minutes":12,"interactive":true}"#).status == .created)
            let anaId = try #require(UserID(uuidString: ana.id))
            let log = try await store.accessLog(client: anaId, limit: 10)
            #expect(
                log.map(\.resource).sorted() == [
                    "monthly report 2026-11", "monthly report 2026-11", "review time logged",
                ])
            #expect(try await client.api(report, token: sam.token).status == .notFound)
            let unknown = try await client.api("/api/v1/clients/\(UUID().uuidString)/report", token: kim.token)
            #expect(unknown.status == .notFound)

            // Revoked: 404 at once, nothing logged
            #expect(try await client.api("/api/v1/care-team/\(kim.id)", .delete, token: ana.token).status == .noContent)
            #expect(try await client.api(report, token: kim.token).status == .notFound)
            #expect(try await Self.logTime(client, kim, ana, #"{"minutes":5}"#).status == .notFound)
            #expect(try await Care.accessLogCount(store, ana) == 3)
        }
    }

    @Test("The client page logs review time and links to the printable report")
    func pages() async throws {
        try await CarePageTests.withApp { client, _ in
            var pro = try await CarePageTests.professional(client, name: "Dr Lee", practice: "Knee Clinic")
            let code = try await CarePageTests.invite(client, &pro)
            var sam = try await client.signUp()
            try await client.page("/invite/\(code)", &sam)
            #expect(try await client.submit("/invite/\(code)/accept", [], &sam).status == .seeOther)
            let clients = CarePageTests.text(try await client.page("/clients", &pro))
            let clientId = try #require(CarePageTests.capture(#"href="/clients/([0-9A-F-]{36})""#, in: clients))

            let page = CarePageTests.text(try await client.page("/clients/\(clientId)", &pro))
            let month = ReportMonth(containing: Date())
            #expect(page.contains(#"action="/clients/\#(clientId)/review-time""#))
            #expect(page.contains("/clients/\(clientId)/report?month=\(month.id)"))
            let refused = try await client.submit(
                "/clients/\(clientId)/review-time", [("minutes", "300"), ("note", "Too long a call")], &pro)
            #expect(refused.status == .unprocessableContent)
            let refusedPage = CarePageTests.text(refused)
            #expect(refusedPage.contains(#"id="review-minutes-error""#))
            #expect(refusedPage.contains("Too long a call"), "the form keeps what was typed")
            let logged = try await client.submit(
                "/clients/\(clientId)/review-time", [("minutes", "25"), ("interactive", "yes"), ("note", "Call")], &pro)
            #expect(logged.status == .ok)
            #expect(CarePageTests.text(logged).contains("Logged 25 minutes"))

            let report = try await client.page("/clients/\(clientId)/report?month=\(month.id)", &pro)
            #expect(report.status == .ok)
            let text = CarePageTests.text(report)
            #expect(text.contains("Days with data"))
            #expect(text.contains("25 minutes logged in \(month.label)"))
            #expect(
                text.contains("of the period&#39;s \(month.dayCount) days")
                    || text.contains("of the period's \(month.dayCount) days"))
            #expect(text.contains("no claim about billing"))
            #expect(!text.contains("CPT") && !text.contains("9897"), "no billing code is named")
            let bad = try await client.page("/clients/\(clientId)/report?month=2026-13", &pro)
            #expect(bad.status == .unprocessableContent)
            #expect(CarePageTests.text(bad).contains("month"))
            var stranger = try await CarePageTests.professional(client, name: "Dr Other", practice: "Elsewhere")
            #expect(try await client.page("/clients/\(clientId)/report", &stranger).status == .notFound)
        }
    }
}
