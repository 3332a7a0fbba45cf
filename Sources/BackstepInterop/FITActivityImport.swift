import BackstepCore
import FITCodec
import Foundation

/// FIT activity file → PerformedSession.
///
/// Rules (`docs/formats.md`): the file must decode with a matching CRC and be an activity (`file_id.type` 4);
/// the sport must be walking, running, generic, or fitness equipment on a treadmill. Records become samples
/// (time from the session start, distance, enhanced speed or speed, heart rate, grade); laps become segments;
/// the session message gives the totals. The direction comes from Backstep's `walking_direction` developer
/// field (record, then lap, then session), else from `ImportOptions.direction`; otherwise the import fails with
/// `directionUnknown` so the caller can ask. GPS positions are ignored (and noted).
public enum FITActivityImport {
    /// Reads a FIT activity file.
    /// - Parameters:
    ///   - bytes: the file.
    ///   - options: the fallback direction and limits.
    /// - Returns: the session.
    /// - Throws: `InteropError` with the byte offset for malformed files.
    public static func read(
        _ bytes: [UInt8], options: ImportOptions = ImportOptions()
    ) throws(InteropError)
        -> ImportedSession
    {
        let messages = try decodeMessages(bytes)
        var fileType: FITFileType?
        var records: [RecordMessage] = []
        var laps: [LapMessage] = []
        var sessions: [SessionMessage] = []
        var ourIndices: Set<UInt8> = []
        var sawPosition = false
        for message in messages {
            switch message {
            case .fileId(let id): fileType = fileType ?? id.type
            case .record(let record):
                records.append(record)
                if record.positionLatitude != nil { sawPosition = true }
            case .lap(let lap): laps.append(lap)
            case .session(let session): sessions.append(session)
            case .developerDataId(let developer):
                if developer.applicationId == BackstepFIT.applicationId, let index = developer.developerDataIndex {
                    ourIndices.insert(index)
                }
            default: break
            }
        }
        guard let fileType else { throw InteropError(.malformed, format: .fit, "no file_id message") }
        guard fileType == .activity else {
            let what = fileType == .workout ? "a workout file" : "file type \(fileType.rawValue)"
            throw InteropError(.unsupported, format: .fit, "\(what), not an activity")
        }
        let summary = sessions.first
        let sport = summary?.sport ?? laps.first?.sport ?? .generic
        let subSport = summary?.subSport ?? laps.first?.subSport ?? .generic
        try check(sport: sport, subSport: subSport)

        func ours(_ fields: [FITDeveloperField], _ number: UInt8) -> UInt64? {
            fields.first { ourIndices.contains($0.developerDataIndex) && $0.number == number }?.value?.unsignedValue
        }

        let timed = records.filter { $0.timestamp != nil }
        guard
            let startTime = summary?.startTime ?? timed.first?.timestamp ?? laps.first?.startTime
        else { throw InteropError(.empty, format: .fit, "no records with a timestamp") }
        guard startTime.isAbsolute else {
            throw InteropError(.malformed, format: .fit, "the start time \(startTime.rawValue) is relative, not a date")
        }
        let start = Date(timeIntervalSince1970: TimeInterval(startTime.unixSeconds))
        var assembler = SessionAssembler(format: .fit, start: start)
        assembler.gait = sport == .running ? .run : .walk
        if sawPosition { assembler.warnings.append("the file has GPS positions; they are ignored") }
        if sessions.count > 1 {
            assembler.warnings.append("\(sessions.count) sessions in one file; only the first is imported")
        }
        if records.count > timed.count {
            assembler.warnings.append("\(records.count - timed.count) records without a timestamp were dropped")
        }
        var earlier = 0
        for record in timed {
            guard let timestamp = record.timestamp else { continue }
            let t = Double(Int64(timestamp.rawValue) - Int64(startTime.rawValue))
            guard t >= 0 else {
                earlier += 1
                continue
            }
            if assembler.samples.count > options.maximumSamples {
                throw InteropError(
                    .tooLarge, format: .fit, "more than \(options.maximumSamples) records")
            }
            let speed = record.enhancedSpeed ?? record.speed
            assembler.samples.append(
                SessionSample(
                    sequence: assembler.samples.count, t: t, segment: 0,
                    direction: ours(record.developerFields, BackstepFIT.directionField).flatMap(BackstepFIT.direction),
                    speed: speed.map(Speed.init(metersPerSecond:)),
                    grade: record.grade.map(Grade.init(percent:)),
                    distance: Distance(meters: record.distance ?? assembler.samples.last?.distance.meters ?? 0),
                    heartRate: record.heartRate.map(Int.init)))
        }
        if earlier > 0 { assembler.warnings.append("\(earlier) records before the session start were dropped") }
        for lap in laps {
            guard let lapStart = lap.startTime else { continue }
            let startT = max(Double(Int64(lapStart.rawValue) - Int64(startTime.rawValue)), 0)
            let lapSport = lap.sport ?? sport
            assembler.laps.append(
                SessionAssembler.Lap(
                    startT: startT, endT: startT + (lap.totalElapsedTime ?? 0),
                    gait: lapSport == .running ? .run : .walk,
                    direction: ours(lap.developerFields, BackstepFIT.directionField).flatMap(BackstepFIT.direction),
                    handrail: ours(lap.developerFields, BackstepFIT.handrailField).flatMap(BackstepFIT.handrail(code:)),
                    isRest: lap.intensity == .rest, distance: lap.totalDistance,
                    kcal: lap.totalCalories.map(Double.init)))
        }
        if let summary {
            assembler.direction = ours(summary.developerFields, BackstepFIT.directionField).flatMap(
                BackstepFIT.direction)
            assembler.elapsedSeconds = summary.totalElapsedTime
            assembler.activeSeconds = summary.totalTimerTime
            assembler.distance = summary.totalDistance
            assembler.kcal = summary.totalCalories.map(Double.init)
        }
        return try assembler.assemble(options: options)
    }

