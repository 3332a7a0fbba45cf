import BackstepCore
import BackstepStorage
import Foundation
import HTTPTypes
import Hummingbird

/// A professional's practice: creating it, its members, its invitations (with the code, link and QR code shown
/// once), and the owner's access log.
struct PracticePages: FormPageRoutes {
    let care: CareService
    let templates: Templates
    let maxBodyBytes: Int
    let clock: ServerClock

    /// The pages of this feature.
    var routes: RouteCollection<SignedInContext> {
        let routes = RouteCollection(context: SignedInContext.self)
        routes.get("practice") { _, context in try await practice(context) }
        routes.post("practice") { request, context in try await create(request, context) }
        routes.post("practice/members") { request, context in try await addMember(request, context) }
        routes.post("practice/members/:id/remove") { request, context in try await removeMember(request, context) }
        routes.post("practice/invitations") { request, context in try await invite(request, context) }
        routes.post("practice/invitations/:id/cancel") { request, context in
            try await cancelInvitation(request, context)
        }
        routes.get("practice/access-log") { _, context in try await accessLog(context) }
        return routes
    }

    /// The practice page; `values` are what was typed into its forms when they are shown again.
    func practice(
        _ context: SignedInContext, errors: [String: String] = [:], values: [String: String] = [:],
        notice: String? = nil, newInvitation: PracticeViewModel.NewInvitation? = nil,
        status: HTTPResponse.Status = .ok
    ) async throws -> HTML {
        let now = clock.now()
        let overview = try await care.practiceOverview(for: context.user)
        let model = overview.map { overview in
            PracticeViewModel.Practice(
                kind: overview.practice.kind.pageLabel, isOwner: overview.isOwner,
                members: overview.members.map { member in
                    PracticeViewModel.Member(
                        id: member.professional.id.uuidString, name: member.professional.name,
                        profession: member.details?.profession.label ?? "Profession not recorded",
                        registration: member.details?.registrationNumber ?? "–",
                        role: member.role == .owner ? "Owner" : "Member",
                        removable: overview.isOwner && member.role != .owner)
                }, hasInvitations: !overview.invitations.isEmpty,
                invitations: overview.invitations.map { invitation in
                    let status = invitation.status(at: now)
                    return PracticeViewModel.Invitation(
                        id: invitation.id.uuidString, note: invitation.note.isEmpty ? "–" : invitation.note,
                        scope: invitation.scope.pageLabel, created: Fmt.dateTime(invitation.createdAt),
                        expires: Fmt.dateTime(invitation.expiresAt), status: status.pageLabel,
                        pending: status == .pending)
                })
        }
        let kind = values["kind"] ?? ""
        let scope = values["scope"] ?? CareScope.read.rawValue
        return page(
            PracticeViewModel(
                chrome: PageChrome(context, title: overview?.practice.name ?? "Your practice", errors: errors),
                notice: notice, practice: model, newInvitation: newInvitation, practiceName: values["name"] ?? "",
                kinds: PracticeKind.allCases.map {
                    Choice(value: $0.rawValue, label: $0.pageLabel, selected: $0.rawValue == kind)
                }, memberEmail: values["email"] ?? "",
                scopes: CareScope.allCases.map {
                    Choice(value: $0.rawValue, label: $0.pageLabel, selected: $0.rawValue == scope)
                }, note: values["note"] ?? "", errors: FieldErrors(errors)), status: status)
    }

    /// The page again after a refused form, with the message next to its field (`fallback` when it names none).
    func again(
        _ request: Request, _ context: SignedInContext, _ form: Form, error: any Error, fallback: String
    ) async throws -> Response {
        var values: [String: String] = [:]
        for (key, list) in form.values where key != "_csrf" { values[key] = list.first }
        let (errors, status): ([String: String], HTTPResponse.Status) =
            switch error {
            case let error as FormErrors: (error.errors, .unprocessableContent)
            case let problem as FieldProblem: ([problem.field: problem.message], .unprocessableContent)
            case let error as CareError: ([error.field ?? fallback: error.description], error.httpError.status)
            default: throw error
            }
        return try await practice(context, errors: errors, values: values, status: status)
            .response(from: request, context: context)
    }

