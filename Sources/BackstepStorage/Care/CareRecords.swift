import BackstepCore
import Foundation

/// What a professional does for a living: a coach, or one of the clinical professions.
///
/// Programs that the catalog marks clinician-prescribed (the stroke protocol) need a clinician.
public enum Profession: String, Hashable, Sendable, Codable, CaseIterable {
    /// A coach or personal trainer.
    case coach
    /// A physiotherapist (physical therapist).
    case physiotherapist
    /// A physician.
    case physician
    /// A nurse.
    case nurse
    /// An occupational therapist.
    case occupationalTherapist = "occupational-therapist"
    /// An exercise physiologist.
    case exercisePhysiologist = "exercise-physiologist"
    /// Another licensed clinical profession.
    case otherClinician = "other-clinician"

    /// Whether the profession is clinical (it may prescribe clinician-prescribed programs).
    public var isClinician: Bool { self != .coach }

    /// The profession in words.
    public var label: String {
        switch self {
        case .coach: "Coach"
        case .physiotherapist: "Physiotherapist"
        case .physician: "Physician"
        case .nurse: "Nurse"
        case .occupationalTherapist: "Occupational therapist"
        case .exercisePhysiologist: "Exercise physiologist"
        case .otherClinician: "Clinician"
        }
    }
}

/// What a professional account records beyond the user: the profession and, optionally, a registration number.
public struct ProfessionalDetails: Hashable, Sendable, Codable {
    /// The professional.
    public var userId: UserID
    /// The profession.
    public var profession: Profession
    /// A professional registration number (e.g. with a health professions council), 1–50 characters, if given.
    public var registrationNumber: String?

    /// Creates the details.
    public init(userId: UserID, profession: Profession, registrationNumber: String? = nil) {
        self.userId = userId
        self.profession = profession
        self.registrationNumber = registrationNumber
    }

    /// Checks the registration number's length.
    /// - Throws: `InputError` for `registrationNumber`.
    public func validate() throws(InputError) {
        if let registrationNumber {
            try InputError.check("registrationNumber", registrationNumber.count, in: 1...50, unit: "characters")
        }
    }
}

/// The kind of business a practice is.
public enum PracticeKind: String, Hashable, Sendable, Codable, CaseIterable {
    /// A clinic (physiotherapy, rehabilitation, a hospital department).
    case clinic
    /// A coaching or personal-training business.
    case coaching
}

/// A clinic or coaching business: an owner and the professionals who are its members.
public struct Practice: Hashable, Sendable, Codable, Identifiable {
    /// Stable identifier.
    public var id: PracticeID
    /// The practice's name, 1–200 characters.
    public var name: String
    /// Clinic or coaching business.
    public var kind: PracticeKind
    /// The professional who created it and manages its members.
    public var ownerId: UserID
    /// When it was created.
    public var createdAt: Date

    /// Creates a practice.
    public init(id: PracticeID = PracticeID(), name: String, kind: PracticeKind, ownerId: UserID, createdAt: Date) {
        self.id = id
        self.name = name
        self.kind = kind
        self.ownerId = ownerId
        self.createdAt = createdAt
    }

    /// Checks the name's length.
    /// - Throws: `InputError` for `name`.
    public func validate() throws(InputError) {
        try InputError.check("name", name.trimmingCharacters(in: .whitespaces).count, in: 1...200, unit: "characters")
    }
}

/// A professional's place in a practice.
public enum PracticeRole: String, Hashable, Sendable, Codable, CaseIterable {
    /// Created the practice; adds and removes members and reads the practice's access log.
    case owner
    /// A member: sees the clients linked to the practice.
    case member
}

/// A current member of a practice.
public struct PracticeMember: Hashable, Sendable, Codable {
    /// The practice.
    public var practiceId: PracticeID
    /// The professional.
    public var professional: User
    /// Their profession and registration, when recorded.
    public var details: ProfessionalDetails?
    /// Owner or member.
    public var role: PracticeRole
    /// When they joined.
    public var addedAt: Date

    /// Creates a member.
    public init(
        practiceId: PracticeID, professional: User, details: ProfessionalDetails?, role: PracticeRole, addedAt: Date
    ) {
        self.practiceId = practiceId
        self.professional = professional
        self.details = details
        self.role = role
        self.addedAt = addedAt
    }
}

/// What a client shares with a practice when they accept an invitation. The set is the same for every link: the
/// consent page lists it, and the scope says whether the care team may also prescribe.
public enum SharedData: String, Hashable, Sendable, Codable, CaseIterable {
    /// Performed sessions with their samples and events.
    case sessions
    /// Feedback after sessions, pain included.
    case feedbackAndPain = "feedback-and-pain"
    /// Health screening answers and the clearance.
    case screening
    /// Assessments and outcome measures.
    case assessments
    /// The plan and its prescription.
    case plan

    /// The category in words, for the consent page.
    public var label: String {
        switch self {
        case .sessions: "Your sessions: when, how long, speed, incline, distance, energy and heart rate"
        case .feedbackAndPain: "Your feedback after each session, pain included"
        case .screening: "Your health screening answers and what they mean for training"
        case .assessments: "Your assessments and the tests and questionnaires of your care"
        case .plan: "Your plan and your profile (age, weight, goal, speed limit)"
        }
    }
}

/// A professional's offer of care to a client: a single-use code, valid for 14 days.
public struct CareInvitation: Hashable, Sendable, Codable, Identifiable {
    /// How long an invitation is valid.
    public static let lifetime: TimeInterval = 14 * 24 * 3600

