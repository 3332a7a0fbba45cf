/// Small builders the catalog uses so every program's steps carry the same cues for the same situation.
enum Steps {
    /// Cues for backward walking at a handrail level.
    static func walkCues(_ handrail: HandrailLevel, extra: [TechniqueCue] = []) -> [TechniqueCue] {
        var cues: [TechniqueCue] = [.toesThenHeel, .standTall, .shortEvenSteps, .noTwisting]
        switch handrail {
        case .twoHands: cues.append(.holdRails)
        case .oneHand, .fingertips: cues.append(.lightenGrip)
        case .handsFree: cues.append(.armSwing)
        }
        cues.append(contentsOf: extra)
        return cues
    }

    static func backwardWalk(
        _ name: String, seconds: Seconds, speed: SpeedTarget, grade: Grade = .level, handrail: HandrailLevel,
        surface: Surface = .treadmill, extraCues: [TechniqueCue] = [], note: String? = nil
    ) -> Step {
        Step(
            name: name,
            activity: .locomotion(
                Locomotion(
                    direction: .backward, gait: .walk, surface: surface, speed: speed, grade: grade, handrail: handrail)
            ),
            goal: .time(seconds), cues: walkCues(handrail, extra: extraCues), note: note)
    }

    static func backwardRun(
        _ name: String, seconds: Seconds, speed: SpeedTarget, handrail: HandrailLevel, extraCues: [TechniqueCue] = [],
        note: String? = nil
    ) -> Step {
        Step(
            name: name,
            activity: .locomotion(
                Locomotion(direction: .backward, gait: .run, surface: .treadmill, speed: speed, handrail: handrail)),
            goal: .time(seconds), cues: [.standTall, .quickLightFeet, .noTwisting] + extraCues, note: note)
    }

    static func forwardWalk(_ name: String, seconds: Seconds, speed: SpeedTarget) -> Step {
        Step(
            name: name,
            activity: .locomotion(Locomotion(direction: .forward, gait: .walk, speed: speed, handrail: .handsFree)),
            goal: .time(seconds), cues: [.standTall])
    }

    static func standingRest(_ seconds: Seconds, note: String? = nil) -> Step {
        Step(name: "Rest", activity: .rest(.standing), goal: .time(seconds), cues: [], note: note)
    }

    static func pauseBeforeStepOff() -> Step {
        Step(name: "Stand still", activity: .rest(.standing), goal: .time(30), cues: [.pauseBeforeStepOff])
    }

    static func strength(_ exercise: Exercise, goal: StepGoal, load: String? = nil, note: String? = nil) -> Step {
        let cue: [TechniqueCue]
        switch exercise {
        case .pushUp: cue = [.pushUpForm]
        case .squat, .gobletSquat: cue = [.squatForm]
        default: cue = []
        }
        return Step(
            name: exercise.label.prefix(1).uppercased() + exercise.label.dropFirst(),
            activity: .strength(StrengthWork(exercise: exercise, load: load)), goal: goal, cues: cue, note: note)
    }
}
