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
}
