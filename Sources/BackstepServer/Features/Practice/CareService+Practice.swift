import BackstepCore
import BackstepStorage
import Foundation

/// A practice as its members see it: who is in it and the invitations it made.
struct PracticeOverview: Sendable {
    /// The practice.
    var practice: Practice
    /// Its current members, the owner first.
    var members: [PracticeMember]
    /// Its invitations, newest first.
    var invitations: [CareInvitation]
    /// Whether the signed-in professional owns it.
    var isOwner: Bool
}

/// Invitation codes: twelve characters from an alphabet without look-alikes (no 0/O, 1/I), shown in groups of four.
/// 32 symbols make 60 random bits; only the code's SHA-256 is stored.
enum InvitationCode {
    static let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZ23456789")

    /// A new random code, e.g. `K7QF-M2XP-9TRW`.
    static func random() -> String {
        var generator = SystemRandomNumberGenerator()
        let symbols = (0..<12).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] }
        return stride(from: 0, to: 12, by: 4).map { String(symbols[$0..<$0 + 4]) }.joined(separator: "-")
    }

    /// The code as typed or pasted, upper-cased without spaces and dashes; nil when it cannot be a code.
    static func normalized(_ text: String) -> String? {
        let code = text.uppercased().filter { $0 != "-" && !$0.isWhitespace }
        guard code.count == 12, code.allSatisfy({ alphabet.contains($0) }) else { return nil }
        return code
    }

    /// What the store keys the invitation by.
    static func hash(_ normalized: String) -> String { Tokens.hash(normalized) }
}

extension CareService {
    /// The practice the professional belongs to (the oldest, when several).
    func practice(of user: User) async throws -> Practice? {
        try Self.requireProfessional(user)
        return try await store.practices(of: user.id).first
    }

    /// The professional's practice, or `CareError.noPractice`.
    func requirePractice(of user: User) async throws -> Practice {
        guard let practice = try await practice(of: user) else { throw CareError.noPractice }
        return practice
    }

    /// The professional's practice with its members and invitations; nil before they create or join one.
    func practiceOverview(for user: User) async throws -> PracticeOverview? {
        guard let practice = try await practice(of: user) else { return nil }
        return PracticeOverview(
            practice: practice, members: try await store.members(of: practice.id),
            invitations: try await store.invitations(of: practice.id), isOwner: practice.ownerId == user.id)
    }

    /// Creates a practice owned by the professional.
    /// - Throws: `FormErrors` naming `name` or `kind`; `CareError.alreadyInPractice`, `.notAProfessional`.
    func createPractice(name: String?, kind: String?, by user: User, now: Date) async throws -> Practice {
        try Self.requireProfessional(user)
        var form = Form([:])
        let name = TrainingService.check(name, field: "name", label: "The practice's name", max: 200, form: &form)
        let kind = PracticeKind(rawValue: kind ?? "")
        if kind == nil { form.errors["kind"] = "Choose a clinic or a coaching business." }
        guard let name, let kind else { throw FormErrors.from(form) }
        guard try await store.practices(of: user.id).isEmpty else { throw CareError.alreadyInPractice }
        let practice = Practice(name: name, kind: kind, ownerId: user.id, createdAt: now)
        try await store.createPractice(practice)
        return practice
    }

    /// Adds the professional with this e-mail address to the owner's practice.
    /// - Throws: `CareError.notPracticeOwner`, `.noSuchProfessional`, `.alreadyMember`, `.alreadyInPractice`.
    func addMember(email: String?, by user: User, now: Date) async throws -> PracticeMember {
        let practice = try await ownedPractice(of: user)
        let address = (email ?? "").trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        guard let account = try await store.account(email: address),
            let member = try await store.user(id: account.userId), member.role == .professional
        else { throw CareError.noSuchProfessional }
        let current = try await store.practices(of: member.id)
        if current.contains(where: { $0.id == practice.id }) { throw CareError.alreadyMember }
        guard current.isEmpty else { throw CareError.alreadyInPractice }
        try await Self.translating { try await store.addMember(member.id, to: practice.id, at: now) }
        return PracticeMember(
            practiceId: practice.id, professional: member, details: try await store.professionalDetails(for: member.id),
            role: .member, addedAt: now)
    }

    /// Removes a member from the owner's practice: they stop seeing its clients at once.
    /// - Throws: `CareError.notPracticeOwner`, `.ownerCannotLeave`, `.notInCareTeam` for someone not a member.
    func removeMember(_ professional: UserID, by user: User, now: Date) async throws {
        let practice = try await ownedPractice(of: user)
        let removed = try await Self.translating {
            try await store.removeMember(professional, from: practice.id, at: now)
        }
        guard removed else { throw CareError.notInCareTeam }
    }

    /// Makes an invitation of the professional's practice: the code (shown once) and the stored invitation.
    /// - Throws: `CareError.noPractice`; `FieldProblem` for a note over 200 characters.
    func createInvitation(
        scope: CareScope, note: String?, by user: User, now: Date
    ) async throws -> (code: String, invitation: CareInvitation) {
        let practice = try await requirePractice(of: user)
        let note = (note ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard note.count <= 200 else {
            throw FieldProblem(field: "note", message: "The note must be at most 200 characters.")
        }
        let code = InvitationCode.random()
        guard let normalized = InvitationCode.normalized(code) else { throw CareError.invitationNotFound }
        let invitation = CareInvitation(
            codeHash: InvitationCode.hash(normalized), practiceId: practice.id, invitedBy: user.id, scope: scope,
            note: note, createdAt: now)
        try await store.createInvitation(invitation)
        return (code, invitation)
    }

    /// Withdraws a pending invitation of the professional's practice.
    /// - Throws: `CareError.invitationNotFound` when the practice has no pending invitation with this id.
    func cancelInvitation(_ id: InvitationID, by user: User, now: Date) async throws {
        let practice = try await requirePractice(of: user)
        guard try await store.cancelInvitation(id, of: practice.id, at: now) else {
            throw CareError.invitationNotFound
        }
    }

    /// The access log of the owner's practice: its members' reads and changes of its clients' data.
    func practiceAccessLog(by user: User, limit: Int = 500) async throws -> [AccessLogEntry] {
        let practice = try await ownedPractice(of: user)
        return try await store.accessLog(practice: practice.id, limit: limit)
    }

    /// The practice the user owns, or `CareError.notPracticeOwner` (`.noPractice` without one).
    func ownedPractice(of user: User) async throws -> Practice {
        let practice = try await requirePractice(of: user)
        guard practice.ownerId == user.id else { throw CareError.notPracticeOwner }
        return practice
    }
}

extension FormErrors {
    /// The form's errors, the first by field name as the API's.
    static func from(_ form: Form) -> FormErrors {
        let first = form.errors.sorted { $0.key < $1.key }.first.map { FieldProblem(field: $0.key, message: $0.value) }
        return FormErrors(errors: form.errors, first: first ?? FieldProblem(field: "form", message: "Check the form."))
    }
}
