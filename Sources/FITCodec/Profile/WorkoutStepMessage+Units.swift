/// SI helpers over the raw workout step fields, following the sub-field table of profile 21.218
/// (`garmin_fit_sdk/profile.py`, mesg 27 sub_fields; `protocols-formats.md` §2.4).
extension WorkoutStepMessage {
    /// A time step's duration in seconds (`duration_time`: duration_value in ms), when `durationType` is time
    /// or repetition time.
    public var durationTime: Double? {
        get {
            guard durationType == .time || durationType == .repetitionTime, let durationValue else { return nil }
            return Double(durationValue) / 1000
        }
        set {
            durationType = .time
            durationValue = newValue.flatMap {
                FITFieldSpec<Self>.rawValue(forScaled: $0, scale: 1000, offset: 0, baseType: .uint32)?.unsignedValue
            }.flatMap { UInt32(exactly: $0) }
        }
    }

    /// A distance step's length in metres (`duration_distance`: duration_value in cm).
    public var durationDistance: Double? {
        get {
            guard durationType == .distance, let durationValue else { return nil }
            return Double(durationValue) / 100
        }
        set {
            durationType = .distance
            durationValue = newValue.flatMap {
                FITFieldSpec<Self>.rawValue(forScaled: $0, scale: 100, offset: 0, baseType: .uint32)?.unsignedValue
            }.flatMap { UInt32(exactly: $0) }
        }
    }

    /// A custom speed target in m/s (`custom_target_speed_low/high`, stored in mm/s), when `targetType` is speed
    /// and `targetValue` is 0 (custom).
    public var customTargetSpeed: ClosedRange<Double>? {
        get {
            guard targetType == .speed, targetValue ?? 0 == 0, let low = customTargetValueLow,
                let high = customTargetValueHigh, low <= high
            else { return nil }
            return (Double(low) / 1000)...(Double(high) / 1000)
        }
        set {
            targetType = .speed
            targetValue = 0
            customTargetValueLow = newValue.flatMap { UInt32(exactly: ($0.lowerBound * 1000).rounded()) }
            customTargetValueHigh = newValue.flatMap { UInt32(exactly: ($0.upperBound * 1000).rounded()) }
        }
    }

    /// A custom heart-rate target in bpm (`workout_hr`: values above 100 are bpm + 100), when `targetType` is
    /// heart rate and `targetValue` is 0. Values 0–100 (percent of maximum) give nil.
    public var customTargetHeartRate: ClosedRange<UInt32>? {
        get {
            guard targetType == .heartRate, targetValue ?? 0 == 0, let low = customTargetValueLow,
                let high = customTargetValueHigh, low > 100, high >= low
            else { return nil }
            return (low - 100)...(high - 100)
        }
        set {
            targetType = .heartRate
            targetValue = 0
            customTargetValueLow = newValue.map { $0.lowerBound &+ 100 }
            customTargetValueHigh = newValue.map { $0.upperBound &+ 100 }
        }
    }

    /// For a repeat step (duration type 6): the message_index of the first repeated step (`duration_step`).
    public var repeatFromStep: UInt32? {
        durationType == .repeatUntilStepsComplete ? durationValue : nil
    }

    /// For a repeat step (duration type 6): the total number of times the block runs (`repeat_steps`).
    public var repeatCount: UInt32? {
        durationType == .repeatUntilStepsComplete ? targetValue : nil
    }

    /// A repeat step, placed after its block: duration type 6, duration_value = the message_index of the
    /// block's first step, target_type open, target_value = repetitions (`protocols-formats.md` §2.4).
    /// - Parameters:
    ///   - messageIndex: this step's own index.
    ///   - firstStep: the message_index of the first repeated step.
    ///   - count: how many times the block runs.
    /// - Returns: the step.
    public static func repeatStep(messageIndex: UInt16, from firstStep: UInt16, count: UInt32) -> WorkoutStepMessage {
        var step = WorkoutStepMessage()
        step.messageIndex = messageIndex
        step.durationType = .repeatUntilStepsComplete
        step.durationValue = UInt32(firstStep)
        step.targetType = .open
        step.targetValue = count
        return step
    }
}

extension FieldDescriptionMessage {
    /// The developer field's base type, if `baseTypeByte` names a known one.
    public var baseType: FITBaseType? {
        get { baseTypeByte.flatMap { FITBaseType(fileByte: $0) } }
        set { baseTypeByte = newValue?.rawValue }
    }
}
