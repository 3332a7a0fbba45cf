import BackstepCore
import BackstepStorage
import Foundation
import HTTPTypes
import Hummingbird

/// What the professional's message form held, to show it again with its errors.
struct MessageFormInput: Sendable {
    /// `message` or `clinical-note`.
    var kind = CareMessageKind.clinicalNote.rawValue
    /// The text typed.
    var text = ""
    /// The session chosen, or empty.
    var sessionId = ""
    /// The field errors by field name.
    var errors: [String: String] = [:]
}

/// The client's messages page (`/messages`: the thread with their care team, newest last, and a form to write)
/// and the professional's message form on a client's page (`/clients/{id}/messages`). Opening a thread marks it
/// read; a professional's read and writing go through the client's `Access` (consent checked, access logged).
struct MessagesPages: FormPageRoutes {
    let care: CareService
    let templates: Templates
    let maxBodyBytes: Int
    let clock: ServerClock
    /// The client page, shown again with the form's errors.
    let clientsPages: ClientsPages

    /// How many recent sessions a message may be attached to on the forms.
    static let sessionChoices = 20

    /// The pages of this feature.
    var routes: RouteCollection<SignedInContext> {
        let routes = RouteCollection(context: SignedInContext.self)
        routes.get("messages") { _, context in try await messages(context) }
        routes.post("messages") { request, context in try await write(request, context) }
        routes.post("clients/:id/messages") { request, context in try await writeAsProfessional(request, context) }
        return routes
    }

    /// The client's thread; opening it marks it read.
    func messages(
        _ context: SignedInContext, text: String = "", sessionId: String = "", errors: [String: String] = [:],
        status: HTTPResponse.Status = .ok
    ) async throws -> HTML {
        let now = clock.now()
        let thread = try await care.thread(context.access, markRead: true, now: now)
        let team = try await care.careTeam(of: context.user)
        let sessions = try await care.training.history(for: context.access, limit: Self.sessionChoices)
        let labels = Self.sessionLabels(sessions)
        var chrome = PageChrome(context, title: "Messages", errors: errors)
        chrome.unreadMessages = nil  // read now
        return page(
            MessagesViewModel(
                chrome: chrome, hasCareTeam: !team.isEmpty,
                careTeam: team.map(\.practice.name).joined(separator: ", "), hasMessages: !thread.messages.isEmpty,
                newCount: Self.newCount(thread.unread),
                messages: thread.messages.map { Self.row($0, in: thread, sessions: labels, yours: "your session") },
                text: text, sessions: Self.sessionChoices(sessions, labels: labels, selected: sessionId),
                errors: FieldErrors(errors)),
            status: status)
    }

    func write(_ request: Request, _ context: SignedInContext) async throws -> Response {
        let form = try await form(request)
        let text = form.values["text"]?.first ?? ""
        let session = form.string("sessionId") ?? ""
        do {
            try await care.writeMessage(
                .message, text: text, sessionId: try Self.sessionId(session), context.access,
                authorName: context.user.name, now: clock.now())
        } catch let error as InputError {
            return try await messages(
                context, text: text, sessionId: session, errors: [error.field: Self.pageMessage(error)],
                status: .unprocessableContent
            ).response(from: request, context: context)
        }
        return redirect("/messages#latest")
    }

    func writeAsProfessional(_ request: Request, _ context: SignedInContext) async throws -> Response {
        let access = try clientsPages.clientAccess(context)
        let form = try await form(request)
        var input = MessageFormInput(
            kind: form.string("kind") ?? "", text: form.values["text"]?.first ?? "",
            sessionId: form.string("sessionId") ?? "")
        do {
            guard let kind = CareMessageKind(rawValue: input.kind) else {
                throw InputError(field: "kind", problem: "choose a message to the client or a clinical note")
            }
            try await care.writeMessage(
                kind, text: input.text, sessionId: try Self.sessionId(input.sessionId), access,
                authorName: context.user.name, now: clock.now())
        } catch let error as InputError {
            input.errors = [error.field: Self.pageMessage(error)]
            return try await clientsPages.client(context, messageForm: input, status: .unprocessableContent)
                .response(from: request, context: context)
        }
        return redirect("/clients/\(access.subject.uuidString)#messages")
    }

