// Typed messages for the profile subset Backstep uses. Field numbers, base types, scales and offsets are
// from the Garmin FIT SDK profile 21.218 (`garmin_fit_sdk/profile.py`, PyPI garmin-fit-sdk 21.218.0).

/// Identifies the file; must be the first message (`file_id`, mesg 0).
public struct FileIdMessage: FITProfileMessage {
    /// Global message number 0 (`file_id`).
    public static let globalMessageNumber: UInt16 = 0
    /// File type (4 activity, 5 workout). Field 0.
    public var type: FITFileType?
    /// Manufacturer id (255 = development). Field 1.
    public var manufacturer: UInt16?
    /// Product id. Field 2.
    public var product: UInt16?
    /// Serial number. Field 3.
    public var serialNumber: UInt32?
    /// Creation time. Field 4.
    public var timeCreated: FITDateTime?
    /// File number. Field 5.
    public var number: UInt16?
    /// Product name. Field 8.
    public var productName: String?
    /// Fields the typed layer doesn't know, kept as read.
    public var unknownFields: [FITField] = []
    /// Developer fields, kept as read.
    public var developerFields: [FITDeveloperField] = []

    /// Creates a message with every field unset.
    public init() {}

    /// The known fields.
    public static let fieldSpecs: [FITFieldSpec<FileIdMessage>] = [
        .enumeration(0, .enumeration, \.type),
        .integer(1, .uint16, \.manufacturer),
        .integer(2, .uint16, \.product),
        .integer(3, .uint32z, \.serialNumber),
        .dateTime(4, \.timeCreated),
        .integer(5, .uint16, \.number),
        .string(8, \.productName),
    ]
}

/// The software and hardware that wrote the file (`file_creator`, mesg 49).
public struct FileCreatorMessage: FITProfileMessage {
    /// Global message number 49 (`file_creator`).
    public static let globalMessageNumber: UInt16 = 49
    /// Software version. Field 0.
    public var softwareVersion: UInt16?
    /// Hardware version. Field 1.
    public var hardwareVersion: UInt8?
    /// Fields the typed layer doesn't know, kept as read.
    public var unknownFields: [FITField] = []
    /// Developer fields, kept as read.
    public var developerFields: [FITDeveloperField] = []

    /// Creates a message with every field unset.
    public init() {}

    /// The known fields.
    public static let fieldSpecs: [FITFieldSpec<FileCreatorMessage>] = [
        .integer(0, .uint16, \.softwareVersion),
        .integer(1, .uint8, \.hardwareVersion),
    ]
}

/// A device that took part in the recording (`device_info`, mesg 23).
public struct DeviceInfoMessage: FITProfileMessage {
    /// Global message number 23 (`device_info`).
    public static let globalMessageNumber: UInt16 = 23
    /// Time of the information. Field 253.
    public var timestamp: FITDateTime?
    /// Device index (0 = creator). Field 0.
    public var deviceIndex: UInt8?
    /// Device type. Field 1.
    public var deviceType: UInt8?
    /// Manufacturer id. Field 2.
    public var manufacturer: UInt16?
    /// Serial number. Field 3.
    public var serialNumber: UInt32?
    /// Product id. Field 4.
    public var product: UInt16?
    /// Software version (raw ÷ 100). Field 5.
    public var softwareVersion: Double?
    /// Hardware version. Field 6.
    public var hardwareVersion: UInt8?
    /// Product name. Field 27.
    public var productName: String?
    /// Fields the typed layer doesn't know, kept as read.
    public var unknownFields: [FITField] = []
    /// Developer fields, kept as read.
    public var developerFields: [FITDeveloperField] = []

    /// Creates a message with every field unset.
    public init() {}

    /// The known fields.
    public static let fieldSpecs: [FITFieldSpec<DeviceInfoMessage>] = [
        .dateTime(253, \.timestamp),
        .integer(0, .uint8, \.deviceIndex),
        .integer(1, .uint8, \.deviceType),
        .integer(2, .uint16, \.manufacturer),
        .integer(3, .uint32z, \.serialNumber),
        .integer(4, .uint16, \.product),
        .scaled(5, .uint16, \.softwareVersion, scale: 100),
        .integer(6, .uint8, \.hardwareVersion),
        .string(27, \.productName),
    ]
}

