import BackstepCore
import FITCodec
import Foundation

/// Backstep's identity in FIT files: the development manufacturer, its product number, and the developer
/// application id under which the walking-direction and handrail developer fields are described.
public enum BackstepFIT {
    /// Manufacturer 255 (`development`).
    public static let manufacturer: UInt16 = 255
    /// Backstep's product number under the development manufacturer.
    public static let product: UInt16 = 0xB5
    /// The developer application id (a fixed UUID, 16 bytes) of Backstep's developer fields.
    public static let applicationId: [UInt8] = [
        0x8E, 0x2B, 0x5C, 0x1A, 0x4F, 0x3D, 0x4B, 0x7E, 0x9A, 0x61, 0xB4, 0xAC, 0x5E, 0x70, 0x1D, 0x42,
    ]
    /// The developer field number of `walking_direction` (uint8: 0 backward, 1 forward).
    public static let directionField: UInt8 = 0
    /// The developer field number of `handrail` (uint8: 0 two hands, 1 one hand, 2 fingertips, 3 hands free).
    public static let handrailField: UInt8 = 1
    /// The developer field name of the walking direction.
    public static let directionFieldName = "walking_direction"
    /// The developer field name of the handrail level.
    public static let handrailFieldName = "handrail"

    /// The longest step and workout name written, in UTF-8 bytes (older watches show about 15 characters;
    /// Garmin Connect keeps longer names).
    public static let maximumNameBytes = 50
    /// The longest notes or description written, in UTF-8 bytes: a FIT string field holds at most 255 bytes
    /// including its terminating null.
    public static let maximumNotesBytes = 254

    /// The developer-field code of a direction.
    public static func code(_ direction: Direction) -> UInt8 { direction == .backward ? 0 : 1 }
    /// The direction of a developer-field code, or nil for unknown codes.
    public static func direction(code: UInt64) -> Direction? {
        code == 0 ? .backward : code == 1 ? .forward : nil
    }
    /// The developer-field code of a handrail level (its place in the weaning order).
    public static func code(_ handrail: HandrailLevel) -> UInt8 { UInt8(handrail.independence) }
    /// The handrail level of a developer-field code, or nil for unknown codes.
    public static func handrail(code: UInt64) -> HandrailLevel? {
        HandrailLevel.allCases.first { UInt64($0.independence) == code }
    }
}

/// Workout → FIT workout file (`file_id.type` 5), loadable on a Garmin watch.
///
/// Mapping (`docs/formats.md`): sport walking, or running when any step runs; sub-sport treadmill (generic when
/// the workout leaves the treadmill). Timed steps use duration `time` (ms), distance steps `distance` (cm);
/// open, reps and strength steps use `open` with the reps in the notes. Fixed and range speeds become custom
/// speed targets (mm/s, low = high for a fixed speed); effort targets become open targets with the effort in
/// the notes. A repeat block is its steps followed by a repeat step (`repeat_until_steps_cmplt`, duration_value =
/// the block's first message_index, target_value = the number of rounds; `protocols-formats.md` §2.4).
/// Backward steps are named "Backward …"; every step's notes start with the direction and carry the technique
/// cues, cut to `BackstepFIT.maximumNotesBytes`.
public enum FITWorkoutExport {
    /// Export settings.
    public struct Options: Sendable, Hashable {
        /// `file_id.time_created` (also feeds the serial number, so two exports of one workout at different
        /// times are different files to a watch).
        public var createdAt: Date

        /// Creates options.
        /// - Parameter createdAt: the creation time to record.
        public init(createdAt: Date) {
            self.createdAt = createdAt
        }
    }

    /// The typed messages of the workout file, in file order.
    /// - Parameters:
    ///   - workout: the workout.
    ///   - options: export settings.
    /// - Throws: `InteropError` (`unrepresentable`) for a workout with no steps or more than 65,535 of them.
    public static func messages(_ workout: Workout, options: Options) throws(InteropError) -> [FITTypedMessage] {
        var steps: [WorkoutStepMessage] = []
        func add(_ step: Step, inRepeat: Bool) throws(InteropError) {
            guard let index = UInt16(exactly: steps.count) else { throw tooMany() }
            steps.append(stepMessage(step, index: index, inRepeat: inRepeat))
        }
        for item in workout.items {
            switch item {
            case .step(let step):
                try add(step, inRepeat: false)
            case .repeats(let block):
                guard !block.steps.isEmpty, block.count > 0 else { continue }
                guard let first = UInt16(exactly: steps.count) else { throw tooMany() }
                for step in block.steps { try add(step, inRepeat: block.count > 1) }
                if block.count > 1 {
                    guard let index = UInt16(exactly: steps.count) else { throw tooMany() }
                    steps.append(.repeatStep(messageIndex: index, from: first, count: UInt32(block.count)))
                }
            }
        }
        guard !steps.isEmpty else {
            throw InteropError(.unrepresentable, format: .fit, "the workout has no steps")
        }
        guard let count = UInt16(exactly: steps.count) else { throw tooMany() }

        var fileId = FileIdMessage()
        fileId.type = .workout
        fileId.manufacturer = BackstepFIT.manufacturer
        fileId.product = BackstepFIT.product
        fileId.serialNumber = serialNumber(workout, createdAt: options.createdAt)
        fileId.timeCreated = FITDateTime(unixSeconds: Int64(options.createdAt.timeIntervalSince1970.rounded(.down)))

        var header = WorkoutMessage()
        header.name = InteropText.truncated(workout.name, maximumBytes: BackstepFIT.maximumNameBytes)
        header.sport = sport(workout)
        header.subSport = subSport(workout)
        header.numberOfValidSteps = count
        if !workout.summary.isEmpty {
            header.workoutDescription = InteropText.truncated(
                workout.summary, maximumBytes: BackstepFIT.maximumNotesBytes)
        }
        return [.fileId(fileId), .workout(header)] + steps.map { .workoutStep($0) }
    }

