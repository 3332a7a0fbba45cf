import BackstepCore
import BackstepStorage
import Foundation

/// The professional side's part of the OpenAPI document: the operations of `PracticeAPI`, `CareTeamAPI` and
/// `ClientsAPI` and their schemas (`OpenAPIDocument.operations` and `.schemas` include them).
extension OpenAPIDocument {
    static let invitationCode: (schema: JSONValue, description: String) = (
        ["type": "string", "pattern": "^[A-Za-z2-9]{4}-?[A-Za-z2-9]{4}-?[A-Za-z2-9]{4}$"],
        "The invitation's code, as given by the professional (dashes optional)"
    )

    static let careOperations: [APIOperation] = [
        .init(
            method: "post", path: "/practices",
            summary: "Create a practice (clinic or coaching business) owned by the signed-in professional",
            request: "PracticeRequest", success: (201, "Created", Schema.ref("Practice")), errors: [403, 409]),
        .init(
            method: "get", path: "/practices",
            summary: "The signed-in professional's practice with its members and invitations (empty before one)",
            success: (200, "OK", Schema.array(Schema.ref("Practice"))), errors: [403]),
        .init(
            method: "post", path: "/invitations",
            summary: "Invite a client to the practice: a single-use code valid for 14 days, its link and QR code "
                + "(the code is shown only in this answer)",
            request: "InvitationRequest", success: (201, "Created", Schema.ref("NewInvitation")), errors: [403, 409]),
        .init(
            method: "get", path: "/invitations/{code}",
            summary: "An invitation as the client reads it before answering: who, what is shared, the scope",
            success: (200, "OK", Schema.ref("InvitationPreview")),
            pathParameters: ["code": invitationCode]),
        .init(
            method: "post", path: "/invitations/{code}/accept",
            summary: "Accept an invitation: the practice's members see the signed-in client's data from now on",
            success: (201, "Consent given", Schema.ref("CareLink")), errors: [409],
            pathParameters: ["code": invitationCode]),
        .init(
            method: "post", path: "/invitations/{code}/decline", summary: "Decline an invitation",
            success: (204, "Declined", nil), errors: [409], pathParameters: ["code": invitationCode]),
        .init(
            method: "get", path: "/care-team",
            summary: "Who can see the signed-in client's data: each practice consented to, with its members",
            success: (200, "OK", Schema.array(Schema.ref("CareTeamEntry")))),
        .init(
            method: "delete", path: "/care-team/{professionalId}",
            summary: "Revoke the access of a professional's practice at once (every member's next request is 404)",
            success: (204, "Revoked", nil),
            pathParameters: ["professionalId": (Schema.uuid, "The professional's user id")]),
        .init(
            method: "get", path: "/access-log",
            summary: "Who read or changed the signed-in client's data, newest first",
            success: (200, "OK", Schema.array(Schema.ref("AccessLogEntry"))),
            query: [
                [
                    "name": "limit", "in": "query", "required": false,
                    "description": "At most this many (1–1000, default 500)", "schema": Schema.integer(1...1000),
                ]
            ]),
        .init(
            method: "get", path: "/clients",
            summary: "The signed-in professional's clients, who needs attention first (each read is logged)",
            success: (200, "OK", Schema.array(Schema.ref("ClientSummary"))), errors: [403]),
        .init(
            method: "get", path: "/clients/{id}",
            summary: "One client: profile, screening, plan, recent sessions, progression decision, assessments and "
                + "flags (404 without the client's consent; logged)",
            success: (200, "OK", Schema.ref("ClientOverview"))),
        .init(
            method: "get", path: "/clients/{id}/sessions", summary: "A client's sessions, newest first (logged)",
            success: (200, "OK", Schema.array(Schema.ref("SessionOverview"))),
            query: [
                [
                    "name": "limit", "in": "query", "required": false,
                    "description": "At most this many (1–1000, default 100)", "schema": Schema.integer(1...1000),
                ]
            ]),
        .init(
            method: "get", path: "/clients/{id}/fhir",
            summary: "A client's record as a FHIR R4 Bundle (collection): Patient, Organization, Practitioners, an "
                + "Observation panel per session with its pain ratings, and the tests (logged)",
            success: (200, "A FHIR R4 Bundle", fhirBundle), mediaType: "application/fhir+json"),
        .init(
            method: "post", path: "/clients/{id}/flag-reviews",
            summary: "Acknowledge one of the client's flags with a note (it leaves the open list)",
            request: "FlagReviewRequest", success: (204, "Acknowledged", nil)),
    ]

    /// The outline of a FHIR Bundle; the resources inside follow FHIR R4, which the cross-check validates.
    static let fhirBundle: JSONValue = [
        "type": "object", "required": ["resourceType", "type", "entry"],
        "properties": [
            "resourceType": ["type": "string", "enum": ["Bundle"]], "type": ["type": "string", "enum": ["collection"]],
            "entry": Schema.array(["type": "object"]),
        ],
    ]

