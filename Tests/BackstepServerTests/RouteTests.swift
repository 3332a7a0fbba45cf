import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import BackstepServer

@Suite("Pages")
struct PageTests {
    @Test("Every page renders for a new user after onboarding")
    func pagesRender() async throws {
        let app = try await makeApp()
        try await app.test(.router) { client in
            var browser = try await client.signUp()
            try await client.onboard(&browser)
            for path in [
                "/plan", "/programs", "/programs/first-steps", "/history", "/dashboard", "/assessments", "/settings",
            ] {
                let response = try await client.page(path, &browser)
                #expect(response.status == .ok, "\(path)")
                #expect(response.headers[.contentType]?.hasPrefix("text/html") == true)
            }
            let plan = String(buffer: try await client.page("/plan", &browser).body)
            #expect(plan.contains("Start session"))
            #expect(plan.contains("Week 1"))
        }
    }

    @Test(
        "Errors take the form of the route group, not of the path",
        arguments: [
            ("/api/v1/no-such-operation", HTTPRequest.Method.get, "application/json"),
            ("/api/v1/sessions/not-a-uuid", .get, "application/json"),
            ("/api/v1/plan/calendar/extra/segments", .post, "application/json"),
            ("/no-such-page", .get, "text/html"),
            ("/sessions/not-a-uuid", .get, "text/html"),
        ])
    func errorsFollowTheGroup(path: String, method: HTTPRequest.Method, type: String) async throws {
        let app = try await makeApp()
        try await app.test(.router) { client in
            var browser = try await client.signUp()
            try await client.onboard(&browser)
            var headers: HTTPFields = [.cookie: browser.cookieHeader]
            if method != .get { headers[.csrfToken] = browser.csrf }
            let response = try await client.execute(uri: path, method: method, headers: headers)
            #expect(response.status == .notFound, "\(method) \(path)")
            #expect(response.headers[.contentType]?.hasPrefix(type) == true, "\(method) \(path)")
            if type == "application/json" {
                let error = jsonObject(response)["error"] as? [String: Any]
                #expect(error?["status"] as? Int == 404, "\(path)")
            } else {
                #expect(String(buffer: response.body).contains("404"), "\(path)")
            }
        }
    }

    @Test("Anonymous visitors are sent to sign in")
    func anonymousRedirect() async throws {
        let app = try await makeApp()
        try await app.test(.router) { client in
            let response = try await client.execute(uri: "/plan", method: .get)
            #expect(response.status == .seeOther)
            #expect(response.headers[.location]?.hasPrefix("/signin") == true)
            let home = try await client.execute(uri: "/", method: .get)
            #expect(home.status == .ok)
            #expect(try await client.execute(uri: "/assets/player.js", method: .get).status == .ok)
            #expect(try await client.execute(uri: "/assets/nope.js", method: .get).status == .notFound)
        }
    }

    @Test("Form errors are shown next to the field")
    func fieldErrors() async throws {
        let app = try await makeApp()
        try await app.test(.router) { client in
            var browser = try await client.signUp()
            try await client.page("/onboarding", &browser)
            let response = try await client.submit(
                "/onboarding",
                [("units", "metric"), ("age", "4"), ("mass", "abc"), ("goal", "fitness"), ("experience", "beginner")],
                &browser)
            #expect(response.status == .unprocessableContent)
            let body = String(buffer: response.body)
            #expect(body.contains("id=\"age-error\">Age must be between 10 and 105."))
            #expect(body.contains("id=\"mass-error\">Body mass must be a number."))
            var bad = Browser()
            try await client.page("/signup", &bad)
            let signup = try await client.submit(
                "/signup", [("name", ""), ("email", "nope"), ("password", "short")], &bad)
            #expect(signup.status == .unprocessableContent)
            let text = String(buffer: signup.body)
            #expect(text.contains("name-error") && text.contains("email-error") && text.contains("password-error"))
        }
    }

    @Test("Assessments are interpreted and kept")
    func assessment() async throws {
        let app = try await makeApp()
        try await app.test(.router) { client in
            var browser = try await client.signUp()
            try await client.onboard(&browser)
            try await client.page("/assessments", &browser)
            let response = try await client.submit(
                "/assessments", [("seconds", "5.2"), ("population", "community-older-adults")], &browser)
            #expect(response.status == .ok)
            #expect(String(buffer: response.body).contains("5.2 s"))
            let bad = try await client.submit("/assessments", [("seconds", "-1"), ("population", "x")], &browser)
            #expect(bad.status == .unprocessableContent)
            #expect(String(buffer: bad.body).contains("seconds-error"))
        }
    }
}

@Suite("Security")
struct SecurityTests {
    @Test("Session cookie is HttpOnly and SameSite=Lax, Secure behind TLS")
    func cookieFlags() async throws {
        let app = try await makeApp()
        try await app.test(.router) { client in
            var browser = Browser()
            try await client.page("/signup", &browser)
            var headers = browser.headers(form: true)
            headers[.forwardedProto] = "https"
            let body = encodeForm([
                ("_csrf", browser.csrf), ("name", "A"), ("email", "tls@example.com"),
                ("password", "correct horse battery"),
            ])
            let response = try await client.execute(
                uri: "/signup", method: .post, headers: headers, body: ByteBuffer(string: body))
            let cookie = response.headers[values: .setCookie].first { $0.hasPrefix("bs_session=") } ?? ""
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Lax"))
            #expect(cookie.contains("Secure"))
            var plain = Browser()
            try await client.page("/signup", &plain)
            let second = try await client.submit(
                "/signup", [("name", "B"), ("email", "plain@example.com"), ("password", "correct horse battery")],
                &plain)
            let plainCookie = second.headers[values: .setCookie].first { $0.hasPrefix("bs_session=") } ?? ""
            #expect(plainCookie.contains("HttpOnly") && !plainCookie.contains("Secure"))
        }
    }

