import BackstepCore
import Foundation

// The API forms of values several features' responses share: a speed, a prescription, a workout and a
// progression decision. Each mirrors the JSON the API has always sent, but is built from the domain value rather
// than being it, so the stored JSON of the domain types can change without changing the API, and back.

/// A speed in the API: `{"metersPerSecond": …}`.
struct SpeedResponse: Codable, Sendable, Equatable {
    var metersPerSecond: Double

    init(metersPerSecond: Double) { self.metersPerSecond = metersPerSecond }
    init(_ speed: Speed) { metersPerSecond = speed.metersPerSecond }
}

/// A dose in the API: speed, grade, duration, handrail, gait, stage and the target duration.
struct PrescriptionResponse: Codable, Sendable, Equatable {
    var speedMps: Double
    var gradePercent: Double
    var durationSeconds: Double
    var handrail: HandrailLevel
    var gait: Gait
    var stage: TrainingStage
    var targetDurationSeconds: Double?

    init(_ prescription: Prescription) {
        speedMps = prescription.speed.metersPerSecond
        gradePercent = prescription.grade.percent
        durationSeconds = prescription.duration
        handrail = prescription.handrail
        gait = prescription.gait
        stage = prescription.stage
        targetDurationSeconds = prescription.targetDuration
    }
}

/// A workout in the API: its name, summary and items (steps and repeat blocks).
struct WorkoutResponse: Codable, Sendable, Equatable {
    var name: String
    var summary: String
    var items: [WorkoutItemResponse]

    init(_ workout: Workout) {
        name = workout.name
        summary = workout.summary
        items = workout.items.map(WorkoutItemResponse.init)
    }
}

/// One item of a workout: a step (`"type": "step"` and the step's keys) or a repeat block (`"type": "repeat"`).
enum WorkoutItemResponse: Codable, Sendable, Equatable {
    case step(StepResponse)
    case repeats(count: Int, steps: [StepResponse])

    enum CodingKeys: String, CodingKey { case type, count, steps }

    init(_ item: WorkoutItem) {
        switch item {
        case .step(let step): self = .step(StepResponse(step))
        case .repeats(let block): self = .repeats(count: block.count, steps: block.steps.map(StepResponse.init))
        }
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if try c.decode(String.self, forKey: .type) == "repeat" {
            self = .repeats(
                count: try c.decode(Int.self, forKey: .count), steps: try c.decode([StepResponse].self, forKey: .steps))
        } else {
            self = .step(try StepResponse(from: decoder))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .step(let step):
            try c.encode("step", forKey: .type)
            try step.encode(to: encoder)
        case .repeats(let count, let steps):
            try c.encode("repeat", forKey: .type)
            try c.encode(count, forKey: .count)
            try c.encode(steps, forKey: .steps)
        }
    }
}

/// One step of a workout: what to do (`activity`), for how long (`goal`), technique cues and a note.
struct StepResponse: Codable, Sendable, Equatable {
    var name: String
    var activity: ActivityResponse
    var goal: StepGoalResponse
    var cues: [TechniqueCue]
    var note: String?

    init(
        name: String, activity: ActivityResponse, goal: StepGoalResponse, cues: [TechniqueCue], note: String? = nil
    ) {
        self.name = name
        self.activity = activity
        self.goal = goal
        self.cues = cues
        self.note = note
    }

    init(_ step: Step) {
        name = step.name
        activity = ActivityResponse(step.activity)
        goal = StepGoalResponse(step.goal)
        cues = step.cues
        note = step.note
    }
}

/// What a step does, told apart by `kind`: `locomotion`, `rest` or `strength`; the keys of the other kinds are
/// absent.
struct ActivityResponse: Codable, Sendable, Equatable {
    var kind: String
    var direction: Direction?
    var gait: Gait?
    var surface: Surface?
    var speed: SpeedTargetResponse?
    var gradePercent: Double?
    var handrail: HandrailLevel?
    var rest: RestKind?
    var speedMps: Double?
    var exercise: Exercise?
    var load: String?

    init(kind: String) { self.kind = kind }

    init(_ activity: Activity) {
        switch activity {
        case .locomotion(let motion):
            kind = "locomotion"
            direction = motion.direction
            gait = motion.gait
            surface = motion.surface
            speed = SpeedTargetResponse(motion.speed)
            gradePercent = motion.grade.percent
            handrail = motion.handrail
        case .rest(let rest):
            kind = "rest"
            self.rest = rest.kind
            speedMps = rest.speed?.metersPerSecond
        case .strength(let work):
            kind = "strength"
            exercise = work.exercise
            load = work.load
        }
    }
}