    /// The messages section of a professional's client page: reads the thread (a logged read) and marks it read.
    static func section(
        care: CareService, _ access: Access, sessions: [SessionOverview], form: MessageFormInput, now: Date
    ) async throws -> ClientMessagesSection {
        let thread = try await care.thread(access, markRead: true, now: now)
        let recent = Array(sessions.prefix(Self.sessionChoices))
        let labels = sessionLabels(sessions)
        return ClientMessagesSection(
            hasMessages: !thread.messages.isEmpty, newCount: newCount(thread.unread),
            entries: thread.messages.map { message in
                var row = Self.row(message, in: thread, sessions: labels, yours: "the session")
                if message.authorRole == .athlete, !row.mine { row.author += " (client)" }
                return ClientMessagesSection.Row(message: row, clinicalNote: message.kind == .clinicalNote)
            },
            kinds: [
                Choice(
                    value: CareMessageKind.clinicalNote.rawValue,
                    label: "Clinical note for the care team only (the client does not see it)",
                    selected: form.kind != CareMessageKind.message.rawValue),
                Choice(
                    value: CareMessageKind.message.rawValue, label: "Message to the client",
                    selected: form.kind == CareMessageKind.message.rawValue),
            ], sessions: sessionChoices(recent, labels: labels, selected: form.sessionId), text: form.text,
            errors: FieldErrors(form.errors))
    }

    /// A message as a page shows it; `yours` names the session for the reader ("your session").
    static func row(
        _ message: CareMessage, in thread: MessageThread, sessions: [SessionID: String], yours: String
    ) -> MessageRow {
        let mine = message.authorId == thread.reader
        return MessageRow(
            author: mine ? "You" : message.authorName, when: Fmt.dateTime(message.createdAt), text: message.text,
            mine: mine, unread: thread.isUnread(message),
            about: message.sessionId.map { id in
                sessions[id].map { "About \(yours) of \($0)" } ?? "About an earlier session"
            })
    }

    /// A form error in a sentence for the page.
    static func pageMessage(_ error: InputError) -> String {
        switch error.field {
        case "text": "The text \(error.problem)."
        case "sessionId": "That session \(error.problem)."
        default: error.problem.prefix(1).uppercased() + error.problem.dropFirst() + "."
        }
    }

    /// "2 new messages", or nil when nothing is new.
    static func newCount(_ unread: Int) -> String? {
        switch unread {
        case 0: nil
        case 1: "1 new message"
        default: "\(unread) new messages"
        }
    }

    /// Each session's start and program, in words.
    static func sessionLabels(_ sessions: [SessionOverview]) -> [SessionID: String] {
        Dictionary(
            sessions.map { session in
                let program = session.programId.flatMap { try? Catalog.program(id: $0).name } ?? "session"
                return (session.id, "\(Fmt.dateTime(session.startedAt)) (\(program))")
            }, uniquingKeysWith: { first, _ in first })
    }

    /// The session choices of a form: none first, then the sessions, `selected` chosen.
    static func sessionChoices(
        _ sessions: [SessionOverview], labels: [SessionID: String], selected: String
    ) -> [Choice] {
        [Choice(value: "", label: "Not about a session", selected: selected.isEmpty)]
            + sessions.map { session in
                Choice(
                    value: session.id.uuidString, label: labels[session.id] ?? Fmt.dateTime(session.startedAt),
                    selected: session.id.uuidString == selected)
            }
    }

    /// The form's session id: nil when none was chosen.
    /// - Throws: `InputError` (field `sessionId`) for a value that is not an id.
    static func sessionId(_ text: String) throws -> SessionID? {
        guard !text.isEmpty else { return nil }
        guard let id = SessionID(uuidString: text) else {
            throw InputError(field: "sessionId", problem: "is not one of the client's sessions")
        }
        return id
    }
}
