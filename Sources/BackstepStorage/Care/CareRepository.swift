import BackstepCore
import Foundation

/// Why a care operation was refused by the store (the service maps each to a clear answer).
public enum CareStoreError: Error, Hashable, Sendable {
    /// No invitation has this code.
    case invitationNotFound
    /// The invitation was accepted, declined or withdrawn already, or its 14 days passed.
    case invitationNotPending(InvitationStatus)
    /// The client is a member of the practice that invites them.
    case clientIsMember
    /// The professional is a member of the practice already.
    case alreadyMember
    /// The practice's owner cannot be removed from it.
    case ownerCannotLeave
}

/// The professional side's storage: professional details, practices and their members, invitations, the consent
/// links between clients and practices, and the append-only access log.
///
/// Consent is read on every request a professional makes for a client (`careLinkState(professional:client:)`), so
/// revoking it holds from the very next request.
public protocol CareRepository: Sendable {
    /// Creates a professional's user, account and details in one transaction.
    /// - Throws: `StorageError.conflict` when the e-mail address is taken, `.invalid` for a bad name or details.
    func createProfessionalAccount(
        user: User, email: String, passwordHash: String, details: ProfessionalDetails
    ) async throws
    /// A professional's details, if recorded.
    func professionalDetails(for userId: UserID) async throws -> ProfessionalDetails?

    /// Creates a practice with its owner as its first member, in one transaction.
    /// - Throws: `StorageError.invalid` for a bad name, `.notFound` for an unknown owner.
    func createPractice(_ practice: Practice) async throws
    /// A practice by id.
    func practice(id: PracticeID) async throws -> Practice?
    /// The practices a professional is a current member of, oldest first.
    func practices(of professionalId: UserID) async throws -> [Practice]
    /// A practice's current members, the owner first.
    func members(of practiceId: PracticeID) async throws -> [PracticeMember]
    /// Adds a professional to a practice.
    /// - Throws: `CareStoreError.alreadyMember`; `StorageError.notFound` for an unknown practice or user.
    func addMember(_ professionalId: UserID, to practiceId: PracticeID, at date: Date) async throws
    /// Removes a professional from a practice; they stop seeing its clients at once.
    /// - Returns: false when they were not a member.
    /// - Throws: `CareStoreError.ownerCannotLeave` for the owner.
    func removeMember(_ professionalId: UserID, from practiceId: PracticeID, at date: Date) async throws -> Bool

    /// Stores a new invitation.
    func createInvitation(_ invitation: CareInvitation) async throws
    /// The invitation with this code hash, if any.
    func invitation(codeHash: String) async throws -> CareInvitation?
    /// A practice's invitations, newest first.
    func invitations(of practiceId: PracticeID) async throws -> [CareInvitation]
    /// Accepts an invitation for `clientId` in one transaction: marks it accepted and creates the link to the
    /// practice, or widens an active link's scope.
    /// - Throws: `CareStoreError.invitationNotFound`, `.invitationNotPending`, `.clientIsMember`.
    func acceptInvitation(codeHash: String, clientId: UserID, at date: Date) async throws -> CareLink
    /// Declines an invitation.
    /// - Throws: `CareStoreError.invitationNotFound`, `.invitationNotPending`.
    func declineInvitation(codeHash: String, clientId: UserID, at date: Date) async throws
    /// Withdraws a pending invitation of a practice.
    /// - Returns: false when the practice has no pending invitation with this id.
    func cancelInvitation(_ id: InvitationID, of practiceId: PracticeID, at date: Date) async throws -> Bool

    /// A client's active links with their practices and current members: who can see the client's data.
    func careTeam(of clientId: UserID) async throws -> [CareTeamEntry]
    /// Ends the client's consent to a practice.
    /// - Returns: false when there was no active link.
    func revokeCareLink(practiceId: PracticeID, clientId: UserID, at date: Date) async throws -> Bool
    /// The care relationship between a professional and a client, read in one query: `.active` with the widest
    /// scope of any practice the professional is a current member of and the client is actively linked to;
    /// `.revoked` when such a link existed and ended; `.none` otherwise.
    func careLinkState(professional: UserID, client: UserID) async throws -> CareLinkState
    /// The clients linked to any practice the professional is a current member of.
    func linkedClients(of professionalId: UserID) async throws -> [LinkedClient]

    /// Stores a professional's acknowledgement of a flag (a later one for the same flag replaces it).
    /// - Throws: `StorageError.invalid` for a note over `CareFlagReview.maximumNoteLength`.
    func saveFlagReview(_ review: CareFlagReview) async throws
    /// The acknowledged flags of a client, newest first.
    func flagReviews(client clientId: UserID) async throws -> [CareFlagReview]

    /// Appends an access-log entry.
    func appendAccessLog(_ entry: AccessLogEntry) async throws
    /// The access log about a client, newest first.
    func accessLog(client clientId: UserID, limit: Int) async throws -> [AccessLogEntry]
    /// The access log of a practice's current and former members about the practice's linked clients, newest
    /// first.
    func accessLog(practice practiceId: PracticeID, limit: Int) async throws -> [AccessLogEntry]
}