/// A step's speed, told apart by `kind`: `fixed` (`speedMps`), `range` (`minSpeedMps`, `maxSpeedMps`) or
/// `effort`.
struct SpeedTargetResponse: Codable, Sendable, Equatable {
    var kind: String
    var speedMps: Double?
    var minSpeedMps: Double?
    var maxSpeedMps: Double?
    var effort: Effort?

    init(kind: String) { self.kind = kind }

    init(_ target: SpeedTarget) {
        switch target {
        case .fixed(let speed):
            kind = "fixed"
            speedMps = speed.metersPerSecond
        case .range(let lower, let upper):
            kind = "range"
            minSpeedMps = lower.metersPerSecond
            maxSpeedMps = upper.metersPerSecond
        case .effort(let effort):
            kind = "effort"
            self.effort = effort
        }
    }
}

/// When a step ends, told apart by `kind`: `time`, `distance`, `reps`, `reps-for-time` or `open`.
struct StepGoalResponse: Codable, Sendable, Equatable {
    var kind: String
    var durationSeconds: Double?
    var distanceMeters: Double?
    var reps: Int?

    init(kind: String) { self.kind = kind }

    init(_ goal: StepGoal) {
        switch goal {
        case .time(let seconds):
            kind = "time"
            durationSeconds = seconds
        case .distance(let distance):
            kind = "distance"
            distanceMeters = distance.meters
        case .reps(let reps):
            kind = "reps"
            self.reps = reps
        case .repsForTime(let reps):
            kind = "reps-for-time"
            self.reps = reps
        case .open:
            kind = "open"
        }
    }
}

/// A progression decision in the API: what changes next time and why. `changedVariable` and `stageChange` are
/// always present, `null` when nothing (or more than one variable) changed.
struct ProgressionDecisionResponse: Codable, Sendable, Equatable {
    /// A change of training stage.
    struct StageChange: Codable, Sendable, Equatable {
        var from: TrainingStage
        var to: TrainingStage
    }

    /// One reason for the decision: the rule with its title and source, and what it said.
    struct Reason: Codable, Sendable, Equatable {
        var rule: ProgressionRule
        var title: String
        var message: String
        var source: String?
        var sentence: String

        enum CodingKeys: String, CodingKey { case rule, title, message, source, sentence }

        init(rule: ProgressionRule, title: String, message: String, source: String?, sentence: String) {
            self.rule = rule
            self.title = title
            self.message = message
            self.source = source
            self.sentence = sentence
        }

        init(_ reason: ProgressionReason) {
            self.init(
                rule: reason.rule, title: reason.rule.title, message: reason.message, source: reason.rule.source,
                sentence: reason.sentence)
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(rule, forKey: .rule)
            try c.encode(title, forKey: .title)
            try c.encode(message, forKey: .message)
            try c.encode(source, forKey: .source)
            try c.encode(sentence, forKey: .sentence)
        }
    }

    /// Whether backward running may start, and what is still missing.
    struct RunningGate: Codable, Sendable, Equatable {
        var open: Bool
        var missing: [String]
    }

    var action: ProgressionAction
    var rule: ProgressionRule
    var changedVariable: ProgressionVariable?
    var changedVariables: [ProgressionVariable]
    var current: PrescriptionResponse
    var next: PrescriptionResponse
    var stageChange: StageChange?
    var reasons: [Reason]
    var runningGate: RunningGate

    enum CodingKeys: String, CodingKey {
        case action, rule, changedVariable, changedVariables, current, next, stageChange, reasons, runningGate
    }

    init(_ decision: ProgressionDecision) {
        action = decision.action
        rule = decision.rule
        changedVariable = decision.changedVariable
        changedVariables = decision.changedVariables
        current = PrescriptionResponse(decision.current)
        next = PrescriptionResponse(decision.next)
        stageChange = decision.newStage.map { StageChange(from: decision.current.stage, to: $0) }
        reasons = decision.reasons.map(Reason.init)
        runningGate = RunningGate(open: decision.runningGate.isOpen, missing: decision.runningGate.missing)
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(action, forKey: .action)
        try c.encode(rule, forKey: .rule)
        try c.encode(changedVariable, forKey: .changedVariable)
        try c.encode(changedVariables, forKey: .changedVariables)
        try c.encode(current, forKey: .current)
        try c.encode(next, forKey: .next)
        try c.encode(stageChange, forKey: .stageChange)
        try c.encode(reasons, forKey: .reasons)
        try c.encode(runningGate, forKey: .runningGate)
    }
}
