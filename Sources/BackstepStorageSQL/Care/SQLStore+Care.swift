import BackstepCore
import BackstepStorage
import Foundation
import SQLKit

extension SQLStore: CareRepository {
    // MARK: Professionals

    public func createProfessionalAccount(
        user: User, email: String, passwordHash: String, details: ProfessionalDetails
    ) async throws {
        try StorageError.validating { () throws(InputError) in
            try user.validate()
            try details.validate()
        }
        guard user.role == .professional, details.userId == user.id else {
            throw StorageError.invalid(InputError(field: "role", problem: "must be a professional with these details"))
        }
        let email = email.lowercased()
        try await write { db in
            let taken = try await db.raw("SELECT user_id FROM account WHERE email = \(bind: email)").all()
            guard taken.isEmpty else { throw StorageError.conflict("the e-mail address is already registered") }
            try await Self.insertUser(user, isLocalDefault: false, db: db)
            try await db.insert(into: "account")
                .columns("user_id", "email", "password_hash", "created_at")
                .values(user.id.uuidString, email, passwordHash, user.createdAt.epochMilliseconds)
                .run()
            try await db.insert(into: "professional")
                .columns("user_id", "profession", "registration_number")
                .values(user.id.uuidString, details.profession.rawValue, details.registrationNumber)
                .run()
        }
    }

    public func professionalDetails(for userId: UserID) async throws -> ProfessionalDetails? {
        try await read { db in
            try await db.raw(
                """
                SELECT user_id, profession, registration_number FROM professional
                WHERE user_id = \(bind: userId.uuidString)
                """
            ).all().first.map(Self.readDetails)
        }
    }

    static func readDetails(_ row: any SQLRow) throws -> ProfessionalDetails {
        let r = RowReader(row: row)
        return ProfessionalDetails(
            userId: try r.uuid("user_id"), profession: try r.enumeration("profession", as: Profession.self),
            registrationNumber: try r.stringOrNil("registration_number"))
    }

    /// Throws unless `id` is a professional's user.
    static func requireProfessional(_ id: UserID, field: String, db: any SQLDatabase) async throws {
        let rows = try await db.raw("SELECT role FROM app_user WHERE id = \(bind: id.uuidString)").all()
        guard let row = rows.first else { throw StorageError.notFound("user \(id)") }
        guard try RowReader(row: row).role("role") == .professional else {
            throw StorageError.invalid(InputError(field: field, problem: "must be a professional's account"))
        }
    }

    // MARK: Practices

    public func createPractice(_ practice: Practice) async throws {
        try StorageError.validating { () throws(InputError) in try practice.validate() }
        try await write { db in
            try await Self.requireProfessional(practice.ownerId, field: "ownerId", db: db)
            try await db.insert(into: "practice")
                .columns("id", "name", "kind", "owner_id", "created_at")
                .values(
                    practice.id.uuidString, practice.name.trimmingCharacters(in: .whitespaces),
                    practice.kind.rawValue, practice.ownerId.uuidString, practice.createdAt.epochMilliseconds
                )
                .run()
            try await Self.insertMember(
                practice.ownerId, practice: practice.id, role: .owner, at: practice.createdAt, db: db)
        }
    }

    static func insertMember(
        _ professionalId: UserID, practice: PracticeID, role: PracticeRole, at date: Date, db: any SQLDatabase
    ) async throws {
        try await db.insert(into: "practice_member")
            .columns("id", "practice_id", "professional_id", "role", "added_at")
            .values(
                UUID().uuidString, practice.uuidString, professionalId.uuidString, role.rawValue,
                date.epochMilliseconds
            )
            .run()
    }

    static let practiceColumns = "p.id, p.name, p.kind, p.owner_id, p.created_at"

    static func readPractice(_ row: any SQLRow) throws -> Practice {
        let r = RowReader(row: row)
        return Practice(
            id: try r.uuid("id"), name: try r.string("name"), kind: try r.enumeration("kind", as: PracticeKind.self),
            ownerId: try r.uuid("owner_id"), createdAt: try r.date("created_at"))
    }