    /// The workout as FIT file bytes.
    /// - Parameters:
    ///   - workout: the workout.
    ///   - options: export settings.
    /// - Throws: `InteropError` when the workout can't be written.
    public static func encode(_ workout: Workout, options: Options) throws(InteropError) -> [UInt8] {
        let messages = try messages(workout, options: options)
        var encoder = FITEncoder()
        do {
            for message in messages { try encoder.write(message.fitMessage()) }
            return try encoder.encodedFile()
        } catch {
            throw InteropError(.unrepresentable, format: .fit, "FIT encoder: \(error)")
        }
    }

    /// Walking, or running when any locomotion step runs.
    static func sport(_ workout: Workout) -> FITSport {
        let runs = workout.performedSteps.contains {
            if case .locomotion(let motion) = $0.step.activity { return motion.gait == .run }
            return false
        }
        return runs ? .running : .walking
    }

    /// Treadmill, unless a locomotion step happens off the treadmill (then generic).
    static func subSport(_ workout: Workout) -> FITSubSport {
        let offTreadmill = workout.performedSteps.contains {
            if case .locomotion(let motion) = $0.step.activity {
                return motion.surface == .track || motion.surface == .outdoorHill
            }
            return false
        }
        return offTreadmill ? .generic : .treadmill
    }

    static func tooMany() -> InteropError {
        InteropError(.unrepresentable, format: .fit, "the workout has more than 65,535 steps")
    }

    static func serialNumber(_ workout: Workout, createdAt: Date) -> UInt32 {
        var hash = StableHash()
        hash.combine(workout.name)
        hash.combine(String(workout.performedSteps.count))
        hash.combine(String(Int64(createdAt.timeIntervalSince1970.rounded(.down))))
        let serial = UInt32(truncatingIfNeeded: hash.value.0)
        return serial == 0 ? 1 : serial
    }

    /// The name a watch shows: backward steps say "Backward".
    static func stepName(_ step: Step) -> String {
        var name = step.name
        if case .locomotion(let motion) = step.activity, motion.direction == .backward,
            !name.lowercased().contains("backward")
        {
            name = "Backward " + (name.first.map { String($0).lowercased() + name.dropFirst() } ?? "")
        }
        return InteropText.truncated(name, maximumBytes: BackstepFIT.maximumNameBytes)
    }

    static func stepMessage(_ step: Step, index: UInt16, inRepeat: Bool) -> WorkoutStepMessage {
        var message = WorkoutStepMessage()
        message.messageIndex = index
        message.name = stepName(step)
        var notes: [String] = []
        switch step.goal {
        case .time(let seconds):
            message.durationTime = max(seconds, 0)
        case .distance(let distance):
            message.durationDistance = max(distance.meters, 0)
        case .reps(let reps):
            message.durationType = .open
            notes.append("\(reps) reps, then press lap.")
        case .repsForTime(let reps):
            message.durationType = .open
            notes.append("\(reps) reps as fast as you can with good form, then press lap.")
        case .open:
            message.durationType = .open
            notes.append("Press lap when done.")
        }
        message.targetType = .open
        switch step.activity {
        case .locomotion(let motion):
            let verb = motion.gait == .run ? "Run" : "Walk"
            notes.insert("\(verb) \(motion.direction.rawValue).", at: 0)
            switch motion.speed {
            case .fixed(let speed):
                message.customTargetSpeed = max(speed.metersPerSecond, 0)...max(speed.metersPerSecond, 0)
            case .range(let low, let high):
                let lower = max(min(low.metersPerSecond, high.metersPerSecond), 0)
                message.customTargetSpeed = lower...max(high.metersPerSecond, lower)
            case .effort(let effort):
                notes.append("Effort: \(effort.label); set the belt by feel.")
            }
            if motion.grade.percent != 0 {
                notes.append("Incline \(InteropText.number(motion.grade.percent, digits: 1)) %.")
            }
            notes.append("Handrail: \(motion.handrail.label).")
            let name = step.name.lowercased()
            message.intensity =
                name.contains("warm") ? .warmup : name.contains("cool") ? .cooldown : inRepeat ? .interval : .active
        case .rest(let rest):
            message.intensity = .rest
            if let speed = rest.speed {
                message.customTargetSpeed = max(speed.metersPerSecond, 0)...max(speed.metersPerSecond, 0)
            }
            switch rest.kind {
            case .standing: notes.insert("Rest: stand still.", at: 0)
            case .forwardWalk: notes.insert("Rest: walk forward.", at: 0)
            case .offTreadmill: notes.insert("Rest off the treadmill.", at: 0)
            }
        case .strength(let work):
            message.intensity = .active
            notes.insert(work.exercise.label.prefix(1).uppercased() + work.exercise.label.dropFirst() + ".", at: 0)
            if let load = work.load { notes.append("Load: \(load).") }
        }
        if let note = step.note { notes.append(note) }
        notes += step.cues.map(\.text)
        message.notes = InteropText.truncated(notes.joined(separator: " "), maximumBytes: BackstepFIT.maximumNotesBytes)
        return message
    }
}
