import BackstepCore
import Foundation

/// What an importer is told besides the bytes.
public struct ImportOptions: Sendable, Hashable {
    /// The direction to use for samples whose file doesn't say (Backstep's own FIT, TCX and CSV files do).
    /// Nil means "ask": such files fail with `InteropError.Kind.directionUnknown`.
    public var direction: Direction?
    /// The largest file accepted, in bytes.
    public var maximumBytes: Int
    /// The most samples accepted in one session (a day at 1 Hz is 86,400).
    public var maximumSamples: Int

    /// Creates options.
    /// - Parameters:
    ///   - direction: the direction for files that don't say; nil to ask.
    ///   - maximumBytes: the largest file accepted.
    ///   - maximumSamples: the most samples accepted.
    public init(direction: Direction? = nil, maximumBytes: Int = 64 << 20, maximumSamples: Int = 200_000) {
        self.direction = direction
        self.maximumBytes = maximumBytes
        self.maximumSamples = maximumSamples
    }
}

/// One session read from a file.
public struct ImportedSession: Sendable, Hashable {
    /// The session (status completed; source fit, tcx or csv; a stable id derived from the fingerprint).
    public var session: PerformedSession
    /// Its duplicate fingerprint.
    public var fingerprint: SessionFingerprint
    /// The format it came from.
    public var format: InteropFormat
    /// Things worth knowing that didn't stop the import (GPS positions in a "treadmill" file, records dropped).
    public var warnings: [String]
}

/// Reads any supported file into a session: detects the format from the content (FIT header signature, a
/// `TrainingCenterDatabase` root, otherwise CSV when the name ends in .csv), then calls the right importer.
public enum SessionImport {
    /// The format of a file, from its content and name, or nil when it is none Backstep imports.
    /// - Parameters:
    ///   - name: the file's name.
    ///   - bytes: its content.
    public static func detectFormat(name: String, bytes: [UInt8]) -> InteropFormat? {
        if bytes.count >= 12, Array(bytes[8..<12]) == [0x2E, 0x46, 0x49, 0x54] { return .fit }
        let lower = name.lowercased()
        if lower.hasSuffix(".fit") { return .fit }
        let head = String(decoding: bytes.prefix(4096), as: UTF8.self)
        if head.contains("<TrainingCenterDatabase") || lower.hasSuffix(".tcx") { return .tcx }
        if lower.hasSuffix(".csv") { return .csv }
        return nil
    }

    /// Reads one file.
    /// - Parameters:
    ///   - name: the file's name (for messages and format detection).
    ///   - bytes: its content.
    ///   - options: the direction to fall back on and the size limits.
    /// - Returns: the session.
    /// - Throws: `InteropError` naming the file, what is wrong and where.
    public static func read(
        name: String, bytes: [UInt8], options: ImportOptions = ImportOptions()
    ) throws(InteropError)
        -> ImportedSession
    {
        do throws(InteropError) {
            guard bytes.count <= options.maximumBytes else {
                throw InteropError(
                    .tooLarge, format: nil, "\(bytes.count) bytes is more than the \(options.maximumBytes) accepted")
            }
            let lower = name.lowercased()
            if lower.hasSuffix(".gz") || lower.hasSuffix(".zip") || bytes.starts(with: [0x1F, 0x8B])
                || bytes.starts(with: [0x50, 0x4B, 0x03, 0x04])
            {
                throw InteropError(.unsupported, format: nil, "a compressed archive: unpack it first")
            }
            guard let format = detectFormat(name: name, bytes: bytes) else {
                throw InteropError(.unsupported, format: nil, "not a FIT, TCX or CSV file")
            }
            switch format {
            case .fit: return try FITActivityImport.read(bytes, options: options)
            case .tcx: return try TCXImport.read(bytes, options: options)
            default: return try CSVImport.read(bytes, options: options)
            }
        } catch {
            throw error.inFile(name)
        }
    }
}

/// Builds a PerformedSession from what an importer found: samples with their laps, and totals.
struct SessionAssembler {
    /// One lap of the file.
    struct Lap {
        var startT: Double
        var endT: Double
        var gait: Gait
        var direction: Direction?
        var handrail: HandrailLevel?
        var isRest: Bool
        var distance: Double?
        var kcal: Double?
    }

    var format: InteropFormat
    var start: Date
    var samples: [SessionSample] = []
    var laps: [Lap] = []
    /// The session-level direction from the file, if it says.
    var direction: Direction?
    var gait: Gait = .walk
    var elapsedSeconds: Double?
    var activeSeconds: Double?
    var distance: Double?
    var kcal: Double?
    var name: String?
    var warnings: [String] = []

    init(format: InteropFormat, start: Date) {
        self.format = format
        self.start = start
    }

