import BackstepCore
import CrossCheckSupport
import FITCodec
import Foundation
import Testing

@testable import BackstepInterop

/// The interop driver (`CrossCheck/interop/crosscheck_interop.py`) through the shared cross-check support.
enum InteropCrossCheck {
    static let tool = PythonCrossCheck(driver: "CrossCheck/interop/crosscheck_interop.py", label: "interop")
}

@Suite("Cross-checks of the exports against garmin-fit-sdk, fitdecode, icalendar, lxml and tcxreader", .serialized)
struct InteropCrossCheckTests {
    struct Report: Decodable {
        struct FITResult: Decodable {
            var errors: [String]
            var messages: [String]
        }
        struct Event: Decodable {
            var uid: String
            var summary: String
            var description: String
            var dtstart: String
            var durationSeconds: Double?
            var hasDtend: Bool
        }
        struct ICS: Decodable {
            var errors: [String]
            var events: [Event]
        }
        struct Point: Decodable {
            var time: Double
            var distance: Double?
            var heart_rate: Int?
            var speed: Double?
        }
        struct TCX: Decodable {
            var errors: [String]
            var sport: String?
            var laps: Int?
            var lapNotes: [String?]?
            var lxmlTrackpoints: Int?
            var positions: Int?
            var trackpoints: [Point]?
        }
        struct Sample: Decodable {
            var t: Double
            var distance: Double
            var speed: Double
            var heart_rate: Int
        }
        var fit: [String: [String: FITResult]]
        var ics: [String: ICS]
        var tcx: [String: TCX]
        var written: [String: [Sample]]
    }