    @Test("A form without the CSRF token is rejected")
    func csrf() async throws {
        let app = try await makeApp()
        try await app.test(.router) { client in
            var browser = try await client.signUp()
            let response = try await client.submit(
                "/plan", [("days", "3"), ("minutes", "10"), ("weeks", "4")], &browser, csrf: false)
            #expect(response.status == .forbidden)
            let forged = try await client.submit(
                "/plan", [("_csrf", "forged-token-forged-token"), ("days", "3")], &browser, csrf: false)
            #expect(forged.status == .forbidden)
            var anonymous = Browser()
            let signup = try await client.submit(
                "/signup", [("name", "X"), ("email", "x@example.com"), ("password", "correct horse battery")],
                &anonymous,
                csrf: false)
            #expect(signup.status == .forbidden)
            // JSON with the session cookie but no X-CSRF-Token header is refused too.
            let json = try await client.execute(
                uri: "/api/v1/plan", method: .post,
                headers: [.cookie: browser.cookieHeader, .contentType: "application/json"],
                body: ByteBuffer(string: "{}"))
            #expect(json.status == .forbidden)
        }
    }

    @Test("Script in names and notes is rendered inert")
    func escaping() async throws {
        let app = try await makeApp()
        try await app.test(.router) { client in
            let script = "<script>alert('x')</script>"
            var browser = try await client.signUp(name: script)
            try await client.onboard(&browser)
            let plan = String(buffer: try await client.page("/plan", &browser).body)
            #expect(!plan.contains(script))
            try await client.page("/assessments", &browser)
            let saved = try await client.submit(
                "/assessments", [("seconds", "4"), ("population", "parkinsons"), ("notes", script)], &browser)
            let body = String(buffer: saved.body)
            #expect(!body.contains(script))
            #expect(body.contains("&lt;script&gt;"))
        }
    }

    @Test("Another user's session id reads as not found")
    func scoping() async throws {
        let app = try await makeApp(speedup: 500)
        try await app.test(.router) { client in
            var owner = try await client.signUp()
            try await client.onboard(&owner)
            let start = try await client.submit(
                "/sessions/start", [("mode", "simulated"), ("week", "1"), ("day", "1")], &owner)
            #expect(start.status == .seeOther)
            let token = try await client.apiUser()
            let ownerToken = try await client.execute(
                uri: "/settings/token", method: .post, headers: owner.headers(form: true),
                body: ByteBuffer(string: encodeForm([("_csrf", owner.csrf), ("name", "t")])))
            #expect(ownerToken.status == .ok)
            let sessions = try await client.execute(uri: "/api/v1/sessions", method: .get, headers: owner.headers())
            let list =
                (try JSONSerialization.jsonObject(with: Data(sessions.body.readableBytesView)) as? [[String: Any]])
                ?? []
            let id = try #require(list.first?["id"] as? String)
            #expect(try await client.api("/api/v1/sessions/\(id)", token: token).status == .notFound)
            var other = try await client.signUp()
            #expect(try await client.page("/sessions/\(id)", &other).status == .notFound)
            #expect(try await client.page("/sessions/\(id)/feedback", &other).status == .notFound)
            try await client.page("/settings", &other)
            let feedback = try await client.submit(
                "/sessions/\(id)/feedback", [("painDuring", "1"), ("painAfter", "1"), ("handrail", "two-hands")], &other
            )
            #expect(feedback.status == .notFound)
            #expect(try await client.page("/sessions/\(id)", &owner).status == .ok)
        }
    }

    @Test("Sign-in is rate limited per address")
    func rateLimit() async throws {
        let app = try await makeApp()
        try await app.test(.router) { client in
            _ = try await client.signUp(email: "limit@example.com")
            var browser = Browser()
            try await client.page("/signin", &browser)
            for _ in 0..<5 {
                let wrong = try await client.submit(
                    "/signin", [("email", "limit@example.com"), ("password", "wrong password")], &browser)
                #expect(wrong.status == .unauthorized)
            }
            let blocked = try await client.submit(
                "/signin", [("email", "limit@example.com"), ("password", "correct horse battery")], &browser)
            #expect(blocked.status == .tooManyRequests)
            #expect(blocked.headers[.retryAfter] != nil)
            let api = try await client.execute(
                uri: "/api/v1/auth/token", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: #"{"email":"limit@example.com","password":"correct horse battery"}"#))
            #expect(api.status == .tooManyRequests)
        }
    }

    @Test("Oversized bodies are refused")
    func oversized() async throws {
        let app = try await makeApp()
        try await app.test(.router) { client in
            let token = try await client.apiUser()
            let big = "{\"notes\":\"" + String(repeating: "a", count: 200_000) + "\"}"
            let response = try await client.api("/api/v1/assessments", .post, token: token, json: big)
            #expect(response.status == .contentTooLarge)
        }
    }
}
