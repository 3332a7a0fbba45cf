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
    /// The media type of the success answer's `schema` (JSON unless said otherwise, e.g. `application/fhir+json`).
    var mediaType = "application/json"

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
/// Checked four ways: `OpenAPIRouteTests` compares the operations with the router's `/api/v1` routes;
/// `OpenAPISchemaConformanceTests` checks every component schema against a full and a minimal sample of the API
/// type that implements it (`Features/*/*APIModels.swift`, `SharedAPIModels.swift`); `OpenAPICrossCheckTests`
/// validates the document with openapi-spec-validator and runs `CrossCheck/openapi/`'s scripted walk against a
/// real `backstep serve`, validating every request and response with openapi-core and failing when a documented
/// operation was not exercised.
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
        if let schema = success.schema {
            answer = answer.with("content", [operation.mediaType: ["schema": schema]])
        }
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

    static let operations: [APIOperation] =
        coreOperations + careOperations + outcomeOperations + prescriptionOperations + goalOperations
        + messageOperations + reportOperations

    /// The athlete's own operations.
    static let coreOperations: [APIOperation] = [
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
}