    /// Stable public identifier (never the code).
    public var id: InvitationID
    /// Hex SHA-256 of the code (the code itself is never stored).
    public var codeHash: String
    /// The practice the client would link to.
    public var practiceId: PracticeID
    /// The professional who made it.
    public var invitedBy: UserID
    /// What the care team may do: read, or read and prescribe.
    public var scope: CareScope
    /// A note for the professional's own list (e.g. the client's name), up to 200 characters.
    public var note: String
    /// When it was made.
    public var createdAt: Date
    /// When it stops being accepted.
    public var expiresAt: Date
    /// When it was answered or withdrawn, and how.
    public var resolution: Resolution?

    /// How an invitation ended.
    public enum Resolution: Hashable, Sendable, Codable {
        /// The client accepted.
        case accepted(by: UserID, at: Date)
        /// The client declined.
        case declined(by: UserID, at: Date)
        /// The professional withdrew it.
        case cancelled(at: Date)
    }

    /// Creates an invitation valid for `lifetime` from `createdAt`.
    public init(
        id: InvitationID = InvitationID(), codeHash: String, practiceId: PracticeID, invitedBy: UserID,
        scope: CareScope, note: String = "", createdAt: Date, expiresAt: Date? = nil, resolution: Resolution? = nil
    ) {
        self.id = id
        self.codeHash = codeHash
        self.practiceId = practiceId
        self.invitedBy = invitedBy
        self.scope = scope
        self.note = note
        self.createdAt = createdAt
        self.expiresAt = expiresAt ?? createdAt.addingTimeInterval(Self.lifetime)
        self.resolution = resolution
    }

    /// The invitation's state at `now`.
    public func status(at now: Date) -> InvitationStatus {
        switch resolution {
        case .accepted: .accepted
        case .declined: .declined
        case .cancelled: .cancelled
        case nil: now >= expiresAt ? .expired : .pending
        }
    }
}

/// Where an invitation stands.
public enum InvitationStatus: String, Hashable, Sendable, Codable, CaseIterable {
    /// Waiting for the client.
    case pending
    /// The client accepted.
    case accepted
    /// The client declined.
    case declined
    /// The professional withdrew it.
    case cancelled
    /// Its 14 days passed.
    case expired
}

/// A client's consent to a practice: while it is active, the practice's current members see the client's data
/// (and prescribe, with that scope).
public struct CareLink: Hashable, Sendable, Codable, Identifiable {
    /// Stable identifier.
    public var id: CareLinkID
    /// The practice.
    public var practiceId: PracticeID
    /// The client.
    public var clientId: UserID
    /// Read, or read and prescribe.
    public var scope: CareScope
    /// The invitation it came from.
    public var invitationId: InvitationID?
    /// When the client agreed.
    public var grantedAt: Date
    /// When the client withdrew it, if they did.
    public var revokedAt: Date?

    /// Creates a link.
    public init(
        id: CareLinkID = CareLinkID(), practiceId: PracticeID, clientId: UserID, scope: CareScope,
        invitationId: InvitationID?, grantedAt: Date, revokedAt: Date? = nil
    ) {
        self.id = id
        self.practiceId = practiceId
        self.clientId = clientId
        self.scope = scope
        self.invitationId = invitationId
        self.grantedAt = grantedAt
        self.revokedAt = revokedAt
    }

    /// Whether the consent holds.
    public var isActive: Bool { revokedAt == nil }
}

/// How a request reached the data: a page, the JSON API, or the command line.
public enum AccessChannel: String, Hashable, Sendable, Codable, CaseIterable {
    /// A web page.
    case page
    /// The JSON API.
    case api
    /// The live view's WebSocket.
    case live
    /// The operator's command line.
    case cli
}

/// One read or change a professional made of a client's data. Append-only: the database refuses to change or
/// delete a row.
public struct AccessLogEntry: Hashable, Sendable, Codable {
    /// Stable identifier.
    public var id: UUID
    /// When (UTC).
    public var at: Date
    /// Who.
    public var actorId: UserID
    /// Their name at the time.
    public var actorName: String
    /// The role they acted in.
    public var actorRole: UserRole
    /// Whose data.
    public var clientId: UserID
    /// What kind of access: read, record, prescribe.
    public var action: AccessAction
    /// What was read or changed, in words (e.g. "sessions", "session 5C1F…", "prescription").
    public var resource: String
    /// Page, API, live view or command line.
    public var channel: AccessChannel
    /// The address the request came from, when known.
    public var address: String?

    /// Creates an entry.
    public init(
        id: UUID = UUID(), at: Date, actorId: UserID, actorName: String, actorRole: UserRole, clientId: UserID,
        action: AccessAction, resource: String, channel: AccessChannel, address: String?
    ) {
        self.id = id
        self.at = at
        self.actorId = actorId
        self.actorName = actorName
        self.actorRole = actorRole
        self.clientId = clientId
        self.action = action
        self.resource = resource
        self.channel = channel
        self.address = address
    }
}

/// A linked client as a professional sees them in the list.
public struct LinkedClient: Hashable, Sendable {
    /// The client.
    public var client: User
    /// The consent that links them (the widest, when more than one of the professional's practices is linked).
    public var link: CareLink
    /// The practice's name.
    public var practiceName: String

    /// Creates the value.
    public init(client: User, link: CareLink, practiceName: String) {
        self.client = client
        self.link = link
        self.practiceName = practiceName
    }
}

/// A practice a client is linked to, with its current members: the client's care team.
public struct CareTeamEntry: Hashable, Sendable {
    /// The practice.
    public var practice: Practice
    /// The consent.
    public var link: CareLink
    /// Who can see the client's data now.
    public var members: [PracticeMember]

    /// Creates the entry.
    public init(practice: Practice, link: CareLink, members: [PracticeMember]) {
        self.practice = practice
        self.link = link
        self.members = members
    }
}
