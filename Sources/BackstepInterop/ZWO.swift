import BackstepCore
import Foundation

/// Workout → Zwift workout (ZWO, `sportType` run), `protocols-formats.md` §3.1.
///
/// ZWO run workouts have no absolute speed: `Power` is a fraction of the runner's reference pace, chosen by
/// `pace` (0 = 1 mile … 4 = marathon). Backstep writes `pace="4"` (marathon, the slowest reference, so walking
/// fractions stay readable) and `Power = target speed ÷ Options.referenceSpeed`, where the reference is the
/// runner's marathon pace as a speed (10 km/h unless given). Because the player's own reference may differ,
/// every block also carries a text cue with the absolute speed and the direction ("Backward walk at 3.2 km/h"),
/// followed by the technique cues every 15 seconds. Each step is a `SteadyState` block; a two-step repeat
/// block of timed, speed-targeted steps becomes `IntervalsT`; other repeats are written out round by round.
/// Steps without a speed (effort targets, standing rests, strength, open steps) are `FreeRide` blocks with their
/// instructions as text; untimed steps use their estimated duration. Incline goes into the text, not the
/// `Incline` attribute, whose scale is ambiguous in the wild.
public enum ZWOExport {
    /// Export settings.
    public struct Options: Sendable, Hashable {
        /// The runner's marathon pace as a speed: `Power` 1.0 at `pace="4"`.
        public var referenceSpeed: Speed
        /// Units for the speeds in the text cues.
        public var units: SpeedUnit

        /// Creates options.
        /// - Parameters:
        ///   - referenceSpeed: the marathon-pace speed that `Power` is a fraction of.
        ///   - units: units for text cues.
        public init(referenceSpeed: Speed = .kilometersPerHour(10), units: SpeedUnit = .kilometersPerHour) {
            self.referenceSpeed = referenceSpeed
            self.units = units
        }
    }

    /// The `pace` attribute written: 4, the marathon reference.
    public static let pace = 4
    /// Seconds between technique cues within a block.
    public static let cueInterval = 15

    /// The workout as ZWO XML.
    /// - Parameters:
    ///   - workout: the workout.
    ///   - options: export settings.
    /// - Throws: `InteropError` when the reference speed isn't positive.
    public static func document(_ workout: Workout, options: Options = Options()) throws(InteropError) -> String {
        let reference = options.referenceSpeed.metersPerSecond
        guard reference.isFinite, reference > 0 else {
            throw InteropError(.unrepresentable, format: .zwo, "the reference speed must be above zero")
        }
        var lines = [
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
            "<workout_file>",
            "  <author>Backstep</author>",
            "  <name>\(InteropText.xmlEscaped(workout.name))</name>",
            "  <description>\(InteropText.xmlEscaped(description(workout, options)))</description>",
            "  <sportType>run</sportType>",
            "  <tags><tag name=\"backward\"/><tag name=\"treadmill\"/></tags>",
            "  <workout>",
        ]
        for item in workout.items {
            switch item {
            case .step(let step):
                lines += block(step, options)
            case .repeats(let repeats):
                guard repeats.count > 0 else { continue }
                if repeats.count > 1, repeats.steps.count == 2, let on = steady(repeats.steps[0], options),
                    let off = steady(repeats.steps[1], options)
                {
                    lines.append(
                        "    <IntervalsT Repeat=\"\(repeats.count)\" OnDuration=\"\(on.seconds)\" OffDuration=\"\(off.seconds)\" OnPower=\"\(power(on.speed, reference))\" OffPower=\"\(power(off.speed, reference))\" pace=\"\(pace)\">"
                    )
                    lines += texts(repeats.steps[0], seconds: on.seconds, options)
                    lines.append("    </IntervalsT>")
                } else {
                    for _ in 0..<repeats.count {
                        for step in repeats.steps { lines += block(step, options) }
                    }
                }
            }
        }
        lines += ["  </workout>", "</workout_file>"]
        return lines.joined(separator: "\n") + "\n"
    }

    static func description(_ workout: Workout, _ options: Options) -> String {
        var text = workout.summary
        if !text.isEmpty { text += " " }
        text +=
            "Backward walking on a treadmill. Power is a fraction of a \(InteropText.speed(options.referenceSpeed, options.units)) marathon pace; the text cues give the real belt speed."
        return text
    }

