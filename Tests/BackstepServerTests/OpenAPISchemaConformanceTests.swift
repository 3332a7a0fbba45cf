import BackstepCore
import BackstepStorage
import Foundation
import Testing

@testable import BackstepServer

/// The OpenAPI document's component schemas against the API types that implement them: a sample of each type,
/// encoded with the server's encoder, must match its schema (required keys, no undocumented keys, types, enums,
/// formats, nested references, nullable), with every optional value set and with every optional value left out.
@Suite("OpenAPI schemas match the API types")
struct OpenAPISchemaConformanceTests {
    typealias S = APIModelSamples

    /// Schema name → the API type's samples. A schema missing here, or a name here the document lacks, fails.
    static let registry: [String: APIModelSamples.Entry] = requestSamples.merging(responseSamples) { a, _ in a }
        .merging(domainSamples) { a, _ in a }.merging(S.careSamples) { a, _ in a }
        .merging(S.messageSamples) { a, _ in a }
        .merging(S.reportSamples) { a, _ in a }

    static let requestSamples: [String: APIModelSamples.Entry] = [
        "SignUp": S.entry(
            full: {
                try S.encode(
                    SignUpRequest(
                        name: "W", email: "w@example.com", password: "secret", role: "professional",
                        profession: "physiotherapist", registrationNumber: "PH1"))
            },
            minimal: { try S.encode(SignUpRequest(name: "W", email: "w@example.com", password: "secret")) }),
        "Credentials": S.entry(
            full: { try S.encode(CredentialsRequest(email: "w@example.com", password: "p", name: "laptop")) },
            minimal: { try S.encode(CredentialsRequest(email: "w@example.com", password: "p")) }),
        "PasswordChange": S.entry { try S.encode(PasswordChangeRequest(currentPassword: "a", newPassword: "b")) },
        "TokenRequest": S.entry { try S.encode(TokenNameRequest(name: "laptop")) },
        "ScreeningAnswers": S.entry {
            try S.encode(
                ScreeningRequest(
                    answers: Dictionary(uniqueKeysWithValues: ScreeningTopic.allCases.map { ($0.rawValue, false) })))
        },
        "PlanRequest": S.entry(
            full: { try S.encode(GeneratePlanRequest(daysPerWeek: 3, minutesPerSession: 20, weeks: 8)) },
            minimal: { try S.encode(GeneratePlanRequest()) }),
        "LiveStart": S.entry(
            full: {
                try S.encode(
                    LiveRequest(
                        mode: .bluetooth, week: 1, day: 2, program: "first-steps",
                        bluetooth: .init(feature: "0c 00", speedRange: "00", inclinationRange: "00"),
                        resume: SessionID(S.id)))
            },
            minimal: { try S.encode(LiveRequest(bluetooth: .init(feature: "0c"))) }),
        "Feedback": S.entry(
            full: {
                var request = FeedbackRequest(painDuring: 1, painAfter: 2)
                request.rpe = 12
                request.handrailUsed = HandrailLevel.oneHand.rawValue
                request.nearFall = false
                request.notes = "ok"
                return try S.encode(request)
            },
            minimal: { try S.encode(FeedbackRequest(painDuring: 1, painAfter: 2)) }),
        "MorningPain": S.entry { try S.encode(MorningPainRequest(painNextMorning: 3)) },
        "ImportRequest": S.entry(
            full: {
                try S.encode(ImportRequest(direction: "backward", files: [.init(name: "w.csv", contentBase64: "")]))
            },
            minimal: { try S.encode(ImportRequest(files: [.init(name: "w.csv", contentBase64: "")])) }),
        "WalkTest": S.entry(
            full: { try S.encode(WalkTestRequest(seconds: 4, population: "nursing-home", notes: "n")) },
            minimal: { try S.encode(WalkTestRequest(seconds: 4)) }),
    ]