    public func practice(id: PracticeID) async throws -> Practice? {
        try await read { db in
            try await db.raw(
                "SELECT \(unsafeRaw: Self.practiceColumns) FROM practice p WHERE p.id = \(bind: id.uuidString)"
            ).all().first.map(Self.readPractice)
        }
    }

    public func practices(of professionalId: UserID) async throws -> [Practice] {
        try await read { db in
            try await db.raw(
                """
                SELECT \(unsafeRaw: Self.practiceColumns) FROM practice p
                JOIN practice_member m ON m.practice_id = p.id
                WHERE m.professional_id = \(bind: professionalId.uuidString) AND m.removed_at IS NULL
                ORDER BY p.created_at, p.id
                """
            ).all().map(Self.readPractice)
        }
    }

    public func members(of practiceId: PracticeID) async throws -> [PracticeMember] {
        try await read { db in try await Self.members(of: practiceId, db: db) }
    }

    static func members(of practiceId: PracticeID, db: any SQLDatabase) async throws -> [PracticeMember] {
        try await db.raw(
            """
            SELECT m.practice_id, m.role, m.added_at, u.id, u.name, u.role AS user_role, u.created_at,
                d.profession, d.registration_number
            FROM practice_member m JOIN app_user u ON u.id = m.professional_id
            LEFT JOIN professional d ON d.user_id = m.professional_id
            WHERE m.practice_id = \(bind: practiceId.uuidString) AND m.removed_at IS NULL
            ORDER BY CASE m.role WHEN 'owner' THEN 0 ELSE 1 END, m.added_at, u.id
            """
        ).all().map { row in
            let r = RowReader(row: row)
            let user = User(
                id: try r.uuid("id"), name: try r.string("name"), role: try r.role("user_role"),
                createdAt: try r.date("created_at"))
            let details = try r.enumerationOrNil("profession", as: Profession.self).map {
                ProfessionalDetails(
                    userId: user.id, profession: $0, registrationNumber: try r.stringOrNil("registration_number"))
            }
            return PracticeMember(
                practiceId: try r.uuid("practice_id"), professional: user, details: details,
                role: try r.enumeration("role", as: PracticeRole.self), addedAt: try r.date("added_at"))
        }
    }

    public func addMember(_ professionalId: UserID, to practiceId: PracticeID, at date: Date) async throws {
        try await write { db in
            let practice = try await db.raw("SELECT id FROM practice WHERE id = \(bind: practiceId.uuidString)").all()
            guard !practice.isEmpty else { throw StorageError.notFound("practice \(practiceId)") }
            try await Self.requireProfessional(professionalId, field: "professionalId", db: db)
            let current = try await db.raw(
                """
                SELECT id FROM practice_member WHERE practice_id = \(bind: practiceId.uuidString)
                AND professional_id = \(bind: professionalId.uuidString) AND removed_at IS NULL
                """
            ).all()
            guard current.isEmpty else { throw CareStoreError.alreadyMember }
            try await Self.insertMember(professionalId, practice: practiceId, role: .member, at: date, db: db)
        }
    }

    public func removeMember(_ professionalId: UserID, from practiceId: PracticeID, at date: Date) async throws -> Bool
    {
        try await write { db in
            let rows = try await db.raw(
                """
                SELECT id, role FROM practice_member WHERE practice_id = \(bind: practiceId.uuidString)
                AND professional_id = \(bind: professionalId.uuidString) AND removed_at IS NULL
                """
            ).all()
            guard let row = rows.first else { return false }
            let r = RowReader(row: row)
            guard try r.enumeration("role", as: PracticeRole.self) != .owner else {
                throw CareStoreError.ownerCannotLeave
            }
            try await db.raw(
                """
                UPDATE practice_member SET removed_at = \(bind: date.epochMilliseconds)
                WHERE id = \(bind: try r.string("id"))
                """
            ).run()
            return true
        }
    }

    // MARK: Invitations

