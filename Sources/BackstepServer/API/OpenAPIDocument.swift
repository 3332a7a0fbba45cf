import BackstepCore
import BackstepInterop
import BackstepStorage
import Foundation

/// One operation of the JSON API, as the OpenAPI document describes it.
struct APIOperation: Sendable {
    /// The HTTP method, lower case (`get`, `post`, `put`, `delete`).
    var method: String
    /// The path below `/api/v1`, with `{id}` for path parameters.
    var path: String
    /// What it does, in a few words.
    var summary: String
    /// Whether it works without authentication.
    var isPublic = false
    /// The component schema of the JSON request body, if it takes one.
    var request: String?
    /// The success status, its description and the response schema (nil for an empty body).
    var success: (status: Int, description: String, schema: JSONValue?)
    /// Error statuses beyond the ones every operation of its kind can answer (see `errorStatuses`).
    var errors: [Int] = []
    /// Query parameters.
    var query: [JSONValue] = []
    /// Path parameters other than `{id}`, by name: their schema and what they are.
    var pathParameters: [String: (schema: JSONValue, description: String)] = [:]
    /// Media types the request body may also come as, besides the JSON of `request`, with their schemas.
    var otherRequestForms: [String: JSONValue] = [:]
    /// For a download: the formats the file comes in. The success answer is then the file, in the format's media
    /// type (`ExportedFile.contentType(of:)`) with `Content-Disposition: attachment`, instead of JSON.
    var files: [InteropFormat] = []

    /// `get_sessions_id_feedback` for `GET /sessions/{id}/feedback`.
    var operationId: String {
        let words = path.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
        return ([method] + words).joined(separator: "_")
    }

    /// The names of the path's parameters, in order: `["id", "format"]` for `/sessions/{id}/export/{format}`.
    var pathParameterNames: [String] {
        path.split(separator: "/").compactMap { segment in
            segment.hasPrefix("{") && segment.hasSuffix("}") ? String(segment.dropFirst().dropLast()) : nil
        }
    }

    /// Every error status the operation may answer with the `Error` body: 401 unless public, 400/413/422 for a
    /// JSON body, 403 for a change made with the session cookie but no CSRF token, 404 for a path parameter (an
    /// unknown id, or one of someone else's), plus `errors`.
    var errorStatuses: [Int] {
        var statuses = Set(errors)
        if !isPublic { statuses.insert(401) }
        if request != nil { statuses.formUnion([400, 413, 422]) }
        if method != "get" { statuses.insert(403) }
        if !pathParameterNames.isEmpty { statuses.insert(404) }
        return statuses.sorted()
    }
}

