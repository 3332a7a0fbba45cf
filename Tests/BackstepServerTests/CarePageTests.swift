import BackstepCore
import BackstepStorage
import BackstepStorageSQL
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@testable import BackstepServer

/// The professional side's pages end to end: a professional signs up, creates a practice and invites a client; the
/// client opens the invitation signed out, signs up, accepts and sees their care team; the professional sees the
/// client; flags are acknowledged; the client stops sharing and the professional's pages answer 404.
@Suite("Care pages")
struct CarePageTests {
    /// Runs `body` against the router over a store the test holds too (to plant sessions).
    static func withApp(
        _ body: @Sendable (any TestClientProtocol, SQLStore) async throws -> Void
    ) async throws {
        let store = try await SQLStore.open(.sqliteMemory)
        do {
            let (router, _, _) = try await buildRouter(
                store: store, settings: .testing(), logger: Logger(label: "backstep.test"))
            try await Application(router: router).test(.router) { client in try await body(client, store) }
        } catch {
            try? await store.close()
            throw error
        }
        try await store.close()
    }

    static func text(_ response: TestResponse) -> String { String(buffer: response.body) }

    /// The first capture of `pattern` in `text`.
    static func capture(_ pattern: String, in text: String) -> String? {
        guard let regex = try? NSRegularExpression(pattern: pattern),
            let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
            match.numberOfRanges > 1, let range = Range(match.range(at: 1), in: text)
        else { return nil }
        return String(text[range])
    }

    /// A professional signed up through the form, with a practice.
    static func professional(
        _ client: any TestClientProtocol, name: String, practice: String
    ) async throws -> Browser {
        var browser = Browser()
        try await client.page("/signup", &browser)
        let signUp = try await client.submit(
            "/signup",
            [
                ("role", "professional"), ("name", name), ("email", "pro-\(UUID().uuidString.prefix(8))@example.com"),
                ("password", "correct horse battery"), ("profession", "physiotherapist"),
                ("registrationNumber", "PH12345"),
            ], &browser)
        #expect(signUp.status == .seeOther)
        #expect(signUp.headers[.location] == "/practice")
        let withoutPractice = try await client.page("/clients", &browser)
        #expect(withoutPractice.headers[.location] == "/practice")
        let form = try await client.page("/practice", &browser)
        #expect(Self.text(form).contains("Create the practice"))
        let created = try await client.submit("/practice", [("name", practice), ("kind", "clinic")], &browser)
        #expect(created.status == .seeOther)
        let home = try await client.page("/", &browser)
        #expect(home.headers[.location] == "/clients")
        return browser
    }

    /// A new invitation's code, made on the practice page, which shows it with the link and the QR code.
    static func invite(_ client: any TestClientProtocol, _ browser: inout Browser) async throws -> String {
        try await client.page("/practice", &browser)
        let made = try await client.submit("/practice/invitations", [("scope", "read"), ("note", "Sam")], &browser)
        #expect(made.status == .ok)
        let page = Self.text(made)
        #expect(page.contains("<svg"))
        #expect(page.contains("/invite/"))
        return try #require(Self.capture(#"id="invite-code">([A-Z0-9-]+)<"#, in: page))
    }

