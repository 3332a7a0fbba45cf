/// One Treadmill Data record (characteristic 0x2ACD), or one fragment of a record split over notifications.
///
/// Wire format (FTMS v1.0.1 §4.4, Table 4.5; SIG GATT XML `treadmill_data`): a `uint16` Flags field, then
/// the fields whose flag is set, in this order. Every flag means "present when 1" **except bit 0, More Data,
/// which is inverted**: 0 means Instantaneous Speed *is* present (FTMS v1.0.1 §4.4.1.1).
///
/// | Bit | Fields (wire order) | Type, unit | "Not available" |
/// |---|---|---|---|
/// | 0 = 0 | Instantaneous Speed | uint16, 0.01 km/h | — |
/// | 1 | Average Speed | uint16, 0.01 km/h | — |
/// | 2 | Total Distance | uint24, m | — |
/// | 3 | Inclination, Ramp Angle Setting | sint16 0.1 %, sint16 0.1° | 0x7FFF each |
/// | 4 | Positive, Negative Elevation Gain | uint16 0.1 m each | — |
/// | 5 | Instantaneous Pace | uint8, 0.1 km/min | — |
/// | 6 | Average Pace | uint8, 0.1 km/min | — |
/// | 7 | Total Energy, Energy per Hour, Energy per Minute | uint16, uint16, uint8 kcal | 0xFFFF, 0xFFFF, 0xFF |
/// | 8 | Heart Rate | uint8, bpm | — |
/// | 9 | Metabolic Equivalent | uint8, 0.1 | — |
/// | 10 | Elapsed Time | uint16, s | — |
/// | 11 | Remaining Time | uint16, s | — |
/// | 12 | Force on Belt, Power Output | sint16 N, sint16 W | 0x7FFF each |
/// | 13–15 | Reserved for Future Use | | |
///
/// A full record is at most 34 bytes. "Not available" values (FTMS v1.0.1 §4.4.1.5–4.4.1.18) decode to `nil`
/// inside their group, and `nil` encodes back to the sentinel.
///
/// Decoding follows FTMP v1.0 §4.4.2: RFU flag bits and trailing bytes after the last known field are ignored,
/// with one deliberate exception: when RFU bit 13 is set and exactly 3 bytes follow the known fields, they are
/// read as a vendor `uint24` step count (``vendorStepCount``), as CITYSPORTS-Linker and Urevo machines send and
/// pyftms decodes.
///
/// Example (Kettler Alpha Run 600 capture, decoded with pyftms 0.4.15):
/// `8C 05 64 00 14 00 00 00 00 00 00 05 00 E7 00 03 00 5B 00` = 1.00 km/h, 20 m, 0 %, ramp 0°,
/// 5 kcal / 231 kcal/h / 3 kcal/min, HR 0, 91 s elapsed.
public struct TreadmillData: Hashable, Sendable, Codable {
    /// Instantaneous Speed. `nil` exactly when More Data (flag bit 0) is 1, i.e. this is a non-final fragment.
    public var instantaneousSpeed: Speed?
    /// Average Speed since the session started (flag bit 1).
    public var averageSpeed: Speed?
    /// Total Distance since the session started (flag bit 2).
    public var totalDistance: Distance?
    /// Inclination and Ramp Angle Setting (flag bit 3).
    public var inclinationAndRampAngle: InclinationAndRampAngle?
    /// Positive and Negative Elevation Gain (flag bit 4).
    public var elevationGain: ElevationGain?
    /// Instantaneous Pace (flag bit 5), in 0.1 km/min.
    public var instantaneousPace: Pace?
    /// Average Pace (flag bit 6), in 0.1 km/min.
    public var averagePace: Pace?
    /// Total Energy, Energy per Hour and Energy per Minute (flag bit 7).
    public var expendedEnergy: ExpendedEnergy?
    /// Heart Rate in beats per minute (flag bit 8).
    public var heartRateBeatsPerMinute: UInt8?
    /// Metabolic Equivalent (flag bit 9).
    public var metabolicEquivalent: MetabolicEquivalent?
    /// Elapsed Time since the session started, in seconds (flag bit 10).
    public var elapsedTimeSeconds: UInt16?
    /// Remaining Time, in seconds (flag bit 11).
    public var remainingTimeSeconds: UInt16?
    /// Force on Belt and Power Output (flag bit 12).
    public var forceOnBeltAndPowerOutput: ForceOnBeltAndPowerOutput?
    /// A vendor step count in RFU flag bit 13 (not in FTMS v1.0.1): `uint24` appended after the last field.
    /// Only values below 2²⁴ are meaningful; higher bits are dropped when encoding.
    public var vendorStepCount: UInt32?