/// A timer, lap, session or workout event (`event`, mesg 21).
public struct EventMessage: FITProfileMessage {
    /// Global message number 21 (`event`).
    public static let globalMessageNumber: UInt16 = 21
    /// Time of the event. Field 253.
    public var timestamp: FITDateTime?
    /// What happened. Field 0.
    public var event: FITEvent?
    /// Start, stop, … Field 1.
    public var eventType: FITEventType?
    /// Event data, 16-bit form. Field 2.
    public var data16: UInt16?
    /// Event data. Field 3.
    public var data: UInt32?
    /// Event group. Field 4.
    public var eventGroup: UInt8?
    /// Fields the typed layer doesn't know, kept as read.
    public var unknownFields: [FITField] = []
    /// Developer fields, kept as read.
    public var developerFields: [FITDeveloperField] = []

    /// Creates a message with every field unset.
    public init() {}

    /// The known fields.
    public static let fieldSpecs: [FITFieldSpec<EventMessage>] = [
        .dateTime(253, \.timestamp),
        .enumeration(0, .enumeration, \.event),
        .enumeration(1, .enumeration, \.eventType),
        .integer(2, .uint16, \.data16),
        .integer(3, .uint32, \.data),
        .integer(4, .uint8, \.eventGroup),
    ]
}

/// One sample of the activity, typically 1 Hz (`record`, mesg 20).
public struct RecordMessage: FITProfileMessage {
    /// Global message number 20 (`record`).
    public static let globalMessageNumber: UInt16 = 20
    /// Sample time. Field 253.
    public var timestamp: FITDateTime?
    /// Latitude in semicircles (omit for treadmills). Field 0.
    public var positionLatitude: Int32?
    /// Longitude in semicircles (omit for treadmills). Field 1.
    public var positionLongitude: Int32?
    /// Altitude in metres (raw ÷ 5 − 500). Field 2.
    public var altitude: Double?
    /// Heart rate in beats per minute. Field 3.
    public var heartRate: UInt8?
    /// Cadence in rpm (strides per minute for running and walking). Field 4.
    public var cadence: UInt8?
    /// Cumulative distance in metres (raw ÷ 100). Field 5.
    public var distance: Double?
    /// Speed in m/s (raw ÷ 1000). Field 6.
    public var speed: Double?
    /// Power in watts. Field 7.
    public var power: UInt16?
    /// Grade (treadmill incline) in percent (raw ÷ 100). Field 9.
    public var grade: Double?
    /// Calories in kcal. Field 33.
    public var calories: UInt16?
    /// Fractional cadence in rpm (raw ÷ 128). Field 53.
    public var fractionalCadence: Double?
    /// Speed in m/s (raw ÷ 1000), 32-bit form. Field 73.
    public var enhancedSpeed: Double?
    /// Altitude in metres (raw ÷ 5 − 500), 32-bit form. Field 78.
    public var enhancedAltitude: Double?
    /// Fields the typed layer doesn't know, kept as read.
    public var unknownFields: [FITField] = []
    /// Developer fields, kept as read.
    public var developerFields: [FITDeveloperField] = []

    /// Creates a message with every field unset.
    public init() {}

    /// The known fields.
    public static let fieldSpecs: [FITFieldSpec<RecordMessage>] = [
        .dateTime(253, \.timestamp),
        .integer(0, .sint32, \.positionLatitude),
        .integer(1, .sint32, \.positionLongitude),
        .scaled(2, .uint16, \.altitude, scale: 5, offset: 500),
        .integer(3, .uint8, \.heartRate),
        .integer(4, .uint8, \.cadence),
        .scaled(5, .uint32, \.distance, scale: 100),
        .scaled(6, .uint16, \.speed, scale: 1000),
        .integer(7, .uint16, \.power),
        .scaled(9, .sint16, \.grade, scale: 100),
        .integer(33, .uint16, \.calories),
        .scaled(53, .uint8, \.fractionalCadence, scale: 128),
        .scaled(73, .uint32, \.enhancedSpeed, scale: 1000),
        .scaled(78, .uint32, \.enhancedAltitude, scale: 5, offset: 500),
    ]
}

