import FITCodec

/// Sample files shared by the tests: the workout from `protocols-formats.md` §2.4 and a treadmill activity.
enum Fixtures {
    /// 2025-01-06T07:00:00Z as FIT seconds (the reference's file_id example).
    static let start = FITDateTime(rawValue: 1_105_081_200)

    static func fileId(_ type: FITFileType) -> FileIdMessage {
        var message = FileIdMessage()
        message.type = type
        message.manufacturer = 255
        message.product = 1
        message.serialNumber = 12345
        message.timeCreated = start
        return message
    }

    /// The reference workout: warm-up, 2 × (brisk backward, recover) repeated 4 times, cool-down.
    static func workoutMessages() -> [FITTypedMessage] {
        var workout = WorkoutMessage()
        workout.name = "Backstep intervals"
        workout.sport = .walking
        workout.subSport = .treadmill
        workout.numberOfValidSteps = 5
        var warmup = WorkoutStepMessage()
        warmup.messageIndex = 0
        warmup.name = "Warm up"
        warmup.intensity = .warmup
        warmup.durationTime = 300
        warmup.customTargetSpeed = 0.556...0.833
        var brisk = WorkoutStepMessage()
        brisk.messageIndex = 1
        brisk.name = "Backward brisk"
        brisk.intensity = .active
        brisk.durationTime = 120
        brisk.customTargetSpeed = 0.833...0.972
        brisk.notes = "Small steps, look ahead"
        var recover = WorkoutStepMessage()
        recover.messageIndex = 2
        recover.name = "Recover"
        recover.intensity = .recovery
        recover.durationDistance = 100
        recover.customTargetHeartRate = 100...120
        let repeatStep = WorkoutStepMessage.repeatStep(messageIndex: 3, from: 1, count: 4)
        var cooldown = WorkoutStepMessage()
        cooldown.messageIndex = 4
        cooldown.name = "Cool down"
        cooldown.intensity = .cooldown
        cooldown.durationType = .open
        cooldown.targetType = .open
        return [
            .fileId(fileId(.workout)), .workout(workout), .workoutStep(warmup), .workoutStep(brisk),
            .workoutStep(recover), .workoutStep(repeatStep), .workoutStep(cooldown),
        ]
    }

    static let applicationId: [UInt8] = [
        0x1F, 0x0E, 0x3C, 0x5B, 0x7A, 0x99, 0x4D, 0x28, 0xA1, 0xB2, 0xC3, 0xD4, 0xE5, 0xF6, 0x07, 0x18,
    ]