    public func createInvitation(_ invitation: CareInvitation) async throws {
        guard invitation.note.count <= 200 else {
            throw StorageError.invalid(InputError(field: "note", problem: "must be at most 200 characters"))
        }
        try await write { db in
            let membership = try await db.raw(
                """
                SELECT id FROM practice_member WHERE practice_id = \(bind: invitation.practiceId.uuidString)
                AND professional_id = \(bind: invitation.invitedBy.uuidString) AND removed_at IS NULL
                """
            ).all()
            guard !membership.isEmpty else {
                throw StorageError.invalid(
                    InputError(field: "practiceId", problem: "the inviting professional is not a member of it"))
            }
            try await db.insert(into: "care_invitation")
                .columns(
                    "id", "code_hash", "practice_id", "invited_by", "scope", "note", "created_at", "expires_at",
                    "status"
                )
                .values(
                    invitation.id.uuidString, invitation.codeHash, invitation.practiceId.uuidString,
                    invitation.invitedBy.uuidString, invitation.scope.rawValue, invitation.note,
                    invitation.createdAt.epochMilliseconds, invitation.expiresAt.epochMilliseconds, "pending"
                )
                .run()
        }
    }

    static let invitationColumns =
        "id, code_hash, practice_id, invited_by, scope, note, created_at, expires_at, status, resolved_by, resolved_at"

    static func readInvitation(_ row: any SQLRow) throws -> CareInvitation {
        let r = RowReader(row: row)
        let resolution: CareInvitation.Resolution?
        switch try r.string("status") {
        case "pending": resolution = nil
        case "accepted": resolution = .accepted(by: try r.uuid("resolved_by"), at: try r.date("resolved_at"))
        case "declined": resolution = .declined(by: try r.uuid("resolved_by"), at: try r.date("resolved_at"))
        case "cancelled": resolution = .cancelled(at: try r.date("resolved_at"))
        case let other: throw StorageError.engine("status: unknown value '\(other)'")
        }
        return CareInvitation(
            id: try r.uuid("id"), codeHash: try r.string("code_hash"), practiceId: try r.uuid("practice_id"),
            invitedBy: try r.uuid("invited_by"), scope: try r.enumeration("scope", as: CareScope.self),
            note: try r.string("note"), createdAt: try r.date("created_at"), expiresAt: try r.date("expires_at"),
            resolution: resolution)
    }

    public func invitation(codeHash: String) async throws -> CareInvitation? {
        try await read { db in
            try await db.raw(
                "SELECT \(unsafeRaw: Self.invitationColumns) FROM care_invitation WHERE code_hash = \(bind: codeHash)"
            ).all().first.map(Self.readInvitation)
        }
    }

    public func invitations(of practiceId: PracticeID) async throws -> [CareInvitation] {
        try await read { db in
            try await db.raw(
                """
                SELECT \(unsafeRaw: Self.invitationColumns) FROM care_invitation
                WHERE practice_id = \(bind: practiceId.uuidString) ORDER BY created_at DESC, id
                """
            ).all().map(Self.readInvitation)
        }
    }

    /// Reads a pending invitation inside a write and marks it answered, so that two answers cannot both win.
    static func answerInvitation(
        codeHash: String, status: String, clientId: UserID, at date: Date, db: any SQLDatabase
    ) async throws -> CareInvitation {
        let rows = try await db.raw(
            "SELECT \(unsafeRaw: invitationColumns) FROM care_invitation WHERE code_hash = \(bind: codeHash)"
        ).all()
        guard let row = rows.first else { throw CareStoreError.invitationNotFound }
        let invitation = try readInvitation(row)
        let state = invitation.status(at: date)
        guard state == .pending else { throw CareStoreError.invitationNotPending(state) }
        let changed = try await db.raw(
            """
            UPDATE care_invitation SET status = \(bind: status), resolved_by = \(bind: clientId.uuidString),
                resolved_at = \(bind: date.epochMilliseconds)
            WHERE id = \(bind: invitation.id.uuidString) AND status = 'pending' RETURNING id
            """
        ).all()
        guard !changed.isEmpty else { throw CareStoreError.invitationNotPending(.accepted) }
        return invitation
    }