/// A lap summary (`lap`, mesg 19). Its end is `startTime + totalElapsedTime`.
public struct LapMessage: FITProfileMessage {
    /// Global message number 19 (`lap`).
    public static let globalMessageNumber: UInt16 = 19
    /// Lap index. Field 254.
    public var messageIndex: UInt16?
    /// Lap end time as written. Field 253.
    public var timestamp: FITDateTime?
    /// Event (lap). Field 0.
    public var event: FITEvent?
    /// Event type (stop). Field 1.
    public var eventType: FITEventType?
    /// Lap start time. Field 2.
    public var startTime: FITDateTime?
    /// Elapsed time in seconds (raw ÷ 1000). Field 7.
    public var totalElapsedTime: Double?
    /// Timer time in seconds (raw ÷ 1000). Field 8.
    public var totalTimerTime: Double?
    /// Distance in metres (raw ÷ 100). Field 9.
    public var totalDistance: Double?
    /// Calories in kcal. Field 11.
    public var totalCalories: UInt16?
    /// Average speed in m/s (raw ÷ 1000). Field 13.
    public var averageSpeed: Double?
    /// Maximum speed in m/s (raw ÷ 1000). Field 14.
    public var maximumSpeed: Double?
    /// Average heart rate in bpm. Field 15.
    public var averageHeartRate: UInt8?
    /// Maximum heart rate in bpm. Field 16.
    public var maximumHeartRate: UInt8?
    /// Average cadence in rpm. Field 17.
    public var averageCadence: UInt8?
    /// Maximum cadence in rpm. Field 18.
    public var maximumCadence: UInt8?
    /// Intensity of the lap. Field 23.
    public var intensity: FITIntensity?
    /// What ended the lap. Field 24.
    public var lapTrigger: FITLapTrigger?
    /// Sport. Field 25.
    public var sport: FITSport?
    /// Sub-sport. Field 39.
    public var subSport: FITSubSport?
    /// Average grade in percent (raw ÷ 100). Field 45.
    public var averageGrade: Double?
    /// The workout step (message_index) this lap belongs to. Field 71.
    public var workoutStepIndex: UInt16?
    /// Average speed in m/s (raw ÷ 1000), 32-bit form. Field 110.
    public var enhancedAverageSpeed: Double?
    /// Maximum speed in m/s (raw ÷ 1000), 32-bit form. Field 111.
    public var enhancedMaximumSpeed: Double?
    /// Fields the typed layer doesn't know, kept as read.
    public var unknownFields: [FITField] = []
    /// Developer fields, kept as read.
    public var developerFields: [FITDeveloperField] = []

    /// Creates a message with every field unset.
    public init() {}

    /// The known fields.
    public static let fieldSpecs: [FITFieldSpec<LapMessage>] = [
        .integer(254, .uint16, \.messageIndex),
        .dateTime(253, \.timestamp),
        .enumeration(0, .enumeration, \.event),
        .enumeration(1, .enumeration, \.eventType),
        .dateTime(2, \.startTime),
        .scaled(7, .uint32, \.totalElapsedTime, scale: 1000),
        .scaled(8, .uint32, \.totalTimerTime, scale: 1000),
        .scaled(9, .uint32, \.totalDistance, scale: 100),
        .integer(11, .uint16, \.totalCalories),
        .scaled(13, .uint16, \.averageSpeed, scale: 1000),
        .scaled(14, .uint16, \.maximumSpeed, scale: 1000),
        .integer(15, .uint8, \.averageHeartRate),
        .integer(16, .uint8, \.maximumHeartRate),
        .integer(17, .uint8, \.averageCadence),
        .integer(18, .uint8, \.maximumCadence),
        .enumeration(23, .enumeration, \.intensity),
        .enumeration(24, .enumeration, \.lapTrigger),
        .enumeration(25, .enumeration, \.sport),
        .enumeration(39, .enumeration, \.subSport),
        .scaled(45, .sint16, \.averageGrade, scale: 100),
        .integer(71, .uint16, \.workoutStepIndex),
        .scaled(110, .uint32, \.enhancedAverageSpeed, scale: 1000),
        .scaled(111, .uint32, \.enhancedMaximumSpeed, scale: 1000),
    ]
}