    static let careSchemas: [String: JSONValue] = {
        var schemas: [String: JSONValue] = [:]
        let member = Schema.ref("PracticeMember")
        schemas["PracticeRequest"] = Schema.object([
            "name": Schema.string(1...200), "kind": Schema.oneOf(PracticeKind.self),
        ])
        schemas["PracticeMember"] = Schema.object(
            [
                "id": Schema.uuid, "name": Schema.string, "role": Schema.oneOf(PracticeRole.self),
                "profession": Schema.oneOf(Profession.self), "registrationNumber": Schema.string(1...50),
                "addedAt": Schema.dateTime,
            ], optional: ["profession", "registrationNumber"])
        schemas["Practice"] = Schema.object(
            [
                "id": Schema.uuid, "name": Schema.string(1...200), "kind": Schema.oneOf(PracticeKind.self),
                "ownerId": Schema.uuid, "createdAt": Schema.dateTime, "members": Schema.array(member),
                "invitations": Schema.array(Schema.ref("Invitation")),
            ], optional: ["invitations"])
        schemas["InvitationRequest"] = Schema.object(
            ["scope": Schema.oneOf(CareScope.self), "note": Schema.string(0...200)], optional: ["note"])
        schemas["Invitation"] = Schema.object([
            "id": Schema.uuid, "scope": Schema.oneOf(CareScope.self), "note": Schema.string(0...200),
            "createdAt": Schema.dateTime, "expiresAt": Schema.dateTime,
            "status": Schema.oneOf(InvitationStatus.self),
        ])
        schemas["NewInvitation"] = Schema.object(
            [
                "id": Schema.uuid, "code": ["type": "string", "pattern": "^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$"],
                "path": ["type": "string", "pattern": "^/invite/[A-Z2-9-]{14}$"], "url": Schema.string,
                "qrSvg": Schema.string, "scope": Schema.oneOf(CareScope.self), "note": Schema.string(0...200),
                "expiresAt": Schema.dateTime,
            ], optional: ["url"])
        schemas["InvitationPreview"] = Schema.object(
            [
                "practiceId": Schema.uuid, "practiceName": Schema.string, "invitedBy": Schema.string,
                "invitedByProfession": Schema.oneOf(Profession.self), "scope": Schema.oneOf(CareScope.self),
                "shares": Schema.array(Schema.oneOf(SharedData.self)), "status": Schema.oneOf(InvitationStatus.self),
                "expiresAt": Schema.dateTime, "members": Schema.array(member),
            ], optional: ["invitedByProfession"])
        schemas["CareLink"] = Schema.object([
            "id": Schema.uuid, "practiceId": Schema.uuid, "scope": Schema.oneOf(CareScope.self),
            "grantedAt": Schema.dateTime,
        ])
        schemas["CareTeamEntry"] = Schema.object([
            "practiceId": Schema.uuid, "practiceName": Schema.string, "kind": Schema.oneOf(PracticeKind.self),
            "scope": Schema.oneOf(CareScope.self), "grantedAt": Schema.dateTime, "members": Schema.array(member),
        ])
        schemas["AccessLogEntry"] = Schema.object(
            [
                "at": Schema.dateTime, "actorId": Schema.uuid, "actorName": Schema.string,
                "actorRole": Schema.oneOf(UserRole.self), "clientId": Schema.uuid,
                "action": Schema.oneOf(AccessAction.self), "resource": Schema.string(1...200),
                "channel": Schema.oneOf(AccessChannel.self), "address": Schema.string,
            ], optional: ["address"])
        schemas["Adherence"] = Schema.object(
            [
                "days": Schema.integer(atLeast: 1), "planned": Schema.integer(atLeast: 0),
                "done": Schema.integer(atLeast: 0), "ratio": Schema.number(0...1),
            ], optional: ["ratio"])
        schemas["CareFlag"] = Schema.object(
            [
                "key": Schema.string(1...200), "kind": Schema.oneOf(CareFlagKind.self),
                "severity": Schema.oneOf(CareFlagSeverity.self), "reason": Schema.string, "raisedAt": Schema.dateTime,
                "sessionId": Schema.uuid,
            ], optional: ["sessionId"])
        schemas["ClientSummary"] = Schema.object(
            [
                "id": Schema.uuid, "name": Schema.string, "practiceName": Schema.string,
                "scope": Schema.oneOf(CareScope.self), "linkedAt": Schema.dateTime,
                "adherence7": Schema.ref("Adherence"), "adherence30": Schema.ref("Adherence"),
                "lastSessionAt": Schema.dateTime, "painTrend": Schema.oneOf(PainTrend.self),
                "openFlags": Schema.array(Schema.ref("CareFlag")), "unreadMessages": Schema.integer(atLeast: 0),
            ], optional: ["lastSessionAt"])
        schemas["ReviewedFlag"] = Schema.object([
            "flag": Schema.ref("CareFlag"), "reviewedBy": Schema.string, "reviewedAt": Schema.dateTime,
            "note": Schema.string(0...CareFlagReview.maximumNoteLength),
        ])
        schemas["ClientOverview"] = Schema.object(
            [
                "client": Schema.ref("ClientSummary"), "profile": Schema.ref("Profile"),
                "screening": Schema.ref("Screening"), "plan": Schema.ref("StoredPlan"),
                "recentSessions": Schema.array(Schema.ref("SessionOverview")),
                "decision": Schema.ref("ProgressionDecision"),
                "assessments": Schema.array(Schema.ref("AssessmentRecord")),
                "reviewedFlags": Schema.array(Schema.ref("ReviewedFlag")),
            ], optional: ["profile", "screening", "plan", "decision"])
        schemas["FlagReviewRequest"] = Schema.object(
            [
                "flagKey": Schema.string(1...200), "note": Schema.string(0...CareFlagReview.maximumNoteLength),
            ], optional: ["note"])
        return schemas
    }()
}