    static let responseSamples: [String: APIModelSamples.Entry] = [
        "Error": S.entry(
            full: { try S.encode(AppError.ErrorBody(error: .init(status: 422, message: "m", field: "age"))) },
            minimal: { try S.encode(AppError.ErrorBody(error: .init(status: 404, message: "m"))) }),
        "User": S.entry { try S.encode(UserResponse(S.user)) },
        "Token": S.entry {
            try S.encode(TokenResponse(token: S.token, tokenId: APITokenID(S.id), user: UserResponse(S.user)))
        },
        "APIToken": S.entry(
            full: { try S.encode(APITokenResponse(S.tokenRecord(used: true))) },
            minimal: { try S.encode(APITokenResponse(S.tokenRecord(used: false))) }),
        "NewAPIToken": S.entry { try S.encode(NewAPITokenResponse(S.tokenRecord(used: false), token: S.token)) },
        "PasswordChanged": S.entry { try S.encode(PasswordChangedResponse(revokedSessions: 1, revokedTokens: 2)) },
        "Screening": S.entry {
            let answers = Dictionary(uniqueKeysWithValues: ScreeningTopic.allCases.map { ($0, false) })
            return try S.encode(ScreeningResponse(Screening(date: S.now, answers: answers)))
        },
        "Program": S.entry { try Catalog.programs.map { try JSONEncoder.api.encode(ProgramResponse($0)) } },
        "Next": S.entry(
            full: {
                let plan = try S.storedPlan(full: true)
                let week = try #require(plan.plan.weeks.first)
                let session = try #require(week.sessions.first)
                let planned = NextResponse.Planned(
                    week: week, session: session, workout: S.fullWorkout, prescription: S.fullPrescription)
                return try S.encode(NextResponse(session: planned, decision: S.decision(stageChange: true)))
            },
            minimal: {
                let plan = try S.storedPlan(full: false)
                let week = try #require(plan.plan.weeks.first)
                let session = try #require(week.sessions.first)
                let planned = NextResponse.Planned(
                    week: week, session: session, workout: S.minimalWorkout, prescription: S.minimalPrescription)
                return try S.encode(
                    NextResponse(session: nil, decision: nil), NextResponse(session: planned, decision: nil))
            }),
        "LiveSession": S.entry { try S.encode(LiveResponse(sessionId: SessionID(S.id), mode: .simulated)) },
        "ImportSummary": S.entry(
            full: {
                try S.encode(
                    ImportResponse(
                        imported: [
                            .init(
                                file: "w.csv", sessionId: SessionID(S.id), name: "Walk", format: "csv",
                                fingerprint: "2026-03-02T07:00:00Z/120s/100m", warnings: ["w"])
                        ],
                        duplicates: [
                            .init(file: "v.csv", fingerprint: "2026-03-02T07:00:00Z/120s/100m", sameAs: "w.csv")
                        ],
                        skipped: [
                            .init(file: "x.fit", kind: "malformed", format: "fit", location: "byte 1", problem: "p")
                        ]))
            },
            minimal: {
                try S.encode(
                    ImportResponse(
                        imported: [],
                        duplicates: [.init(file: "v.csv", fingerprint: "2026-03-02T07:00:00Z/120s/100m")],
                        skipped: [.init(kind: "malformed", problem: "p")]))
            }),
        "WalkTestResult": S.entry {
            let result = ThreeMetreBackwardWalkResult(
                seconds: 4, population: .communityOlderAdults, band: .intermediate)
            return try S.encode(
                WalkTestResultResponse(record: S.assessment(full: true), result: result),
                WalkTestResultResponse(record: S.assessment(full: false), result: result))
        },
    ]

