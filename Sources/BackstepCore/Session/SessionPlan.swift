/// The fixed part of a running session: the configuration, the steps in the order they are performed, and the
/// one clamp every commanded speed and incline passes through. It never changes while the session runs, so a
/// checkpoint stores only the configuration and rebuilds the plan from it.
struct SessionPlan: Sendable {
    /// The configuration the session runs with.
    let configuration: SessionConfiguration
    /// The steps in the order they are performed.
    let steps: [PerformedStep]

    init(configuration: SessionConfiguration) {
        self.configuration = configuration
        self.steps = configuration.workout.performedSteps
    }

    /// Whether the app drives the treadmill (otherwise targets are shown for the user to set by hand).
    var controlsTreadmill: Bool { configuration.treadmill?.controllable == true }

    // MARK: - The envelope

    /// The one clamp every commanded speed passes through.
    func envelopeSpeed(_ speed: Speed, gait: Gait) -> Speed {
        var allowed = min(speed, configuration.policy.cap(for: gait))
        if let treadmill = configuration.treadmill { allowed = min(allowed, treadmill.maximumSpeed) }
        return max(allowed, .zero)
    }

    /// The one clamp every commanded incline passes through.
    func envelopeGrade(_ grade: Grade) -> Grade {
        var allowed = min(grade, configuration.policy.gradeCap)
        if let treadmill = configuration.treadmill {
            allowed = min(max(allowed, treadmill.minimumGrade), treadmill.maximumGrade)
        }
        return allowed
    }

    /// The highest speed the envelope allows for any gait: no commanded, ramped or announced speed may exceed it.
    var highestAllowedSpeed: Speed {
        Gait.allCases.map { envelopeSpeed(InputLimits.maximumSpeed, gait: $0) }.max() ?? .zero
    }

    /// The highest incline the envelope allows.
    var highestAllowedGrade: Grade { envelopeGrade(Grade(percent: InputLimits.gradeRange.upperBound)) }

    // MARK: - Steps

    /// The step at `index`, if there is one.
    func step(_ index: Int) -> Step? { steps.indices.contains(index) ? steps[index].step : nil }

    func isLocomotion(_ index: Int) -> Bool {
        guard let step = step(index) else { return false }
        if case .locomotion = step.activity { return true }
        return false
    }

    func isTimed(_ index: Int) -> Bool {
        guard let step = step(index) else { return false }
        switch step.goal {
        case .time, .distance: return true
        default: return false
        }
    }

    func gait(of index: Int) -> Gait? {
        guard let step = step(index) else { return nil }
        switch step.activity {
        case .locomotion(let motion): return motion.gait
        case .rest(let rest) where rest.kind == .forwardWalk: return .walk
        default: return nil
        }
    }

    /// The speed a step asks for before the envelope: the user's override, fixed, the low end of a range, or the
    /// effort's speed.
    func desiredSpeed(for index: Int, override: Speed?) -> Speed? {
        guard let step = step(index) else { return nil }
        if let override { return override }
        switch step.activity {
        case .locomotion(let motion):
            switch motion.speed {
            case .fixed(let speed): return speed
            case .range(let lower, _): return lower
            case .effort(let effort): return configuration.effortSpeeds[effort] ?? SafetyPolicy.beginnerStartSpeed
            }
        case .rest(let rest): return rest.speed
        case .strength: return nil
        }
    }

    func desiredGrade(for index: Int) -> Grade? {
        guard let step = step(index), case .locomotion(let motion) = step.activity else { return nil }
        return motion.grade
    }

    /// The active seconds a timed step lasts (a distance at the step's speed); nil for other goals.
    func plannedSeconds(for index: Int, override: Speed?) -> Seconds? {
        guard let step = step(index) else { return nil }
        switch step.goal {
        case .time(let seconds): return seconds
        case .distance(let distance):
            let speed = desiredSpeed(for: index, override: override) ?? SafetyPolicy.beginnerStartSpeed
            return speed.metersPerSecond > 0 ? distance.meters / speed.metersPerSecond : nil
        default: return nil
        }
    }

    /// The step as the session shows it.
    func info(for index: Int, override: Speed?) -> SegmentInfo? {
        guard steps.indices.contains(index) else { return nil }
        let performed = steps[index]
        var direction: Direction?
        var gaitValue: Gait?
        var speed: Speed?
        var grade: Grade?
        var instruction = performed.step.name
        switch performed.step.activity {
        case .locomotion(let motion):
            direction = motion.direction
            gaitValue = motion.gait
            speed = desiredSpeed(for: index, override: override).map { envelopeSpeed($0, gait: motion.gait) }
            grade = envelopeGrade(motion.grade)
            let how = controlsTreadmill ? "" : " Set the treadmill by hand."
            switch motion.speed {
            case .effort(let effort):
                instruction = "Walk \(motion.direction.rawValue) at a \(effort.label) pace.\(how)"
            default:
                instruction = "Walk \(motion.direction.rawValue).\(how)"
            }
        case .rest(let rest):
            speed = rest.speed
            instruction = rest.kind == .offTreadmill ? "Step off the treadmill." : "Rest."
        case .strength:
            instruction = "Do the \(stepDescription(performed.step))."
        }
        return SegmentInfo(
            index: index, count: steps.count, name: performed.step.name, round: performed.round,
            rounds: performed.rounds,
            plannedSeconds: plannedSeconds(for: index, override: override), direction: direction, gait: gaitValue,
            targetSpeed: speed, targetGrade: grade, instruction: instruction)
    }

    func stepDescription(_ step: Step) -> String {
        guard case .strength(let work) = step.activity else { return step.name }
        switch step.goal {
        case .reps(let reps): return "\(reps) \(work.exercise.label)"
        case .repsForTime(let reps): return "\(reps) \(work.exercise.label) as fast as you can with good form"
        case .time(let seconds): return "\(work.exercise.label) for \(Int(seconds)) s"
        default: return work.exercise.label
        }
    }
}
