import BackstepCore
import Foundation

/// PerformedSession → TCX (Training Center XML v2) for a treadmill: no positions, distance and speed carried
/// explicitly (`protocols-formats.md` §3.2).
///
/// TCX has no walking sport: walks are `Sport="Other"` and runs `Sport="Running"`. One `Lap` per segment with
/// its trackpoints (time, cumulative distance, heart rate, and speed in the `TPX` extension). Backward walking
/// is marked in each lap's `Notes` and in the activity's `Notes` as `direction=backward` (and the step's
/// `handrail=…`), which `TCXImport` reads back. Elements follow the XSD's order.
public enum TCXExport {
    /// The Training Center Database namespace.
    public static let namespace = "http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"
    /// The activity extension namespace (prefix `ns3`).
    public static let extensionNamespace = "http://www.garmin.com/xmlschemas/ActivityExtension/v2"

    /// The session as a TCX document.
    /// - Parameter session: the session.
    /// - Returns: the XML text (UTF-8, LF line endings).
    /// - Throws: `InteropError` for a session without samples.
    public static func document(_ session: PerformedSession) throws(InteropError) -> String {
        let layout = SessionLayout(session)
        guard !layout.samples.isEmpty else {
            throw InteropError(.unrepresentable, format: .tcx, "the session has no samples to write as trackpoints")
        }
        let start = session.startedAt
        func time(_ t: Double) -> String { ISOTime.format(start.addingTimeInterval(t), milliseconds: true) }
        func number(_ value: Double) -> String { InteropText.number(value, digits: 3) }
        let gait = layout.gait
        let direction = layout.direction
        var lines: [String] = [
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
            "<TrainingCenterDatabase xmlns=\"\(namespace)\" xmlns:ns3=\"\(extensionNamespace)\">",
            "  <Activities>",
            "    <Activity Sport=\"\(gait == .run ? "Running" : "Other")\">",
            "      <Id>\(time(0))</Id>",
        ]
        for lap in layout.laps {
            let samples = layout.samples[lap.sampleRange]
            let elapsed = max(lap.endT - lap.startT, 0)
            let speeds = samples.compactMap { $0.speed?.metersPerSecond }.filter { $0.isFinite && $0 >= 0 }
            let heartRates = samples.compactMap(\.heartRate).filter { (1...255).contains($0) }
            lines.append("      <Lap StartTime=\"\(time(lap.startT))\">")
            lines.append("        <TotalTimeSeconds>\(number(elapsed))</TotalTimeSeconds>")
            lines.append(
                "        <DistanceMeters>\(number(max(lap.endDistance - lap.startDistance, 0)))</DistanceMeters>")
            if let top = speeds.max() { lines.append("        <MaximumSpeed>\(number(top))</MaximumSpeed>") }
            lines.append(
                "        <Calories>\(min(max(Int((lap.endKcal - lap.startKcal).rounded()), 0), 65535))</Calories>")
            if !heartRates.isEmpty {
                lines.append(
                    "        <AverageHeartRateBpm><Value>\(heartRates.reduce(0, +) / heartRates.count)</Value></AverageHeartRateBpm>"
                )
                lines.append(
                    "        <MaximumHeartRateBpm><Value>\(heartRates.max() ?? 1)</Value></MaximumHeartRateBpm>")
            }
            lines.append("        <Intensity>\(layout.isRest(lap) ? "Resting" : "Active")</Intensity>")
            lines.append("        <TriggerMethod>Manual</TriggerMethod>")
            lines.append("        <Track>")
            for sample in samples {
                lines.append("          <Trackpoint>")
                lines.append("            <Time>\(time(sample.t))</Time>")
                lines.append("            <DistanceMeters>\(number(max(sample.distance.meters, 0)))</DistanceMeters>")
                if let heartRate = sample.heartRate, (1...255).contains(heartRate) {
                    lines.append("            <HeartRateBpm><Value>\(heartRate)</Value></HeartRateBpm>")
                }
                if let speed = sample.speed?.metersPerSecond, speed.isFinite, speed >= 0 {
                    lines.append(
                        "            <Extensions><ns3:TPX><ns3:Speed>\(number(speed))</ns3:Speed></ns3:TPX></Extensions>"
                    )
                }
                lines.append("          </Trackpoint>")
            }
            lines.append("        </Track>")
            var marks: [String] = []
            if let lapDirection = layout.direction(of: lap) { marks.append("direction=\(lapDirection.rawValue)") }
            if let handrail = layout.handrail(of: lap) { marks.append("handrail=\(handrail.rawValue)") }
            let stepName = layout.step(lap.segment)?.name
            let note =
                ([stepName].compactMap { $0 } + (marks.isEmpty ? [] : ["Backstep: " + marks.joined(separator: "; ")]))
                .joined(separator: ". ")
            if !note.isEmpty { lines.append("        <Notes>\(InteropText.xmlEscaped(note))</Notes>") }
            if elapsed > 0 {
                lines.append(
                    "        <Extensions><ns3:LX><ns3:AvgSpeed>\(number(max(lap.endDistance - lap.startDistance, 0) / elapsed))</ns3:AvgSpeed></ns3:LX></Extensions>"
                )
            }
            lines.append("      </Lap>")
        }
        var notes =
            "\(session.workout.name): \(direction.map { "\($0.rawValue) " } ?? "")\(gait == .run ? "run" : "walk") on a treadmill, recorded by Backstep."
        if let direction { notes += " Backstep: direction=\(direction.rawValue)" }
        lines.append("      <Notes>\(InteropText.xmlEscaped(notes))</Notes>")
        lines.append("    </Activity>")
        lines.append("  </Activities>")
        lines.append("</TrainingCenterDatabase>")
        return lines.joined(separator: "\n") + "\n"
    }
}