    /// A treadmill walk: 1 Hz records over `seconds`, one lap per `lapSeconds`, a session and an activity,
    /// with two developer fields on every record (backward flag, incline setting).
    static func activityMessages(
        seconds: Int = 240, lapSeconds: Int = 60, developerFields: Bool = true
    )
        -> [FITTypedMessage]
    {
        var messages: [FITTypedMessage] = [.fileId(fileId(.activity))]
        var creator = FileCreatorMessage()
        creator.softwareVersion = 100
        messages.append(.fileCreator(creator))
        var device = DeviceInfoMessage()
        device.timestamp = start
        device.deviceIndex = 0
        device.manufacturer = 255
        device.product = 1
        device.serialNumber = 12345
        device.softwareVersion = 1.25
        device.productName = "Backstep"
        messages.append(.deviceInfo(device))
        if developerFields {
            var developer = DeveloperDataIdMessage()
            developer.applicationId = applicationId
            developer.developerDataIndex = 0
            developer.applicationVersion = 1
            messages.append(.developerDataId(developer))
            var backward = FieldDescriptionMessage()
            backward.developerDataIndex = 0
            backward.fieldDefinitionNumber = 0
            backward.baseType = .uint8
            backward.fieldName = "backward"
            backward.units = "bool"
            messages.append(.fieldDescription(backward))
            var incline = FieldDescriptionMessage()
            incline.developerDataIndex = 0
            incline.fieldDefinitionNumber = 1
            incline.baseType = .sint16
            incline.fieldName = "incline_setting"
            incline.units = "permille"
            messages.append(.fieldDescription(incline))
        }
        var startEvent = EventMessage()
        startEvent.timestamp = start
        startEvent.event = .timer
        startEvent.eventType = .start
        messages.append(.event(startEvent))
        var distance = 0.0
        var laps: [LapMessage] = []
        var lapStart = start
        var lapStartDistance = 0.0
        for second in 0..<seconds {
            var record = RecordMessage()
            record.timestamp = FITDateTime(rawValue: start.rawValue + UInt32(second))
            let speed = Double(800 + 10 * (second % 30)) / 1000
            distance += speed
            record.enhancedSpeed = speed
            record.distance = (distance * 100).rounded() / 100
            record.heartRate = UInt8(95 + second % 40)
            record.cadence = UInt8(50 + second % 10)
            record.grade = Double(second % 8) / 2
            if developerFields {
                record.developerFields = [
                    FITDeveloperField(
                        developerDataIndex: 0, number: 0, baseType: .uint8, value: .unsigned(1), name: "backward",
                        units: "bool"),
                    FITDeveloperField(
                        developerDataIndex: 0, number: 1, baseType: .sint16, value: .signed(Int64(second % 50) - 10),
                        name: "incline_setting", units: "permille"),
                ]
            }
            messages.append(.record(record))
            if (second + 1) % lapSeconds == 0 || second == seconds - 1 {
                let end = FITDateTime(rawValue: start.rawValue + UInt32(second + 1))
                var lap = LapMessage()
                lap.messageIndex = UInt16(laps.count)
                lap.timestamp = end
                lap.startTime = lapStart
                lap.event = .lap
                lap.eventType = .stop
                lap.totalElapsedTime = Double(end.rawValue - lapStart.rawValue)
                lap.totalTimerTime = lap.totalElapsedTime
                lap.totalDistance = ((distance - lapStartDistance) * 100).rounded() / 100
                lap.sport = .walking
                lap.subSport = .treadmill
                lap.intensity = .active
                lap.lapTrigger = .time
                lap.workoutStepIndex = UInt16(laps.count % 5)
                laps.append(lap)
                messages.append(.lap(lap))
                lapStart = end
                lapStartDistance = distance
            }
        }
        let end = FITDateTime(rawValue: start.rawValue + UInt32(seconds))
        var stopEvent = EventMessage()
        stopEvent.timestamp = end
        stopEvent.event = .timer
        stopEvent.eventType = .stopAll
        messages.append(.event(stopEvent))
        var session = SessionMessage()
        session.messageIndex = 0
        session.timestamp = end
        session.startTime = start
        session.event = .session
        session.eventType = .stop
        session.sport = .walking
        session.subSport = .treadmill
        session.totalElapsedTime = Double(seconds)
        session.totalTimerTime = Double(seconds)
        session.totalDistance = (distance * 100).rounded() / 100
        session.firstLapIndex = 0
        session.numberOfLaps = UInt16(laps.count)
        session.trigger = .activityEnd
        session.enhancedAverageSpeed = ((distance / Double(seconds)) * 1000).rounded() / 1000
        messages.append(.session(session))
        var activity = ActivityMessage()
        activity.timestamp = end
        activity.totalTimerTime = Double(seconds)
        activity.numberOfSessions = 1
        activity.type = .manual
        activity.event = .activity
        activity.eventType = .stop
        activity.localTimestamp = FITDateTime(rawValue: end.rawValue + 3600)
        messages.append(.activity(activity))
        return messages
    }

    static func encode(_ messages: [FITTypedMessage], options: FITEncoder.Options = .init()) throws -> [UInt8] {
        try FIT.encode(messages.map { $0.fitMessage() }, options: options)
    }

    /// A short description of the first difference between two message lists, or nil if they are equal
    /// (keeps failure output readable for long files).
    static func firstDifference<T: Equatable>(_ lhs: [T], _ rhs: [T]) -> String? {
        if let index = (0..<min(lhs.count, rhs.count)).first(where: { lhs[$0] != rhs[$0] }) {
            return "message \(index): \(lhs[index]) != \(rhs[index])"
        }
        return lhs.count == rhs.count ? nil : "counts differ: \(lhs.count) != \(rhs.count)"
    }
}