    public func acceptInvitation(codeHash: String, clientId: UserID, at date: Date) async throws -> CareLink {
        try await write { db in
            try await Self.requireUser(clientId, db: db)
            let invitation = try await Self.answerInvitation(
                codeHash: codeHash, status: "accepted", clientId: clientId, at: date, db: db)
            let membership = try await db.raw(
                """
                SELECT id FROM practice_member WHERE practice_id = \(bind: invitation.practiceId.uuidString)
                AND professional_id = \(bind: clientId.uuidString) AND removed_at IS NULL
                """
            ).all()
            guard membership.isEmpty else { throw CareStoreError.clientIsMember }
            let active = try await db.raw(
                """
                SELECT \(unsafeRaw: Self.linkColumns) FROM care_link
                WHERE practice_id = \(bind: invitation.practiceId.uuidString)
                AND client_id = \(bind: clientId.uuidString) AND revoked_at IS NULL
                """
            ).all().first.map(Self.readLink)
            if var link = active {
                if invitation.scope == .prescribe, link.scope != .prescribe {
                    link.scope = .prescribe
                    try await db.raw(
                        "UPDATE care_link SET scope = 'prescribe' WHERE id = \(bind: link.id.uuidString)"
                    ).run()
                }
                return link
            }
            let link = CareLink(
                practiceId: invitation.practiceId, clientId: clientId, scope: invitation.scope,
                invitationId: invitation.id, grantedAt: date)
            try await db.insert(into: "care_link")
                .columns("id", "practice_id", "client_id", "scope", "invitation_id", "granted_at")
                .values(
                    link.id.uuidString, link.practiceId.uuidString, link.clientId.uuidString, link.scope.rawValue,
                    invitation.id.uuidString, date.epochMilliseconds
                )
                .run()
            return link
        }
    }

    public func declineInvitation(codeHash: String, clientId: UserID, at date: Date) async throws {
        try await write { db in
            try await Self.requireUser(clientId, db: db)
            _ = try await Self.answerInvitation(
                codeHash: codeHash, status: "declined", clientId: clientId, at: date, db: db)
        }
    }

    public func cancelInvitation(_ id: InvitationID, of practiceId: PracticeID, at date: Date) async throws -> Bool {
        try await write { db in
            try await !db.raw(
                """
                UPDATE care_invitation SET status = 'cancelled', resolved_at = \(bind: date.epochMilliseconds)
                WHERE id = \(bind: id.uuidString) AND practice_id = \(bind: practiceId.uuidString)
                AND status = 'pending' RETURNING id
                """
            ).all().isEmpty
        }
    }

    // MARK: Links

    static let linkColumns = "id, practice_id, client_id, scope, invitation_id, granted_at, revoked_at"

    static func readLink(_ row: any SQLRow) throws -> CareLink {
        let r = RowReader(row: row)
        let invitation: InvitationID? =
            try r.stringOrNil("invitation_id").map { text in
                guard let id = InvitationID(uuidString: text) else {
                    throw StorageError.engine("invitation_id: '\(text)' is not a UUID")
                }
                return id
            }
        return CareLink(
            id: try r.uuid("id"), practiceId: try r.uuid("practice_id"), clientId: try r.uuid("client_id"),
            scope: try r.enumeration("scope", as: CareScope.self), invitationId: invitation,
            grantedAt: try r.date("granted_at"), revokedAt: try r.dateOrNil("revoked_at"))
    }

    public func careTeam(of clientId: UserID) async throws -> [CareTeamEntry] {
        try await read { db in
            let rows = try await db.raw(
                """
                SELECT l.id, l.practice_id, l.client_id, l.scope, l.invitation_id, l.granted_at, l.revoked_at,
                    p.name, p.kind, p.owner_id, p.created_at
                FROM care_link l JOIN practice p ON p.id = l.practice_id
                WHERE l.client_id = \(bind: clientId.uuidString) AND l.revoked_at IS NULL
                ORDER BY l.granted_at, l.id
                """
            ).all()
            var team: [CareTeamEntry] = []
            for row in rows {
                let link = try Self.readLink(row)
                let r = RowReader(row: row)
                let practice = Practice(
                    id: link.practiceId, name: try r.string("name"),
                    kind: try r.enumeration("kind", as: PracticeKind.self), ownerId: try r.uuid("owner_id"),
                    createdAt: try r.date("created_at"))
                team.append(
                    CareTeamEntry(
                        practice: practice, link: link, members: try await Self.members(of: practice.id, db: db)))
            }
            return team
        }
    }

