import BackstepCore
import BackstepStorage
import Foundation

/// A practice in a client's care team (schema `CareTeamEntry`): who sees the client's data, since when, and what
/// they may do.
struct CareTeamEntryResponse: Codable, Sendable {
    var practiceId: PracticeID
    var practiceName: String
    var kind: PracticeKind
    var scope: CareScope
    var grantedAt: Date
    var members: [PracticeMemberResponse]

    init(_ entry: CareTeamEntry) {
        practiceId = entry.practice.id
        practiceName = entry.practice.name
        kind = entry.practice.kind
        scope = entry.link.scope
        grantedAt = entry.link.grantedAt
        members = entry.members.map(PracticeMemberResponse.init)
    }
}

/// An invitation as the client reads it before answering (schema `InvitationPreview`).
struct InvitationPreviewResponse: Codable, Sendable {
    var practiceId: PracticeID
    var practiceName: String
    var invitedBy: String
    var invitedByProfession: Profession?
    var scope: CareScope
    var shares: [SharedData]
    var status: InvitationStatus
    var expiresAt: Date
    var members: [PracticeMemberResponse]

    init(_ preview: InvitationPreview) {
        practiceId = preview.practice.id
        practiceName = preview.practice.name
        invitedBy = preview.inviter.name
        invitedByProfession = preview.inviterDetails?.profession
        scope = preview.invitation.scope
        shares = SharedData.allCases
        status = preview.status
        expiresAt = preview.invitation.expiresAt
        members = preview.members.map(PracticeMemberResponse.init)
    }
}

/// The consent an accepted invitation gave (schema `CareLink`).
struct CareLinkResponse: Codable, Sendable {
    var id: CareLinkID
    var practiceId: PracticeID
    var scope: CareScope
    var grantedAt: Date

    init(_ link: CareLink) {
        id = link.id
        practiceId = link.practiceId
        scope = link.scope
        grantedAt = link.grantedAt
    }
}

/// One read or change of a client's data by a professional (schema `AccessLogEntry`).
struct AccessLogEntryResponse: Codable, Sendable {
    var at: Date
    var actorId: UserID
    var actorName: String
    var actorRole: UserRole
    var clientId: UserID
    var action: AccessAction
    var resource: String
    var channel: AccessChannel
    var address: String?

    init(_ entry: AccessLogEntry) {
        at = entry.at
        actorId = entry.actorId
        actorName = entry.actorName
        actorRole = entry.actorRole
        clientId = entry.clientId
        action = entry.action
        resource = entry.resource
        channel = entry.channel
        address = entry.address
    }
}
