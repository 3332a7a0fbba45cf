/// The Training Status characteristic (0x2AD3): Flags (uint8), Training Status (uint8) and an optional
/// UTF-8 string (FTMS v1.0.1 §4.10, Table 4.11).
///
/// Flags bit 0 = Training Status String present; bit 1 = Extended String present (the string is longer
/// than ATT_MTU − 5 and the rest must be read with Read Long); bits 2–7 are RFU and ignored.
///
/// Examples: `00 01` = Idle, no string (QZ's virtual treadmill). A FITSHOW FS-6041F1 reads `01 01`: string
/// flag set but no string bytes (TrackMyIndoorWorkout issue #470). That decodes as an empty string, so it
/// encodes back to the same bytes. (pycycling misreads bit 0 as "status byte present"; pyftms follows the spec.)
public struct TrainingStatus: Hashable, Sendable, Codable {
    /// The training status.
    public var status: TrainingStatusCode
    /// The Training Status String; `nil` when flag bit 0 is clear, possibly empty when it is set.
    public var string: String?
    /// Flag bit 1: the string is cut and continues beyond this value (Read Long needed).
    public var hasExtendedString: Bool

    /// Creates a training status value.
    public init(status: TrainingStatusCode, string: String? = nil, hasExtendedString: Bool = false) {
        self.status = status
        self.string = string
        self.hasExtendedString = hasExtendedString
    }

    /// Decodes the characteristic value.
    /// - Throws: ``FTMSDecodingError/reservedValue(field:value:offset:)`` for a status of 0x10 or above;
    ///   ``FTMSDecodingError/invalidUTF8(offset:)`` for a bad string; ``FTMSDecodingError/unexpectedTrailingBytes(offset:count:)``
    ///   for bytes after the status when the string flag is clear.
    public init(decoding bytes: some Collection<UInt8>) throws(FTMSDecodingError) {
        var reader = ByteReader(bytes)
        let flags = try reader.readUInt8("Flags")
        status = try reader.readEnum(TrainingStatusCode.self, field: "Training Status")
        hasExtendedString = flags & 0x02 != 0
        if flags & 0x01 != 0 {
            let at = reader.offset
            let rest = reader.readRest()
            guard let text = String(validating: rest, as: UTF8.self) else { throw .invalidUTF8(offset: at) }
            string = text
        } else {
            string = nil
            try reader.expectEnd()
        }
    }

    /// Encodes the characteristic value.
    public func encode() -> [UInt8] {
        var writer = ByteWriter()
        writer.writeUInt8((string == nil ? 0 : 0x01) | (hasExtendedString ? 0x02 : 0))
        writer.writeUInt8(status.rawValue)
        if let string { writer.write(Array(string.utf8)) }
        return writer.bytes
    }
}

/// Training Status values (FTMS v1.0.1 §4.10.1.2, Table 4.12). 0x10–0xFF are Reserved for Future Use.
public enum TrainingStatusCode: UInt8, Hashable, Sendable, Codable, CaseIterable {
    /// 0x00 Other.
    case other = 0x00
    /// 0x01 Idle.
    case idle = 0x01
    /// 0x02 Warming Up.
    case warmingUp = 0x02
    /// 0x03 Low Intensity Interval.
    case lowIntensityInterval = 0x03
    /// 0x04 High Intensity Interval.
    case highIntensityInterval = 0x04
    /// 0x05 Recovery Interval.
    case recoveryInterval = 0x05
    /// 0x06 Isometric.
    case isometric = 0x06
    /// 0x07 Heart Rate Control.
    case heartRateControl = 0x07
    /// 0x08 Fitness Test.
    case fitnessTest = 0x08
    /// 0x09 Speed Outside of Control Region – Low (increase speed to return to the controllable region).
    case speedOutsideControlRegionLow = 0x09
    /// 0x0A Speed Outside of Control Region – High (decrease speed).
    case speedOutsideControlRegionHigh = 0x0A
    /// 0x0B Cool Down.
    case coolDown = 0x0B
    /// 0x0C Watt Control.
    case wattControl = 0x0C
    /// 0x0D Manual Mode (Quick Start).
    case manualMode = 0x0D
    /// 0x0E Pre-Workout.
    case preWorkout = 0x0E
    /// 0x0F Post-Workout.
    case postWorkout = 0x0F
}