    static let domainSamples: [String: APIModelSamples.Entry] = [
        "Citation": S.entry { try S.encode(CitationResponse(source: "s", finding: "f")) },
        "Speed": S.entry { try S.encode(SpeedResponse(.metersPerSecond(0.8))) },
        "Profile": S.entry(
            full: {
                var request = ProfileRequest(age: 41, massKg: 70, goal: .knee)
                request.sex = .female
                request.heightMeters = 1.7
                request.experience = .advanced
                request.conditions = [.stroke]
                request.equipment = EquipmentModel(S.fullProfile.equipment)
                request.units = .imperial
                request.speedCapMps = 1.5
                request.overgroundWalkingSpeedMps = 1.2
                return try S.encode(ProfileResponse(S.fullProfile), request)
            },
            minimal: {
                try S.encode(ProfileResponse(S.minimalProfile), ProfileRequest(age: 40, massKg: 75, goal: .fitness))
            }),
        "Equipment": S.entry(
            full: { try S.encode(EquipmentModel(S.fullProfile.equipment)) },
            minimal: { try S.encode(EquipmentModel(S.minimalProfile.equipment)) }),
        "Workout": S.entry(
            full: { try S.encode(WorkoutResponse(S.fullWorkout)) },
            minimal: { try S.encode(WorkoutResponse(S.minimalWorkout)) }),
        "RepeatBlock": S.entry {
            try S.encode(
                WorkoutItemResponse(
                    .repeats(RepeatBlock(count: 2, steps: [Step(name: "Stand", activity: S.rest, goal: .open)]))))
        },
        "Step": S.entry(
            full: {
                let step = Step(name: "Walk", activity: S.locomotion, goal: .time(60), cues: [.toesThenHeel], note: "n")
                return try S.encode(WorkoutItemResponse(.step(step)), StepResponse(step))
            },
            minimal: { try S.encode(StepResponse(Step(name: "Stand", activity: S.rest, goal: .open))) }),
        "Activity": S.entry(
            full: {
                try S.encode(ActivityResponse(S.locomotion), ActivityResponse(S.rest), ActivityResponse(S.strength))
            },
            minimal: {
                try S.encode(
                    ActivityResponse(.rest(Rest(kind: .standing))),
                    ActivityResponse(.strength(StrengthWork(exercise: .plank))))
            }),
        "SpeedTarget": S.entry { try S.speedTargets.map { try JSONEncoder.api.encode(SpeedTargetResponse($0)) } },
        "StepGoal": S.entry { try S.goals.map { try JSONEncoder.api.encode(StepGoalResponse($0)) } },
        "Prescription": S.entry(
            full: { try S.encode(PrescriptionResponse(S.fullPrescription)) },
            minimal: { try S.encode(PrescriptionResponse(S.minimalPrescription)) }),
        "StoredPlan": S.entry(
            full: { try S.encode(PlanResponse(try S.storedPlan(full: true))) },
            minimal: { try S.encode(PlanResponse(try S.storedPlan(full: false))) }),
        "Plan": S.entry(
            full: { try S.encode(PlanContentResponse(try S.storedPlan(full: true).plan)) },
            minimal: { try S.encode(PlanContentResponse(try S.storedPlan(full: false).plan)) }),
        "PlanWeek": S.entry {
            try (try S.storedPlan(full: true)).plan.weeks.map { try JSONEncoder.api.encode(PlanWeekResponse($0)) }
        },
        "PlannedSession": S.entry(
            full: {
                try (try S.storedPlan(full: true)).plan.sessions.map {
                    try JSONEncoder.api.encode(PlannedSessionResponse($0))
                }
            },
            minimal: {
                try (try S.storedPlan(full: false)).plan.sessions.map {
                    try JSONEncoder.api.encode(PlannedSessionResponse($0))
                }
            }),
        "SessionFeedback": S.entry(
            full: { try S.encode(FeedbackResponse(S.fullFeedback)) },
            minimal: { try S.encode(FeedbackResponse(S.minimalFeedback)) }),
        "SessionSummary": S.entry(
            full: { try S.encode(SessionSummaryResponse(S.fullSummary)) },
            minimal: { try S.encode(SessionSummaryResponse(S.minimalSummary)) }),
        "SessionOverview": S.entry(
            full: { try S.encode(SessionOverviewResponse(S.fullOverview)) },
            minimal: { try S.encode(SessionOverviewResponse(S.minimalOverview)) }),
        "PerformedSession": S.entry(
            full: { try S.encode(SessionResponse(S.fullSession)) },
            minimal: { try S.encode(SessionResponse(S.minimalSession)) }),
        "SessionSample": S.entry(
            full: { try S.encode(SessionSampleResponse(S.fullSample)) },
            minimal: { try S.encode(SessionSampleResponse(S.minimalSample)) }),
        "ProgressionDecision": S.entry(
            full: { try S.encode(ProgressionDecisionResponse(S.decision(stageChange: true))) },
            minimal: { try S.encode(ProgressionDecisionResponse(S.decision(stageChange: false))) }),
        "AssessmentRecord": S.entry(
            full: { try S.encode(AssessmentResponse(S.assessment(full: true))) },
            minimal: { try S.encode(AssessmentResponse(S.assessment(full: false))) }),
        "TrainingStatistics": S.entry(
            full: { try S.encode(DashboardResponse(try S.statistics(full: true))) },
            minimal: { try S.encode(DashboardResponse(try S.statistics(full: false))) }),
    ]

    static var components: [String: JSONValue] {
        guard case .object(let document) = OpenAPIDocument.document,
            case .object(let components)? = document["components"],
            case .object(let schemas)? = components["schemas"]
        else { return [:] }
        return schemas
    }

    @Test("Every component schema has an API type, and every registered type a schema")
    func registryCoversTheDocument() {
        let documented = Set(Self.components.keys)
        let registered = Set(Self.registry.keys)
        #expect(documented.subtracting(registered).sorted() == [], "schemas without an API type sample")
        #expect(registered.subtracting(documented).sorted() == [], "API type samples without a schema")
    }