    /// Creates a record; every field defaults to absent.
    public init(
        instantaneousSpeed: Speed? = nil,
        averageSpeed: Speed? = nil,
        totalDistance: Distance? = nil,
        inclinationAndRampAngle: InclinationAndRampAngle? = nil,
        elevationGain: ElevationGain? = nil,
        instantaneousPace: Pace? = nil,
        averagePace: Pace? = nil,
        expendedEnergy: ExpendedEnergy? = nil,
        heartRateBeatsPerMinute: UInt8? = nil,
        metabolicEquivalent: MetabolicEquivalent? = nil,
        elapsedTimeSeconds: UInt16? = nil,
        remainingTimeSeconds: UInt16? = nil,
        forceOnBeltAndPowerOutput: ForceOnBeltAndPowerOutput? = nil,
        vendorStepCount: UInt32? = nil
    ) {
        self.instantaneousSpeed = instantaneousSpeed
        self.averageSpeed = averageSpeed
        self.totalDistance = totalDistance
        self.inclinationAndRampAngle = inclinationAndRampAngle
        self.elevationGain = elevationGain
        self.instantaneousPace = instantaneousPace
        self.averagePace = averagePace
        self.expendedEnergy = expendedEnergy
        self.heartRateBeatsPerMinute = heartRateBeatsPerMinute
        self.metabolicEquivalent = metabolicEquivalent
        self.elapsedTimeSeconds = elapsedTimeSeconds
        self.remainingTimeSeconds = remainingTimeSeconds
        self.forceOnBeltAndPowerOutput = forceOnBeltAndPowerOutput
        self.vendorStepCount = vendorStepCount
    }

    /// The inclination, if the record carries it and it is available.
    public var inclination: Inclination? { inclinationAndRampAngle?.inclination }

    /// Whether More Data (flag bit 0) is set: this notification is a non-final fragment of a record.
    public var hasMoreData: Bool { instantaneousSpeed == nil }

    /// The Flags field this record encodes with.
    public var flags: TreadmillDataFlags {
        var flags: TreadmillDataFlags = []
        if instantaneousSpeed == nil { flags.insert(.moreData) }
        if averageSpeed != nil { flags.insert(.averageSpeed) }
        if totalDistance != nil { flags.insert(.totalDistance) }
        if inclinationAndRampAngle != nil { flags.insert(.inclinationAndRampAngle) }
        if elevationGain != nil { flags.insert(.elevationGain) }
        if instantaneousPace != nil { flags.insert(.instantaneousPace) }
        if averagePace != nil { flags.insert(.averagePace) }
        if expendedEnergy != nil { flags.insert(.expendedEnergy) }
        if heartRateBeatsPerMinute != nil { flags.insert(.heartRate) }
        if metabolicEquivalent != nil { flags.insert(.metabolicEquivalent) }
        if elapsedTimeSeconds != nil { flags.insert(.elapsedTime) }
        if remainingTimeSeconds != nil { flags.insert(.remainingTime) }
        if forceOnBeltAndPowerOutput != nil { flags.insert(.forceOnBeltAndPowerOutput) }
        if vendorStepCount != nil { flags.insert(.vendorStepCount) }
        return flags
    }