/// A session summary (`session`, mesg 18). Its end is `startTime + totalElapsedTime`.
public struct SessionMessage: FITProfileMessage {
    /// Global message number 18 (`session`).
    public static let globalMessageNumber: UInt16 = 18
    /// Session index. Field 254.
    public var messageIndex: UInt16?
    /// Session end time as written. Field 253.
    public var timestamp: FITDateTime?
    /// Event (session). Field 0.
    public var event: FITEvent?
    /// Event type (stop). Field 1.
    public var eventType: FITEventType?
    /// Session start time. Field 2.
    public var startTime: FITDateTime?
    /// Sport. Field 5.
    public var sport: FITSport?
    /// Sub-sport. Field 6.
    public var subSport: FITSubSport?
    /// Elapsed time in seconds (raw ÷ 1000). Field 7.
    public var totalElapsedTime: Double?
    /// Timer time in seconds (raw ÷ 1000). Field 8.
    public var totalTimerTime: Double?
    /// Distance in metres (raw ÷ 100). Field 9.
    public var totalDistance: Double?
    /// Calories in kcal. Field 11.
    public var totalCalories: UInt16?
    /// Average speed in m/s (raw ÷ 1000). Field 14.
    public var averageSpeed: Double?
    /// Maximum speed in m/s (raw ÷ 1000). Field 15.
    public var maximumSpeed: Double?
    /// Average heart rate in bpm. Field 16.
    public var averageHeartRate: UInt8?
    /// Maximum heart rate in bpm. Field 17.
    public var maximumHeartRate: UInt8?
    /// Average cadence in rpm. Field 18.
    public var averageCadence: UInt8?
    /// Maximum cadence in rpm. Field 19.
    public var maximumCadence: UInt8?
    /// Index of the session's first lap. Field 25.
    public var firstLapIndex: UInt16?
    /// Number of laps. Field 26.
    public var numberOfLaps: UInt16?
    /// What ended the session. Field 28.
    public var trigger: FITSessionTrigger?
    /// Average speed in m/s (raw ÷ 1000), 32-bit form. Field 124.
    public var enhancedAverageSpeed: Double?
    /// Maximum speed in m/s (raw ÷ 1000), 32-bit form. Field 125.
    public var enhancedMaximumSpeed: Double?
    /// Fields the typed layer doesn't know, kept as read.
    public var unknownFields: [FITField] = []
    /// Developer fields, kept as read.
    public var developerFields: [FITDeveloperField] = []

    /// Creates a message with every field unset.
    public init() {}

    /// The known fields.
    public static let fieldSpecs: [FITFieldSpec<SessionMessage>] = [
        .integer(254, .uint16, \.messageIndex),
        .dateTime(253, \.timestamp),
        .enumeration(0, .enumeration, \.event),
        .enumeration(1, .enumeration, \.eventType),
        .dateTime(2, \.startTime),
        .enumeration(5, .enumeration, \.sport),
        .enumeration(6, .enumeration, \.subSport),
        .scaled(7, .uint32, \.totalElapsedTime, scale: 1000),
        .scaled(8, .uint32, \.totalTimerTime, scale: 1000),
        .scaled(9, .uint32, \.totalDistance, scale: 100),
        .integer(11, .uint16, \.totalCalories),
        .scaled(14, .uint16, \.averageSpeed, scale: 1000),
        .scaled(15, .uint16, \.maximumSpeed, scale: 1000),
        .integer(16, .uint8, \.averageHeartRate),
        .integer(17, .uint8, \.maximumHeartRate),
        .integer(18, .uint8, \.averageCadence),
        .integer(19, .uint8, \.maximumCadence),
        .integer(25, .uint16, \.firstLapIndex),
        .integer(26, .uint16, \.numberOfLaps),
        .enumeration(28, .enumeration, \.trigger),
        .scaled(124, .uint32, \.enhancedAverageSpeed, scale: 1000),
        .scaled(125, .uint32, \.enhancedMaximumSpeed, scale: 1000),
    ]
}