    public func revokeCareLink(practiceId: PracticeID, clientId: UserID, at date: Date) async throws -> Bool {
        try await write { db in
            try await !db.raw(
                """
                UPDATE care_link SET revoked_at = \(bind: date.epochMilliseconds)
                WHERE practice_id = \(bind: practiceId.uuidString) AND client_id = \(bind: clientId.uuidString)
                AND revoked_at IS NULL RETURNING id
                """
            ).all().isEmpty
        }
    }

    public func careLinkState(professional: UserID, client: UserID) async throws -> CareLinkState {
        try await read { db in
            let rows = try await db.raw(
                """
                SELECT l.scope, l.revoked_at FROM care_link l
                JOIN practice_member m ON m.practice_id = l.practice_id
                WHERE m.professional_id = \(bind: professional.uuidString) AND m.removed_at IS NULL
                AND l.client_id = \(bind: client.uuidString)
                """
            ).all()
            var scopes: [CareScope] = []
            for row in rows {
                let r = RowReader(row: row)
                if try r.dateOrNil("revoked_at") == nil {
                    scopes.append(try r.enumeration("scope", as: CareScope.self))
                }
            }
            if scopes.contains(.prescribe) { return .active(.prescribe) }
            if !scopes.isEmpty { return .active(.read) }
            return rows.isEmpty ? .none : .revoked
        }
    }

    public func linkedClients(of professionalId: UserID) async throws -> [LinkedClient] {
        try await read { db in
            let rows = try await db.raw(
                """
                SELECT l.id, l.practice_id, l.client_id, l.scope, l.invitation_id, l.granted_at, l.revoked_at,
                    p.name AS practice_name, u.name AS client_name, u.role AS client_role,
                    u.created_at AS client_created_at
                FROM care_link l
                JOIN practice_member m ON m.practice_id = l.practice_id
                JOIN practice p ON p.id = l.practice_id
                JOIN app_user u ON u.id = l.client_id
                WHERE m.professional_id = \(bind: professionalId.uuidString) AND m.removed_at IS NULL
                AND l.revoked_at IS NULL
                ORDER BY u.name, l.client_id, l.granted_at
                """
            ).all()
            var clients: [LinkedClient] = []
            for row in rows {
                let r = RowReader(row: row)
                let link = try Self.readLink(row)
                let client = User(
                    id: link.clientId, name: try r.string("client_name"), role: try r.role("client_role"),
                    createdAt: try r.date("client_created_at"))
                let entry = LinkedClient(client: client, link: link, practiceName: try r.string("practice_name"))
                if let index = clients.firstIndex(where: { $0.client.id == client.id }) {
                    if clients[index].link.scope == .read, link.scope == .prescribe { clients[index] = entry }
                } else {
                    clients.append(entry)
                }
            }
            return clients
        }
    }

    // MARK: Access log

    public func appendAccessLog(_ entry: AccessLogEntry) async throws {
        guard (1...200).contains(entry.resource.count) else {
            throw StorageError.invalid(InputError(field: "resource", problem: "must be 1–200 characters"))
        }
        let address = entry.address.map { String($0.prefix(100)) }
        try await write { db in
            try await db.insert(into: "access_log")
                .columns(
                    "id", "at", "actor_id", "actor_name", "actor_role", "client_id", "action", "resource", "channel",
                    "address"
                )
                .values(
                    entry.id.uuidString, entry.at.epochMilliseconds, entry.actorId.uuidString, entry.actorName,
                    entry.actorRole.rawValue, entry.clientId.uuidString, entry.action.rawValue, entry.resource,
                    entry.channel.rawValue, address
                )
                .run()
        }
    }