    func create(_ request: Request, _ context: SignedInContext) async throws -> Response {
        let form = try await form(request)
        do {
            _ = try await care.createPractice(
                name: form.string("name"), kind: form.string("kind"), by: context.user, now: clock.now())
        } catch let error as FormErrors {
            return try await again(request, context, form, error: error, fallback: "name")
        } catch let error as CareError where error != .notAProfessional {
            return try await again(request, context, form, error: error, fallback: "name")
        }
        return redirect("/practice")
    }

    func addMember(_ request: Request, _ context: SignedInContext) async throws -> Response {
        let form = try await form(request)
        let member: PracticeMember
        do {
            member = try await care.addMember(email: form.string("email"), by: context.user, now: clock.now())
        } catch let error as CareError where error.field == "email" || error == .alreadyInPractice {
            return try await again(request, context, form, error: error, fallback: "email")
        }
        return try await practice(context, notice: "\(member.professional.name) is now a member of the practice.")
            .response(from: request, context: context)
    }

    func removeMember(_ request: Request, _ context: SignedInContext) async throws -> Response {
        guard let id = UserID(uuidString: try context.parameters.require("id")) else { throw AppError.notFound }
        try await care.removeMember(id, by: context.user, now: clock.now())
        return try await practice(context, notice: "Removed: they no longer see the practice's clients.")
            .response(from: request, context: context)
    }

    func invite(_ request: Request, _ context: SignedInContext) async throws -> Response {
        var form = try await form(request)
        let scope = form.choice("scope", label: "What they share", as: CareScope.self)
        guard let scope, form.isValid else {
            return try await again(request, context, form, error: FormErrors.from(form), fallback: "scope")
        }
        let created: (code: String, invitation: CareInvitation)
        do {
            created = try await care.createInvitation(
                scope: scope, note: form.string("note"), by: context.user, now: clock.now())
        } catch let problem as FieldProblem {
            return try await again(request, context, form, error: problem, fallback: "note")
        }
        let link = InvitationLink(code: created.code, request: request, isSecure: context.isSecure)
        let new = PracticeViewModel.NewInvitation(
            code: created.code, link: link.url ?? link.path, qrSvg: link.svg(),
            scope: created.invitation.scope.pageLabel, expires: Fmt.dateTime(created.invitation.expiresAt))
        return try await practice(
            context,
            notice: "Invitation made. Give the client the code, the link or the QR code now: the code is "
                + "shown only once.", newInvitation: new
        )
        .response(from: request, context: context)
    }

    func cancelInvitation(_ request: Request, _ context: SignedInContext) async throws -> Response {
        guard let id = InvitationID(uuidString: try context.parameters.require("id")) else { throw AppError.notFound }
        try await care.cancelInvitation(id, by: context.user, now: clock.now())
        return try await practice(context, notice: "Invitation withdrawn: its code no longer works.")
            .response(from: request, context: context)
    }

    /// The owner's view of who read or changed the practice's clients' data.
    func accessLog(_ context: SignedInContext) async throws -> HTML {
        let practice = try await care.ownedPractice(of: context.user)
        let entries = try await care.practiceAccessLog(by: context.user)
        var names: [UserID: String] = [:]
        for id in Set(entries.map(\.clientId)) {
            names[id] = try await care.store.user(id: id)?.name ?? "A former client"
        }
        return page(
            AccessLogViewModel(
                chrome: PageChrome(context, title: "Access log of \(practice.name)"),
                intro: "Every read and change the practice's members made of their clients' data, newest first.",
                showClient: true, hasEntries: !entries.isEmpty,
                entries: entries.map { AccessLogViewModel.Entry($0, client: names[$0.clientId]) },
                back: .init(href: "/practice", label: "Back to the practice")))
    }
}
