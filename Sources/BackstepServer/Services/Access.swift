import BackstepCore
import BackstepStorage
import Foundation

/// Where and when a professional's request came from: what the access log records beside who and whose data.
struct AccessOrigin: Hashable, Sendable {
    /// The actor's name at the time of the request.
    let actorName: String
    /// A page, the JSON API, the live view or the command line.
    let channel: AccessChannel
    /// The client address of the request, when known.
    let address: String?
    /// When the request was made (the server clock).
    let at: Date
}

/// Who acts on whose data: every service method that reads or changes a person's data takes one, and asks
/// `AccessPolicy` (through `TrainingService.authorize`) before it touches anything.
struct Access: Hashable, Sendable {
    /// Who is signed in, with the role they act in.
    let actor: Actor
    /// Whose data it is.
    let subject: UserID
    /// Where the request came from: required for acting on someone else's data, which is logged.
    let origin: AccessOrigin?

    /// An actor acting on a subject's data. Without an origin, acting for someone else is refused.
    init(actor: Actor, subject: UserID, origin: AccessOrigin? = nil) {
        self.actor = actor
        self.subject = subject
        self.origin = origin
    }

    /// A user acting on their own data.
    static func own(_ user: User) -> Access {
        Access(actor: Actor(user), subject: user.id)
    }

    /// A professional acting on a client's data, from `origin` (each allowed call is written to the access log).
    static func client(_ client: UserID, by professional: User, origin: AccessOrigin) -> Access {
        Access(actor: Actor(professional), subject: client, origin: origin)
    }

    /// Whether the actor acts on someone else's data.
    var isOnBehalf: Bool { actor.userId != subject }
}

extension TrainingService {
    /// The one check every service method that touches a person's data makes first; when the actor acts for
    /// someone else and the policy allows it, the access is written to the access log before anything is read.
    /// - Parameter resource: What is read or changed, in words for the log (by default the calling method's name).
    /// - Throws: `AccessDenied` when `AccessPolicy` refuses the action, or when the access cannot be logged for
    ///   want of an origin (the edge answers 404).
    func authorize(_ action: AccessAction, _ access: Access, resource: String = #function) async throws {
        let link = try await careLink(access)
        try AccessPolicy.require(access.actor, action, subject: access.subject, link: link)
        guard access.isOnBehalf else { return }
        guard let origin = access.origin else {
            throw AccessDenied(actor: access.actor, subject: access.subject, action: action, reason: .noConsent)
        }
        try await store.appendAccessLog(
            AccessLogEntry(
                at: origin.at, actorId: access.actor.userId, actorName: origin.actorName,
                actorRole: access.actor.role, clientId: access.subject, action: action,
                resource: AccessLogResource.describe(resource), channel: origin.channel, address: origin.address))
    }

    /// The care relationship between the actor and the subject, read from storage on every call so that a
    /// revocation holds from the next request: `.none` for the subject themself and for anyone who is not a
    /// professional.
    func careLink(_ access: Access) async throws -> CareLinkState {
        guard access.isOnBehalf, access.actor.role == .professional else { return .none }
        return try await store.careLinkState(professional: access.actor.userId, client: access.subject)
    }
}

/// What the access log says was read or changed, from the service method's name.
enum AccessLogResource {
    /// Names for the service methods a professional reaches; any other name is kept up to its parenthesis.
    static let names: [String: String] = [
        "profile(for:)": "profile",
        "screening(for:)": "screening",
        "plan(for:)": "plan",
        "latestDecision(for:)": "progression decision",
        "history(for:limit:)": "session history",
        "firstSessionStart(for:)": "session history",
        "statistics(for:now:)": "training statistics",
        "assessments(for:)": "assessments",
        "pendingMorningPain(for:now:)": "feedback",
    ]

    /// The words for `resource`: a known method's name, an explicit description as it is, at most 200 characters.
    static func describe(_ resource: String) -> String {
        let words =
            names[resource] ?? (resource.hasSuffix(")") ? String(resource.prefix { $0 != "(" }) : resource)
        return String((words.isEmpty ? "data" : words).prefix(200))
    }
}