    /// Decodes one notification (a whole record, or one fragment of it when More Data = 1).
    ///
    /// Use ``TreadmillDataReassembler`` to merge fragments into records.
    /// - Throws: ``FTMSDecodingError/truncated(field:offset:needed:available:)`` naming the first field the
    ///   flags announce but the payload lacks.
    public init(decoding bytes: some Collection<UInt8>) throws(FTMSDecodingError) {
        var reader = ByteReader(bytes)
        let flags = TreadmillDataFlags(rawValue: try reader.readUInt16("Flags"))
        self.init()
        if !flags.contains(.moreData) {
            instantaneousSpeed = Speed(hundredthsOfKilometrePerHour: try reader.readUInt16("Instantaneous Speed"))
        }
        if flags.contains(.averageSpeed) {
            averageSpeed = Speed(hundredthsOfKilometrePerHour: try reader.readUInt16("Average Speed"))
        }
        if flags.contains(.totalDistance) {
            totalDistance = Distance(uint24: try reader.readUInt24("Total Distance"))
        }
        if flags.contains(.inclinationAndRampAngle) {
            let inclination = try reader.readInt16("Inclination")
            let ramp = try reader.readInt16("Ramp Angle Setting")
            inclinationAndRampAngle = InclinationAndRampAngle(
                inclination: inclination == Int16.max ? nil : Inclination(tenthsOfPercent: inclination),
                rampAngle: ramp == Int16.max ? nil : RampAngle(tenthsOfDegree: ramp)
            )
        }
        if flags.contains(.elevationGain) {
            let positive = try reader.readUInt16("Positive Elevation Gain")
            let negative = try reader.readUInt16("Negative Elevation Gain")
            elevationGain = ElevationGain(
                positive: Elevation(decimetres: positive), negative: Elevation(decimetres: negative))
        }
        if flags.contains(.instantaneousPace) {
            instantaneousPace = Pace(tenthsOfKilometrePerMinute: try reader.readUInt8("Instantaneous Pace"))
        }
        if flags.contains(.averagePace) {
            averagePace = Pace(tenthsOfKilometrePerMinute: try reader.readUInt8("Average Pace"))
        }
        if flags.contains(.expendedEnergy) {
            let total = try reader.readUInt16("Total Energy")
            let perHour = try reader.readUInt16("Energy per Hour")
            let perMinute = try reader.readUInt8("Energy per Minute")
            expendedEnergy = ExpendedEnergy(
                totalKilocalories: total == UInt16.max ? nil : total,
                kilocaloriesPerHour: perHour == UInt16.max ? nil : perHour,
                kilocaloriesPerMinute: perMinute == UInt8.max ? nil : perMinute
            )
        }
        if flags.contains(.heartRate) {
            heartRateBeatsPerMinute = try reader.readUInt8("Heart Rate")
        }
        if flags.contains(.metabolicEquivalent) {
            metabolicEquivalent = MetabolicEquivalent(tenths: try reader.readUInt8("Metabolic Equivalent"))
        }
        if flags.contains(.elapsedTime) {
            elapsedTimeSeconds = try reader.readUInt16("Elapsed Time")
        }
        if flags.contains(.remainingTime) {
            remainingTimeSeconds = try reader.readUInt16("Remaining Time")
        }
        if flags.contains(.forceOnBeltAndPowerOutput) {
            let force = try reader.readInt16("Force on Belt")
            let power = try reader.readInt16("Power Output")
            forceOnBeltAndPowerOutput = ForceOnBeltAndPowerOutput(
                forceOnBeltNewtons: force == Int16.max ? nil : force,
                powerOutputWatts: power == Int16.max ? nil : power
            )
        }
        if flags.contains(.vendorStepCount), reader.remaining == 3 {
            vendorStepCount = try reader.readUInt24("Vendor Step Count")
        }
        // FTMP v1.0 §4.4.2: ignore any other trailing bytes.
    }

    /// Encodes the record as one notification (up to 34 bytes, 37 with a vendor step count).
    public func encode() -> [UInt8] {
        var writer = ByteWriter()
        writer.writeUInt16(flags.rawValue)
        for group in groups {
            writer.write(group.bytes)
        }
        return writer.bytes
    }

    /// Encodes the record as a sequence of notifications of at most `maximumPayloadLength` bytes each
    /// (ATT_MTU − 3; 20 with the default MTU), the way a server splits a long record (FTMS v1.0.1 §4.19):
    /// field groups are never split, every notification but the last has More Data = 1, and the last one
    /// carries Instantaneous Speed (if the record has one).
    ///
    /// - Parameter maximumPayloadLength: values below 7 (flags plus the largest field group) are treated as 7.
    public func encodeNotifications(maximumPayloadLength: Int = 20) -> [[UInt8]] {
        let capacity = max(maximumPayloadLength, 7) - 2
        var fragments: [[FieldGroup]] = [[]]
        var used = 0
        for group in groups where group.flag != .moreData {
            if used + group.bytes.count > capacity {
                fragments.append([])
                used = 0
            }
            fragments[fragments.count - 1].append(group)
            used += group.bytes.count
        }
        if let speed = groups.first(where: { $0.flag == .moreData }) {
            if used + speed.bytes.count > capacity {
                fragments.append([speed])
            } else {
                fragments[fragments.count - 1].insert(speed, at: 0)
            }
        }
        return fragments.enumerated().map { index, groups in
            var flags = TreadmillDataFlags()
            for group in groups where group.flag != .moreData { flags.insert(group.flag) }
            let isLast = index == fragments.count - 1
            if !(isLast && instantaneousSpeed != nil) { flags.insert(.moreData) }
            var writer = ByteWriter()
            writer.writeUInt16(flags.rawValue)
            for group in groups { writer.write(group.bytes) }
            return writer.bytes
        }
    }

