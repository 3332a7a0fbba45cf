import BackstepCore
import BackstepStorage
import BackstepStorageSQL
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import BackstepServer

/// Notes and messages on the pages: the professional writes a clinical note and a message on the client's page;
/// the client's navigation counts the unread message, the messages page shows it (never the note), escaped, and
/// reading it clears the count; the client answers and the clients list counts it for the professional; form
/// errors are shown with the field; after revocation the form answers 404.
@Suite("Message pages")
struct MessagePageTests {
    typealias Pages = CarePageTests

    @Test("A note and a message from the client page, the client's messages page, counts and revocation")
    func journey() async throws {
        try await Pages.withApp { client, store in
            var pro = try await Pages.professional(client, name: "Dr Lee", practice: "Knee Clinic")
            let code = try await Pages.invite(client, &pro)
            var sam = Browser()
            try await client.page("/signup", &sam)
            let signUp = try await client.submit(
                "/signup",
                [
                    ("role", "athlete"), ("name", "Sam Client"), ("email", "sam-messages@example.com"),
                    ("password", "correct horse battery"),
                ], &sam)
            #expect(signUp.status == .seeOther)
            try await client.onboard(&sam)

            // Without a care team there is nobody to write to
            let alone = Pages.text(try await client.page("/messages", &sam))
            #expect(alone.contains("Nobody is in your care team yet"))
            #expect(!alone.contains(#"action="/messages""#))
            try await client.page("/invite/\(code)", &sam)
            #expect(try await client.submit("/invite/\(code)/accept", [], &sam).status == .seeOther)

            let clients = Pages.text(try await client.page("/clients", &pro))
            let clientId = try #require(Pages.capture(#"href="/clients/([0-9A-F-]{36})""#, in: clients))
            let samId = try #require(UserID(uuidString: clientId))
            let session = try await ResumeTests.plantInterrupted(store, for: samId)
            let page = Pages.text(try await client.page("/clients/\(clientId)", &pro))
            #expect(page.contains("Messages and notes"))
            #expect(page.contains("No messages or notes yet."))
            #expect(page.contains(#"value="\#(session.id.uuidString)""#), "the client's sessions can be chosen")

            // A clinical note and a message, each with markup that must come out escaped
            let note = try await client.submit(
                "/clients/\(clientId)/messages",
                [("kind", "clinical-note"), ("text", "<script>alert(1)</script> watch the knee"), ("sessionId", "")],
                &pro)
            #expect(note.status == .seeOther)
            #expect(note.headers[.location] == "/clients/\(clientId)#messages")
            let sent = try await client.submit(
                "/clients/\(clientId)/messages",
                [("kind", "message"), ("text", "Rest <b>two</b> days"), ("sessionId", session.id.uuidString)], &pro)
            #expect(sent.status == .seeOther)
            let written = Pages.text(try await client.page("/clients/\(clientId)", &pro))
            #expect(written.contains("&lt;script&gt;alert(1)&lt;/script&gt; watch the knee"))
            #expect(!written.contains("<script>alert(1)"))
            #expect(written.contains("Clinical note"))
            #expect(written.contains("Rest &lt;b&gt;two&lt;/b&gt; days"))

            // The professional's form shows its errors with the field
            let empty = try await client.submit(
                "/clients/\(clientId)/messages", [("kind", "message"), ("text", "  "), ("sessionId", "")], &pro)
            #expect(empty.status == .unprocessableContent)
            #expect(Pages.text(empty).contains(#"id="message-text-error">The text is required."#))
            let badKind = try await client.submit(
                "/clients/\(clientId)/messages", [("kind", "gossip"), ("text", "Hi"), ("sessionId", "")], &pro)
            #expect(badKind.status == .unprocessableContent)
            #expect(Pages.text(badKind).contains(#"id="kind-error""#))

            // The client's navigation counts the message; the page shows it, never the note, and clears the count
            let plan = Pages.text(try await client.page("/plan", &sam))
            #expect(plan.contains("Messages (1<span"))
            let thread = Pages.text(try await client.page("/messages", &sam))
            #expect(thread.contains("Rest &lt;b&gt;two&lt;/b&gt; days"))
            #expect(thread.contains("1 new message"))
            #expect(thread.contains("About your session of"))
            #expect(!thread.contains("watch the knee"))
            #expect(!thread.contains("Messages (1"))
            let later = Pages.text(try await client.page("/plan", &sam))
            #expect(!later.contains("Messages (1") && later.contains(">Messages</a>"))

            // The client's form: errors, then an answer the clients list counts for the professional
            let tooLong = try await client.submit(
                "/messages", [("text", String(repeating: "a", count: 4001)), ("sessionId", "")], &sam)
            #expect(tooLong.status == .unprocessableContent)
            #expect(Pages.text(tooLong).contains("The text must be at most 4000 characters."))
            let notMine = try await client.submit(
                "/messages", [("text", "Hi"), ("sessionId", UUID().uuidString)], &sam)
            #expect(notMine.status == .unprocessableContent)
            #expect(Pages.text(notMine).contains("That session is not one of the client"))
            try await Task.sleep(for: .milliseconds(5))
            let answer = try await client.submit(
                "/messages", [("text", "Much better & thanks"), ("sessionId", "")], &sam)
            #expect(answer.status == .seeOther)
            #expect(Pages.text(try await client.page("/messages", &sam)).contains("Much better &amp; thanks"))
            let list = Pages.text(try await client.page("/clients", &pro))
            #expect(list.contains("1 new message"))
            let answered = Pages.text(try await client.page("/clients/\(clientId)", &pro))
            #expect(answered.contains("Sam Client (client)"))
            #expect(!Pages.text(try await client.page("/clients", &pro)).contains("new message"))

            // Every professional read and write is in the client's access log
            let log = Pages.text(try await client.page("/access-log", &sam))
            #expect(log.contains("clinical note written") && log.contains("message written"))
            #expect(log.contains("messages and notes"))

            // After revocation the form answers 404 and writes nothing
            let teamPage = Pages.text(try await client.page("/care-team", &sam))
            let practiceId = try #require(
                Pages.capture(#"action="/care-team/([0-9A-F-]{36})/revoke""#, in: teamPage))
            #expect(try await client.submit("/care-team/\(practiceId)/revoke", [], &sam).status == .ok)
            let refused = try await client.submit(
                "/clients/\(clientId)/messages", [("kind", "message"), ("text", "Still there?"), ("sessionId", "")],
                &pro)
            #expect(refused.status == .notFound)
            #expect(try await store.messages(client: samId, for: .client, limit: 100).count == 2)
        }
    }
}
