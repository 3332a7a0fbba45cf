import BackstepStorage
import Foundation

/// A professional's practice page: the form to create one, or the practice with its members, its invitations, the
/// new-invitation form and, right after making one, the invitation's code, link and QR code (shown only once).
struct PracticeViewModel: PageViewModel {
    /// The fields the page's forms show errors for (create, add a member, new invitation).
    enum Field: String, FormFields { case name, kind, email, scope, note }

    /// A member of the practice.
    struct Member: Encodable, Sendable {
        /// Their user id (the remove form is `/practice/members/<id>/remove`).
        var id: String
        /// Their name.
        var name: String
        /// Their profession in words, or "Profession not recorded".
        var profession: String
        /// Their registration number, or "–".
        var registration: String
        /// "Owner" or "Member".
        var role: String
        /// Whether the signed-in owner may remove them (not the owner).
        var removable: Bool
    }

    /// One of the practice's invitations (never its code).
    struct Invitation: Encodable, Sendable {
        /// Its public id (the withdraw form is `/practice/invitations/<id>/cancel`).
        var id: String
        /// The note for the practice's own list, or "–".
        var note: String
        /// What the client would share: "See their data" or "See and prescribe".
        var scope: String
        /// When it was made.
        var created: String
        /// When it stops being accepted.
        var expires: String
        /// Pending, accepted, declined, withdrawn or expired, in words.
        var status: String
        /// Whether it can still be withdrawn.
        var pending: Bool
    }

    /// The practice as its members see it (its name is the page's title).
    struct Practice: Encodable, Sendable {
        /// "Clinic" or "Coaching business".
        var kind: String
        /// Whether the signed-in professional owns it (member management and the access log).
        var isOwner: Bool
        /// Current members, the owner first.
        var members: [Member]
        /// Whether it made any invitation.
        var hasInvitations: Bool
        /// Its invitations, newest first.
        var invitations: [Invitation]
    }

    /// An invitation just made: the only time its code is shown.
    struct NewInvitation: Encodable, Sendable {
        /// The code, in groups of four.
        var code: String
        /// The full link (or the path, when the request named no host).
        var link: String
        /// The link as an inline SVG QR code.
        var qrSvg: String
        /// What the client would share, in words.
        var scope: String
        /// Until when it can be accepted.
        var expires: String
    }

    static let template = "practice"
    var chrome: PageChrome
    /// What the last action did.
    var notice: String?
    /// The practice, or nil before the professional creates or joins one (the page then shows the create form).
    var practice: Practice?
    /// The invitation just made, if any.
    var newInvitation: NewInvitation?
    /// The name typed into the create form.
    var practiceName: String
    /// Clinic or coaching business, for the create form.
    var kinds: [Choice]
    /// The e-mail address typed into the add-a-member form.
    var memberEmail: String
    /// "See their data" or "See and prescribe", for the new-invitation form.
    var scopes: [Choice]
    /// The note typed into the new-invitation form.
    var note: String
    /// The field errors.
    var errors: FieldErrors<Field>
}

extension CareScope {
    /// The scope in words, as the practice, invitation, care-team and client pages say it.
    var pageLabel: String {
        switch self {
        case .read: "See their data"
        case .prescribe: "See and prescribe"
        }
    }
}

extension PracticeKind {
    /// The kind in words.
    var pageLabel: String {
        switch self {
        case .clinic: "Clinic"
        case .coaching: "Coaching business"
        }
    }
}

extension InvitationStatus {
    /// Where an invitation stands, in words.
    var pageLabel: String {
        switch self {
        case .pending: "Waiting for the client"
        case .accepted: "Accepted"
        case .declined: "Declined"
        case .cancelled: "Withdrawn"
        case .expired: "Expired"
        }
    }
}