    /// Merges the field groups of `fragment` into this record.
    /// - Throws: ``FTMSDecodingError/fieldRepeatedInRecord(field:fragment:)`` if both carry the same group.
    mutating func merge(_ fragment: TreadmillData, fragmentIndex: Int) throws(FTMSDecodingError) {
        func take<T>(_ keyPath: WritableKeyPath<TreadmillData, T?>, _ name: String) throws(FTMSDecodingError) {
            guard let value = fragment[keyPath: keyPath] else { return }
            if self[keyPath: keyPath] != nil {
                throw .fieldRepeatedInRecord(field: name, fragment: fragmentIndex)
            }
            self[keyPath: keyPath] = value
        }
        try take(\.instantaneousSpeed, "Instantaneous Speed")
        try take(\.averageSpeed, "Average Speed")
        try take(\.totalDistance, "Total Distance")
        try take(\.inclinationAndRampAngle, "Inclination and Ramp Angle Setting")
        try take(\.elevationGain, "Elevation Gain")
        try take(\.instantaneousPace, "Instantaneous Pace")
        try take(\.averagePace, "Average Pace")
        try take(\.expendedEnergy, "Expended Energy")
        try take(\.heartRateBeatsPerMinute, "Heart Rate")
        try take(\.metabolicEquivalent, "Metabolic Equivalent")
        try take(\.elapsedTimeSeconds, "Elapsed Time")
        try take(\.remainingTimeSeconds, "Remaining Time")
        try take(\.forceOnBeltAndPowerOutput, "Force on Belt and Power Output")
        try take(\.vendorStepCount, "Vendor Step Count")
    }

    /// One flag-gated group of fields, encoded.
    private struct FieldGroup {
        var flag: TreadmillDataFlags
        var bytes: [UInt8]
    }

    /// The present field groups in wire order; Instantaneous Speed is tagged with `.moreData`.
    private var groups: [FieldGroup] {
        var result: [FieldGroup] = []
        func add(_ flag: TreadmillDataFlags, _ build: (inout ByteWriter) -> Void) {
            var writer = ByteWriter()
            build(&writer)
            result.append(FieldGroup(flag: flag, bytes: writer.bytes))
        }
        if let value = instantaneousSpeed {
            add(.moreData) { $0.writeUInt16(value.hundredthsOfKilometrePerHour) }
        }
        if let value = averageSpeed {
            add(.averageSpeed) { $0.writeUInt16(value.hundredthsOfKilometrePerHour) }
        }
        if let value = totalDistance {
            add(.totalDistance) { $0.writeUInt24(value.metres) }
        }
        if let value = inclinationAndRampAngle {
            add(.inclinationAndRampAngle) {
                $0.writeInt16(value.inclination?.tenthsOfPercent ?? Int16.max)
                $0.writeInt16(value.rampAngle?.tenthsOfDegree ?? Int16.max)
            }
        }
        if let value = elevationGain {
            add(.elevationGain) {
                $0.writeUInt16(value.positive.decimetres)
                $0.writeUInt16(value.negative.decimetres)
            }
        }
        if let value = instantaneousPace {
            add(.instantaneousPace) { $0.writeUInt8(value.tenthsOfKilometrePerMinute) }
        }
        if let value = averagePace {
            add(.averagePace) { $0.writeUInt8(value.tenthsOfKilometrePerMinute) }
        }
        if let value = expendedEnergy {
            add(.expendedEnergy) {
                $0.writeUInt16(value.totalKilocalories ?? UInt16.max)
                $0.writeUInt16(value.kilocaloriesPerHour ?? UInt16.max)
                $0.writeUInt8(value.kilocaloriesPerMinute ?? UInt8.max)
            }
        }
        if let value = heartRateBeatsPerMinute {
            add(.heartRate) { $0.writeUInt8(value) }
        }
        if let value = metabolicEquivalent {
            add(.metabolicEquivalent) { $0.writeUInt8(value.tenths) }
        }
        if let value = elapsedTimeSeconds {
            add(.elapsedTime) { $0.writeUInt16(value) }
        }
        if let value = remainingTimeSeconds {
            add(.remainingTime) { $0.writeUInt16(value) }
        }
        if let value = forceOnBeltAndPowerOutput {
            add(.forceOnBeltAndPowerOutput) {
                $0.writeInt16(value.forceOnBeltNewtons ?? Int16.max)
                $0.writeInt16(value.powerOutputWatts ?? Int16.max)
            }
        }
        if let value = vendorStepCount {
            add(.vendorStepCount) { $0.writeUInt24(value) }
        }
        return result
    }
}

