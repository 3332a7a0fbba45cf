import BackstepCore
import BackstepStorage
import Foundation

@testable import BackstepServer

/// Sample values of the JSON API's request and response types, by the OpenAPI component schema each implements:
/// `full` with every optional value set (and every alternative of a `oneOf`), `minimal` with every optional value
/// left out. Most are built from domain values through the types' own mappers.
enum APIModelSamples {
    static let now = Date(timeIntervalSince1970: 1_772_438_400)
    static let id = UUID(uuidString: "6F1C2B9E-0A4D-4E35-9C1B-2D3E4F506172") ?? UUID()
    static let token = "bst_" + String(repeating: "a", count: 43)

    /// The encodings of one schema's samples.
    struct Entry: Sendable {
        var full: @Sendable () throws -> [Data]
        var minimal: @Sendable () throws -> [Data]
    }

    static func encode(_ values: any Encodable...) throws -> [Data] {
        try values.map { try JSONEncoder.api.encode($0) }
    }

    static func entry(
        full: @escaping @Sendable () throws -> [Data], minimal: (@Sendable () throws -> [Data])? = nil
    ) -> Entry {
        Entry(full: full, minimal: minimal ?? full)
    }

    // MARK: Domain values

    static let fullPrescription = Prescription(
        speed: .metersPerSecond(0.8), grade: .percent(2), duration: 600, handrail: .oneHand, gait: .walk,
        stage: .novice, targetDuration: 900)
    static let minimalPrescription = Prescription(speed: .metersPerSecond(0.5), duration: 300, stage: .firstSteps)

    static let locomotion = Activity.locomotion(
        Locomotion(
            direction: .backward, gait: .walk, surface: .treadmill, speed: .fixed(.metersPerSecond(0.8)),
            grade: .percent(1), handrail: .fingertips))
    static let rest = Activity.rest(Rest(kind: .forwardWalk, speed: .metersPerSecond(0.6)))
    static let strength = Activity.strength(StrengthWork(exercise: .gobletSquat, load: "8 kg"))
    static let speedTargets: [SpeedTarget] = [
        .fixed(.metersPerSecond(0.8)), .range(.metersPerSecond(0.6), .metersPerSecond(0.9)), .effort(.comfortable),
    ]
    static let goals: [StepGoal] = [.time(60), .distance(Distance(meters: 100)), .reps(10), .repsForTime(8), .open]

    static let fullWorkout = Workout(
        name: "Backward walk", summary: "Easy",
        items: [
            .step(Step(name: "Walk", activity: locomotion, goal: .time(120), cues: [.toesThenHeel], note: "Slowly")),
            .repeats(
                RepeatBlock(
                    count: 3,
                    steps: [
                        Step(name: "Rest", activity: rest, goal: .distance(Distance(meters: 50))),
                        Step(name: "Squat", activity: strength, goal: .reps(10)),
                    ])),
        ])
    static let minimalWorkout = Workout(
        name: "Rest", items: [.step(Step(name: "Stand", activity: .rest(Rest(kind: .standing)), goal: .open))])

    static func decision(stageChange: Bool) -> ProgressionDecision {
        var next = fullPrescription
        next.speed = .metersPerSecond(0.9)
        if stageChange { next.stage = .established }
        return ProgressionDecision(
            action: .progress, rule: .overCap, current: fullPrescription, next: next,
            reasons: [ProgressionReason(rule: .overCap, message: "Faster.")],
            runningGate: RunningGateStatus(missing: stageChange ? ["weeks"] : []))
    }

    static let fullFeedback = SessionFeedback(
        date: now, completed: true, exertion: .borg(12), painDuring: 1, painAfter: 2, painNextMorning: 3,
        handrailUsed: .oneHand, lostBalance: true, nearFall: true, redFlags: [.dizziness, .chestPain], notes: "ok")
    static let minimalFeedback = SessionFeedback(date: now, handrailUsed: .twoHands)

    static let fullSummary = SessionSummary(
        elapsedSeconds: 121, activeSeconds: 120, backwardSeconds: 110, distance: Distance(meters: 96),
        backwardDistance: Distance(meters: 90), kcal: 9.6, forwardKcal: 7.2, stepsCompleted: 1, stepsTotal: 2,
        completed: false, stopReason: .userStop)
    static let minimalSummary = SessionSummary(
        elapsedSeconds: 121, activeSeconds: 120, backwardSeconds: 110, distance: Distance(meters: 96),
        backwardDistance: Distance(meters: 90), kcal: 9.6, forwardKcal: 7.2, stepsCompleted: 1, stepsTotal: 1,
        completed: true, stopReason: nil)

    static let fullSample = SessionSample(
        sequence: 1, t: 1, segment: 0, direction: .backward, gait: .walk, targetSpeed: .metersPerSecond(0.8),
        speed: .metersPerSecond(0.8), targetGrade: .level, grade: .percent(1), distance: Distance(meters: 0.8),
        heartRate: 100, met: 4.5, kcal: 0.08, forwardKcal: 0.06)
    static let minimalSample = SessionSample(sequence: 0, t: 0, segment: 0)

    static let fullSession = PerformedSession(
        id: SessionID(id), startedAt: now, endedAt: now.addingTimeInterval(121), programId: "first-steps",
        workout: fullWorkout,
        status: .stopped, source: .live, summary: fullSummary, samples: [fullSample, minimalSample],
        feedback: fullFeedback)
    static let minimalSession = PerformedSession(
        id: SessionID(id), startedAt: now, workout: minimalWorkout, status: .inProgress, source: .manual)

