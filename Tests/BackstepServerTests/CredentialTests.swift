import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import BackstepServer

/// Password change, API tokens and bad JSON bodies: the security edge of the settings page and the API.
@Suite("Credentials")
struct CredentialTests {
    static let password = "correct horse battery"
    static let newPassword = "a new horse battery staple"

    static func email() -> String { "walker-\(UUID().uuidString.prefix(8))@example.com" }

    /// Exchanges e-mail and password for an API token; nil when refused.
    static func token(
        _ client: some TestClientProtocol, email: String, password: String
    ) async throws
        -> String?
    {
        let response = try await client.execute(
            uri: "/api/v1/auth/token", method: .post, headers: [.contentType: "application/json"],
            body: ByteBuffer(string: #"{"email":"\#(email)","password":"\#(password)"}"#))
        return response.status == .created ? jsonObject(response)["token"] as? String : nil
    }

    static func array(_ response: TestResponse) -> [[String: Any]] {
        (try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [[String: Any]]) ?? []
    }

    static func errorField(_ response: TestResponse) -> String? {
        (jsonObject(response)["error"] as? [String: Any])?["field"] as? String
    }

    @Test("A wrong current password is a field error and changes nothing")
    func wrongCurrentPassword() async throws {
        let app = try await makeApp()
        try await app.test(.router) { client in
            let email = Self.email()
            var browser = try await client.signUp(email: email)
            let before = try #require(try await Self.token(client, email: email, password: Self.password))
            try await client.page("/settings", &browser)
            let cases: [([(String, String)], String, String)] = [
                (
                    [
                        ("currentPassword", "wrong password"), ("newPassword", Self.newPassword),
                        ("confirmPassword", Self.newPassword),
                    ], "currentPassword", "The current password is not right."
                ),
                (
                    [("currentPassword", Self.password), ("newPassword", "short"), ("confirmPassword", "short")],
                    "newPassword", "Password must be at least 10 characters."
                ),
                (
                    [
                        ("currentPassword", Self.password), ("newPassword", Self.newPassword),
                        ("confirmPassword", "something else entirely"),
                    ], "confirmPassword",
                    "The two new passwords are not the same."
                ),
            ]
            for (values, field, message) in cases {
                let response = try await client.submit("/settings/password", values, &browser)
                #expect(response.status == .unprocessableContent, "\(field)")
                #expect(String(buffer: response.body).contains("id=\"\(field)-error\">\(message)</p>"), "\(field)")
            }
            // Nothing changed: the old password and the old token still work, the browser is still signed in
            #expect(try await Self.token(client, email: email, password: Self.password) != nil)
            #expect(try await Self.token(client, email: email, password: Self.newPassword) == nil)
            #expect(try await client.api("/api/v1/me", token: before).status == .ok)
            #expect(try await client.page("/settings", &browser).status == .ok)
            // The API names the field too
            let api = try await client.api(
                "/api/v1/account/password", .post, token: before,
                json: #"{"currentPassword":"wrong password","newPassword":"\#(Self.newPassword)"}"#)
            #expect(api.status == .unprocessableContent)
            #expect(Self.errorField(api) == "currentPassword")
            #expect(try await client.api("/api/v1/me", token: before).status == .ok)
        }
    }

    @Test("After a password change the old password and every earlier token fail; this browser stays signed in")
    func passwordChange() async throws {
        let app = try await makeApp()
        try await app.test(.router) { client in
            let email = Self.email()
            var browser = try await client.signUp(email: email)
            // A second browser signed in as the same user
            var other = Browser()
            try await client.page("/signin", &other)
            let signIn = try await client.submit("/signin", [("email", email), ("password", Self.password)], &other)
            #expect(signIn.status == .seeOther)
            #expect(try await client.page("/settings", &other).status == .ok)
            let before = try #require(try await Self.token(client, email: email, password: Self.password))
            try await client.page("/settings", &browser)
            let changed = try await client.submit(
                "/settings/password",
                [
                    ("currentPassword", Self.password), ("newPassword", Self.newPassword),
                    ("confirmPassword", Self.newPassword),
                ], &browser)
            #expect(changed.status == .ok)
            #expect(String(buffer: changed.body).contains("Password changed."))
            #expect(try await client.api("/api/v1/me", token: before).status == .unauthorized)
            #expect(try await Self.token(client, email: email, password: Self.password) == nil)
            #expect(try await Self.token(client, email: email, password: Self.newPassword) != nil)
            #expect(try await client.page("/settings", &browser).status == .ok)
            let signedOut = try await client.page("/settings", &other)
            #expect(signedOut.status == .seeOther)
            #expect(signedOut.headers[.location]?.hasPrefix("/signin") == true)
        }
    }

    @Test("The API password change with the session cookie keeps that session and needs the CSRF header")
    func apiPasswordChangeWithCookie() async throws {
        let app = try await makeApp()
        try await app.test(.router) { client in
            let email = Self.email()
            var browser = try await client.signUp(email: email)
            try await client.page("/settings", &browser)
            let created = try await client.submit("/settings/token", [("name", "laptop")], &browser)
            let token = try #require(Self.between(String(buffer: created.body), "<code id=\"token\">", "</code>"))
            let body = ByteBuffer(
                string: #"{"currentPassword":"\#(Self.password)","newPassword":"\#(Self.newPassword)"}"#)
            var headers = browser.headers()
            headers[.contentType] = "application/json"
            let forged = try await client.execute(
                uri: "/api/v1/account/password", method: .post, headers: headers, body: body)
            #expect(forged.status == .forbidden)
            headers[.csrfToken] = browser.csrf
            let response = try await client.execute(
                uri: "/api/v1/account/password", method: .post, headers: headers, body: body)
            #expect(response.status == .ok)
            #expect(jsonObject(response)["revokedTokens"] as? Int == 1)
            #expect(jsonObject(response)["revokedSessions"] as? Int == 0)
            #expect(try await client.api("/api/v1/me", token: token).status == .unauthorized)
            #expect(try await client.page("/settings", &browser).status == .ok)
            #expect(try await Self.token(client, email: email, password: Self.newPassword) != nil)
        }
    }

    @Test("Tokens are listed, and a revoked token is refused at once (settings page and API)")
    func revocation() async throws {
        let app = try await makeApp()
        try await app.test(.router) { client in
            var browser = try await client.signUp()
            try await client.page("/settings", &browser)
            let created = try await client.submit("/settings/token", [("name", "my laptop")], &browser)
            let page = String(buffer: created.body)
            let token = try #require(Self.between(page, "<code id=\"token\">", "</code>"))
            #expect(try await client.api("/api/v1/me", token: token).status == .ok)
            let listed = String(buffer: try await client.page("/settings", &browser).body)
            #expect(listed.contains("my laptop"))
            #expect(!listed.contains(token), "the token is shown only once")
            let tokens = try await client.api("/api/v1/tokens", token: token)
            let list = Self.array(tokens)
            #expect(list.map { $0["name"] as? String } == ["my laptop"])
            #expect(list.first?["lastUsedAt"] != nil)
            #expect(list.first?["token"] == nil && list.first?["tokenHash"] == nil)
            let id = try #require(list.first?["id"] as? String)
            // Revoked from the settings page
            let revoked = try await client.submit("/settings/tokens/\(id)/revoke", [], &browser)
            #expect(revoked.status == .ok)
            #expect(String(buffer: revoked.body).contains("Token revoked"))
            #expect(try await client.api("/api/v1/me", token: token).status == .unauthorized)
            // Revoked through the API
            let apiToken = try await client.apiUser()
            let made = try await client.api("/api/v1/tokens", .post, token: apiToken, json: #"{"name":"script"}"#)
            #expect(made.status == .created)
            let second = try #require(jsonObject(made)["token"] as? String)
            let secondId = try #require(jsonObject(made)["id"] as? String)
            #expect(try await client.api("/api/v1/me", token: second).status == .ok)
            #expect(try await client.api("/api/v1/tokens/\(secondId)", .delete, token: apiToken).status == .noContent)
            #expect(try await client.api("/api/v1/me", token: second).status == .unauthorized)
            // Bad labels name the field
            for name in ["", String(repeating: "x", count: 101)] {
                let bad = try await client.api("/api/v1/tokens", .post, token: apiToken, json: #"{"name":"\#(name)"}"#)
                #expect(bad.status == .unprocessableContent)
                #expect(Self.errorField(bad) == "name")
            }
        }
    }

    @Test("Another user cannot revoke my token: 404, and it keeps working")
    func othersCannotRevoke() async throws {
        let app = try await makeApp()
        try await app.test(.router) { client in
            let mine = try await client.apiUser()
            let list = try await client.api("/api/v1/tokens", token: mine)
            let tokens = Self.array(list)
            let id = try #require(tokens.first?["id"] as? String)
            let theirs = try await client.apiUser()
            #expect(try await client.api("/api/v1/tokens/\(id)", .delete, token: theirs).status == .notFound)
            #expect(try await client.api("/api/v1/tokens/not-a-uuid", .delete, token: theirs).status == .notFound)
            var browser = try await client.signUp()
            try await client.page("/settings", &browser)
            #expect(try await client.submit("/settings/tokens/\(id)/revoke", [], &browser).status == .notFound)
            #expect(try await client.api("/api/v1/me", token: mine).status == .ok)
        }
    }

    @Test("The new forms refuse a missing or forged CSRF token", arguments: ["/settings/password", "/settings/token"])
    func csrf(path: String) async throws {
        let app = try await makeApp()
        try await app.test(.router) { client in
            var browser = try await client.signUp()
            let token = try await client.apiUser()
            let list = try await client.api("/api/v1/tokens", token: token)
            let tokens = Self.array(list)
            let id = try #require(tokens.first?["id"] as? String)
            for target in [path, "/settings/tokens/\(id)/revoke"] {
                let values = [
                    ("currentPassword", "correct horse battery"), ("newPassword", Self.newPassword),
                    ("confirmPassword", Self.newPassword), ("name", "x"),
                ]
                let missing = try await client.submit(target, values, &browser, csrf: false)
                #expect(missing.status == .forbidden, "\(target)")
                let forged = try await client.submit(
                    target, [("_csrf", "forged-token-forged-token")] + values, &browser, csrf: false)
                #expect(forged.status == .forbidden, "\(target)")
            }
            // Nothing happened: the password is unchanged and the other user's token still works
            #expect(try await client.api("/api/v1/me", token: token).status == .ok)
            #expect(try await client.page("/settings", &browser).status == .ok)
        }
    }

    @Test("An oversized JSON body is 413 and a malformed one 400, both with a JSON error that says what is wrong")
    func badBodies() async throws {
        let app = try await makeApp()
        try await app.test(.router) { client in
            let token = try await client.apiUser()
            let big = #"{"seconds":4,"notes":""# + String(repeating: "a", count: 100_000) + #""}"#
            let oversized = try await client.api("/api/v1/assessments", .post, token: token, json: big)
            #expect(oversized.status == .contentTooLarge)
            #expect(oversized.headers[.contentType]?.hasPrefix("application/json") == true)
            let error = jsonObject(oversized)["error"] as? [String: Any]
            #expect(error?["status"] as? Int == 413)
            #expect((error?["message"] as? String)?.contains("KiB") == true)
            let cases: [(String, String)] = [
                (#"{"age": 40,"#, "not valid JSON"), ("", "empty"), ("[1, 2", "not valid JSON"),
            ]
            for (body, words) in cases {
                let response = try await client.api("/api/v1/profile", .put, token: token, json: body)
                #expect(response.status == .badRequest, "\(body)")
                let message = (jsonObject(response)["error"] as? [String: Any])?["message"] as? String ?? ""
                #expect(message.contains(words), "\(body): \(message)")
            }
            let wrongType = try await client.api(
                "/api/v1/profile", .put, token: token, json: #"{"age":"forty","massKg":75,"goal":"fitness"}"#)
            #expect(wrongType.status == .unprocessableContent)
            #expect(Self.errorField(wrongType) == "age")
        }
    }

    static func between(_ text: String, _ start: String, _ end: String) -> String? {
        guard let lower = text.range(of: start),
            let upper = text.range(of: end, range: lower.upperBound..<text.endIndex)
        else { return nil }
        return String(text[lower.upperBound..<upper.lowerBound])
    }
}
