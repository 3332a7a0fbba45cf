import BackstepCore
import BackstepInterop
import BackstepStorage
import Foundation

/// The document's component schemas: every request and response body the operations name.
extension OpenAPIDocument {
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
        .merging(domainSchemas) { first, _ in first }.merging(careSchemas) { first, _ in first }
        .merging(outcomeSchemas) { first, _ in first }.merging(prescriptionSchemas) { first, _ in first }
        .merging(goalSchemas) { first, _ in first }
        .merging(messageSchemas) { first, _ in first }
        .merging(reportSchemas) { first, _ in first }

    /// Request bodies.
    static let requestSchemas: [String: JSONValue] = {
        var schemas: [String: JSONValue] = [:]
        schemas["SignUp"] = Schema.object(
            [
                "name": Schema.string(1...200), "email": ["type": "string", "format": "email", "maxLength": 254],
                "password": password,
                "role": Schema.oneOf([UserRole.athlete.rawValue, UserRole.professional.rawValue]),
                "profession": Schema.oneOf(Profession.self), "registrationNumber": Schema.string(0...50),
            ], optional: ["role", "profession", "registrationNumber"])
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
                "session": Schema.object(
                    [
                        "week": Schema.integer(atLeast: 1), "day": Schema.integer(1...7), "date": Schema.dateTime,
                        "programId": Schema.string, "workout": Schema.ref("Workout"),
                        "prescription": Schema.ref("Prescription"),
                    ],
                    // Absent when the plan has no start date.
                    optional: ["date"]),
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
