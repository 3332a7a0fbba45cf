import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import BackstepServer

@Suite("JSON API")
struct APITests {
    static let profile = #"{"age":40,"massKg":75,"goal":"fitness","experience":"beginner","units":"metric"}"#
    static let screening =
        #"{"answers":{"heart-or-blood-pressure":false,"chest-pain":false,"dizziness-or-fainting":false,"chronic-condition":false,"chronic-medication":false,"bone-or-joint":false,"supervised-only":false}}"#

    @Test("Validation errors name the field")
    func fieldErrors() async throws {
        let app = try await makeApp()
        try await app.test(.router) { client in
            let token = try await client.apiUser()
            let bad = try await client.api(
                "/api/v1/profile", .put, token: token, json: #"{"age":5,"massKg":75,"goal":"fitness"}"#)
            #expect(bad.status == .unprocessableContent)
            let error = jsonObject(bad)["error"] as? [String: Any]
            #expect(error?["field"] as? String == "age")
            let missing = try await client.api("/api/v1/profile", .put, token: token, json: #"{"age":40}"#)
            #expect((jsonObject(missing)["error"] as? [String: Any])?["field"] as? String == "massKg")
            let notJSON = try await client.api("/api/v1/profile", .put, token: token, json: "{")
            #expect(notJSON.status == .badRequest)
            let unauthorised = try await client.execute(uri: "/api/v1/me", method: .get)
            #expect(unauthorised.status == .unauthorized)
            let badToken = try await client.api("/api/v1/me", token: "bst_nope")
            #expect(badToken.status == .unauthorized)
        }
    }

    @Test("The OpenAPI document is valid JSON and every documented operation answers")
    func openAPI() async throws {
        let app = try await makeApp(speedup: 500)
        try await app.test(.router) { client in
            let doc = try await client.execute(uri: "/api/v1/openapi.json", method: .get)
            #expect(doc.status == .ok)
            let object = jsonObject(doc)
            #expect(object["openapi"] as? String == "3.0.3")
            let paths = try #require(object["paths"] as? [String: [String: Any]])
            let token = try await client.apiUser()
            // Set up so every endpoint has something to act on.
            #expect(try await client.api("/api/v1/profile", .put, token: token, json: Self.profile).status == .ok)
            #expect(
                try await client.api("/api/v1/screening", .post, token: token, json: Self.screening).status == .created)
            #expect(
                try await client.api(
                    "/api/v1/plan", .post, token: token, json: #"{"daysPerWeek":3,"minutesPerSession":10,"weeks":4}"#
                )
                .status == .created)
            let live = try await client.api(
                "/api/v1/sessions/live", .post, token: token, json: #"{"mode":"simulated"}"#)
            #expect(live.status == .created)
            let sessionId = try #require(jsonObject(live)["sessionId"] as? String)
            let bodies: [String: String] = [
                "/auth/signup":
                    #"{"name":"N","email":"n-\#(UUID().uuidString.prefix(6))@example.com","password":"correct horse battery"}"#,
                "/auth/token": #"{"email":"nobody@example.com","password":"x"}"#,
                "/profile": Self.profile, "/screening": Self.screening,
                "/plan": #"{"daysPerWeek":3,"minutesPerSession":10,"weeks":4}"#,
                "/sessions/live": #"{"mode":"manual"}"#,
                "/sessions/{id}/feedback": #"{"painDuring":1,"painAfter":1,"handrailUsed":"two-hands","notes":"ok"}"#,
                "/sessions/{id}/morning-pain": #"{"painNextMorning":1}"#,
                "/assessments": #"{"seconds":4.1,"population":"community-older-adults"}"#,
                "/sessions/import": #"{"direction":"backward","files":[{"name":"a.csv","contentBase64":""}]}"#,
            ]
            let planJSON = String(buffer: try await client.api("/api/v1/plan", token: token).body)
            let program = try #require(
                planJSON.components(separatedBy: #""programId":""#).dropFirst().first?.split(separator: "\"").first)
            var exercised = 0
            for (path, methods) in paths.sorted(by: { $0.key < $1.key }) {
                for method in methods.keys.sorted() {
                    let uri =
                        "/api/v1"
                        + path.replacingOccurrences(
                            of: "{id}", with: path.hasPrefix("/programs") ? "first-steps" : sessionId
                        )
                        .replacingOccurrences(of: "{program}", with: program)
                        .replacingOccurrences(of: "{format}", with: path.hasPrefix("/plan") ? "zwo" : "csv")
                    let httpMethod = HTTPRequest.Method(rawValue: method.uppercased()) ?? .get
                    let response = try await client.api(uri, httpMethod, token: token, json: bodies[path])
                    let documented = (methods[method] as? [String: Any])?["responses"] as? [String: Any] ?? [:]
                    let code = String(response.status.code)
                    // Every documented operation is routed; it answers with a documented status or the error model.
                    #expect(response.status != .notFound || path.contains("{id}") == false, "\(method) \(path)")
                    #expect(response.status != .methodNotAllowed, "\(method) \(path)")
                    #expect(documented[code] != nil || documented["default"] != nil, "\(method) \(path) \(code)")
                    if path != "/auth/token" && path != "/sessions/{id}/morning-pain" {
                        #expect(response.status.code < 400, "\(method) \(path) answered \(code)")
                    }
                    exercised += 1
                }
            }
            #expect(exercised >= 20)
        }
    }
}