    @Test("A full sample (every optional set) matches its schema", arguments: registry.keys.sorted())
    func fullSample(_ name: String) throws {
        try check(name, try #require(Self.registry[name]).full())
    }

    @Test("A minimal sample (every optional left out) matches its schema", arguments: registry.keys.sorted())
    func minimalSample(_ name: String) throws {
        try check(name, try #require(Self.registry[name]).minimal())
    }

    func check(_ name: String, _ samples: [Data]) throws {
        let schema = try #require(Self.components[name], "no schema \(name)")
        #expect(!samples.isEmpty)
        for data in samples {
            let value = try JSONDecoder().decode(ParsedJSON.self, from: data)
            let problems = SchemaChecker(components: Self.components).problems(value, schema, at: name)
            #expect(problems == [], "\(String(decoding: data, as: UTF8.self))")
        }
    }

    @Test("The checker catches a missing required key, an extra key, a wrong type, a bad enum and a bad reference")
    func checkerCatchesDrift() throws {
        let components: [String: JSONValue] = [
            "Inner": Schema.object(["flag": Schema.boolean, "kind": Schema.oneOf(["a", "b"])])
        ]
        let schema = Schema.object(
            [
                "name": Schema.string, "count": Schema.integer, "when": Schema.dateTime,
                "inner": Schema.ref("Inner"), "maybe": Schema.nullable(Schema.number),
                "list": Schema.array(Schema.uuid),
            ], optional: ["maybe", "list"])
        let checker = SchemaChecker(components: components)
        func problems(_ json: String) throws -> [String] {
            checker.problems(try JSONDecoder().decode(ParsedJSON.self, from: Data(json.utf8)), schema, at: "$")
        }
        let inner = #""inner":{"flag":true,"kind":"a"}"#
        #expect(try problems(#"{"name":"n","count":1,"when":"2026-03-02T07:00:00Z",\#(inner),"maybe":null}"#) == [])
        #expect(
            try problems(#"{"count":1,"when":"2026-03-02T07:00:00Z",\#(inner)}"#) == ["$: required key 'name' missing"])
        #expect(
            try problems(#"{"name":"n","count":1,"when":"2026-03-02T07:00:00Z",\#(inner),"extra":1}"#)
                == ["$: key 'extra' is not in the schema"])
        #expect(
            try problems(#"{"name":"n","count":1.5,"when":"2026-03-02T07:00:00Z",\#(inner)}"#)
                == ["$.count: expected integer, got 1.5"])
        #expect(
            try problems(#"{"name":7,"count":1,"when":"2026-03-02T07:00:00Z",\#(inner)}"#)
                == ["$.name: expected string, got 7"])
        #expect(
            try problems(#"{"name":"n","count":1,"when":"yesterday",\#(inner)}"#)
                == ["$.when: 'yesterday' is not a date-time"])
        #expect(
            try problems(#"{"name":"n","count":1,"when":"2026-03-02T07:00:00Z","inner":{"flag":1,"kind":"c"}}"#)
                == ["$.inner.flag: expected boolean, got 1", "$.inner.kind: \"c\" is not one of [\"a\", \"b\"]"])
        #expect(
            try problems(#"{"name":"n","count":1,"when":"2026-03-02T07:00:00Z",\#(inner),"list":["x"]}"#)
                == ["$.list.0: 'x' is not a uuid"])
        #expect(
            try problems(#"{"name":"n","count":1,"when":"2026-03-02T07:00:00Z",\#(inner),"maybe":"x"}"#)
                == ["$.maybe: expected number, got \"x\""])
        #expect(
            SchemaChecker(components: [:]).problems(.object([:]), Schema.ref("Missing"), at: "$")
                == ["$: unknown reference #/components/schemas/Missing"])
    }
}

/// Any JSON value, as decoded from the encoder's output (numbers keep whether they were whole).
indirect enum ParsedJSON: Decodable, Equatable, CustomStringConvertible {
    case null
    case bool(Bool)
    case integer(Int)
    case number(Double)
    case string(String)
    case array([ParsedJSON])
    case object([String: ParsedJSON])

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .null
        } else if let value = try? c.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? c.decode(Int.self) {
            self = .integer(value)
        } else if let value = try? c.decode(Double.self) {
            self = .number(value)
        } else if let value = try? c.decode(String.self) {
            self = .string(value)
        } else if let value = try? c.decode([ParsedJSON].self) {
            self = .array(value)
        } else {
            self = .object(try c.decode([String: ParsedJSON].self))
        }
    }

    var description: String {
        switch self {
        case .null: "null"
        case .bool(let value): String(value)
        case .integer(let value): String(value)
        case .number(let value): String(value)
        case .string(let value): "\"\(value)\""
        case .array(let values): "[\(values.map(\.description).joined(separator: ","))]"
        case .object(let fields): "{\(fields.keys.sorted().joined(separator: ","))}"
        }
    }