    /// Walking, running, generic, or fitness equipment on a treadmill; anything else is refused.
    static func check(sport: FITSport, subSport: FITSubSport) throws(InteropError) {
        switch sport {
        case .walking, .running, .generic:
            return
        case .fitnessEquipment where subSport == .treadmill:
            return
        case .fitnessEquipment:
            throw InteropError(
                .unsupported, format: .fit, "fitness equipment with sub-sport \(subSport.rawValue), not a treadmill")
        default:
            let names: [UInt8: String] = [2: "cycling", 3: "transition", 5: "swimming", 6: "basketball", 17: "hiking"]
            throw InteropError(
                .unsupported, format: .fit,
                "sport \(names[sport.rawValue] ?? String(sport.rawValue)) is not walking or running")
        }
    }

    /// Decodes with a strict CRC and converts to typed messages; decoding errors carry the byte offset.
    static func decodeMessages(_ bytes: [UInt8]) throws(InteropError) -> [FITTypedMessage] {
        do {
            let result = try FIT.decode(bytes)
            guard !result.files.isEmpty else {
                throw InteropError(.malformed, format: .fit, "no FIT file in the input")
            }
            return result.typedMessages().messages
        } catch let error as FITDecodingError {
            throw InteropError(.malformed, format: .fit, location: "byte \(error.offset)", describe(error.kind))
        } catch let error as InteropError {
            throw error
        } catch {
            throw InteropError(.malformed, format: .fit, "\(error)")
        }
    }

    static func describe(_ kind: FITDecodingError.Kind) -> String {
        switch kind {
        case .headerTooShort(let size): "the header size \(size) is below 12"
        case .badSignature: "no \".FIT\" signature in the header"
        case .headerCRCMismatch(let stored, let computed):
            "the header CRC doesn't match (stored \(hex(stored)), computed \(hex(computed)))"
        case .fileCRCMismatch(let stored, let computed):
            "the file CRC doesn't match (stored \(hex(stored)), computed \(hex(computed)))"
        case .unexpectedEndOfInput: "the file ends early (truncated)"
        case .emptyInput: "the file is empty"
        case .undefinedLocalMessageType(let local): "a data message uses local type \(local), which has no definition"
        case .invalidArchitecture(let value): "a definition has architecture byte \(value) (must be 0 or 1)"
        case .reservedHeaderBit(let byte): "a record header \(hex(UInt16(byte))) has its reserved bit set"
        case .recordExceedsDataSize(let size, let remaining):
            "a \(size)-byte record runs past the data size (\(remaining) bytes left)"
        }
    }

    static func hex(_ value: UInt16) -> String {
        let text = String(value, radix: 16, uppercase: true)
        return "0x" + String(repeating: "0", count: max(4 - text.count, 0)) + text
    }
}