/// The activity summary, exactly one per activity file (`activity`, mesg 34).
public struct ActivityMessage: FITProfileMessage {
    /// Global message number 34 (`activity`).
    public static let globalMessageNumber: UInt16 = 34
    /// Activity end time (UTC). Field 253.
    public var timestamp: FITDateTime?
    /// Timer time in seconds (raw ÷ 1000). Field 0.
    public var totalTimerTime: Double?
    /// Number of sessions. Field 1.
    public var numberOfSessions: UInt16?
    /// Activity type (manual). Field 2.
    public var type: FITActivityType?
    /// Event (activity). Field 3.
    public var event: FITEvent?
    /// Event type (stop). Field 4.
    public var eventType: FITEventType?
    /// Local time (`local_date_time`): UTC plus the zone offset. Field 5.
    public var localTimestamp: FITDateTime?
    /// Fields the typed layer doesn't know, kept as read.
    public var unknownFields: [FITField] = []
    /// Developer fields, kept as read.
    public var developerFields: [FITDeveloperField] = []

    /// Creates a message with every field unset.
    public init() {}

    /// The known fields.
    public static let fieldSpecs: [FITFieldSpec<ActivityMessage>] = [
        .dateTime(253, \.timestamp),
        .scaled(0, .uint32, \.totalTimerTime, scale: 1000),
        .integer(1, .uint16, \.numberOfSessions),
        .enumeration(2, .enumeration, \.type),
        .enumeration(3, .enumeration, \.event),
        .enumeration(4, .enumeration, \.eventType),
        .dateTime(5, \.localTimestamp),
    ]
}

/// A workout's header (`workout`, mesg 26), followed by its steps.
public struct WorkoutMessage: FITProfileMessage {
    /// Global message number 26 (`workout`).
    public static let globalMessageNumber: UInt16 = 26
    /// Message index. Field 254.
    public var messageIndex: UInt16?
    /// Sport. Field 4.
    public var sport: FITSport?
    /// Workout capabilities bit mask. Field 5.
    public var capabilities: UInt32?
    /// Number of workout_step messages, repeat steps included. Field 6.
    public var numberOfValidSteps: UInt16?
    /// Workout name (`wkt_name`). Field 8.
    public var name: String?
    /// Sub-sport. Field 11.
    public var subSport: FITSubSport?
    /// Workout description (`wkt_description`). Field 17.
    public var workoutDescription: String?
    /// Fields the typed layer doesn't know, kept as read.
    public var unknownFields: [FITField] = []
    /// Developer fields, kept as read.
    public var developerFields: [FITDeveloperField] = []

    /// Creates a message with every field unset.
    public init() {}

    /// The known fields.
    public static let fieldSpecs: [FITFieldSpec<WorkoutMessage>] = [
        .integer(254, .uint16, \.messageIndex),
        .enumeration(4, .enumeration, \.sport),
        .integer(5, .uint32z, \.capabilities),
        .integer(6, .uint16, \.numberOfValidSteps),
        .string(8, \.name),
        .enumeration(11, .enumeration, \.subSport),
        .string(17, \.workoutDescription),
    ]
}

/// One workout step (`workout_step`, mesg 27); raw units, with SI helpers in an extension.
public struct WorkoutStepMessage: FITProfileMessage {
    /// Global message number 27 (`workout_step`).
    public static let globalMessageNumber: UInt16 = 27
    /// 0-based, consecutive step index. Field 254.
    public var messageIndex: UInt16?
    /// Step name (`wkt_step_name`). Field 0.
    public var name: String?
    /// How the step ends. Field 1.
    public var durationType: FITWorkoutStepDuration?
    /// Raw duration: ms, cm, workout_hr, or the first repeated step's message_index. Field 2.
    public var durationValue: UInt32?
    /// What the step targets. Field 3.
    public var targetType: FITWorkoutStepTarget?
    /// Zone number (0 = custom range), or the repeat count for repeat steps. Field 4.
    public var targetValue: UInt32?
    /// Raw low end of a custom target (mm/s for speed, bpm + 100 for heart rate). Field 5.
    public var customTargetValueLow: UInt32?
    /// Raw high end of a custom target. Field 6.
    public var customTargetValueHigh: UInt32?
    /// Step intensity. Field 7.
    public var intensity: FITIntensity?
    /// Free-text cue. Field 8.
    public var notes: String?
    /// Fields the typed layer doesn't know, kept as read.
    public var unknownFields: [FITField] = []
    /// Developer fields, kept as read.
    public var developerFields: [FITDeveloperField] = []