/// The OpenAPI 3 document served at `/api/v1/openapi.json`, built from `operations` (one entry per route of
/// the feature API collections) and `schemas`. Enumerations are taken from the Swift types, so they cannot drift.
///
/// Checked three ways: `OpenAPIRouteTests` compares the operations with the router's `/api/v1` routes;
/// `OpenAPICrossCheckTests` validates the document with openapi-spec-validator and runs `CrossCheck/openapi/`'s
/// scripted walk against a real `backstep serve`, validating every request and response with openapi-core and
/// failing when a documented operation was not exercised.
enum OpenAPIDocument {
    /// The document as served (sorted keys).
    static let json: String = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(document) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }()

    static var document: JSONValue {
        var paths: [String: JSONValue] = [:]
        for operation in operations {
            var item: [String: JSONValue] = [:]
            if case .object(let existing) = paths[operation.path] { item = existing }
            item[operation.method] = describe(operation)
            paths[operation.path] = .object(item)
        }
        return [
            "openapi": "3.0.3",
            "info": [
                "title": "Backstep API", "version": "1.0.0",
                "description": .string(
                    "The JSON API of the Backstep web app. Authenticate with a bearer token (POST /auth/token, "
                        + "POST /tokens or the settings page) or the browser session cookie plus an X-CSRF-Token "
                        + "header for changes. Errors are {\"error\":{\"status\",\"message\",\"field\"}}, where "
                        + "field names the offending JSON field."),
            ],
            "servers": [["url": "/api/v1"]],
            "security": [["bearer": []], ["cookie": []]],
            "paths": .object(paths),
            "components": [
                "schemas": .object(schemas),
                "securitySchemes": [
                    "bearer": ["type": "http", "scheme": "bearer"],
                    "cookie": ["type": "apiKey", "in": "cookie", "name": .string(CookieName.session)],
                ],
            ],
        ]
    }

    static func describe(_ operation: APIOperation) -> JSONValue {
        func json(_ schema: JSONValue) -> JSONValue { ["application/json": ["schema": schema]] }
        var responses: [String: JSONValue] = [:]
        let success = operation.success
        var answer: JSONValue = ["description": .string(success.description)]
        if let schema = success.schema { answer = answer.with("content", json(schema)) }
        if !operation.files.isEmpty {
            let file: JSONValue = ["schema": ["type": "string", "format": "binary"]]
            let types = operation.files.map { ExportedFile.contentType(of: $0).prefix { $0 != ";" } }
            answer = answer.with("content", .object(Dictionary(types.map { (String($0), file) }) { first, _ in first }))
                .with("headers", ["Content-Disposition": contentDisposition])
        }
        responses[String(success.status)] = answer
        for status in operation.errorStatuses {
            let description = JSONValue.string(errorDescriptions[status] ?? "Error")
            responses[String(status)] = ["description": description, "content": json(Schema.ref("Error"))]
        }
        var result: [String: JSONValue] = [
            "operationId": .string(operation.operationId), "summary": .string(operation.summary),
            "responses": .object(responses),
        ]
        if operation.isPublic { result["security"] = [] }
        var parameters: [JSONValue] = operation.pathParameterNames.map { name in
            var parameter: JSONValue = ["name": .string(name), "in": "path", "required": true]
            if name == "id" {
                return parameter.with("schema", operation.path.hasPrefix("/programs") ? Schema.string : Schema.uuid)
            }
            let described = operation.pathParameters[name]
            parameter = parameter.with("schema", described?.schema ?? Schema.string)
            return described.map { parameter.with("description", .string($0.description)) } ?? parameter
        }
        parameters += operation.query
        if !parameters.isEmpty { result["parameters"] = .array(parameters) }
        if let request = operation.request {
            var content = json(Schema.ref(request))
            for (mediaType, schema) in operation.otherRequestForms {
                content = content.with(mediaType, ["schema": schema])
            }
            result["requestBody"] = ["required": true, "content": content]
        }
        return .object(result)
    }

    /// The header of every download (`InteropRoutes.attachment`; `ExportedFile` names are ASCII letters,
    /// digits, `-` and `.`).
    static let contentDisposition: JSONValue = [
        "description": "attachment; filename=\"…\"", "required": true,
        "schema": ["type": "string", "pattern": "^attachment; filename=\"[A-Za-z0-9.-]+\"$"],
    ]

    static let errorDescriptions: [Int: String] = [
        400: "The body is not JSON (the message says where)", 401: "Not signed in, or the token is not valid",
        403: "A change made with the session cookie but without the X-CSRF-Token header",
        404: "No such record (or it belongs to someone else)", 409: "Conflicts with what is stored",
        413: "The body is too large", 422: "A field is not valid (error.field names it)",
        429: "Too many failed attempts; see Retry-After",
    ]

    // MARK: Operations

    static let operations: [APIOperation] = [
        .init(
            method: "get", path: "/openapi.json", summary: "This document", isPublic: true,
            success: (200, "The OpenAPI document", ["type": "object"])),
        .init(
            method: "post", path: "/auth/signup", summary: "Create an account; returns an API token", isPublic: true,
            request: "SignUp", success: (201, "Created", Schema.ref("Token")), errors: [409]),
        .init(
            method: "post", path: "/auth/token",
            summary: "Exchange e-mail and password for an API token (rate limited)",
            isPublic: true, request: "Credentials", success: (201, "Created", Schema.ref("Token")),
            errors: [401, 429]),
        .init(method: "get", path: "/me", summary: "The signed-in user", success: (200, "OK", Schema.ref("User"))),
        .init(
            method: "post", path: "/account/password",
            summary: "Change the password; revokes every API token and every other browser session",
            request: "PasswordChange", success: (200, "Changed", Schema.ref("PasswordChanged")), errors: [429]),
        .init(
            method: "get", path: "/tokens", summary: "The user's API tokens (never the tokens themselves)",
            success: (200, "OK", Schema.array(Schema.ref("APIToken")))),
        .init(
            method: "post", path: "/tokens", summary: "Create an API token; the token is shown only in this answer",
            request: "TokenRequest", success: (201, "Created", Schema.ref("NewAPIToken"))),
        .init(
            method: "delete", path: "/tokens/{id}", summary: "Revoke an API token at once",
            success: (204, "Revoked", nil)),
        .init(
            method: "get", path: "/profile", summary: "The current profile",
            success: (200, "OK", Schema.ref("Profile")),
            errors: [404]),
        .init(
            method: "put", path: "/profile", summary: "Save the profile (a new version)", request: "Profile",
            success: (200, "Saved", Schema.ref("Profile"))),
        .init(
            method: "get", path: "/screening", summary: "The latest screening",
            success: (200, "OK", Schema.ref("Screening")), errors: [404]),
        .init(
            method: "post", path: "/screening", summary: "Answer the seven screening questions",
            request: "ScreeningAnswers", success: (201, "Created", Schema.ref("Screening"))),
        .init(
            method: "get", path: "/programs", summary: "The program catalog", isPublic: true,
            success: (200, "OK", Schema.array(Schema.ref("Program")))),
        .init(
            method: "get", path: "/programs/{id}", summary: "One program", isPublic: true,
            success: (200, "OK", Schema.ref("Program"))),
        .init(
            method: "get", path: "/plan", summary: "The current plan", success: (200, "OK", Schema.ref("StoredPlan")),
            errors: [404]),
        .init(
            method: "post", path: "/plan", summary: "Generate a plan from the profile and screening",
            request: "PlanRequest", success: (201, "Created", Schema.ref("StoredPlan")), errors: [409]),
        .init(
            method: "get", path: "/plan/calendar",
            summary: "The current plan as an iCalendar download: one event per planned session, with the same UIDs "
                + "every time for the same stored plan",
            success: (200, "An iCalendar file, as an attachment", nil), errors: [404, 422], files: [.ics]),
        .init(
            method: "get", path: "/plan/workouts/{program}/{format}",
            summary: "A program of the current plan as a workout download: the workout of its next planned session, "
                + "as a FIT workout or a Zwift ZWO",
            success: (200, "The workout file, as an attachment", nil), errors: [422],
            pathParameters: [
                "program": (Schema.string, "A program id of the current plan"),
                "format": (formats(InteropRoutes.workoutFormats), "The file format"),
            ],
            files: InteropRoutes.workoutFormats),
        .init(
            method: "get", path: "/next", summary: "The next planned session with the progression decision applied",
            success: (200, "OK", Schema.ref("Next"))),
        .init(
            method: "post", path: "/sessions/live",
            summary: "Start a live session (manual, simulated or bluetooth); returns its WebSocket path",
            request: "LiveStart", success: (201, "Started", Schema.ref("LiveSession")), errors: [409]),
        .init(
            method: "get", path: "/sessions", summary: "Session history, newest first",
            success: (200, "OK", Schema.array(Schema.ref("SessionOverview"))),
            query: [
                [
                    "name": "limit", "in": "query", "required": false,
                    "description": "At most this many (1–1000, default 100)", "schema": Schema.integer(1...1000),
                ]
            ]),
        .init(
            method: "post", path: "/sessions/import",
            summary: "Import FIT activity, TCX and CSV files as sessions: each file is imported whole, found to be a "
                + "duplicate of a stored session or an earlier file, or skipped with the reason (20 MB at most)",
            request: "ImportRequest", success: (200, "What happened to each file", Schema.ref("ImportSummary")),
            otherRequestForms: ["multipart/form-data": importForm]),
        .init(
            method: "get", path: "/sessions/{id}", summary: "One session with samples and feedback",
            success: (200, "OK", Schema.ref("PerformedSession"))),
        .init(
            method: "get", path: "/sessions/{id}/export/{format}",
            summary: "A session as a FIT activity, TCX or CSV download",
            success: (200, "The session file, as an attachment", nil), errors: [422],
            pathParameters: ["format": (formats(InteropRoutes.sessionFormats), "The file format")],
            files: InteropRoutes.sessionFormats),
        .init(
            method: "post", path: "/sessions/{id}/feedback", summary: "Feedback after a session", request: "Feedback",
            success: (201, "Saved", Schema.ref("SessionFeedback"))),
        .init(
            method: "post", path: "/sessions/{id}/morning-pain", summary: "Pain the next morning",
            request: "MorningPain", success: (204, "Saved", nil), errors: [409]),
        .init(
            method: "get", path: "/dashboard", summary: "Training statistics",
            success: (200, "OK", Schema.ref("TrainingStatistics"))),
        .init(
            method: "get", path: "/assessments", summary: "Assessments, oldest first",
            success: (200, "OK", Schema.array(Schema.ref("AssessmentRecord")))),
        .init(
            method: "post", path: "/assessments", summary: "Record a 3-metre backward walk test", request: "WalkTest",
            success: (201, "Created", Schema.ref("WalkTestResult"))),
    ]

    // MARK: Schemas

    static let speedMps = Schema.number(0...InputLimits.maximumSpeed.metersPerSecond)
    static let gradePercent = Schema.number(InputLimits.gradeRange)
    static let pain = Schema.integer(SessionFeedback.painRange)
    static let notes: JSONValue = ["type": "string", "maxLength": 2000]
    static let password = Schema.string(TrainingService.passwordLength)
    /// `SessionFingerprint.key`: "2025-01-06T07:00:00Z/1800s/2510m".
    static let fingerprint: JSONValue = [
        "type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z/[0-9]+s/[0-9]+m$",
    ]

    /// One of these file formats.
    static func formats(_ formats: [InteropFormat]) -> JSONValue { Schema.oneOf(formats.map(\.rawValue)) }

    /// The multipart/form-data form of `ImportRequest`, as the history page's upload form sends it.
    static var importForm: JSONValue {
        Schema.object(
            [
                "files": Schema.array(["type": "string", "format": "binary"]).with("minItems", 1),
                "direction": Schema.oneOf(Direction.allCases.map(\.rawValue) + [""]).with(
                    "description", "For files that don't say; empty: such files are skipped with that reason"),
                "_csrf": Schema.string.with("description", "The CSRF token, when signed in with the session cookie"),
            ], optional: ["direction", "_csrf"])
    }

    static let schemas: [String: JSONValue] = requestSchemas.merging(responseSchemas) { first, _ in first }
        .merging(domainSchemas) { first, _ in first }

    /// Request bodies.
    static let requestSchemas: [String: JSONValue] = {
        var schemas: [String: JSONValue] = [:]
        schemas["SignUp"] = Schema.object([
            "name": Schema.string(1...200), "email": ["type": "string", "format": "email", "maxLength": 254],
            "password": password,
        ])
        schemas["Credentials"] = Schema.object(
            [
                "email": Schema.string, "password": Schema.string,
                "name": Schema.string(TrainingService.tokenNameLength),
            ],
            optional: ["name"])
        schemas["PasswordChange"] = Schema.object(["currentPassword": Schema.string, "newPassword": password])
        schemas["TokenRequest"] = Schema.object(["name": Schema.string(TrainingService.tokenNameLength)])
        schemas["ScreeningAnswers"] = Schema.object(["answers": screeningAnswers])
        schemas["PlanRequest"] = Schema.options([
            "daysPerWeek": Schema.integer(1...7), "minutesPerSession": Schema.integer(5...120),
            "weeks": Schema.integer(1...52),
        ])
        schemas["LiveStart"] = Schema.options([
            "mode": Schema.oneOf(LiveMode.self), "week": Schema.integer(atLeast: 1), "day": Schema.integer(1...7),
            "program": Schema.string,
            // An interrupted session to continue where it stopped (the newest, within 12 hours, without feedback).
            "resume": Schema.uuid,
            "bluetooth": Schema.object(
                [
                    "feature": ["type": "string", "pattern": "^[0-9A-Fa-f :]*$"],
                    "speedRange": ["type": "string", "pattern": "^[0-9A-Fa-f :]*$"],
                    "inclinationRange": ["type": "string", "pattern": "^[0-9A-Fa-f :]*$"],
                ], optional: ["speedRange", "inclinationRange"]),
        ])
        schemas["Feedback"] = Schema.object(
            [
                "rpe": Schema.number(ExertionScale.borg.range), "painDuring": pain, "painAfter": pain,
                "handrailUsed": Schema.oneOf(HandrailLevel.self), "nearFall": Schema.boolean, "notes": notes,
            ], optional: ["rpe", "handrailUsed", "nearFall", "notes"])
        schemas["MorningPain"] = Schema.object(["painNextMorning": pain])
        schemas["ImportRequest"] = Schema.object(
            [
                "direction": Schema.oneOf(Direction.self).with(
                    "description", "For files that don't say; absent: such files are skipped with that reason"),
                "files": Schema.array(
                    Schema.object(["name": Schema.string, "contentBase64": ["type": "string", "format": "byte"]])
                ).with("minItems", 1),
            ], optional: ["direction"])
        schemas["WalkTest"] = Schema.object(
            [
                "seconds": Schema.number(0.1...ThreeMetreBackwardWalkTest.maximumSeconds),
                "population": Schema.oneOf(BackwardWalkTestPopulation.self), "notes": notes,
            ], optional: ["population", "notes"])
        return schemas
    }()

    static var screeningAnswers: JSONValue {
        Schema.object(Dictionary(uniqueKeysWithValues: ScreeningTopic.allCases.map { ($0.rawValue, Schema.boolean) }))
    }

    /// Response bodies made by the API layer.
    static let responseSchemas: [String: JSONValue] = {
        var schemas: [String: JSONValue] = [:]
        schemas["Error"] = Schema.object([
            "error": Schema.object(
                [
                    "status": Schema.integer(400...599), "message": Schema.string,
                    "field": Schema.string,
                ], optional: ["field"])
        ])
        schemas["User"] = Schema.object(["id": Schema.uuid, "name": Schema.string, "role": Schema.oneOf(UserRole.self)])
        schemas["Token"] = Schema.object([
            "token": ["type": "string", "pattern": "^bst_[A-Za-z0-9_-]{43}$"], "tokenId": Schema.uuid,
            "user": Schema.ref("User"),
        ])
        schemas["APIToken"] = Schema.object(
            [
                "id": Schema.uuid, "name": Schema.string(TrainingService.tokenNameLength), "createdAt": Schema.dateTime,
                "lastUsedAt": Schema.dateTime,
            ], optional: ["lastUsedAt"])
        schemas["NewAPIToken"] = Schema.object([
            "id": Schema.uuid, "name": Schema.string(TrainingService.tokenNameLength), "createdAt": Schema.dateTime,
            "token": ["type": "string", "pattern": "^bst_[A-Za-z0-9_-]{43}$"],
        ])
        schemas["PasswordChanged"] = Schema.object([
            "revokedSessions": Schema.integer(atLeast: 0), "revokedTokens": Schema.integer(atLeast: 0),
        ])
        schemas["Screening"] = Schema.object([
            "date": Schema.dateTime, "answers": screeningAnswers, "clearance": Schema.oneOf(Clearance.self),
            "advice": Schema.string,
        ])
        schemas["Program"] = Schema.object([
            "id": Schema.string, "name": Schema.string, "summary": Schema.string, "audience": Schema.string,
            "trains": Schema.array(Schema.string), "safetyNotes": Schema.array(Schema.string),
            "evidence": Schema.array(Schema.ref("Citation")),
        ])
        schemas["Next"] = Schema.object(
            [
                "session": Schema.object([
                    "week": Schema.integer(atLeast: 1), "day": Schema.integer(1...7), "date": Schema.dateTime,
                    "programId": Schema.string, "workout": Schema.ref("Workout"),
                    "prescription": Schema.ref("Prescription"),
                ]),
                "decision": Schema.ref("ProgressionDecision"),
            ], optional: ["session", "decision"])
        schemas["LiveSession"] = Schema.object([
            "sessionId": Schema.uuid, "mode": Schema.oneOf(LiveMode.self),
            "websocket": ["type": "string", "pattern": "^/sessions/live/ws\\?session="],
        ])
        schemas["ImportSummary"] = Schema.object([
            "imported": Schema.array(
                Schema.object([
                    "file": Schema.string, "sessionId": Schema.uuid, "name": Schema.string,
                    "format": formats(InteropRoutes.sessionFormats), "fingerprint": fingerprint,
                    "warnings": Schema.array(Schema.string),
                ])),
            "duplicates": Schema.array(
                Schema.object(
                    [
                        "file": Schema.string, "fingerprint": fingerprint,
                        "sameAs": Schema.string.with(
                            "description",
                            "The earlier file of this upload with the same session; absent: already stored"),
                    ], optional: ["sameAs"])),
            "skipped": Schema.array(
                Schema.object(
                    [
                        "file": Schema.string, "kind": Schema.oneOf(InteropError.Kind.self),
                        "format": Schema.oneOf(InteropFormat.self), "location": Schema.string, "problem": Schema.string,
                    ], optional: ["file", "format", "location"])),
        ])
        schemas["WalkTestResult"] = Schema.object([
            "record": Schema.ref("AssessmentRecord"), "band": Schema.oneOf(FallRiskBand.self),
            "interpretation": Schema.string,
        ])
        return schemas
    }()

    /// The domain's JSON forms (BackstepCore and BackstepStorage `Codable` types).
    static let domainSchemas: [String: JSONValue] = {
        var schemas: [String: JSONValue] = [:]
        schemas["Citation"] = Schema.object(["source": Schema.string, "finding": Schema.string])
        schemas["Speed"] = Schema.object(["metersPerSecond": Schema.number])
        schemas["Profile"] = Schema.object(
            [
                "age": Schema.integer(Profile.ageRange), "sex": Schema.oneOf(Sex.self),
                "massKg": Schema.number(Profile.massRange), "heightMeters": Schema.number(Profile.heightRange),
                "goal": Schema.oneOf(Goal.self), "experience": Schema.oneOf(Experience.self),
                "conditions": Schema.array(Schema.oneOf(Condition.self)), "equipment": Schema.ref("Equipment"),
                "units": Schema.oneOf(UnitPreference.self), "speedCapMps": Schema.number(Profile.speedRange),
                "overgroundWalkingSpeedMps": Schema.number(Profile.speedRange),
            ],
            optional: [
                "sex", "heightMeters", "experience", "conditions", "equipment", "units", "speedCapMps",
                "overgroundWalkingSpeedMps",
            ])
        schemas["Equipment"] = Schema.object(
            [
                "treadmill": Schema.object(
                    [
                        "minSpeedMps": speedMps, "maxSpeedMps": speedMps, "minGradePercent": gradePercent,
                        "maxGradePercent": gradePercent, "ftms": Schema.boolean,
                    ], optional: ["minGradePercent", "maxGradePercent", "ftms"]),
                "curvedTreadmill": Schema.boolean, "outdoors": Schema.boolean, "freeWeights": Schema.boolean,
                "weightedVest": Schema.boolean,
            ], optional: ["treadmill"])
        schemas["Workout"] = Schema.object(
            [
                "name": Schema.string, "summary": Schema.string,
                "items": Schema.array(["oneOf": [Schema.ref("Step"), Schema.ref("RepeatBlock")]]),
            ], optional: ["summary"])
        schemas["RepeatBlock"] = Schema.object([
            "type": Schema.oneOf(["repeat"]), "count": Schema.integer(1...100),
            "steps": Schema.array(Schema.ref("Step")),
        ])
        schemas["Step"] = Schema.object(
            [
                "type": Schema.oneOf(["step"]), "name": Schema.string, "activity": Schema.ref("Activity"),
                "goal": Schema.ref("StepGoal"), "cues": Schema.array(Schema.oneOf(TechniqueCue.self)),
                "note": Schema.string,
            ], optional: ["type", "cues", "note"])
        schemas["Activity"] = [
            "oneOf": [
                Schema.object(
                    [
                        "kind": Schema.oneOf(["locomotion"]), "direction": Schema.oneOf(Direction.self),
                        "gait": Schema.oneOf(Gait.self), "surface": Schema.oneOf(Surface.self),
                        "speed": Schema.ref("SpeedTarget"), "gradePercent": gradePercent,
                        "handrail": Schema.oneOf(HandrailLevel.self),
                    ], optional: ["gait", "surface", "gradePercent", "handrail"]),
                Schema.object(
                    ["kind": Schema.oneOf(["rest"]), "rest": Schema.oneOf(RestKind.self), "speedMps": speedMps],
                    optional: ["speedMps"]),
                Schema.object(
                    [
                        "kind": Schema.oneOf(["strength"]), "exercise": Schema.oneOf(Exercise.self),
                        "load": Schema.string,
                    ],
                    optional: ["load"]),
            ]
        ]
        schemas["SpeedTarget"] = [
            "oneOf": [
                Schema.object(["kind": Schema.oneOf(["fixed"]), "speedMps": speedMps]),
                Schema.object(["kind": Schema.oneOf(["range"]), "minSpeedMps": speedMps, "maxSpeedMps": speedMps]),
                Schema.object(["kind": Schema.oneOf(["effort"]), "effort": Schema.oneOf(Effort.self)]),
            ]
        ]
        schemas["StepGoal"] = [
            "oneOf": [
                Schema.object(["kind": Schema.oneOf(["time"]), "durationSeconds": Schema.number(0...14_400)]),
                Schema.object(["kind": Schema.oneOf(["distance"]), "distanceMeters": Schema.number(0...100_000)]),
                Schema.object(["kind": Schema.oneOf(["reps", "reps-for-time"]), "reps": Schema.integer(1...1000)]),
                Schema.object(["kind": Schema.oneOf(["open"])]),
            ]
        ]
        schemas["Prescription"] = Schema.object(
            [
                "speedMps": Schema.number(Prescription.speedRange), "gradePercent": gradePercent,
                "durationSeconds": Schema.number(Prescription.durationRange),
                "handrail": Schema.oneOf(HandrailLevel.self), "gait": Schema.oneOf(Gait.self),
                "stage": Schema.oneOf(TrainingStage.self),
                "targetDurationSeconds": Schema.number(Prescription.durationRange),
            ], optional: ["gradePercent", "handrail", "gait", "targetDurationSeconds"])
        schemas["StoredPlan"] = Schema.object(
            [
                "id": Schema.uuid, "userId": Schema.uuid, "createdAt": Schema.dateTime, "startDate": Schema.dateTime,
                "plan": Schema.ref("Plan"),
            ], optional: ["startDate"])
        schemas["Plan"] = Schema.object([
            "goal": Schema.oneOf(Goal.self), "population": Schema.oneOf(Population.self),
            "clearance": Schema.oneOf(Clearance.self), "requiresClinician": Schema.boolean,
            "weeks": Schema.array(Schema.ref("PlanWeek")),
            "diagnostics": Schema.array(
                Schema.object(
                    [
                        "severity": Schema.oneOf(["info", "adjusted", "warning"]), "field": Schema.string,
                        "message": Schema.string,
                    ],
                    optional: ["field"])),
        ])
        schemas["PlanWeek"] = Schema.object([
            "number": Schema.integer(atLeast: 1), "stage": Schema.oneOf(TrainingStage.self), "focus": Schema.string,
            "isDeload": Schema.boolean, "speedMps": speedMps, "speedCapMps": speedMps, "gradeCapPercent": gradePercent,
            "handrail": Schema.oneOf(HandrailLevel.self), "sessions": Schema.array(Schema.ref("PlannedSession")),
        ])
        schemas["PlannedSession"] = Schema.object(
            [
                "week": Schema.integer(atLeast: 1), "day": Schema.integer(1...7), "date": Schema.dateTime,
                "programId": Schema.string, "estimatedDurationSeconds": Schema.number(atLeast: 0),
                "workout": Schema.ref("Workout"),
            ], optional: ["date"])
        schemas["SessionFeedback"] = Schema.object(
            [
                "date": Schema.dateTime, "completed": Schema.boolean, "rpe": Schema.number(0...20),
                "rpeScale": Schema.oneOf(ExertionScale.self), "painDuring": pain, "painAfter": pain,
                "painNextMorning": pain, "handrailUsed": Schema.oneOf(HandrailLevel.self),
                "lostBalance": Schema.boolean, "nearFall": Schema.boolean,
                "redFlags": Schema.array(Schema.oneOf(RedFlagSymptom.self)), "notes": notes,
            ], optional: ["rpe", "rpeScale", "painNextMorning"])
        schemas["SessionSummary"] = Schema.object(
            [
                "elapsedSeconds": Schema.number(atLeast: 0), "activeSeconds": Schema.number(atLeast: 0),
                "backwardSeconds": Schema.number(atLeast: 0), "distanceMeters": Schema.number(atLeast: 0),
                "backwardDistanceMeters": Schema.number(atLeast: 0), "kcal": Schema.number(atLeast: 0),
                "forwardKcal": Schema.number(atLeast: 0), "stepsCompleted": Schema.integer(atLeast: 0),
                "stepsTotal": Schema.integer(atLeast: 0), "completed": Schema.boolean,
                "stopReason": Schema.oneOf(StopReason.self),
            ], optional: ["stopReason"])
        schemas["SessionOverview"] = Schema.object(
            [
                "id": Schema.uuid, "userId": Schema.uuid, "startedAt": Schema.dateTime, "endedAt": Schema.dateTime,
                "programId": Schema.string, "status": Schema.oneOf(SessionStatus.self),
                "source": Schema.oneOf(SessionSource.self), "summary": Schema.ref("SessionSummary"),
                "averageBackwardSpeed": Schema.ref("Speed"), "feedback": Schema.ref("SessionFeedback"),
                "prescription": Schema.ref("Prescription"),
            ],
            optional: ["endedAt", "programId", "summary", "averageBackwardSpeed", "feedback", "prescription"])
        schemas["PerformedSession"] = Schema.object(
            [
                "id": Schema.uuid, "startedAt": Schema.dateTime, "endedAt": Schema.dateTime,
                "programId": Schema.string, "workout": Schema.ref("Workout"),
                "status": Schema.oneOf(SessionStatus.self), "source": Schema.oneOf(SessionSource.self),
                "summary": Schema.ref("SessionSummary"), "samples": Schema.array(Schema.ref("SessionSample")),
                "feedback": Schema.ref("SessionFeedback"),
            ], optional: ["endedAt", "programId", "summary", "feedback"])
        schemas["SessionSample"] = Schema.object(
            [
                "sequence": Schema.integer(atLeast: 0), "t": Schema.number(atLeast: 0),
                "segment": Schema.integer(atLeast: 0), "direction": Schema.oneOf(Direction.self),
                "gait": Schema.oneOf(Gait.self), "targetSpeedMps": speedMps, "speedMps": speedMps,
                "targetGradePercent": gradePercent, "gradePercent": gradePercent,
                "distanceMeters": Schema.number(atLeast: 0), "heartRateBpm": Schema.integer(0...300),
                "met": Schema.number(atLeast: 0), "kcal": Schema.number(atLeast: 0),
                "forwardKcal": Schema.number(atLeast: 0),
            ],
            optional: [
                "direction", "gait", "targetSpeedMps", "speedMps", "targetGradePercent", "gradePercent", "heartRateBpm",
            ])
        schemas["ProgressionDecision"] = Schema.object([
            "action": Schema.oneOf(ProgressionAction.self), "rule": Schema.oneOf(ProgressionRule.self),
            "changedVariable": Schema.nullable(Schema.oneOf(ProgressionVariable.self)),
            "changedVariables": Schema.array(Schema.oneOf(ProgressionVariable.self)),
            "current": Schema.ref("Prescription"), "next": Schema.ref("Prescription"),
            "stageChange": Schema.nullable(
                Schema.object(["from": Schema.oneOf(TrainingStage.self), "to": Schema.oneOf(TrainingStage.self)])),
            "reasons": Schema.array(
                Schema.object([
                    "rule": Schema.oneOf(ProgressionRule.self), "title": Schema.string, "message": Schema.string,
                    "source": Schema.nullable(Schema.string), "sentence": Schema.string,
                ])),
            "runningGate": Schema.object(["open": Schema.boolean, "missing": Schema.array(Schema.string)]),
        ])
        schemas["AssessmentRecord"] = Schema.object(
            [
                "id": Schema.uuid, "userId": Schema.uuid, "takenAt": Schema.dateTime,
                "kind": Schema.oneOf(AssessmentKind.self), "seconds": Schema.number(atLeast: 0),
                "speed": Schema.ref("Speed"), "population": Schema.oneOf(BackwardWalkTestPopulation.self),
                "notes": Schema.string,
            ], optional: ["seconds", "speed", "population"])
        schemas["TrainingStatistics"] = trainingStatistics
        return schemas
    }()

    static var trainingStatistics: JSONValue {
        let best = Schema.object(["value": Schema.number, "sessionId": Schema.uuid, "date": Schema.dateTime])
        let bests = [
            "longestSessionMinutes", "longestBackwardMinutes", "longestDistanceMeters",
            "fastestAverageBackwardSpeedMps", "mostKcal",
        ]
        return Schema.object(
            [
                "asOf": Schema.dateTime, "sessionCount": Schema.integer(atLeast: 0),
                "weeks": Schema.array(
                    Schema.object([
                        "weekStart": Schema.dateTime, "minutes": Schema.number(atLeast: 0),
                        "backwardMinutes": Schema.number(atLeast: 0), "sessions": Schema.integer(atLeast: 0),
                    ])),
                "averageMinutesPerWeek": Schema.number(atLeast: 0), "averageSessionsPerWeek": Schema.number(atLeast: 0),
                "adherence": Schema.object(
                    [
                        "planId": Schema.uuid, "plannedSessions": Schema.integer(atLeast: 0),
                        "completedSessions": Schema.integer(atLeast: 0), "ratio": Schema.number(atLeast: 0),
                    ], optional: ["ratio"]),
                "streak": Schema.object([
                    "currentDays": Schema.integer(atLeast: 0), "longestDays": Schema.integer(atLeast: 0),
                    "currentWeeks": Schema.integer(atLeast: 0), "longestWeeks": Schema.integer(atLeast: 0),
                ]),
                "comfortableSpeedTrend": Schema.object([
                    "source": Schema.string,
                    "points": Schema.array(Schema.object(["date": Schema.dateTime, "speedMps": speedMps])),
                    "slopeMpsPerWeek": Schema.number, "changeMps": Schema.number,
                    "direction": Schema.oneOf(TrendDirection.self),
                ]),
                "painTrend": Schema.object([
                    "points": Schema.array(
                        Schema.object(["weekStart": Schema.dateTime, "meanPeakPain": Schema.number(0...10)])),
                    "slopePerWeek": Schema.number, "direction": Schema.string, "latestPeakPain": pain,
                ]),
                "personalBests": Schema.object(
                    Dictionary(uniqueKeysWithValues: bests.map { ($0, best) }), optional: Set(bests)),
                "totalDistanceMeters": Schema.number(atLeast: 0), "totalKcal": Schema.number(atLeast: 0),
                "totalForwardKcal": Schema.number(atLeast: 0), "totalMinutes": Schema.number(atLeast: 0),
                "totalBackwardMinutes": Schema.number(atLeast: 0),
            ], optional: ["adherence", "comfortableSpeedTrend", "painTrend"])
    }
}
