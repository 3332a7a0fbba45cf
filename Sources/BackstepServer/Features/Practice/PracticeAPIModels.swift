import BackstepCore
import BackstepStorage
import Foundation

/// The body of `POST /practices` (schema `PracticeRequest`).
struct PracticeRequest: Codable, Sendable {
    var name: String
    var kind: String
}

/// A practice with its members (schema `Practice`); the invitations only for its members' own reads.
struct PracticeResponse: Codable, Sendable {
    var id: PracticeID
    var name: String
    var kind: PracticeKind
    var ownerId: UserID
    var createdAt: Date
    var members: [PracticeMemberResponse]
    var invitations: [InvitationResponse]?

    init(_ practice: Practice, members: [PracticeMember], invitations: [CareInvitation]?, now: Date) {
        id = practice.id
        name = practice.name
        kind = practice.kind
        ownerId = practice.ownerId
        createdAt = practice.createdAt
        self.members = members.map(PracticeMemberResponse.init)
        self.invitations = invitations?.map { InvitationResponse($0, now: now) }
    }
}

/// A professional in a practice (schema `PracticeMember`).
struct PracticeMemberResponse: Codable, Sendable {
    var id: UserID
    var name: String
    var role: PracticeRole
    var profession: Profession?
    var registrationNumber: String?
    var addedAt: Date

    init(_ member: PracticeMember) {
        id = member.professional.id
        name = member.professional.name
        role = member.role
        profession = member.details?.profession
        registrationNumber = member.details?.registrationNumber
        addedAt = member.addedAt
    }
}

/// The body of `POST /invitations` (schema `InvitationRequest`): read only, or read and prescribe.
struct InvitationRequest: Codable, Sendable {
    var scope: CareScope
    var note: String?
}

/// An invitation in the practice's list (schema `Invitation`): never its code.
struct InvitationResponse: Codable, Sendable {
    var id: InvitationID
    var scope: CareScope
    var note: String
    var createdAt: Date
    var expiresAt: Date
    var status: InvitationStatus

    init(_ invitation: CareInvitation, now: Date) {
        id = invitation.id
        scope = invitation.scope
        note = invitation.note
        createdAt = invitation.createdAt
        expiresAt = invitation.expiresAt
        status = invitation.status(at: now)
    }
}

/// A new invitation (schema `NewInvitation`): the code, shown only in this answer, the link to open it and the
/// link as a QR code drawn as SVG.
struct NewInvitationResponse: Codable, Sendable {
    var id: InvitationID
    var code: String
    var path: String
    var url: String?
    var qrSvg: String
    var scope: CareScope
    var note: String
    var expiresAt: Date
}
