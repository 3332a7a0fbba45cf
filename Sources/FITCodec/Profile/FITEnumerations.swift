// Profile enum values from the Garmin FIT SDK profile 21.218 (`garmin_fit_sdk/profile.py` types), as listed in
// `protocols-formats.md` §2.4–2.5. Each type is open: unknown raw values are kept.

/// Profile type `file` (file_id.type).
public struct FITFileType: FITEnumeration {
    /// The raw value.
    public var rawValue: UInt8
    /// Creates a value.
    /// - Parameter rawValue: raw value.
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    /// 4: activity file.
    public static let activity = Self(rawValue: 4)
    /// 5: workout file.
    public static let workout = Self(rawValue: 5)
}

/// Profile type `sport`.
public struct FITSport: FITEnumeration {
    /// The raw value.
    public var rawValue: UInt8
    /// Creates a value.
    /// - Parameter rawValue: raw value.
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    /// 0: generic.
    public static let generic = Self(rawValue: 0)
    /// 1: running.
    public static let running = Self(rawValue: 1)
    /// 4: fitness equipment.
    public static let fitnessEquipment = Self(rawValue: 4)
    /// 10: training.
    public static let training = Self(rawValue: 10)
    /// 11: walking.
    public static let walking = Self(rawValue: 11)
}

/// Profile type `sub_sport`.
public struct FITSubSport: FITEnumeration {
    /// The raw value.
    public var rawValue: UInt8
    /// Creates a value.
    /// - Parameter rawValue: raw value.
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    /// 0: generic.
    public static let generic = Self(rawValue: 0)
    /// 1: treadmill.
    public static let treadmill = Self(rawValue: 1)
    /// 27: indoor walking.
    public static let indoorWalking = Self(rawValue: 27)
    /// 30: casual walking.
    public static let casualWalking = Self(rawValue: 30)
    /// 31: speed walking.
    public static let speedWalking = Self(rawValue: 31)
    /// 45: indoor running.
    public static let indoorRunning = Self(rawValue: 45)
}

/// Profile type `intensity`.
public struct FITIntensity: FITEnumeration {
    /// The raw value.
    public var rawValue: UInt8
    /// Creates a value.
    /// - Parameter rawValue: raw value.
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    /// 0: active.
    public static let active = Self(rawValue: 0)
    /// 1: rest.
    public static let rest = Self(rawValue: 1)
    /// 2: warm-up.
    public static let warmup = Self(rawValue: 2)
    /// 3: cool-down.
    public static let cooldown = Self(rawValue: 3)
    /// 4: recovery.
    public static let recovery = Self(rawValue: 4)
    /// 5: interval.
    public static let interval = Self(rawValue: 5)
    /// 6: other.
    public static let other = Self(rawValue: 6)
}

/// Profile type `wkt_step_duration`.
public struct FITWorkoutStepDuration: FITEnumeration {
    /// The raw value.
    public var rawValue: UInt8
    /// Creates a value.
    /// - Parameter rawValue: raw value.
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    /// 0: time (duration_value in ms).
    public static let time = Self(rawValue: 0)
    /// 1: distance (duration_value in cm).
    public static let distance = Self(rawValue: 1)
    /// 2: until heart rate is below (workout_hr).
    public static let heartRateLessThan = Self(rawValue: 2)
    /// 3: until heart rate is above (workout_hr).
    public static let heartRateGreaterThan = Self(rawValue: 3)
    /// 4: calories.
    public static let calories = Self(rawValue: 4)
    /// 5: open (lap button).
    public static let open = Self(rawValue: 5)
    /// 6: repeat until the steps from duration_value are complete target_value times.
    public static let repeatUntilStepsComplete = Self(rawValue: 6)
    /// 7: repeat until time.
    public static let repeatUntilTime = Self(rawValue: 7)
    /// 8: repeat until distance.
    public static let repeatUntilDistance = Self(rawValue: 8)
    /// 28: repetition time.
    public static let repetitionTime = Self(rawValue: 28)

    /// True for the repeat kinds (6–13), whose duration_value is the first repeated step's message_index.
    public var isRepeat: Bool { (6...13).contains(rawValue) }
}

/// Profile type `wkt_step_target`.
public struct FITWorkoutStepTarget: FITEnumeration {
    /// The raw value.
    public var rawValue: UInt8
    /// Creates a value.
    /// - Parameter rawValue: raw value.
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    /// 0: speed (custom range in mm/s).
    public static let speed = Self(rawValue: 0)
    /// 1: heart rate (custom range as workout_hr: bpm + 100).
    public static let heartRate = Self(rawValue: 1)
    /// 2: open.
    public static let open = Self(rawValue: 2)
    /// 3: cadence.
    public static let cadence = Self(rawValue: 3)
    /// 4: power.
    public static let power = Self(rawValue: 4)
    /// 5: grade.
    public static let grade = Self(rawValue: 5)
}

/// Profile type `event`.
public struct FITEvent: FITEnumeration {
    /// The raw value.
    public var rawValue: UInt8
    /// Creates a value.
    /// - Parameter rawValue: raw value.
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    /// 0: timer.
    public static let timer = Self(rawValue: 0)
    /// 3: workout.
    public static let workout = Self(rawValue: 3)
    /// 4: workout step.
    public static let workoutStep = Self(rawValue: 4)
    /// 8: session.
    public static let session = Self(rawValue: 8)
    /// 9: lap.
    public static let lap = Self(rawValue: 9)
    /// 26: activity.
    public static let activity = Self(rawValue: 26)
}

/// Profile type `event_type`.
public struct FITEventType: FITEnumeration {
    /// The raw value.
    public var rawValue: UInt8
    /// Creates a value.
    /// - Parameter rawValue: raw value.
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    /// 0: start.
    public static let start = Self(rawValue: 0)
    /// 1: stop.
    public static let stop = Self(rawValue: 1)
    /// 4: stop all.
    public static let stopAll = Self(rawValue: 4)
}

/// Profile type `lap_trigger`.
public struct FITLapTrigger: FITEnumeration {
    /// The raw value.
    public var rawValue: UInt8
    /// Creates a value.
    /// - Parameter rawValue: raw value.
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    /// 0: manual.
    public static let manual = Self(rawValue: 0)
    /// 1: time.
    public static let time = Self(rawValue: 1)
    /// 2: distance.
    public static let distance = Self(rawValue: 2)
    /// 7: session end.
    public static let sessionEnd = Self(rawValue: 7)
}

/// Profile type `session_trigger`.
public struct FITSessionTrigger: FITEnumeration {
    /// The raw value.
    public var rawValue: UInt8
    /// Creates a value.
    /// - Parameter rawValue: raw value.
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    /// 0: activity end.
    public static let activityEnd = Self(rawValue: 0)
    /// 1: manual.
    public static let manual = Self(rawValue: 1)
}

/// Profile type `activity` (activity.type).
public struct FITActivityType: FITEnumeration {
    /// The raw value.
    public var rawValue: UInt8
    /// Creates a value.
    /// - Parameter rawValue: raw value.
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    /// 0: manual.
    public static let manual = Self(rawValue: 0)
    /// 1: auto multi-sport.
    public static let autoMultiSport = Self(rawValue: 1)
}
