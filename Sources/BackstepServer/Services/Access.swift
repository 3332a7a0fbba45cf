import BackstepCore
import BackstepStorage
import Foundation

/// Who acts on whose data: every service method that reads or changes a person's data takes one, and asks
/// `AccessPolicy` (through `TrainingService.authorize`) before it touches anything.
struct Access: Hashable, Sendable {
    /// Who is signed in, with the role they act in.
    let actor: Actor
    /// Whose data it is.
    let subject: UserID

    /// An actor acting on a subject's data.
    init(actor: Actor, subject: UserID) {
        self.actor = actor
        self.subject = subject
    }

    /// A user acting on their own data (what every route does today).
    static func own(_ user: User) -> Access {
        Access(actor: Actor(user), subject: user.id)
    }
}

extension TrainingService {
    /// The one check every service method that touches a person's data makes first.
    /// - Throws: `AccessDenied` when `AccessPolicy` refuses the action (the edge answers 404).
    func authorize(_ action: AccessAction, _ access: Access) async throws {
        let link = try await careLink(access)
        try AccessPolicy.require(access.actor, action, subject: access.subject, link: link)
    }

    /// The care relationship between the actor and the subject.
    ///
    /// Always `.none` for now: a stored `CoachClientLink` is made without the client's say and records no scope,
    /// so it is not consent. Recording consent (invitations, acceptance, scope) is issue 12's job; this is the
    /// one place that will read it.
    func careLink(_ access: Access) async throws -> CareLinkState {
        .none
    }
}