/// The Treadmill Data Flags field (FTMS v1.0.1 §4.4.1.1, Table 4.5).
public struct TreadmillDataFlags: OptionSet, Hashable, Sendable, Codable {
    /// The raw 16-bit field.
    public var rawValue: UInt16
    /// Wraps a raw 16-bit field.
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// Bit 0, More Data: **1 = Instantaneous Speed absent** (a non-final fragment); 0 = present.
    public static let moreData = Self(rawValue: 1 << 0)
    /// Bit 1: Average Speed present.
    public static let averageSpeed = Self(rawValue: 1 << 1)
    /// Bit 2: Total Distance present.
    public static let totalDistance = Self(rawValue: 1 << 2)
    /// Bit 3: Inclination and Ramp Angle Setting present.
    public static let inclinationAndRampAngle = Self(rawValue: 1 << 3)
    /// Bit 4: Positive and Negative Elevation Gain present.
    public static let elevationGain = Self(rawValue: 1 << 4)
    /// Bit 5: Instantaneous Pace present.
    public static let instantaneousPace = Self(rawValue: 1 << 5)
    /// Bit 6: Average Pace present.
    public static let averagePace = Self(rawValue: 1 << 6)
    /// Bit 7: Total Energy, Energy per Hour and Energy per Minute present.
    public static let expendedEnergy = Self(rawValue: 1 << 7)
    /// Bit 8: Heart Rate present.
    public static let heartRate = Self(rawValue: 1 << 8)
    /// Bit 9: Metabolic Equivalent present.
    public static let metabolicEquivalent = Self(rawValue: 1 << 9)
    /// Bit 10: Elapsed Time present.
    public static let elapsedTime = Self(rawValue: 1 << 10)
    /// Bit 11: Remaining Time present.
    public static let remainingTime = Self(rawValue: 1 << 11)
    /// Bit 12: Force on Belt and Power Output present.
    public static let forceOnBeltAndPowerOutput = Self(rawValue: 1 << 12)
    /// Bit 13: Reserved for Future Use in FTMS v1.0.1; some vendors append a `uint24` step count.
    public static let vendorStepCount = Self(rawValue: 1 << 13)
}

/// Inclination and Ramp Angle Setting, which share flag bit 3 (FTMS v1.0.1 §4.4.1.5–4.4.1.6).
/// Each is `nil` when the machine sent 0x7FFF ("data not available").
public struct InclinationAndRampAngle: Hashable, Sendable, Codable {
    /// The current inclination, `nil` if not available.
    public var inclination: Inclination?
    /// The current ramp angle setting, `nil` if not available.
    public var rampAngle: RampAngle?

    /// Creates the pair.
    public init(inclination: Inclination?, rampAngle: RampAngle?) {
        self.inclination = inclination
        self.rampAngle = rampAngle
    }
}

/// Positive and Negative Elevation Gain, which share flag bit 4 (FTMS v1.0.1 §4.4.1.7–4.4.1.8).
public struct ElevationGain: Hashable, Sendable, Codable {
    /// Elevation gained since the session started.
    public var positive: Elevation
    /// Elevation lost since the session started.
    public var negative: Elevation

    /// Creates the pair.
    public init(positive: Elevation, negative: Elevation) {
        self.positive = positive
        self.negative = negative
    }
}

