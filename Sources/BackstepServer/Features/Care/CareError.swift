import BackstepStorage
import Foundation

/// What can go wrong on the professional side (practices, invitations, consent, clients), in the product's terms.
/// The server's edge (`DomainErrors+HTTP.swift`) decides how each case is answered.
enum CareError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The action is for coaches and clinicians.
    case notAProfessional
    /// The professional belongs to no practice yet.
    case noPractice
    /// The professional already belongs to a practice (one each, for now).
    case alreadyInPractice
    /// Only the practice's owner may do this.
    case notPracticeOwner
    /// No professional account has this e-mail address.
    case noSuchProfessional
    /// The professional is a member already.
    case alreadyMember
    /// The owner cannot be removed from their practice.
    case ownerCannotLeave
    /// No invitation has this code (or a pending invitation with this id).
    case invitationNotFound
    /// The invitation was used, declined or withdrawn, or its 14 days passed.
    case invitationNotPending(InvitationStatus)
    /// A member of the practice cannot accept its invitation as a client.
    case ownInvitation
    /// No care team member or practice with this id has access.
    case notInCareTeam
    /// The client has no such flag open.
    case noSuchFlag
    /// A note over its length limit.
    case noteTooLong(max: Int)
    /// A program that only a clinician may prescribe (the stroke protocol), prescribed by a coach.
    case needsClinician(program: String)

    /// The input field the error is about, if any.
    var field: String? {
        switch self {
        case .noSuchProfessional, .alreadyMember: "email"
        case .noteTooLong: "note"
        case .needsClinician: "programs"
        case .invitationNotFound, .invitationNotPending, .ownInvitation: "code"
        default: nil
        }
    }

    var description: String {
        switch self {
        case .notAProfessional: "This is for coaches and clinicians."
        case .noPractice: "Create your practice first."
        case .alreadyInPractice: "You already belong to a practice."
        case .notPracticeOwner: "Only the practice's owner can do this."
        case .noSuchProfessional: "No coach or clinician has an account with this e-mail address."
        case .alreadyMember: "This professional is a member already."
        case .ownerCannotLeave: "The practice's owner cannot be removed."
        case .invitationNotFound: "No invitation has this code. Check it with the person who gave it to you."
        case .invitationNotPending(let status):
            switch status {
            case .expired: "This invitation has expired. Ask for a new one."
            case .accepted: "This invitation has been used already."
            case .declined: "This invitation was declined."
            case .cancelled: "This invitation was withdrawn."
            case .pending: "This invitation is still open."
            }
        case .ownInvitation: "You are a member of this practice: the invitation is for a client."
        case .notInCareTeam: "Not found."
        case .noSuchFlag: "Not found."
        case .noteTooLong(let max): "The note must be at most \(max) characters."
        case .needsClinician(let program): "Only a clinician may prescribe \(program)."
        }
    }
}

extension CareError {
    /// The store's refusal in the product's terms.
    init(_ error: CareStoreError) {
        switch error {
        case .invitationNotFound: self = .invitationNotFound
        case .invitationNotPending(let status): self = .invitationNotPending(status)
        case .clientIsMember: self = .ownInvitation
        case .alreadyMember: self = .alreadyMember
        case .ownerCannotLeave: self = .ownerCannotLeave
        }
    }
}