    /// Whether this is the JSON value `schema` names (for `enum`).
    func equals(_ schema: JSONValue) -> Bool {
        switch (self, schema) {
        case (.null, .null): true
        case (.bool(let a), .bool(let b)): a == b
        case (.integer(let a), .integer(let b)): a == b
        case (.integer(let a), .number(let b)): Double(a) == b
        case (.number(let a), .number(let b)): a == b
        case (.string(let a), .string(let b)): a == b
        default: false
        }
    }
}

/// Checks a JSON value against an OpenAPI 3.0 schema of the kind `Schema` builds: `$ref` (resolved in
/// `components`), `allOf`, `oneOf` (exactly one alternative), `nullable`, `type`, `enum`, `format` (uuid,
/// date-time), `items`, `properties`, `required` and `additionalProperties`. Ranges and patterns are left to the
/// openapi-core walk. Returns every problem, each with the path of the value.
struct SchemaChecker {
    var components: [String: JSONValue]

    func problems(_ value: ParsedJSON, _ schema: JSONValue, at path: String) -> [String] {
        guard case .object(let rules) = schema else { return ["\(path): the schema is not an object"] }
        if case .string(let reference)? = rules["$ref"] {
            let name = reference.replacingOccurrences(of: "#/components/schemas/", with: "")
            guard let target = components[name] else { return ["\(path): unknown reference \(reference)"] }
            return problems(value, target, at: path)
        }
        if value == .null {
            return rules["nullable"] == .bool(true) ? [] : ["\(path): null is not allowed"]
        }
        var found: [String] = []
        if case .array(let all)? = rules["allOf"] {
            for part in all { found += problems(value, part, at: path) }
        }
        if case .array(let alternatives)? = rules["oneOf"] {
            let results = alternatives.map { problems(value, $0, at: path) }
            let matching = results.filter(\.isEmpty).count
            if matching != 1 {
                let detail = results.map { $0.joined(separator: "; ") }.joined(separator: " | ")
                found.append("\(path): matches \(matching) of \(alternatives.count) alternatives (\(detail))")
            }
        }
        if case .string(let type)? = rules["type"] { found += typeProblems(value, type, rules, at: path) }
        if case .array(let allowed)? = rules["enum"], !allowed.contains(where: { value.equals($0) }) {
            let names = allowed.compactMap { item -> String? in
                if case .string(let text) = item { return "\"\(text)\"" }
                return nil
            }
            found.append("\(path): \(value) is not one of [\(names.joined(separator: ", "))]")
        }
        return found
    }

    func typeProblems(_ value: ParsedJSON, _ type: String, _ rules: [String: JSONValue], at path: String) -> [String] {
        switch (type, value) {
        case ("string", .string(let text)):
            switch rules["format"] {
            case .string("uuid")? where UUID(uuidString: text) == nil: return ["\(path): '\(text)' is not a uuid"]
            case .string("date-time")? where (try? Date.ISO8601FormatStyle().parse(text)) == nil:
                return ["\(path): '\(text)' is not a date-time"]
            default: return []
            }
        case ("integer", .integer), ("number", .integer), ("number", .number), ("boolean", .bool): return []
        case ("array", .array(let items)):
            guard let itemSchema = rules["items"] else { return [] }
            return items.enumerated().flatMap { problems($0.element, itemSchema, at: "\(path).\($0.offset)") }
        case ("object", .object(let fields)):
            return objectProblems(fields, rules, at: path)
        default:
            return ["\(path): expected \(type), got \(value)"]
        }
    }

    func objectProblems(_ fields: [String: ParsedJSON], _ rules: [String: JSONValue], at path: String) -> [String] {
        var found: [String] = []
        var properties: [String: JSONValue] = [:]
        if case .object(let declared)? = rules["properties"] { properties = declared }
        if case .array(let required)? = rules["required"] {
            for case .string(let key) in required where fields[key] == nil {
                found.append("\(path): required key '\(key)' missing")
            }
        }
        for key in fields.keys.sorted() {
            guard let value = fields[key] else { continue }
            if let property = properties[key] {
                found += problems(value, property, at: "\(path).\(key)")
            } else {
                switch rules["additionalProperties"] {
                case .bool(false)?: found.append("\(path): key '\(key)' is not in the schema")
                case .object(let extra)?: found += problems(value, .object(extra), at: "\(path).\(key)")
                default: break
                }
            }
        }
        return found
    }
}
