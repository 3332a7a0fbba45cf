import BackstepStorage
import Foundation

/// An invitation as the person who received it sees it: signed out, who invites and links to sign in or create an
/// account that come back here; signed in, the consent page (the practice, who invited, exactly what is shared,
/// whether they may prescribe, who will see it, until when) with Accept and Decline. A code that cannot be used
/// shows why.
struct InvitationViewModel: PageViewModel {
    /// A professional who would see the data.
    struct Member: Encodable, Sendable {
        /// Their name.
        var name: String
        /// Their profession in words.
        var profession: String
    }

    /// What the invitation offers.
    struct Details: Encodable, Sendable {
        /// The practice's name.
        var practice: String
        /// Clinic or coaching business.
        var kind: String
        /// Who made the invitation.
        var inviter: String
        /// Their profession in words.
        var profession: String
        /// Every kind of data shared, in words.
        var shared: [String]
        /// Whether the practice may also prescribe (plans and assessments).
        var mayPrescribe: Bool
        /// Who would see the data: the practice's current members.
        var members: [Member]
        /// Until when it can be accepted.
        var expires: String
    }

    /// Where the sign-in and sign-up links of a signed-out visitor come back to.
    struct SignedOut: Encodable, Sendable {
        /// The percent-encoded `/invite/<code>` path for the links' `next`.
        var next: String
    }

    static let template = "invitation"
    var chrome: PageChrome
    /// The code as given (the answer forms post to `/invite/<code>/accept` and `/decline`).
    var code: String
    /// Why the code cannot be used, if it cannot.
    var problem: String?
    /// The invitation, when it can be answered.
    var invitation: Details?
    /// Set for visitors who are not signed in.
    var signedOut: SignedOut?
}

/// "Who can see my data": the practices the signed-in person shares their data with, each with its members, and a
/// form to enter an invitation code.
struct CareTeamViewModel: PageViewModel {
    /// The fields the page's form shows errors for.
    enum Field: String, FormFields { case code }

    /// A professional in a practice.
    struct Member: Encodable, Sendable {
        /// Their name.
        var name: String
        /// Their profession in words.
        var profession: String
        /// "Owner" or "Member".
        var role: String
    }

    /// A practice the person shares their data with.
    struct Practice: Encodable, Sendable {
        /// The practice's id (the stop-sharing form is `/care-team/<id>/revoke`).
        var id: String
        /// Its name.
        var name: String
        /// Clinic or coaching business.
        var kind: String
        /// What it may do, in words.
        var scope: String
        /// Since when.
        var since: String
        /// Who sees the data now.
        var members: [Member]
    }

    static let template = "care-team"
    var chrome: PageChrome
    /// What the last action did.
    var notice: String?
    /// Whether anyone sees the person's data.
    var hasPractices: Bool
    /// The practices, oldest consent first.
    var practices: [Practice]
    /// The code typed into the form.
    var code: String
    /// The field errors.
    var errors: FieldErrors<Field>
}

/// An access log as a table: the client's own ("who looked at my data") or a practice's (its owner's view).
struct AccessLogViewModel: PageViewModel {
    /// One read or change.
    struct Entry: Encodable, Sendable {
        /// When.
        var when: String
        /// Who.
        var who: String
        /// Whose data (the practice's log only).
        var client: String
        /// Read, record or prescribe, in words.
        var action: String
        /// What was read or changed.
        var what: String
        /// Page, API, live view or command line.
        var through: String
        /// The address the request came from, or "–".
        var address: String
    }

    /// A link back.
    struct Link: Encodable, Sendable {
        /// Where.
        var href: String
        /// What it says.
        var label: String
    }

    static let template = "access-log"
    var chrome: PageChrome
    /// What the table lists.
    var intro: String
    /// Whether the table has a client column (the practice's log).
    var showClient: Bool
    /// Whether there is anything to list.
    var hasEntries: Bool
    /// Newest first.
    var entries: [Entry]
    /// Back to where the log was opened from.
    var back: Link
}

extension AccessLogViewModel.Entry {
    /// An entry of the log; `client` is the client's name on the practice's log.
    init(_ entry: AccessLogEntry, client: String?) {
        let action =
            switch entry.action {
            case .read: "Read"
            case .record: "Recorded"
            case .prescribe: "Prescribed"
            case .manageAccount: "Managed the account"
            }
        let through =
            switch entry.channel {
            case .page: "Web page"
            case .api: "API"
            case .live: "Live session"
            case .cli: "Command line"
            }
        let role = entry.actorRole == .professional ? "" : " (\(entry.actorRole.rawValue))"
        self.init(
            when: Fmt.dateTime(entry.at), who: entry.actorName + role, client: client ?? "", action: action,
            what: entry.resource, through: through, address: entry.address ?? "–")
    }
}