    static let fullOverview = SessionOverview(
        id: SessionID(id), userId: UserID(id), startedAt: now, endedAt: now.addingTimeInterval(121),
        programId: "first-steps",
        status: .completed, source: .simulated, summary: fullSummary, averageBackwardSpeed: .metersPerSecond(0.7),
        feedback: fullFeedback, prescription: fullPrescription)
    static let minimalOverview = SessionOverview(
        id: SessionID(id), userId: UserID(id), startedAt: now, status: .inProgress, source: .live)

    static let fullProfile = Profile(
        age: 41, sex: .female, mass: Mass(kilograms: 70), height: Distance(meters: 1.7), goal: .knee,
        experience: .intermediate, conditions: [.kneePain, .tendinopathy],
        equipment: Equipment(
            treadmill: TreadmillSpec(
                minimumSpeed: .metersPerSecond(0.2), maximumSpeed: .metersPerSecond(4), minimumGrade: .level,
                maximumGrade: .percent(10), ftms: true), curvedTreadmill: true, outdoors: true, freeWeights: true,
            weightedVest: true), units: .imperial, speedCap: .metersPerSecond(1.5),
        overgroundWalkingSpeed: .metersPerSecond(1.2))
    static let minimalProfile = Profile(
        age: 40, mass: Mass(kilograms: 75), goal: .fitness, equipment: Equipment(treadmill: nil))

    static func storedPlan(full: Bool) throws -> StoredPlan {
        let date = full ? #""date":"2026-03-02T07:00:00Z","# : ""
        let field = full ? #""field":"minutes","# : ""
        let json = """
            {"id":"\(id.uuidString)","userId":"\(id.uuidString)","createdAt":"2026-03-02T07:00:00Z",
            \(full ? #""startDate":"2026-03-02T00:00:00Z","# : "")
            "plan":{"goal":"fitness","population":"general","clearance":"cleared","requiresClinician":false,
            "diagnostics":[{\(field)"severity":"adjusted","message":"Shorter."}],
            "weeks":[{"number":1,"stage":"first-steps","focus":"Learn","isDeload":false,"speedMps":0.5,
            "speedCapMps":0.8,"gradeCapPercent":0,"handrail":"two-hands","sessions":[{"week":1,"day":1,\(date)
            "programId":"first-steps","workout":{"name":"Walk","items":[{"type":"step","name":"Walk",
            "activity":{"kind":"rest","rest":"standing"},"goal":{"kind":"open"}}]}}]}]}}
            """
        return try JSONDecoder.api.decode(StoredPlan.self, from: Data(json.utf8))
    }

    static func statistics(full: Bool) throws -> TrainingStatistics {
        let best = #"{"value":1.5,"sessionId":"\#(id.uuidString)","date":"2026-03-02T07:00:00Z"}"#
        let optional =
            full
            ? """
            "adherence":{"planId":"\(id.uuidString)","plannedSessions":3,"completedSessions":2,"ratio":0.67},
            "comfortableSpeedTrend":{"source":"sessions","points":[{"date":"2026-03-02T07:00:00Z","speedMps":0.8}],
            "slopeMpsPerWeek":0.01,"changeMps":0.1,"direction":"improving"},
            "painTrend":{"points":[{"weekStart":"2026-03-02T00:00:00Z","meanPeakPain":2}],"slopePerWeek":-0.5,
            "direction":"improving","latestPeakPain":2},
            "personalBests":{"longestSessionMinutes":\(best),"longestBackwardMinutes":\(best),
            "longestDistanceMeters":\(best),"fastestAverageBackwardSpeedMps":\(best),"mostKcal":\(best)},
            """ : #""personalBests":{},"#
        let json = """
            {"asOf":"2026-03-02T07:00:00Z","sessionCount":2,
            "weeks":[{"weekStart":"2026-03-02T00:00:00Z","minutes":20,"backwardMinutes":15,"sessions":2}],
            "averageMinutesPerWeek":20,"averageSessionsPerWeek":2,
            "streak":{"currentDays":1,"longestDays":2,"currentWeeks":1,"longestWeeks":1},\(optional)
            "totalDistanceMeters":1000,"totalKcal":80,"totalForwardKcal":60,"totalMinutes":20,"totalBackwardMinutes":15}
            """
        return try JSONDecoder.api.decode(TrainingStatistics.self, from: Data(json.utf8))
    }

    static func assessment(full: Bool) -> AssessmentRecord {
        full
            ? AssessmentRecord(
                id: AssessmentID(id), userId: UserID(id), takenAt: now, kind: .threeMetreBackwardWalk, seconds: 4,
                speed: .metersPerSecond(0.7), population: .communityOlderAdults, notes: "n")
            : AssessmentRecord(id: AssessmentID(id), userId: UserID(id), takenAt: now, kind: .comfortableBackwardSpeed)
    }

    static let user = User(id: UserID(id), name: "Walker", role: .athlete, createdAt: now)
    static func tokenRecord(used: Bool) -> APITokenRecord {
        APITokenRecord(
            id: APITokenID(id), tokenHash: "hash", userId: UserID(id), name: "laptop", createdAt: now,
            lastUsedAt: used ? now : nil)
    }
}