    /// Creates a message with every field unset.
    public init() {}

    /// The known fields.
    public static let fieldSpecs: [FITFieldSpec<WorkoutStepMessage>] = [
        .integer(254, .uint16, \.messageIndex),
        .string(0, \.name),
        .enumeration(1, .enumeration, \.durationType),
        .integer(2, .uint32, \.durationValue),
        .enumeration(3, .enumeration, \.targetType),
        .integer(4, .uint32, \.targetValue),
        .integer(5, .uint32, \.customTargetValueLow),
        .integer(6, .uint32, \.customTargetValueHigh),
        .enumeration(7, .enumeration, \.intensity),
        .string(8, \.notes),
    ]
}

/// Declares a developer data index (`developer_data_id`, mesg 207).
public struct DeveloperDataIdMessage: FITProfileMessage {
    /// Global message number 207 (`developer_data_id`).
    public static let globalMessageNumber: UInt16 = 207
    /// Developer id bytes. Field 0.
    public var developerId: [UInt8]?
    /// Application UUID, 16 bytes. Field 1.
    public var applicationId: [UInt8]?
    /// Manufacturer id. Field 2.
    public var manufacturerId: UInt16?
    /// The index developer fields refer to. Field 3.
    public var developerDataIndex: UInt8?
    /// Application version. Field 4.
    public var applicationVersion: UInt32?
    /// Fields the typed layer doesn't know, kept as read.
    public var unknownFields: [FITField] = []
    /// Developer fields, kept as read.
    public var developerFields: [FITDeveloperField] = []

    /// Creates a message with every field unset.
    public init() {}

    /// The known fields.
    public static let fieldSpecs: [FITFieldSpec<DeveloperDataIdMessage>] = [
        .bytes(0, \.developerId),
        .bytes(1, \.applicationId),
        .integer(2, .uint16, \.manufacturerId),
        .integer(3, .uint8, \.developerDataIndex),
        .integer(4, .uint32, \.applicationVersion),
    ]
}

/// Describes one developer field (`field_description`, mesg 206).
public struct FieldDescriptionMessage: FITProfileMessage {
    /// Global message number 206 (`field_description`).
    public static let globalMessageNumber: UInt16 = 206
    /// The developer data index. Field 0.
    public var developerDataIndex: UInt8?
    /// The developer field number. Field 1.
    public var fieldDefinitionNumber: UInt8?
    /// The field's base type byte (`fit_base_type_id`). Field 2.
    public var baseTypeByte: UInt8?
    /// Field name. Field 3.
    public var fieldName: String?
    /// Scale. Field 6.
    public var scale: UInt8?
    /// Offset. Field 7.
    public var offset: Int8?
    /// Units. Field 8.
    public var units: String?
    /// The profile message this field mirrors, if any. Field 14.
    public var nativeMessageNumber: UInt16?
    /// The profile field this field mirrors, if any. Field 15.
    public var nativeFieldNumber: UInt8?
    /// Fields the typed layer doesn't know, kept as read.
    public var unknownFields: [FITField] = []
    /// Developer fields, kept as read.
    public var developerFields: [FITDeveloperField] = []

    /// Creates a message with every field unset.
    public init() {}

    /// The known fields.
    public static let fieldSpecs: [FITFieldSpec<FieldDescriptionMessage>] = [
        .integer(0, .uint8, \.developerDataIndex),
        .integer(1, .uint8, \.fieldDefinitionNumber),
        .integer(2, .uint8, \.baseTypeByte),
        .string(3, \.fieldName),
        .integer(6, .uint8, \.scale),
        .integer(7, .sint8, \.offset),
        .string(8, \.units),
        .integer(14, .uint16, \.nativeMessageNumber),
        .integer(15, .uint8, \.nativeFieldNumber),
    ]
}