/// Total Energy, Energy per Hour and Energy per Minute, which share flag bit 7 (FTMS v1.0.1 §4.4.1.11–4.4.1.13).
/// Each is `nil` when the machine sent its "data not available" value (0xFFFF, 0xFFFF, 0xFF);
/// the CITYSPORTS-Linker, for one, always sends those for the per-hour and per-minute values.
public struct ExpendedEnergy: Hashable, Sendable, Codable {
    /// Total energy since the session started, kcal. 0xFFFF cannot be represented (it means "not available").
    public var totalKilocalories: UInt16?
    /// Energy rate, kcal per hour. 0xFFFF cannot be represented.
    public var kilocaloriesPerHour: UInt16?
    /// Energy rate, kcal per minute. 0xFF cannot be represented.
    public var kilocaloriesPerMinute: UInt8?

    /// Creates the triplet.
    public init(totalKilocalories: UInt16?, kilocaloriesPerHour: UInt16?, kilocaloriesPerMinute: UInt8?) {
        self.totalKilocalories = totalKilocalories
        self.kilocaloriesPerHour = kilocaloriesPerHour
        self.kilocaloriesPerMinute = kilocaloriesPerMinute
    }
}

/// Force on Belt and Power Output, which share flag bit 12 (FTMS v1.0.1 §4.4.1.17–4.4.1.18).
/// Each is `nil` when the machine sent 0x7FFF ("data not available").
public struct ForceOnBeltAndPowerOutput: Hashable, Sendable, Codable {
    /// Force on the belt in newtons; positive when the user accelerates the belt.
    public var forceOnBeltNewtons: Int16?
    /// Power output in watts.
    public var powerOutputWatts: Int16?

    /// Creates the pair.
    public init(forceOnBeltNewtons: Int16?, powerOutputWatts: Int16?) {
        self.forceOnBeltNewtons = forceOnBeltNewtons
        self.powerOutputWatts = powerOutputWatts
    }
}

/// Merges Treadmill Data notifications into complete records (FTMS v1.0.1 §4.19; FTMP v1.0 §4.4.2).
///
/// Feed it each notification as it arrives. Notifications with More Data = 1 are held; the one with
/// More Data = 0 completes the record, which ``feed(_:)`` then returns. Until then it returns `nil`
/// ("need more"). If the link drops mid-record the server discards that record (FTMS v1.0.1 §4.18):
/// call ``reset()`` on disconnect.
public struct TreadmillDataReassembler: Sendable {
    /// The default bound on held fragments: a 37-byte record needs at most 6 notifications of 7 bytes.
    public static let defaultFragmentLimit = 8

    /// How many More Data = 1 notifications may be held before the record is abandoned.
    public let fragmentLimit: Int
    private var partial: TreadmillData?
    private var fragmentCount = 0

    /// Creates an empty reassembler.
    /// - Parameter fragmentLimit: the most More Data = 1 notifications held for one record (at least 1).
    public init(fragmentLimit: Int = TreadmillDataReassembler.defaultFragmentLimit) {
        self.fragmentLimit = max(1, fragmentLimit)
    }

    /// Whether fragments of an unfinished record are held.
    public var hasPartialRecord: Bool { partial != nil }

    /// Feeds one notification.
    /// - Returns: the completed record, or `nil` when the notification was a non-final fragment.
    /// - Throws: ``FTMSDecodingError`` when the notification is malformed, repeats a field group of the held
    ///   fragments, or exceeds ``fragmentLimit``. The held fragments are discarded in every case.
    public mutating func feed(_ notification: some Collection<UInt8>) throws(FTMSDecodingError) -> TreadmillData? {
        let fragment: TreadmillData
        do {
            fragment = try TreadmillData(decoding: notification)
        } catch {
            reset()
            throw error
        }
        var record = partial ?? TreadmillData()
        do {
            try record.merge(fragment, fragmentIndex: fragmentCount)
        } catch {
            reset()
            throw error
        }
        if fragment.hasMoreData {
            fragmentCount += 1
            if fragmentCount > fragmentLimit {
                reset()
                throw .tooManyFragments(limit: fragmentLimit)
            }
            partial = record
            return nil
        }
        reset()
        return record
    }

    /// Drops any held fragments.
    public mutating func reset() {
        partial = nil
        fragmentCount = 0
    }
}
