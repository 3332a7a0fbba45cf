import BackstepCore
import Foundation

/// Who is acting: the signed-in person and the role they act in.
public struct Actor: Hashable, Sendable {
    /// The signed-in user.
    public var userId: UserID
    /// The role they hold.
    public var role: UserRole

    /// Creates an actor.
    public init(userId: UserID, role: UserRole) {
        self.userId = userId
        self.role = role
    }

    /// The actor a signed-in user is.
    public init(_ user: User) {
        self.init(userId: user.id, role: user.role)
    }
}

/// What an actor wants to do with a subject's data.
public enum AccessAction: String, Hashable, Sendable, Codable, CaseIterable {
    /// Read the subject's training data: profile, screening, plan, sessions, feedback, assessments, statistics.
    case read
    /// Record on the subject's behalf what only the subject may say: their profile, screening answers, feedback
    /// and pain, and their own sessions.
    case record
    /// Prescribe: make or change the subject's plan, or record an assessment taken with them.
    case prescribe
    /// Manage the subject's account: sign-in, password, tokens.
    case manageAccount = "manage-account"
}

/// What a client has agreed to share with a professional, as the care relationship records it.
public enum CareScope: String, Hashable, Sendable, Codable, CaseIterable {
    /// The professional sees the client's data.
    case read
    /// The professional sees it and also prescribes (plans, assessments).
    case prescribe
}

/// The state of the care relationship between the actor and the subject, when they are different people.
public enum CareLinkState: Hashable, Sendable {
    /// No relationship.
    case none
    /// The professional invited the client, who has not accepted (yet).
    case invited
    /// The client accepted, with this scope.
    case active(CareScope)
    /// The client declined or revoked access.
    case revoked
}

/// Whether an action is allowed, and if not, why (for logs and tests: the client is told "not found").
public enum AccessDecision: Hashable, Sendable {
    /// The action may go ahead.
    case allowed
    /// The action is refused.
    case denied(AccessDenial)

    /// Whether the action may go ahead.
    public var isAllowed: Bool { self == .allowed }
}

/// Why an action was refused.
public enum AccessDenial: String, Hashable, Sendable {
    /// The actor has no accepted care relationship with the subject.
    case noConsent = "no-consent"
    /// The relationship does not cover this action (read-only access, or something only the subject may do).
    case outOfScope = "out-of-scope"
    /// The actor's role never acts for others (an athlete, or an administrator, who runs the installation but does
    /// not read health data).
    case roleCannotActForOthers = "role-cannot-act-for-others"
}

/// A refused action, thrown by services: the edge answers 404 so another person's data reads exactly like data
/// that does not exist.
public struct AccessDenied: Error, Hashable, Sendable {
    /// Who tried.
    public var actor: Actor
    /// Whose data.
    public var subject: UserID
    /// What they tried.
    public var action: AccessAction
    /// Why it was refused.
    public var reason: AccessDenial

    /// Creates the error.
    public init(actor: Actor, subject: UserID, action: AccessAction, reason: AccessDenial) {
        self.actor = actor
        self.subject = subject
        self.action = action
        self.reason = reason
    }
}

/// The one place that decides who may do what with whose data.
///
/// Rules, in order:
/// 1. People act on their own data without limit.
/// 2. Only professionals (coaches and clinicians) act for others; athletes and administrators never do.
/// 3. A professional needs the client's accepted consent: an invitation not yet accepted, a declined or revoked
///    one, or none at all gives nothing.
/// 4. With consent to read, a professional reads; with consent to prescribe, a professional also prescribes.
///    What only the client may say (their feedback, pain, screening answers) and their account stay theirs.
///
/// Pure: the caller looks up the care link state and passes it in.
public enum AccessPolicy {
    /// Decides whether `actor` may do `action` with the data of `subject`.
    /// - Parameters:
    ///   - actor: who is signed in.
    ///   - subject: whose data it is.
    ///   - action: what they want to do.
    ///   - link: the care relationship between the two (ignored when they are the same person).
    public static func decide(
        _ actor: Actor, _ action: AccessAction, subject: UserID, link: CareLinkState = .none
    ) -> AccessDecision {
        if actor.userId == subject { return .allowed }
        guard actor.role == .professional else { return .denied(.roleCannotActForOthers) }
        guard case .active(let scope) = link else { return .denied(.noConsent) }
        switch (action, scope) {
        case (.read, _), (.prescribe, .prescribe): return .allowed
        case (.prescribe, .read), (.record, _), (.manageAccount, _): return .denied(.outOfScope)
        }
    }

    /// Throws `AccessDenied` unless `decide` allows the action.
    public static func require(
        _ actor: Actor, _ action: AccessAction, subject: UserID, link: CareLinkState = .none
    ) throws(AccessDenied) {
        if case .denied(let reason) = decide(actor, action, subject: subject, link: link) {
            throw AccessDenied(actor: actor, subject: subject, action: action, reason: reason)
        }
    }
}