    static let accessLogColumns =
        "a.id, a.at, a.actor_id, a.actor_name, a.actor_role, a.client_id, a.action, a.resource, a.channel, a.address"

    static func readAccessLog(_ row: any SQLRow) throws -> AccessLogEntry {
        let r = RowReader(row: row)
        let text = try r.string("id")
        guard let id = UUID(uuidString: text) else { throw StorageError.engine("id: '\(text)' is not a UUID") }
        return AccessLogEntry(
            id: id, at: try r.date("at"), actorId: try r.uuid("actor_id"), actorName: try r.string("actor_name"),
            actorRole: try r.enumeration("actor_role", as: UserRole.self), clientId: try r.uuid("client_id"),
            action: try r.enumeration("action", as: AccessAction.self), resource: try r.string("resource"),
            channel: try r.enumeration("channel", as: AccessChannel.self), address: try r.stringOrNil("address"))
    }

    public func accessLog(client clientId: UserID, limit: Int) async throws -> [AccessLogEntry] {
        try await read { db in
            try await db.raw(
                """
                SELECT \(unsafeRaw: Self.accessLogColumns) FROM access_log a
                WHERE a.client_id = \(bind: clientId.uuidString)
                ORDER BY a.at DESC, a.id LIMIT \(bind: max(0, limit))
                """
            ).all().map(Self.readAccessLog)
        }
    }

    public func accessLog(practice practiceId: PracticeID, limit: Int) async throws -> [AccessLogEntry] {
        try await read { db in
            try await db.raw(
                """
                SELECT \(unsafeRaw: Self.accessLogColumns) FROM access_log a
                WHERE a.actor_id IN (
                    SELECT professional_id FROM practice_member WHERE practice_id = \(bind: practiceId.uuidString))
                AND a.client_id IN (
                    SELECT client_id FROM care_link WHERE practice_id = \(bind: practiceId.uuidString))
                ORDER BY a.at DESC, a.id LIMIT \(bind: max(0, limit))
                """
            ).all().map(Self.readAccessLog)
        }
    }
}

extension SQLStore {
    public func saveFlagReview(_ review: CareFlagReview) async throws {
        guard review.note.count <= CareFlagReview.maximumNoteLength else {
            throw StorageError.invalid(
                InputError(field: "note", problem: "must be at most \(CareFlagReview.maximumNoteLength) characters"))
        }
        guard (1...200).contains(review.flagKey.count) else {
            throw StorageError.invalid(InputError(field: "flagKey", problem: "must be 1–200 characters"))
        }
        try await write { db in
            try await Self.requireUser(review.clientId, db: db)
            try await db.raw(
                """
                DELETE FROM care_flag_review WHERE client_id = \(bind: review.clientId.uuidString)
                AND flag_key = \(bind: review.flagKey)
                """
            ).run()
            try await db.insert(into: "care_flag_review")
                .columns("client_id", "flag_key", "reviewed_by", "reviewer_name", "reviewed_at", "note")
                .values(
                    review.clientId.uuidString, review.flagKey, review.reviewedBy.uuidString, review.reviewerName,
                    review.reviewedAt.epochMilliseconds, review.note
                )
                .run()
        }
    }

    public func flagReviews(client clientId: UserID) async throws -> [CareFlagReview] {
        try await read { db in
            try await db.raw(
                """
                SELECT client_id, flag_key, reviewed_by, reviewer_name, reviewed_at, note FROM care_flag_review
                WHERE client_id = \(bind: clientId.uuidString) ORDER BY reviewed_at DESC, flag_key
                """
            ).all().map { row in
                let r = RowReader(row: row)
                return CareFlagReview(
                    clientId: try r.uuid("client_id"), flagKey: try r.string("flag_key"),
                    reviewedBy: try r.uuid("reviewed_by"), reviewerName: try r.string("reviewer_name"),
                    reviewedAt: try r.date("reviewed_at"), note: try r.string("note"))
            }
        }
    }
}
