import BackstepCore
import BackstepStorage
import Foundation

/// An invitation as the client sees it before answering: who invites, to what, with which scope, until when.
struct InvitationPreview: Sendable {
    /// The invitation.
    var invitation: CareInvitation
    /// The practice the client would link to.
    var practice: Practice
    /// Who made the invitation.
    var inviter: User
    /// Their profession, when recorded.
    var inviterDetails: ProfessionalDetails?
    /// Where it stands now.
    var status: InvitationStatus
    /// Who would see the data: the practice's current members.
    var members: [PracticeMember]
}

extension CareService {
    /// The invitation with this code, as the client reads it before accepting or declining.
    /// - Throws: `CareError.invitationNotFound` for a code no invitation has (or that cannot be a code).
    func invitation(code: String, now: Date) async throws -> InvitationPreview {
        guard let normalized = InvitationCode.normalized(code),
            let invitation = try await store.invitation(codeHash: InvitationCode.hash(normalized)),
            let practice = try await store.practice(id: invitation.practiceId),
            let inviter = try await store.user(id: invitation.invitedBy)
        else { throw CareError.invitationNotFound }
        return InvitationPreview(
            invitation: invitation, practice: practice, inviter: inviter,
            inviterDetails: try await store.professionalDetails(for: inviter.id), status: invitation.status(at: now),
            members: try await store.members(of: practice.id))
    }

    /// The client accepts: the practice's members see their data (and prescribe, with that scope) from now on.
    /// - Throws: `CareError.invitationNotFound`, `.invitationNotPending`, `.ownInvitation`.
    func acceptInvitation(code: String, by user: User, now: Date) async throws -> CareLink {
        guard let normalized = InvitationCode.normalized(code) else { throw CareError.invitationNotFound }
        return try await Self.translating {
            try await store.acceptInvitation(codeHash: InvitationCode.hash(normalized), clientId: user.id, at: now)
        }
    }

    /// The client declines: the invitation cannot be used any more.
    func declineInvitation(code: String, by user: User, now: Date) async throws {
        guard let normalized = InvitationCode.normalized(code) else { throw CareError.invitationNotFound }
        try await Self.translating {
            try await store.declineInvitation(codeHash: InvitationCode.hash(normalized), clientId: user.id, at: now)
        }
    }

    /// Who can see the user's data now: each practice they consented to, with its current members.
    func careTeam(of user: User) async throws -> [CareTeamEntry] {
        try await store.careTeam(of: user.id)
    }

    /// Ends the user's consent to a practice, from the next request on.
    /// - Throws: `CareError.notInCareTeam` when the user has no active link to it.
    func revoke(practice: PracticeID, by user: User, now: Date) async throws {
        guard try await store.revokeCareLink(practiceId: practice, clientId: user.id, at: now) else {
            throw CareError.notInCareTeam
        }
    }

    /// Ends the user's consent to every practice the professional is a member of: the professional (and their
    /// practice's other members) stop seeing the user's data from the next request on.
    /// - Throws: `CareError.notInCareTeam` when the professional has no access to the user's data.
    func revoke(professional: UserID, by user: User, now: Date) async throws {
        let practices = try await store.careTeam(of: user.id).filter { entry in
            entry.members.contains { $0.professional.id == professional }
        }
        guard !practices.isEmpty else { throw CareError.notInCareTeam }
        for entry in practices {
            _ = try await store.revokeCareLink(practiceId: entry.practice.id, clientId: user.id, at: now)
        }
    }

    /// Who read or changed the user's data, newest first.
    func accessLog(of user: User, limit: Int = 500) async throws -> [AccessLogEntry] {
        try await store.accessLog(client: user.id, limit: limit)
    }
}