/// TCX → PerformedSession: the first activity; laps become segments, trackpoints samples (time, distance, heart
/// rate, `TPX/Speed`); positions are ignored. The direction comes from Backstep's `direction=` mark in a lap's or
/// the activity's notes, else from `ImportOptions.direction`.
public enum TCXImport {
    /// Reads a TCX file.
    /// - Parameters:
    ///   - bytes: the file.
    ///   - options: the fallback direction and limits.
    /// - Throws: `InteropError` with the line for malformed XML, the lap and trackpoint for bad values.
    public static func read(
        _ bytes: [UInt8], options: ImportOptions = ImportOptions()
    ) throws(InteropError)
        -> ImportedSession
    {
        let document: XMLDocument
        do {
            document = try XMLDocument(bytes)
        } catch {
            throw InteropError(.malformed, format: .tcx, location: "line \(error.line)", error.problem)
        }
        let root = document.root
        guard document.elements[root].name == "TrainingCenterDatabase" else {
            throw InteropError(
                .unsupported, format: .tcx,
                "the root element is <\(document.elements[root].name)>, not <TrainingCenterDatabase>")
        }
        guard let activities = document.child(root, "Activities"),
            let activity = document.children(activities, "Activity").first
        else { throw InteropError(.empty, format: .tcx, "no <Activity>") }
        let element = document.elements[activity]
        let sport = element.attributes["Sport"] ?? "Other"
        guard sport == "Running" || sport == "Other" else {
            throw InteropError(
                .unsupported, format: .tcx, location: "line \(element.line)",
                "Sport=\"\(sport)\" is not walking or running")
        }
        let lapElements = document.children(activity, "Lap")
        func date(_ text: String?, _ what: String, _ line: Int) throws(InteropError) -> Date {
            guard let text, let date = ISOTime.parse(Substring(text)) else {
                throw InteropError(
                    .malformed, format: .tcx, location: "line \(line)", "\(what) '\(text ?? "")' is not a date-time")
            }
            return date
        }
        func double(_ text: String?, _ what: String, _ line: Int) throws(InteropError) -> Double? {
            guard let text else { return nil }
            guard let value = Double(text), value.isFinite else {
                throw InteropError(
                    .malformed, format: .tcx, location: "line \(line)", "\(what) '\(text)' is not a number")
            }
            return value
        }
        let firstLapStart = lapElements.first.flatMap { document.elements[$0].attributes["StartTime"] }
        let start = try date(document.text(activity, "Id") ?? firstLapStart, "Id", element.line)
        var assembler = SessionAssembler(format: .tcx, start: start)
        assembler.gait = sport == "Running" ? .run : .walk
        assembler.direction = mark(document.text(activity, "Notes"), "direction").flatMap(Direction.init(rawValue:))
        if document.children(activities, "Activity").count > 1 {
            assembler.warnings.append(
                "only the first of \(document.children(activities, "Activity").count) activities is imported")
        }
        var sawPosition = false
        var totalTime = 0.0
        for lapElement in lapElements {
            let line = document.elements[lapElement].line
            let lapStart = try date(document.elements[lapElement].attributes["StartTime"], "Lap StartTime", line)
            let seconds = try double(document.text(lapElement, "TotalTimeSeconds"), "TotalTimeSeconds", line) ?? 0
            totalTime += max(seconds, 0)
            let notes = document.text(lapElement, "Notes")
            let startT = max(lapStart.timeIntervalSince(start), 0)
            assembler.laps.append(
                SessionAssembler.Lap(
                    startT: startT, endT: startT + max(seconds, 0), gait: assembler.gait,
                    direction: mark(notes, "direction").flatMap(Direction.init(rawValue:)),
                    handrail: mark(notes, "handrail").flatMap(HandrailLevel.init(rawValue:)),
                    isRest: document.text(lapElement, "Intensity") == "Resting",
                    distance: try double(document.text(lapElement, "DistanceMeters"), "DistanceMeters", line),
                    kcal: try double(document.text(lapElement, "Calories"), "Calories", line)))
            for track in document.children(lapElement, "Track") {
                for point in document.children(track, "Trackpoint") {
                    let pointLine = document.elements[point].line
                    let when = try date(document.text(point, "Time"), "Trackpoint Time", pointLine)
                    let t = when.timeIntervalSince(start)
                    guard t >= 0 else { continue }
                    if document.child(point, "Position") != nil { sawPosition = true }
                    let distance = try double(document.text(point, "DistanceMeters"), "DistanceMeters", pointLine)
                    let heartRate = try double(document.text(point, "HeartRateBpm", "Value"), "HeartRateBpm", pointLine)
                    var speed: Double?
                    if let extensions = document.child(point, "Extensions"), let tpx = document.child(extensions, "TPX")
                    {
                        speed = try double(document.text(tpx, "Speed"), "Speed", pointLine)
                    }
                    guard assembler.samples.count < options.maximumSamples else {
                        throw InteropError(.tooLarge, format: .tcx, "more than \(options.maximumSamples) trackpoints")
                    }
                    assembler.samples.append(
                        SessionSample(
                            sequence: assembler.samples.count, t: t, segment: 0,
                            speed: speed.map(Speed.init(metersPerSecond:)),
                            distance: Distance(meters: distance ?? assembler.samples.last?.distance.meters ?? 0),
                            heartRate: heartRate.flatMap { Int(exactly: $0.rounded()) }))
                }
            }
        }
        if sawPosition { assembler.warnings.append("the file has GPS positions; they are ignored") }
        let lastT = assembler.samples.map(\.t).max() ?? 0
        assembler.elapsedSeconds = max(totalTime, lastT)
        let lapDistances = assembler.laps.compactMap(\.distance)
        if !lapDistances.isEmpty { assembler.distance = lapDistances.reduce(0, +) }
        let lapKcal = assembler.laps.compactMap(\.kcal)
        if !lapKcal.isEmpty { assembler.kcal = lapKcal.reduce(0, +) }
        return try assembler.assemble(options: options)
    }

    /// The value of `key=value` in a Backstep mark ("Backstep: direction=backward; handrail=one-hand").
    static func mark(_ notes: String?, _ key: String) -> String? {
        guard let notes, let range = notes.range(of: "Backstep: ") else { return nil }
        for part in notes[range.upperBound...].split(whereSeparator: { $0 == ";" || $0 == " " || $0 == "." }) {
            let pair = part.split(separator: "=", maxSplits: 1)
            if pair.count == 2, pair[0] == key { return String(pair[1]) }
        }
        return nil
    }
}
