import BackstepCore
import BackstepInterop
import FITCodec
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import BackstepServer

/// A multipart/form-data body as a browser sends it.
func multipartBody(
    fields: [(String, String)], files: [(name: String, bytes: [UInt8])], boundary: String = "----BackstepTestBoundary7"
) -> (ByteBuffer, String) {
    var bytes: [UInt8] = []
    for (name, value) in fields {
        bytes += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
    }
    for file in files {
        bytes += Array(
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"files\"; filename=\"\(file.name)\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                .utf8)
        bytes += file.bytes + Array("\r\n".utf8)
    }
    bytes += Array("--\(boundary)--\r\n".utf8)
    return (ByteBuffer(bytes: bytes), "multipart/form-data; boundary=\(boundary)")
}

/// A finished backward walk with 1 Hz samples, as a file of `format`.
func walkFile(_ format: InteropFormat, start: Date = Date(timeIntervalSince1970: 1_772_438_400)) throws -> [UInt8] {
    let samples = (0...120).map { (i: Int) -> SessionSample in
        let t = Double(i)
        return SessionSample(
            sequence: i, t: t, segment: 0, direction: .backward, gait: .walk,
            targetSpeed: Speed(metersPerSecond: 0.8), speed: Speed(metersPerSecond: 0.8), targetGrade: .level,
            grade: .level, distance: Distance(meters: t * 0.8), heartRate: 100 + i % 20, met: 4.5,
            kcal: t * 0.08, forwardKcal: t * 0.06)
    }
    let workout = Workout(
        name: "Backward walk",
        items: [
            .step(
                Step(
                    name: "Backward walk",
                    activity: .locomotion(
                        Locomotion(direction: .backward, gait: .walk, speed: .fixed(Speed(metersPerSecond: 0.8)))),
                    goal: .time(120)))
        ])
    let session = PerformedSession(
        startedAt: start, endedAt: start.addingTimeInterval(121), workout: workout, status: .completed,
        source: .simulated,
        summary: SessionSummary(
            elapsedSeconds: 121, activeSeconds: 121, backwardSeconds: 121, distance: Distance(meters: 96),
            backwardDistance: Distance(meters: 96), kcal: 9.6, forwardKcal: 7.2, stepsCompleted: 1, stepsTotal: 1,
            completed: true, stopReason: nil),
        samples: samples)
    return try ExportedFile.session(session, format: format).bytes
}

extension TestClientProtocol {
    /// Uploads files through the history page's form.
    func upload(
        _ files: [(name: String, bytes: [UInt8])], direction: String = "backward", _ browser: inout Browser,
        csrf: Bool = true
    ) async throws -> TestResponse {
        let fields = (csrf ? [("_csrf", browser.csrf)] : []) + [("direction", direction)]
        let (body, type) = multipartBody(fields: fields, files: files)
        var headers = browser.headers()
        headers[.contentType] = type
        let response = try await execute(uri: "/history/import", method: .post, headers: headers, body: body)
        browser.absorb(response)
        return response
    }
}

@Suite("Downloads and uploads")
struct InteropRouteTests {
    static func sessionIds(in html: String) -> [String] {
        html.components(separatedBy: "href=\"/sessions/").dropFirst().compactMap { part in
            let id = String(part.prefix(36))
            return UUID(uuidString: id) == nil ? nil : id
        }
    }

    @Test("The upload form imports files into the user's history and reports each bad file")
    func uploadForm() async throws {
        let app = try await makeApp()
        try await app.test(.router) { client in
            var browser = try await client.signUp()
            try await client.page("/history", &browser)
            let good = try walkFile(.csv)
            let files: [(name: String, bytes: [UInt8])] = [
                ("walk.csv", good), ("broken.fit", Array(try walkFile(.fit).prefix(200))),
                ("notes.txt", Array("hello".utf8)),
            ]
            // Without the CSRF token the upload is refused and nothing is stored.
            let refused = try await client.upload(files, &browser, csrf: false)
            #expect(refused.status == .forbidden)
            #expect(Self.sessionIds(in: String(buffer: try await client.page("/history", &browser).body)).isEmpty)

            let response = try await client.upload(files, &browser)
            #expect(response.status == .ok)
            let html = String(buffer: response.body)
            #expect(html.contains("Import: 1 imported, 0 duplicates, 2 skipped"), "\(html)")
            #expect(html.contains("broken.fit: "))
            #expect(html.contains("notes.txt: not a FIT, TCX or CSV file"))
            let ids = Set(Self.sessionIds(in: html))
            #expect(ids.count == 1)

            // The same file again is a duplicate.
            let again = try await client.upload([("walk-again.csv", good)], &browser)
            #expect(String(buffer: again.body).contains("Import: 0 imported, 1 duplicate, 0 skipped"))
            // No file chosen: the form says so.
            let empty = try await client.upload([], &browser)
            #expect(empty.status == .unprocessableContent)
            #expect(String(buffer: empty.body).contains("Choose one or more"))
            // A hostile direction value is refused by field.
            let sideways = try await client.upload([("w.csv", good)], direction: "sideways", &browser)
            #expect(sideways.status == .unprocessableContent)
        }
    }

    @Test("Uploads over the limit are refused with a clear message")
    func uploadLimit() async throws {
        var settings = ServerSettings.testing()
        settings.maxUploadBytes = 4 * 1024
        let app = try await buildApplication(settings: settings)
        try await app.test(.router) { client in
            var browser = try await client.signUp()
            try await client.page("/history", &browser)
            let response = try await client.upload([("big.csv", [UInt8](repeating: 0x41, count: 200 * 1024))], &browser)
            #expect(response.status == .contentTooLarge)
            #expect(String(buffer: response.body).contains("larger than"))
        }
    }

    @Test("Session, calendar and workout downloads: attachments with their types, only for their owner")
    func downloads() async throws {
        let app = try await makeApp()
        try await app.test(.router) { client in
            var browser = try await client.signUp()
            try await client.onboard(&browser)
            try await client.page("/history", &browser)
            let uploaded = try await client.upload([("walk.fit", try walkFile(.fit))], &browser)
            let id = try #require(Self.sessionIds(in: String(buffer: uploaded.body)).first)

            let page = String(buffer: try await client.page("/sessions/\(id)", &browser).body)
            for format in ["fit", "tcx", "csv"] { #expect(page.contains("/sessions/\(id)/download/\(format)")) }
            let types = ["fit": "application/vnd.ant.fit", "tcx": "application/vnd.garmin.tcx+xml", "csv": "text/csv"]
            for (format, type) in types {
                let response = try await client.page("/sessions/\(id)/download/\(format)", &browser)
                #expect(response.status == .ok, "\(format)")
                #expect(response.headers[.contentType]?.hasPrefix(type) == true, "\(format)")
                #expect(response.headers[.contentDisposition]?.hasPrefix("attachment; filename=\"backstep-") == true)
                let read = try SessionImport.read(name: "x.\(format)", bytes: Array(response.body.readableBytesView))
                #expect(read.session.samples.count == 121, "\(format)")
            }
            #expect(try await client.page("/sessions/\(id)/download/gpx", &browser).status == .notFound)

            // The plan: a calendar and per-program workouts, linked from the plan page.
            let planPage = String(buffer: try await client.page("/plan", &browser).body)
            #expect(planPage.contains("/plan/calendar.ics"))
            let calendar = try await client.page("/plan/calendar.ics", &browser)
            #expect(calendar.status == .ok)
            #expect(calendar.headers[.contentType]?.hasPrefix("text/calendar") == true)
            #expect(calendar.headers[.contentDisposition]?.hasPrefix("attachment") == true)
            let text = String(buffer: calendar.body)
            #expect(text.hasPrefix("BEGIN:VCALENDAR\r\n"))
            func uids(_ text: String) -> [String] {
                text.components(separatedBy: "\r\n").filter { $0.hasPrefix("UID:") }
            }
            #expect(!uids(text).isEmpty)
            #expect(uids(String(buffer: try await client.page("/plan/calendar.ics", &browser).body)) == uids(text))
            let link = try #require(
                planPage.components(separatedBy: "href=\"/plan/workouts/").dropFirst().first?.split(separator: "\"")
                    .first)
            let program = String(link.split(separator: "/").first ?? "")
            let fit = try await client.page("/plan/workouts/\(program)/fit", &browser)
            #expect(fit.status == .ok)
            #expect(fit.headers[.contentType] == "application/vnd.ant.fit")
            let steps = try FIT.decode(Array(fit.body.readableBytesView)).typedMessages().messages.filter {
                if case .workoutStep = $0 { true } else { false }
            }
            #expect(!steps.isEmpty)
            let zwo = try await client.page("/plan/workouts/\(program)/zwo", &browser)
            #expect(zwo.headers[.contentType]?.hasPrefix("application/xml") == true)
            #expect(String(buffer: zwo.body).contains("<workout_file>"))
            #expect(try await client.page("/plan/workouts/not-in-plan/fit", &browser).status == .notFound)

            // Someone else gets 404 for the same ids, and no calendar without a plan of their own.
            var other = try await client.signUp()
            #expect(try await client.page("/sessions/\(id)/download/fit", &other).status == .notFound)
            #expect(try await client.page("/plan/calendar.ics", &other).status == .notFound)
            // Signed out: sent to sign in.
            var nobody = Browser()
            #expect(try await client.page("/sessions/\(id)/download/fit", &nobody).status == .seeOther)
        }
    }

    @Test("The API imports JSON and multipart uploads and serves the same downloads")
    func api() async throws {
        let app = try await makeApp()
        try await app.test(.router) { client in
            let token = try await client.apiUser()
            let csv = try walkFile(.csv).map { $0 }
            let body = """
                {"direction":"backward","files":[{"name":"walk.csv","contentBase64":"\(Data(csv).base64EncodedString())"},\
                {"name":"junk.fit","contentBase64":"\(Data("junk".utf8).base64EncodedString())"}]}
                """
            let response = try await client.api("/api/v1/sessions/import", .post, token: token, json: body)
            #expect(response.status == .ok)
            let summary = jsonObject(response)
            let imported = try #require(summary["imported"] as? [[String: Any]])
            #expect(imported.count == 1)
            #expect((summary["skipped"] as? [[String: Any]])?.first?["file"] as? String == "junk.fit")
            let id = try #require(imported.first?["sessionId"] as? String)

            // Multipart works too; the same walk is a duplicate now.
            let (multipart, type) = multipartBody(
                fields: [("direction", "forward")], files: [("walk.tcx", try walkFile(.tcx))])
            let second = try await client.execute(
                uri: "/api/v1/sessions/import", method: .post,
                headers: [.authorization: "Bearer \(token)", .contentType: type], body: multipart)
            #expect(second.status == .ok)
            #expect((jsonObject(second)["duplicates"] as? [Any])?.count == 1)

            let download = try await client.api("/api/v1/sessions/\(id)/export/csv", token: token)
            #expect(download.status == .ok)
            #expect(download.headers[.contentType]?.hasPrefix("text/csv") == true)
            #expect(download.headers[.contentDisposition]?.hasPrefix("attachment") == true)
            let stranger = try await client.apiUser(name: "Stranger")
            #expect(try await client.api("/api/v1/sessions/\(id)/export/csv", token: stranger).status == .notFound)
            #expect(try await client.api("/api/v1/plan/calendar", token: token).status == .notFound)
            // Bad bodies name what is wrong.
            let bad = try await client.api(
                "/api/v1/sessions/import", .post, token: token, json: #"{"files":[{"name":"a","contentBase64":"@@"}]}"#)
            #expect(bad.status == .unprocessableContent)
            let none = try await client.api("/api/v1/sessions/import", .post, token: token, json: #"{"files":[]}"#)
            #expect(none.status == .unprocessableContent)
        }
    }
}

@Suite("multipart/form-data parser")
struct MultipartTests {
    @Test func parsesFieldsAndFiles() throws {
        let (buffer, type) = multipartBody(
            fields: [("_csrf", "abc"), ("direction", "backward")],
            files: [("a.fit", [0, 1, 2, 13, 10, 45, 45]), ("C:\\Users\\me\\b.csv", Array("t\r\n1".utf8))])
        let boundary = try #require(try MultipartForm.boundary(contentType: type))
        let form = try MultipartForm(body: Array(buffer.readableBytesView), boundary: boundary)
        #expect(form.field("_csrf") == "abc")
        #expect(form.field("direction") == "backward")
        #expect(form.files("files").map(\.fileName) == ["a.fit", "b.csv"])
        #expect(form.files("files").first?.body == [0, 1, 2, 13, 10, 45, 45])
        #expect(form.files("files").last?.body == Array("t\r\n1".utf8))
        #expect(try MultipartForm.boundary(contentType: "application/x-www-form-urlencoded") == nil)
        #expect(try MultipartForm.boundary(contentType: "multipart/form-data; boundary=\"q b\"") == "q b")
    }

    @Test(
        "Malformed bodies are refused with a reason",
        arguments: [
            ("no boundary at all", "the body has no multipart boundary"),
            ("--B\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\nvalue", "ends before its closing boundary"),
            ("--B\r\nContent-Disposition: attachment; name=\"x\"\r\n\r\nv\r\n--B--", "must be form-data"),
            ("--B\r\nContent-Disposition: form-data\r\n\r\nv\r\n--B--", "has no name"),
            ("--B\r\nbroken header\r\n\r\nv\r\n--B--", "has no colon"),
            ("--Bjunk", "not followed by a line break"),
            ("--B\r\nContent-Disposition: form-data; name=\"x\"", "headers missing"),
        ])
    func malformed(body: String, problem: String) {
        #expect {
            _ = try MultipartForm(body: Array(body.utf8), boundary: "B")
        } throws: { error in
            "\(error)".contains(problem)
        }
    }

    @Test func boundsAreEnforced() throws {
        var many = ""
        for i in 0...MultipartForm.maximumParts {
            many += "--B\r\nContent-Disposition: form-data; name=\"f\(i)\"\r\n\r\nx\r\n"
        }
        many += "--B--"
        #expect(throws: MultipartError.self) { _ = try MultipartForm(body: Array(many.utf8), boundary: "B") }
        let longHeader = "--B\r\nX-Long: " + String(repeating: "a", count: 9000) + "\r\n\r\nx\r\n--B--"
        #expect(throws: MultipartError.self) { _ = try MultipartForm(body: Array(longHeader.utf8), boundary: "B") }
        #expect(throws: MultipartError.self) {
            _ = try MultipartForm.boundary(
                contentType: "multipart/form-data; boundary=" + String(repeating: "x", count: 71))
        }
        #expect(throws: MultipartError.self) { _ = try MultipartForm.boundary(contentType: "multipart/form-data") }
    }
}
