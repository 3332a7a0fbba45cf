import BackstepCore
import FITCodec
import Foundation

/// PerformedSession → FIT activity file (`file_id.type` 4).
///
/// Contents, in file order (`docs/formats.md`): file_id, device_info, developer_data_id and two
/// field_descriptions (Backstep's `walking_direction` and `handrail`), a timer-start event, then for each segment
/// its 1 Hz records (timestamp, distance, speed and enhanced speed, heart rate, grade, and the walking direction
/// as a developer field) followed by its lap (with the step's handrail level as a developer field), a
/// timer-stop event, the session (totals, sport walking or running, sub-sport treadmill, direction and handrail)
/// and the activity. No compressed timestamps: garmin-fit-sdk can't read them.
public enum FITActivityExport {
    /// Export settings.
    public struct Options: Sendable, Hashable {
        /// The local time zone's offset from UTC in seconds, for `activity.local_timestamp`.
        public var timeZoneOffsetSeconds: Int

        /// Creates options.
        /// - Parameter timeZoneOffsetSeconds: the local offset from UTC.
        public init(timeZoneOffsetSeconds: Int = 0) {
            self.timeZoneOffsetSeconds = timeZoneOffsetSeconds
        }
    }

    /// The raw messages of the activity file, in file order.
    /// - Parameters:
    ///   - session: the session.
    ///   - options: export settings.
    /// - Throws: `InteropError` (`unrepresentable`) for a session without samples or outside FIT's dates.
    public static func messages(
        _ session: PerformedSession, options: Options = Options()
    ) throws(InteropError)
        -> [FITMessage]
    {
        let layout = SessionLayout(session)
        guard !layout.samples.isEmpty else {
            throw InteropError(.unrepresentable, format: .fit, "the session has no samples to write as records")
        }
        guard let start = FITDateTime(unixSeconds: layout.startUnixSeconds), start.isAbsolute,
            let end = FITDateTime(unixSeconds: layout.startUnixSeconds + Int64(layout.duration.rounded(.up))),
            let local = FITDateTime(unixSeconds: Int64(end.unixSeconds) + Int64(options.timeZoneOffsetSeconds))
        else {
            throw InteropError(
                .unrepresentable, format: .fit, "the session's dates are outside FIT's range (1990–2126)")
        }
        func time(_ t: Double) -> FITDateTime {
            FITDateTime(rawValue: start.rawValue &+ UInt32(clamping: Int64(max(t, 0).rounded())))
        }
        let sport: FITSport = layout.gait == .run ? .running : .walking
        var out: [FITMessage] = []

        var fileId = FileIdMessage()
        fileId.type = .activity
        fileId.manufacturer = BackstepFIT.manufacturer
        fileId.product = BackstepFIT.product
        var hash = StableHash()
        hash.combine(session.id.uuidString)
        let serial = UInt32(truncatingIfNeeded: hash.value.0)
        fileId.serialNumber = serial == 0 ? 1 : serial
        fileId.timeCreated = start
        out.append(fileId.fitMessage())

        var device = DeviceInfoMessage()
        device.timestamp = start
        device.deviceIndex = 0
        device.manufacturer = BackstepFIT.manufacturer
        device.product = BackstepFIT.product
        device.productName = "Backstep"
        out.append(device.fitMessage())

        var developer = DeveloperDataIdMessage()
        developer.applicationId = BackstepFIT.applicationId
        developer.developerDataIndex = 0
        developer.applicationVersion = 1
        out.append(developer.fitMessage())
        for (number, name) in [
            (BackstepFIT.directionField, BackstepFIT.directionFieldName),
            (BackstepFIT.handrailField, BackstepFIT.handrailFieldName),
        ] {
            var description = FieldDescriptionMessage()
            description.developerDataIndex = 0
            description.fieldDefinitionNumber = number
            description.baseType = .uint8
            description.fieldName = name
            out.append(description.fitMessage())
        }

        var startEvent = EventMessage()
        startEvent.timestamp = start
        startEvent.event = .timer
        startEvent.eventType = .start
        out.append(startEvent.fitMessage())

        var maxSpeed = 0.0
        var heartRates: [Int] = []
        for (lapIndex, lap) in layout.laps.enumerated() {
            var lapSpeeds: [Double] = []
            var lapHeartRates: [Int] = []
            for sample in layout.samples[lap.sampleRange] {
                var record = RecordMessage()
                record.timestamp = time(sample.t)
                record.distance = max(sample.distance.meters, 0)
                if let speed = sample.speed?.metersPerSecond, speed >= 0, speed.isFinite {
                    record.speed = speed
                    record.enhancedSpeed = speed
                    lapSpeeds.append(speed)
                }
                if let heartRate = sample.heartRate, (1...254).contains(heartRate) {
                    record.heartRate = UInt8(heartRate)
                    lapHeartRates.append(heartRate)
                }
                record.grade = sample.grade?.percent
                var message = record.fitMessage()
                message.developerFields = developerFields([
                    (BackstepFIT.directionField, sample.direction.map(BackstepFIT.code))
                ])
                out.append(message)
            }
            maxSpeed = max(maxSpeed, lapSpeeds.max() ?? 0)
            heartRates += lapHeartRates

            var message = LapMessage()
            message.messageIndex = UInt16(clamping: lapIndex)
            message.timestamp = time(lap.endT)
            message.event = .lap
            message.eventType = .stop
            message.startTime = time(lap.startT)
            let elapsed = max(lap.endT - lap.startT, 0)
            let distance = max(lap.endDistance - lap.startDistance, 0)
            message.totalElapsedTime = elapsed
            message.totalTimerTime = elapsed
            message.totalDistance = distance
            message.totalCalories = UInt16(clamping: Int(max(lap.endKcal - lap.startKcal, 0).rounded()))
            if elapsed > 0 {
                message.averageSpeed = distance / elapsed
                message.enhancedAverageSpeed = distance / elapsed
            }
            if let top = lapSpeeds.max() {
                message.maximumSpeed = top
                message.enhancedMaximumSpeed = top
            }
            if !lapHeartRates.isEmpty {
                message.averageHeartRate = UInt8(clamping: lapHeartRates.reduce(0, +) / lapHeartRates.count)
                message.maximumHeartRate = UInt8(clamping: lapHeartRates.max() ?? 0)
            }
            message.intensity = layout.isRest(lap) ? .rest : .active
            message.lapTrigger = lapIndex == layout.laps.count - 1 ? .sessionEnd : .time
            message.sport = layout.gait(of: lap) == .run ? .running : .walking
            message.subSport = .treadmill
            var lapMessage = message.fitMessage()
            lapMessage.developerFields = developerFields([
                (BackstepFIT.directionField, layout.direction(of: lap).map(BackstepFIT.code)),
                (BackstepFIT.handrailField, layout.handrail(of: lap).map(BackstepFIT.code)),
            ])
            out.append(lapMessage)
        }

        var stopEvent = EventMessage()
        stopEvent.timestamp = end
        stopEvent.event = .timer
        stopEvent.eventType = .stopAll
        out.append(stopEvent.fitMessage())

        let totalDistance = max(layout.samples.last?.distance.meters ?? 0, 0)
        let active = session.summary?.activeSeconds ?? layout.duration
        var summary = SessionMessage()
        summary.messageIndex = 0
        summary.timestamp = end
        summary.event = .session
        summary.eventType = .stop
        summary.startTime = start
        summary.sport = sport
        summary.subSport = .treadmill
        summary.totalElapsedTime = layout.duration
        summary.totalTimerTime = active
        summary.totalDistance = totalDistance
        summary.totalCalories = UInt16(
            clamping: Int((session.summary?.kcal ?? layout.samples.last?.kcal ?? 0).rounded()))
        if layout.duration > 0 {
            summary.averageSpeed = totalDistance / layout.duration
            summary.enhancedAverageSpeed = totalDistance / layout.duration
        }
        if maxSpeed > 0 {
            summary.maximumSpeed = maxSpeed
            summary.enhancedMaximumSpeed = maxSpeed
        }
        if !heartRates.isEmpty {
            summary.averageHeartRate = UInt8(clamping: heartRates.reduce(0, +) / heartRates.count)
            summary.maximumHeartRate = UInt8(clamping: heartRates.max() ?? 0)
        }
        summary.firstLapIndex = 0
        summary.numberOfLaps = UInt16(clamping: layout.laps.count)
        summary.trigger = .activityEnd
        var sessionMessage = summary.fitMessage()
        sessionMessage.developerFields = developerFields([
            (BackstepFIT.directionField, layout.direction.map(BackstepFIT.code)),
            (BackstepFIT.handrailField, session.feedback.map { BackstepFIT.code($0.handrailUsed) }),
        ])
        out.append(sessionMessage)

        var activity = ActivityMessage()
        activity.timestamp = end
        activity.totalTimerTime = active
        activity.numberOfSessions = 1
        activity.type = .manual
        activity.event = .activity
        activity.eventType = .stop
        activity.localTimestamp = local
        out.append(activity.fitMessage())
        return out
    }

    /// The session as FIT activity file bytes.
    /// - Parameters:
    ///   - session: the session.
    ///   - options: export settings.
    /// - Throws: `InteropError` when the session can't be written.
    public static func encode(
        _ session: PerformedSession, options: Options = Options()
    ) throws(InteropError)
        -> [UInt8]
    {
        let messages = try messages(session, options: options)
        do {
            return try FIT.encode(messages)
        } catch {
            throw InteropError(.unrepresentable, format: .fit, "FIT encoder: \(error)")
        }
    }

    /// Backstep's developer fields with a value; unknown ones are left out (garmin-fit-sdk reports an invalid
    /// developer value as 255 instead of dropping it).
    static func developerFields(_ values: [(UInt8, UInt8?)]) -> [FITDeveloperField] {
        values.compactMap { number, code in
            code.map {
                FITDeveloperField(
                    developerDataIndex: 0, number: number, baseType: .uint8, size: 1, value: .unsigned(UInt64($0)))
            }
        }
    }
}