    @Test(
        "Exports read the same in the independent tools; their activity files import to the values they meant",
        .enabled(if: InteropCrossCheck.tool.shouldRun, "cross-check tools unavailable; run scripts/setup-crosscheck.sh")
    )
    func crossCheck() throws {
        if let reason = InteropCrossCheck.tool.unavailableReason {
            Issue.record("BACKSTEP_REQUIRE_CROSSCHECK=1 but \(reason)")
            return
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("interop-crosscheck-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        // Given every catalog workout as a FIT workout, two sessions as FIT activities and TCX, and a plan as ICS …
        let created = InteropFixtures.start
        var fitFiles: [String: [UInt8]] = [:]
        var workoutSteps: [String: Int] = [:]
        for program in Catalog.programs {
            let workout = try program.workout()
            let bytes = try FITWorkoutExport.encode(workout, options: .init(createdAt: created))
            fitFiles["ours-workout-\(program.id).fit"] = bytes
            workoutSteps["ours-workout-\(program.id).fit"] = try FIT.decode(bytes).messages.filter {
                $0.globalMessageNumber == 27
            }.count
        }
        fitFiles["ours-workout-sampler.fit"] = try FITWorkoutExport.encode(
            InteropFixtures.workout, options: .init(createdAt: created))
        let backward = InteropFixtures.session()
        let forward = InteropFixtures.session(start: created.addingTimeInterval(3600), direction: .forward)
        fitFiles["ours-activity-backward.fit"] = try FITActivityExport.encode(backward)
        fitFiles["ours-activity-forward.fit"] = try FITActivityExport.encode(
            forward, options: .init(timeZoneOffsetSeconds: 3600))
        for (name, bytes) in fitFiles { try Data(bytes).write(to: directory.appendingPathComponent(name)) }
        try Data(try TCXExport.document(backward).utf8).write(to: directory.appendingPathComponent("ours-backward.tcx"))
        let plan = try InteropFixtures.plan()
        let ics = try ICalendarExport.document(plan, options: .init(stamp: created))
        try Data(ics.utf8).write(to: directory.appendingPathComponent("ours-plan.ics"))

        // … when the driver reads them and writes its own activity files (one process launch) …
        let (status, output) = try InteropCrossCheck.tool.run([directory.path])
        try #require(status == 0, "driver failed: \(output.prefix(2000))")
        let report = try JSONDecoder().decode(Report.self, from: Data(output.utf8))

        // … then garmin-fit-sdk and fitdecode decode every FIT file without errors, to the messages we decode.
        #expect(report.fit.count == fitFiles.count)
        for (name, bytes) in fitFiles {
            let expected = FITCanonical.ordered(try FIT.decode(bytes).messages)
            let tools = try #require(report.fit[name], "\(name) not decoded")
            #expect(tools.keys.sorted() == ["fitdecode", "garmin-fit-sdk"])
            for (tool, result) in tools {
                #expect(result.errors.isEmpty, "\(tool) on \(name): \(result.errors)")
                #expect(
                    FITCanonical.firstDifference(result.messages, expected) == nil,
                    "\(tool) on \(name): \(FITCanonical.firstDifference(result.messages, expected) ?? "")")
                if let steps = workoutSteps[name] {
                    #expect(result.messages.filter { $0.hasSuffix("\"num\":27}") }.count == steps, "\(tool) on \(name)")
                }
                if name.hasPrefix("ours-activity") {
                    #expect(result.messages.filter { $0.hasSuffix("\"num\":20}") }.count == backward.samples.count)
                }
            }
        }

        // icalendar reads one event per session with our UIDs, durations and no DTEND.
        let calendar = try #require(report.ics["ours-plan.ics"])
        #expect(calendar.errors.isEmpty, "\(calendar.errors)")
        #expect(calendar.events.count == plan.sessions.count)
        let hash = ICalendarExport.contentHash(plan)
        #expect(
            calendar.events.map(\.uid)
                == plan.sessions.map { ICalendarExport.uid(planHash: hash, week: $0.week, day: $0.day) })
        for (event, session) in zip(calendar.events, plan.sessions) {
            #expect(!event.hasDtend)
            #expect(event.summary == "Backstep: \(session.workout.name)")
            #expect(event.durationSeconds == Double(max(Int((session.estimatedSeconds / 60).rounded(.up)), 1) * 60))
            #expect(event.description.contains("Week \(session.week), day \(session.day)."))
            #expect(event.dtstart.hasSuffix("T07:00:00"))
        }

        // lxml (with the XSD's element order) and tcxreader read the TCX: no positions, our trackpoints.
        let tcx = try #require(report.tcx["ours-backward.tcx"])
        #expect(tcx.errors.isEmpty, "\(tcx.errors)")
        #expect(tcx.sport == "Other" && tcx.laps == 3 && tcx.positions == 0)
        #expect(tcx.lapNotes?.allSatisfy { $0?.contains("direction=backward") == true } == true)
        let points = try #require(tcx.trackpoints)
        #expect(points.count == backward.samples.count && tcx.lxmlTrackpoints == backward.samples.count)
        for (point, sample) in zip(points, backward.samples) {
            #expect(abs(point.time - backward.startedAt.addingTimeInterval(sample.t).timeIntervalSince1970) < 0.001)
            #expect(abs((point.distance ?? -1) - sample.distance.meters) < 0.001)
            #expect(point.heart_rate == sample.heartRate)
            #expect(abs((point.speed ?? -1) - (sample.speed?.metersPerSecond ?? 0)) < 0.001)
        }

        // And the activity files garmin-fit-sdk and fit-tool wrote import with ours to the values they meant.
        #expect(report.written.count == 2)
        for (name, intended) in report.written {
            let bytes = try [UInt8](Data(contentsOf: directory.appendingPathComponent(name)))
            let read = try FITActivityImport.read(bytes, options: ImportOptions(direction: .backward))
            #expect(read.session.samples.count == intended.count, "\(name)")
            for (sample, expected) in zip(read.session.samples, intended) {
                #expect(sample.t == expected.t, "\(name)")
                #expect(abs(sample.distance.meters - expected.distance) < 0.006, "\(name) t=\(expected.t)")
                #expect(abs((sample.speed?.metersPerSecond ?? -1) - expected.speed) < 0.0006, "\(name)")
                #expect(sample.heartRate == expected.heart_rate, "\(name)")
                #expect(sample.direction == .backward)
            }
            #expect(read.session.startedAt == Date(timeIntervalSince1970: 1_105_081_200 + 631_065_600), "\(name)")
        }
    }
}
