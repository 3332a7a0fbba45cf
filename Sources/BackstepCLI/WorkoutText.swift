import BackstepCore

/// Renders workouts as readable terminal text in the person's units.
enum WorkoutText {
    /// A workout as numbered lines with targets and cues.
    static func render(_ workout: Workout, units: SpeedUnit, cues: Bool = true, indent: String = "  ") -> [String] {
        var lines: [String] = []
        for (index, item) in workout.items.enumerated() {
            switch item {
            case .step(let step):
                lines.append("\(indent)\(index + 1). \(describe(step, units: units))")
                if cues { lines += cueLines(step, indent: indent + "   ") }
            case .repeats(let block):
                lines.append("\(indent)\(index + 1). Repeat \(block.count)×:")
                for (stepIndex, step) in block.steps.enumerated() {
                    let letter = String(UnicodeScalar(UInt8(97 + stepIndex % 26)))
                    lines.append("\(indent)   \(letter). \(describe(step, units: units))")
                    if cues { lines += cueLines(step, indent: indent + "      ") }
                }
            }
        }
        return lines
    }

    static func cueLines(_ step: Step, indent: String) -> [String] {
        var lines = step.cues.map { "\(indent)· \($0.text)" }
        if let note = step.note { lines.append("\(indent)Note: \(note)") }
        return lines
    }

    /// One step on one line: name, goal, and targets.
    static func describe(_ step: Step, units: SpeedUnit) -> String {
        var parts = [step.name, goal(step.goal)]
        switch step.activity {
        case .locomotion(let motion):
            parts.append("\(motion.direction.rawValue) \(motion.gait.rawValue)")
            parts.append(speed(motion.speed, units: units))
            parts.append(
                motion.grade.percent == 0 ? "level" : "incline \(formatNumber(motion.grade.percent, digits: 1)) %")
            if motion.surface != .treadmill { parts.append(motion.surface.label) }
            parts.append(motion.handrail.label)
        case .rest(let rest):
            parts.append(rest.kind.label)
            if let restSpeed = rest.speed { parts.append(formatSpeed(restSpeed, units)) }
        case .strength(let work):
            if let load = work.load { parts.append(load) }
        }
        return parts.joined(separator: " · ")
    }

    static func goal(_ goal: StepGoal) -> String {
        switch goal {
        case .time(let seconds): formatClock(seconds)
        case .distance(let distance): "\(formatNumber(distance.meters, digits: 0)) m"
        case .reps(let reps): "\(reps) reps"
        case .repsForTime(let reps): "\(reps) reps for time"
        case .open: "until done"
        }
    }

    static func speed(_ target: SpeedTarget, units: SpeedUnit) -> String {
        switch target {
        case .fixed(let speed): formatSpeed(speed, units)
        case .range(let lower, let upper):
            "\(formatNumber(lower.value(in: units), digits: units == .metersPerSecond ? 2 : 1))–\(formatSpeed(upper, units))"
        case .effort(let effort): effort.label
        }
    }
}

extension Surface {
    var label: String {
        switch self {
        case .treadmill: "treadmill"
        case .curvedTreadmill: "curved treadmill"
        case .track: "flat open ground"
        case .outdoorHill: "outdoor hill"
        }
    }
}

extension RestKind {
    var label: String {
        switch self {
        case .standing: "stand still"
        case .forwardWalk: "walk forward"
        case .offTreadmill: "off the treadmill"
        }
    }
}