    /// A timed step with one speed (fixed, the middle of a range, or a rest's belt speed).
    static func steady(_ step: Step, _ options: Options) -> (seconds: Int, speed: Double)? {
        guard case .time(let seconds) = step.goal, seconds > 0 else { return nil }
        switch step.activity {
        case .locomotion(let motion):
            guard let speed = motion.speed.representative else { return nil }
            return (Int(seconds.rounded()), speed.metersPerSecond)
        case .rest(let rest):
            guard let speed = rest.speed else { return nil }
            return (Int(seconds.rounded()), speed.metersPerSecond)
        case .strength:
            return nil
        }
    }

    static func power(_ speed: Double, _ reference: Double) -> String {
        InteropText.number(max(speed, 0) / reference, digits: 3)
    }

    static func block(_ step: Step, _ options: Options) -> [String] {
        let seconds = max(Int(step.estimatedSeconds.rounded()), 1)
        var lines: [String]
        if let (_, speed) = steady(step, options) ?? speedOnly(step).map({ (seconds, $0) }) {
            lines = [
                "    <SteadyState Duration=\"\(seconds)\" Power=\"\(power(speed, options.referenceSpeed.metersPerSecond))\" pace=\"\(pace)\">"
            ]
            lines += texts(step, seconds: seconds, options)
            lines.append("    </SteadyState>")
        } else {
            lines = ["    <FreeRide Duration=\"\(seconds)\" FlatRoad=\"1\">"]
            lines += texts(step, seconds: seconds, options)
            lines.append("    </FreeRide>")
        }
        return lines
    }

    /// The speed of an untimed step that names one.
    static func speedOnly(_ step: Step) -> Double? {
        switch step.activity {
        case .locomotion(let motion): motion.speed.representative?.metersPerSecond
        case .rest(let rest): rest.speed?.metersPerSecond
        case .strength: nil
        }
    }

    /// The text cues of a block: what to do (with the real speed and direction), then the technique cues.
    static func texts(_ step: Step, seconds: Int, _ options: Options) -> [String] {
        var messages = [instruction(step, options)]
        messages += step.cues.map(\.text)
        if let note = step.note { messages.append(note) }
        var lines: [String] = []
        for (index, message) in messages.enumerated() {
            let offset = index * cueInterval
            guard index == 0 || offset < seconds else { break }
            lines.append("      <textevent timeoffset=\"\(offset)\" message=\"\(InteropText.xmlEscaped(message))\"/>")
        }
        return lines
    }

    static func instruction(_ step: Step, _ options: Options) -> String {
        var text: String
        switch step.activity {
        case .locomotion(let motion):
            let what =
                "\(motion.direction == .backward ? "Backward" : "Forward") \(motion.gait == .run ? "run" : "walk")"
            switch motion.speed {
            case .fixed(let speed): text = "\(what) at \(InteropText.speed(speed, options.units))"
            case .range(let low, let high):
                text =
                    "\(what) at \(InteropText.number(low.value(in: options.units), digits: 1))–\(InteropText.speed(high, options.units))"
            case .effort(let effort): text = "\(what), \(effort.label) effort: set the belt by feel"
            }
            if motion.grade.percent != 0 {
                text += ", incline \(InteropText.number(motion.grade.percent, digits: 1)) %"
            }
            text += " (\(motion.handrail.label))"
        case .rest(let rest):
            switch rest.kind {
            case .standing: text = "Rest: stand still"
            case .forwardWalk:
                text = "Rest: walk forward" + (rest.speed.map { " at \(InteropText.speed($0, options.units))" } ?? "")
            case .offTreadmill: text = "Rest off the treadmill"
            }
        case .strength(let work):
            text = work.exercise.label.prefix(1).uppercased() + work.exercise.label.dropFirst()
        }
        switch step.goal {
        case .reps(let reps): text += ", \(reps) reps"
        case .repsForTime(let reps): text += ", \(reps) reps for time"
        case .distance(let distance): text += ", \(InteropText.number(distance.meters, digits: 0)) m"
        case .open: text += ", until done"
        case .time: break
        }
        return "\(step.name): \(text)"
    }
}
