import BackstepCore
import FITCodec
import Foundation

/// FIT workout file → Workout: the inverse of `FITWorkoutExport` for the parts a FIT workout carries
/// (step names, durations, speed targets, repeat blocks, direction and gait from the notes or the name).
/// Technique cues come back only as the step's notes.
public enum FITWorkoutImport {
    /// Reads a FIT workout file.
    /// - Parameter bytes: the file.
    /// - Returns: the workout.
    /// - Throws: `InteropError` for malformed files, files that aren't workouts, and repeat steps that point
    ///   forward or nest (Backstep's workouts have one level of repeats).
    public static func workout(from bytes: [UInt8]) throws(InteropError) -> Workout {
        let messages = try FITActivityImport.decodeMessages(bytes)
        var header: WorkoutMessage?
        var fileType: FITFileType?
        var steps: [WorkoutStepMessage] = []
        for message in messages {
            switch message {
            case .fileId(let id): fileType = fileType ?? id.type
            case .workout(let workout): header = header ?? workout
            case .workoutStep(let step): steps.append(step)
            default: break
            }
        }
        guard fileType == .workout else {
            throw InteropError(
                .unsupported, format: .fit,
                "not a FIT workout file (file type \(fileType?.rawValue.description ?? "missing"))")
        }
        steps.sort { ($0.messageIndex ?? 0) < ($1.messageIndex ?? 0) }
        var items: [WorkoutItem] = []
        // Steps since the last repeat, with their message_index, so a repeat step can gather its block.
        var pending: [(index: UInt32, step: Step)] = []
        for (position, message) in steps.enumerated() {
            let index = UInt32(message.messageIndex ?? UInt16(clamping: position))
            if let from = message.repeatFromStep, let count = message.repeatCount {
                guard let start = pending.firstIndex(where: { $0.index == from }) else {
                    throw InteropError(
                        .unsupported, format: .fit, location: "workout step \(index)",
                        "repeat from step \(from) is not a step after the previous repeat (nested repeats aren't supported)"
                    )
                }
                items += pending[..<start].map { .step($0.step) }
                let block = pending[start...].map(\.step)
                items.append(.repeats(RepeatBlock(count: Int(min(count, 999)), steps: block)))
                pending = []
                continue
            }
            pending.append((index, step(message)))
        }
        items += pending.map { .step($0.step) }
        return Workout(
            name: header?.name ?? "Imported workout", summary: header?.workoutDescription ?? "", items: items)
    }

    static func step(_ message: WorkoutStepMessage) -> Step {
        let name = message.name ?? "Step"
        let notes = message.notes ?? ""
        let goal: StepGoal
        if let seconds = message.durationTime {
            goal = .time(seconds)
        } else if let meters = message.durationDistance {
            goal = .distance(Distance(meters: meters))
        } else {
            goal = .open
        }
        let speed = message.customTargetSpeed
        if message.intensity == .rest {
            let kind: RestKind =
                notes.hasPrefix("Rest: walk forward")
                ? .forwardWalk : notes.hasPrefix("Rest off") ? .offTreadmill : .standing
            return Step(
                name: name,
                activity: .rest(Rest(kind: kind, speed: speed.map { Speed(metersPerSecond: $0.upperBound) })),
                goal: goal, note: notes.isEmpty ? nil : notes)
        }
        let lowerNotes = notes.lowercased()
        let direction: Direction =
            lowerNotes.hasPrefix("walk forward") || lowerNotes.hasPrefix("run forward")
            ? .forward
            : lowerNotes.hasPrefix("walk backward") || lowerNotes.hasPrefix("run backward")
                || name.lowercased().contains("backward") ? .backward : .forward
        let gait: Gait = lowerNotes.hasPrefix("run ") ? .run : .walk
        let target: SpeedTarget
        if let speed {
            target =
                speed.lowerBound == speed.upperBound
                ? .fixed(Speed(metersPerSecond: speed.lowerBound))
                : .range(Speed(metersPerSecond: speed.lowerBound), Speed(metersPerSecond: speed.upperBound))
        } else {
            target = .effort(.comfortable)
        }
        return Step(
            name: name, activity: .locomotion(Locomotion(direction: direction, gait: gait, speed: target)), goal: goal,
            note: notes.isEmpty ? nil : notes)
    }
}
