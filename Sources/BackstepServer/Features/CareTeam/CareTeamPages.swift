import BackstepCore
import BackstepStorage
import Foundation
import HTTPTypes
import Hummingbird

/// The client's side of consent: an invitation (which anyone may open, to sign in or create an account and come
/// back), accepting or declining it, "who can see my data" with stopping to share, and "who looked at my data".
struct CareTeamPages: PageRoutes {
    let care: CareService
    let templates: Templates
    let clock: ServerClock

    /// The invitation page, which anyone may open: signed out, it sends the visitor to sign in or sign up and back.
    var invitationRoutes: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.get("invite/:code") { request, context in
            let code = try context.parameters.require("code")
            let chrome = PageChrome(context, title: "Invitation")
            return try await invitation(code: code, chrome: chrome, signedIn: context.identity != nil)
                .response(from: request, context: context)
        }
        return routes
    }

    /// The pages of this feature for the signed-in person.
    var routes: RouteCollection<SignedInContext> {
        let routes = RouteCollection(context: SignedInContext.self)
        routes.get("invite") { request, context in try await enterCode(request, context) }
        routes.post("invite/:code/accept") { request, context in try await accept(request, context) }
        routes.post("invite/:code/decline") { request, context in try await decline(request, context) }
        routes.get("care-team") { request, context in
            let accepted = request.uri.queryParameters.get("accepted").flatMap(PracticeID.init(uuidString:))
            let declined = request.uri.queryParameters.get("declined") != nil
            return try await careTeam(
                context, accepted: accepted, notice: declined ? "Invitation declined: nothing is shared." : nil)
        }
        routes.post("care-team/:practiceId/revoke") { request, context in try await revoke(request, context) }
        routes.get("access-log") { _, context in try await accessLog(context) }
        return routes
    }

    /// The code in groups of four (`K7QF-M2XP-9TRW`), or nil when it cannot be a code.
    static func display(_ code: String) -> String? {
        guard let normalized = InvitationCode.normalized(code) else { return nil }
        let symbols = Array(normalized)
        return stride(from: 0, to: symbols.count, by: 4).map { String(symbols[$0..<min($0 + 4, symbols.count)]) }
            .joined(separator: "-")
    }

    /// The invitation page; a code that cannot be used shows why (with the error's status), never a crash.
    func invitation(
        code: String, chrome: PageChrome, signedIn: Bool, problem: CareError? = nil
    ) async throws -> HTML {
        let shown = Self.display(code) ?? ""
        let signedOut = InvitationViewModel.SignedOut(
            next: "/invite/\(shown)".addingPercentEncoding(
                withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-"))) ?? "")
        let preview: InvitationPreview
        do {
            preview = try await care.invitation(code: code, now: clock.now())
            if preview.status != .pending { throw CareError.invitationNotPending(preview.status) }
            if let problem { throw problem }
        } catch let error as CareError {
            var chrome = chrome
            chrome.title = "This invitation cannot be used"
            return page(
                InvitationViewModel(
                    chrome: chrome, code: shown, problem: error.description, invitation: nil,
                    signedOut: nil), status: error.httpError.status)
        }
        var chrome = chrome
        chrome.title = "\(preview.practice.name) invites you"
        let details = InvitationViewModel.Details(
            practice: preview.practice.name, kind: preview.practice.kind.pageLabel, inviter: preview.inviter.name,
            profession: preview.inviterDetails?.profession.label ?? "Coach or clinician",
            shared: SharedData.allCases.map(\.label), mayPrescribe: preview.invitation.scope == .prescribe,
            members: preview.members.map {
                InvitationViewModel.Member(
                    name: $0.professional.name, profession: $0.details?.profession.label ?? "Coach or clinician")
            }, expires: Fmt.dateTime(preview.invitation.expiresAt))
        return page(
            InvitationViewModel(
                chrome: chrome, code: shown, problem: nil, invitation: details,
                signedOut: signedIn ? nil : signedOut))
    }

    /// The code typed into the care-team page's form: its invitation page, or the form again with a message.
    func enterCode(_ request: Request, _ context: SignedInContext) async throws -> Response {
        let typed = request.uri.queryParameters.get("code") ?? ""
        guard let code = Self.display(typed) else {
            let message =
                typed.isEmpty
                ? "Enter the code you were given."
                : "An invitation code has 12 letters and digits, like K7QF-M2XP-9TRW."
            return try await careTeam(
                context, code: typed, errors: ["code": message], status: .unprocessableContent
            ).response(from: request, context: context)
        }
        return redirect("/invite/\(code)")
    }

    func accept(_ request: Request, _ context: SignedInContext) async throws -> Response {
        let code = try context.parameters.require("code")
        let link: CareLink
        do {
            link = try await care.acceptInvitation(code: code, by: context.user, now: clock.now())
        } catch let error as CareError {
            return try await invitation(
                code: code, chrome: PageChrome(context, title: "Invitation"), signedIn: true, problem: error
            ).response(from: request, context: context)
        }
        return redirect("/care-team?accepted=\(link.practiceId.uuidString)")
    }

    func decline(_ request: Request, _ context: SignedInContext) async throws -> Response {
        let code = try context.parameters.require("code")
        do {
            try await care.declineInvitation(code: code, by: context.user, now: clock.now())
        } catch let error as CareError {
            return try await invitation(
                code: code, chrome: PageChrome(context, title: "Invitation"), signedIn: true, problem: error
            ).response(from: request, context: context)
        }
        return redirect("/care-team?declined=1")
    }

    /// "Who can see my data".
    func careTeam(
        _ context: SignedInContext, accepted: PracticeID? = nil, notice: String? = nil, code: String = "",
        errors: [String: String] = [:], status: HTTPResponse.Status = .ok
    ) async throws -> HTML {
        let team = try await care.careTeam(of: context.user)
        var notice = notice
        if let accepted, let entry = team.first(where: { $0.practice.id == accepted }) {
            notice = "You now share your data with \(entry.practice.name). You can stop at any time below."
        }
        return page(
            CareTeamViewModel(
                chrome: PageChrome(context, title: "Who can see my data", errors: errors), notice: notice,
                hasPractices: !team.isEmpty,
                practices: team.map { entry in
                    CareTeamViewModel.Practice(
                        id: entry.practice.id.uuidString, name: entry.practice.name,
                        kind: entry.practice.kind.pageLabel, scope: entry.link.scope.pageLabel,
                        since: Fmt.dateTime(entry.link.grantedAt),
                        members: entry.members.map { member in
                            CareTeamViewModel.Member(
                                name: member.professional.name,
                                profession: member.details?.profession.label ?? "Coach or clinician",
                                role: member.role == .owner ? "Owner" : "Member")
                        })
                }, code: code, errors: FieldErrors(errors)), status: status)
    }

    func revoke(_ request: Request, _ context: SignedInContext) async throws -> Response {
        guard let id = PracticeID(uuidString: try context.parameters.require("practiceId")) else {
            throw AppError.notFound
        }
        let name = try await care.careTeam(of: context.user).first { $0.practice.id == id }?.practice.name
        try await care.revoke(practice: id, by: context.user, now: clock.now())
        return try await careTeam(
            context, notice: "You stopped sharing with \(name ?? "the practice"): they no longer see your data."
        )
        .response(from: request, context: context)
    }

    /// "Who looked at my data".
    func accessLog(_ context: SignedInContext) async throws -> HTML {
        let entries = try await care.accessLog(of: context.user)
        return page(
            AccessLogViewModel(
                chrome: PageChrome(context, title: "Who looked at my data"),
                intro: "Every time a coach or clinician read or changed your data, newest first.", showClient: false,
                hasEntries: !entries.isEmpty,
                entries: entries.map { AccessLogViewModel.Entry($0, client: nil) },
                back: .init(href: "/care-team", label: "Back to who can see my data")))
    }
}