    /// The session, with directions filled in from the laps, the session, or the caller (in that order).
    func assemble(options: ImportOptions) throws(InteropError) -> ImportedSession {
        guard !samples.isEmpty else {
            throw InteropError(.empty, format: format, "no samples (records or trackpoints)")
        }
        guard samples.count <= options.maximumSamples else {
            throw InteropError(
                .tooLarge, format: format,
                "\(samples.count) samples is more than the \(options.maximumSamples) accepted")
        }
        var laps = self.laps.sorted { $0.startT < $1.startT }
        let lastT = samples.map(\.t).max() ?? 0
        let elapsed = max(elapsedSeconds ?? 0, lastT + 1)
        if laps.isEmpty {
            laps = [Lap(startT: 0, endT: elapsed, gait: gait, direction: direction, handrail: nil, isRest: false)]
        }
        var result = samples
        var missingDirection = 0
        for index in result.indices {
            var sample = result[index]
            let lapIndex = max((laps.lastIndex { $0.startT <= sample.t }) ?? 0, 0)
            sample.segment = lapIndex
            sample.sequence = index
            if sample.gait == nil { sample.gait = laps[lapIndex].gait }
            if sample.direction == nil { sample.direction = laps[lapIndex].direction ?? direction ?? options.direction }
            if sample.direction == nil { missingDirection += 1 }
            result[index] = sample
        }
        guard missingDirection == 0 else {
            throw InteropError(
                .directionUnknown, format: format,
                "the file doesn't say whether the walk was backward or forward; give the direction (--direction backward|forward)"
            )
        }
        // Steps: one per lap, named for what it was, timed by the lap.
        var steps: [Step] = []
        for (index, lap) in laps.enumerated() {
            let end = index + 1 < laps.count ? laps[index + 1].startT : max(lap.endT, elapsed)
            let duration = max(end - lap.startT, 0)
            let lapSamples = result.filter { $0.segment == index }
            let speeds = lapSamples.compactMap { $0.speed?.metersPerSecond }
            let direction = lapSamples.first?.direction ?? lap.direction ?? .forward
            if lap.isRest {
                steps.append(Step(name: "Rest", activity: .rest(.standing), goal: .time(duration)))
                continue
            }
            let speed: SpeedTarget =
                speeds.isEmpty
                ? .effort(.comfortable) : .fixed(Speed(metersPerSecond: speeds.reduce(0, +) / Double(speeds.count)))
            let motion = Locomotion(
                direction: direction, gait: lap.gait, speed: speed, handrail: lap.handrail ?? .twoHands)
            let label = "\(direction == .backward ? "Backward" : "Forward") \(lap.gait == .run ? "run" : "walk")"
            steps.append(
                Step(
                    name: laps.count > 1 ? "\(label) (lap \(index + 1))" : label, activity: .locomotion(motion),
                    goal: .time(duration)))
        }
        let totalDistance = distance ?? result.last?.distance.meters ?? 0
        var backwardSeconds = 0.0
        var backwardDistance = 0.0
        for index in result.indices where result[index].direction == .backward {
            let next = index + 1 < result.count ? result[index + 1] : nil
            backwardSeconds += max((next?.t ?? result[index].t + 1) - result[index].t, 0)
            if let next { backwardDistance += max(next.distance.meters - result[index].distance.meters, 0) }
        }
        let summary = SessionSummary(
            elapsedSeconds: elapsed, activeSeconds: activeSeconds ?? elapsed, backwardSeconds: backwardSeconds,
            distance: Distance(meters: totalDistance), backwardDistance: Distance(meters: backwardDistance),
            kcal: kcal ?? result.last?.kcal ?? 0, forwardKcal: 0, stepsCompleted: steps.count, stepsTotal: steps.count,
            completed: true, stopReason: nil)
        let source: SessionSource = format == .fit ? .fit : format == .tcx ? .tcx : .csv
        let backward = result.filter { $0.direction == .backward }.count * 2 >= result.count
        let workout = Workout(
            name: name ?? "Imported \(backward ? "backward" : "forward") \(gait == .run ? "run" : "walk")",
            summary: "Imported from a \(format.rawValue.uppercased()) file.", items: steps.map { .step($0) })
        var session = PerformedSession(
            startedAt: start, endedAt: start.addingTimeInterval(elapsed), workout: workout, status: .completed,
            source: source, summary: summary, samples: result)
        let fingerprint = SessionFingerprint(session)
        var hash = StableHash()
        hash.combine("backstep-import")
        hash.combine(fingerprint.key)
        session.id = SessionID(hash.uuid)
        return ImportedSession(session: session, fingerprint: fingerprint, format: format, warnings: warnings)
    }
}