    @Test("Invite, consent, see the client, acknowledge a flag, stop sharing: 404 afterwards")
    func journey() async throws {
        try await Self.withApp { client, store in
            var pro = try await Self.professional(client, name: "Dr Lee", practice: "Knee Clinic")
            let code = try await Self.invite(client, &pro)
            let practice = Self.text(try await client.page("/practice", &pro))
            #expect(practice.contains("Waiting for the client"))
            #expect(!practice.contains(code), "the code is shown only once")

            // Signed out, the invitation sends to sign in or sign up and back.
            var sam = Browser()
            let anonymous = try await client.page("/invite/\(code)", &sam)
            #expect(anonymous.status == .ok)
            let next = "%2Finvite%2F\(code)"
            let anonymousPage = Self.text(anonymous)
            #expect(anonymousPage.contains("Knee Clinic"))
            #expect(anonymousPage.contains("/signin?next=\(next)"), "\(anonymousPage)")
            #expect(anonymousPage.contains("/signup?next=\(next)"))
            #expect(!anonymousPage.contains("/accept"))

            // Signing up from there comes back to the invitation.
            try await client.page("/signup?next=/invite/\(code)", &sam)
            let signUp = try await client.submit(
                "/signup",
                [
                    ("role", "athlete"), ("name", "Sam Client"), ("email", "sam@example.com"),
                    ("password", "correct horse battery"), ("next", "/invite/\(code)"),
                ], &sam)
            #expect(signUp.headers[.location] == "/invite/\(code)")
            try await client.onboard(&sam)
            let consent = Self.text(try await client.page("/invite/\(code)", &sam))
            for shared in SharedData.allCases { #expect(consent.contains(shared.label), "\(shared)") }
            #expect(consent.contains("Dr Lee, Physiotherapist"))
            #expect(consent.contains("valid until"))
            let accepted = try await client.submit("/invite/\(code)/accept", [], &sam)
            #expect(accepted.status == .seeOther)
            #expect(accepted.headers[.location]?.hasPrefix("/care-team") == true)
            let team = Self.text(try await client.page(try #require(accepted.headers[.location]), &sam))
            #expect(team.contains("You now share your data with Knee Clinic"))
            #expect(team.contains("Stop sharing with Knee Clinic"))
            let used = try await client.page("/invite/\(code)", &sam)
            #expect(used.status == .conflict)
            #expect(Self.text(used).contains("This invitation has been used already."))

            // The professional sees the client.
            let clients = Self.text(try await client.page("/clients", &pro))
            #expect(clients.contains("Sam Client"))
            let clientId = try #require(Self.capture(#"href="/clients/([0-9A-F-]{36})""#, in: clients))
            let overview = try await client.page("/clients/\(clientId)", &pro)
            #expect(overview.status == .ok)
            #expect(Self.text(overview).contains("Sam Client"))
            #expect(Self.text(overview).contains("45 years"))

            // A session with pain 7 raises a flag; acknowledging it takes it off the open list.
            let samId = try #require(UserID(uuidString: clientId))
            let session = try await ResumeTests.plantInterrupted(store, for: samId)
            try await client.page("/sessions/\(session.id.uuidString)/feedback", &sam)
            let feedback = try await client.submit(
                "/sessions/\(session.id.uuidString)/feedback",
                [("painDuring", "7"), ("painAfter", "2"), ("handrail", "two-hands")], &sam)
            #expect(feedback.status == .seeOther)
            let flagged = Self.text(try await client.page("/clients", &pro))
            #expect(flagged.contains("Pain during the session"))
            let key = "pain-during:\(session.id.uuidString)"
            try await client.page("/clients/\(clientId)", &pro)
            let acknowledged = try await client.submit(
                "/clients/\(clientId)/flags/acknowledge", [("flagKey", key), ("note", "Called Sam: ice and rest.")],
                &pro)
            #expect(acknowledged.status == .ok)
            let after = Self.text(acknowledged)
            #expect(!after.contains(#"name="flagKey" value="\#(key)""#))
            #expect(after.contains("Called Sam: ice and rest."))
            let cleared = try await client.page("/clients", &pro)
            #expect(!Self.text(cleared).contains("Pain during the session"))

            // The client's access log lists the professional's page reads.
            let log = Self.text(try await client.page("/access-log", &sam))
            #expect(log.contains("Dr Lee"))
            #expect(log.contains("client overview"))
            #expect(log.contains("Web page"))
            let practiceLog = Self.text(try await client.page("/practice/access-log", &pro))
            #expect(practiceLog.contains("Sam Client"))

            // A professional of another practice gets 404.
            var stranger = try await Self.professional(client, name: "Dr Other", practice: "Elsewhere")
            let strangerView = try await client.page("/clients/\(clientId)", &stranger)
            #expect(strangerView.status == .notFound)
            let strangerList = try await client.page("/clients", &stranger)
            #expect(!Self.text(strangerList).contains("Sam Client"))

            // Stopping to share takes effect at once.
            let teamPage = Self.text(try await client.page("/care-team", &sam))
            let practiceId = try #require(Self.capture(#"action="/care-team/([0-9A-F-]{36})/revoke""#, in: teamPage))
            let revoked = try await client.submit("/care-team/\(practiceId)/revoke", [], &sam)
            #expect(revoked.status == .ok)
            #expect(Self.text(revoked).contains("Nobody sees your data"))
            let gone = try await client.page("/clients/\(clientId)", &pro)
            #expect(gone.status == .notFound)
            let unknown = try await client.page("/clients/\(UUID().uuidString)", &pro)
            #expect(unknown.status == .notFound)
            #expect(Self.text(gone) == Self.text(unknown), "no consent reads exactly like an unknown id")
            let list = try await client.page("/clients", &pro)
            #expect(!Self.text(list).contains("Sam Client"))
        }
    }

    @Test("A code that cannot be used shows why, signed in or out; withdrawing an invitation ends its code")
    func badCodes() async throws {
        try await Self.withApp { client, _ in
            var visitor = Browser()
            let unknown = try await client.page("/invite/AAAA-BBBB-CCCC", &visitor)
            #expect(unknown.status == .notFound)
            #expect(Self.text(unknown).contains("No invitation has this code."))
            let garbage = try await client.page("/invite/not-a-code", &visitor)
            #expect(garbage.status == .notFound)

            var pro = try await Self.professional(client, name: "Dr Lee", practice: "Knee Clinic")
            let code = try await Self.invite(client, &pro)
            let practice = Self.text(try await client.page("/practice", &pro))
            let id = try #require(
                Self.capture(#"action="/practice/invitations/([0-9A-F-]{36})/cancel""#, in: practice))
            let cancelled = try await client.submit("/practice/invitations/\(id)/cancel", [], &pro)
            #expect(Self.text(cancelled).contains("Withdrawn"))
            var sam = try await client.signUp()
            let withdrawn = try await client.page("/invite/\(code)", &sam)
            #expect(withdrawn.status == .conflict)
            #expect(Self.text(withdrawn).contains("This invitation was withdrawn."))

            let empty = Self.text(try await client.page("/care-team", &sam))
            #expect(empty.contains("ask them for an invitation"))
            let typo = try await client.page("/invite?code=nope", &sam)
            #expect(typo.status == .unprocessableContent)
            #expect(Self.text(typo).contains(#"aria-invalid="true""#))
            let typed = try await client.page("/invite?code=\(code.lowercased())", &sam)
            #expect(typed.headers[.location] == "/invite/\(code)")
        }
    }

    @Test("Sign-up refuses a professional without a profession, next to the field")
    func professionRequired() async throws {
        try await Self.withApp { client, _ in
            var browser = Browser()
            try await client.page("/signup", &browser)
            let response = try await client.submit(
                "/signup",
                [
                    ("role", "professional"), ("name", "Dr Lee"), ("email", "lee@example.com"),
                    ("password", "correct horse battery"),
                ], &browser)
            #expect(response.status == .unprocessableContent)
            let page = Self.text(response)
            #expect(page.contains(#"id="profession-error""#))
            #expect(page.contains("Choose your profession."))
        }
    }
}
