import BackstepCore
import FITCodec
import Foundation
import Testing

@testable import BackstepInterop

@Suite("FIT workout export")
struct FITWorkoutExportTests {
    let options = FITWorkoutExport.Options(createdAt: InteropFixtures.start)

    @Test("Steps, repeat step, names, notes and targets follow the FIT workout conventions")
    func workoutFile() throws {
        let bytes = try FITWorkoutExport.encode(InteropFixtures.workout, options: options)
        let result = try FIT.decode(bytes)
        #expect(result.files.count == 1 && result.files[0].crcIsValid)
        let typed = result.typedMessages().messages
        guard case .fileId(let fileId) = typed.first else {
            Issue.record("file_id must come first")
            return
        }
        #expect(fileId.type == .workout)
        let header = try #require(typed.compactMap { if case .workout(let w) = $0 { w } else { nil } }.first)
        let steps = typed.compactMap { if case .workoutStep(let s) = $0 { s } else { nil } }
        // Warm-up, brisk, rest, repeat, forward stroll, by feel, squats, cool-down.
        #expect(steps.count == 8)
        #expect(header.numberOfValidSteps == 8)
        #expect(header.sport == .walking && header.subSport == .treadmill)
        #expect(steps.map(\.messageIndex) == (0..<8).map { UInt16($0) })

        // The repeat step comes after its block, points at the block's first step, and counts the rounds.
        #expect(steps[3].durationType == .repeatUntilStepsComplete)
        #expect(steps[3].repeatFromStep == 1 && steps[3].repeatCount == 4)
        // Timed steps in ms, speeds as custom targets in mm/s, distance in cm.
        #expect(steps[0].durationType == .time && steps[0].durationValue == 300_000)
        #expect(steps[0].targetType == .speed && steps[0].targetValue == 0)
        #expect(steps[0].customTargetValueLow == 556 && steps[0].customTargetValueHigh == 833)
        #expect(steps[1].customTargetValueLow == 972 && steps[1].customTargetValueHigh == 972)
        #expect(steps[1].intensity == .interval && steps[2].intensity == .rest)
        #expect(steps[4].durationType == .distance && steps[4].durationValue == 40_000)
        // Effort target: open target, effort in the notes. Reps and open steps: open duration with a note.
        #expect(steps[5].targetType == .open && steps[5].notes?.contains("brisk") == true)
        #expect(steps[6].durationType == .open && steps[6].notes?.contains("12 reps") == true)
        #expect(steps[7].durationType == .open && steps[7].intensity == .cooldown)
        // Backward steps say so in the name and the notes; notes carry the cue text.
        #expect(steps[1].name == "Backward brisk")
        #expect(steps[0].name == "Backward warm-up walk")
        #expect(steps[4].name == "Forward stroll")
        #expect(steps[1].notes?.hasPrefix("Walk backward.") == true)
        #expect(steps[1].notes?.contains(TechniqueCue.toesThenHeel.text) == true)
        #expect(steps[1].notes?.contains("Incline 4 %") == true)
    }

    @Test("Long names and notes are cut to the FIT limits between characters")
    func truncation() throws {
        let long = String(repeating: "Rückwärts 🚶‍♀️ gehen ", count: 30)
        var workout = InteropFixtures.workout
        workout.name = long
        workout.items = [
            .step(
                Step(
                    name: long,
                    activity: .locomotion(Locomotion(direction: .backward, speed: .fixed(.metersPerSecond(1)))),
                    goal: .time(60), cues: TechniqueCue.allCases, note: long))
        ]
        let typed = try FIT.decode(try FITWorkoutExport.encode(workout, options: options)).typedMessages().messages
        let header = try #require(typed.compactMap { if case .workout(let w) = $0 { w } else { nil } }.first)
        let step = try #require(typed.compactMap { if case .workoutStep(let s) = $0 { s } else { nil } }.first)
        let name = try #require(header.name)
        let stepName = try #require(step.name)
        let notes = try #require(step.notes)
        #expect(name.utf8.count <= BackstepFIT.maximumNameBytes && name.hasSuffix("…"))
        #expect(stepName.utf8.count <= BackstepFIT.maximumNameBytes)
        #expect(notes.utf8.count <= BackstepFIT.maximumNotesBytes && notes.hasSuffix("…"))
        // Cut between characters: every character is whole (no replacement characters from split sequences).
        #expect(!name.contains("\u{FFFD}") && !notes.contains("\u{FFFD}"))
        #expect(long.hasPrefix(String(name.dropLast()).trimmingCharacters(in: .whitespaces)))
    }

    @Test("Running workouts get sport running; outdoor ones a generic sub-sport")
    func sports() throws {
        let run = Workout(
            name: "Run",
            items: [
                .step(
                    Step(
                        name: "Run",
                        activity: .locomotion(
                            Locomotion(
                                direction: .backward, gait: .run, surface: .track, speed: .fixed(.metersPerSecond(2.5)))
                        ), goal: .time(60)))
            ])
        let typed = try FIT.decode(try FITWorkoutExport.encode(run, options: options)).typedMessages().messages
        let header = try #require(typed.compactMap { if case .workout(let w) = $0 { w } else { nil } }.first)
        #expect(header.sport == .running && header.subSport == .generic)
    }

    @Test("An empty workout is refused, not written")
    func empty() {
        #expect(throws: InteropError.self) {
            try FITWorkoutExport.encode(Workout(name: "Nothing", items: []), options: options)
        }
    }

    @Test("Every catalog program's workouts export and read back to the same steps")
    func catalogRoundTrip() throws {
        for program in Catalog.programs {
            for workout in try program.workouts() {
                let bytes = try FITWorkoutExport.encode(workout, options: options)
                let back = try FITWorkoutImport.workout(from: bytes)
                #expect(back.items.count == workout.items.filter(Self.nonEmpty).count, "\(program.id)")
                for (original, read) in zip(workout.items.filter(Self.nonEmpty), back.items) {
                    switch (original, read) {
                    case (.step(let a), .step(let b)): Self.expectSame(a, b, program.id)
                    case (.repeats(let a), .repeats(let b)) where a.count > 1:
                        #expect(a.count == b.count, "\(program.id)")
                        #expect(a.steps.count == b.steps.count, "\(program.id)")
                        for (x, y) in zip(a.steps, b.steps) { Self.expectSame(x, y, program.id) }
                    case (.repeats(let a), .step) where a.count == 1:
                        break
                    default:
                        Issue.record("\(program.id): \(original) read back as \(read)")
                    }
                }
            }
        }
    }

    static func nonEmpty(_ item: WorkoutItem) -> Bool {
        if case .repeats(let block) = item { return block.count > 1 && !block.steps.isEmpty }
        return true
    }

    static func expectSame(_ a: Step, _ b: Step, _ id: String) {
        #expect(FITWorkoutExport.stepName(a) == b.name, "\(id)")
        switch a.goal {
        case .time(let seconds): #expect(b.goal == .time((seconds * 1000).rounded() / 1000), "\(id) \(a.name)")
        case .distance(let distance):
            #expect(b.goal == .distance(Distance(meters: (distance.meters * 100).rounded() / 100)), "\(id)")
        default: #expect(b.goal == .open, "\(id) \(a.name)")
        }
        if case .locomotion(let motion) = a.activity, case .locomotion(let read) = b.activity {
            #expect(motion.direction == read.direction, "\(id) \(a.name)")
            #expect(motion.gait == read.gait, "\(id) \(a.name)")
            switch motion.speed {
            case .fixed(let speed):
                #expect(
                    read.speed == .fixed(.metersPerSecond((speed.metersPerSecond * 1000).rounded() / 1000)), "\(id)")
            case .range(let low, let high):
                #expect(
                    read.speed
                        == .range(
                            .metersPerSecond((low.metersPerSecond * 1000).rounded() / 1000),
                            .metersPerSecond((high.metersPerSecond * 1000).rounded() / 1000)), "\(id)")
            case .effort: #expect(read.speed == .effort(.comfortable), "\(id)")
            }
        }
        if case .rest = a.activity {
            guard case .rest = b.activity else {
                Issue.record("\(id): rest \(a.name) read back as \(b.activity)")
                return
            }
        }
    }
}

@Suite("Session exports round-trip through their importers")
struct SessionRoundTripTests {
    let session = InteropFixtures.session()

    func expectSameSamples(
        _ read: ImportedSession, tolerance: Double, grade: Bool, energy: Bool,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let original = session.samples
        let samples = read.session.samples
        #expect(samples.count == original.count, sourceLocation: sourceLocation)
        for (a, b) in zip(original, samples) {
            #expect(a.t == b.t, sourceLocation: sourceLocation)
            #expect(a.segment == b.segment, "t=\(a.t)", sourceLocation: sourceLocation)
            #expect(a.direction == b.direction, sourceLocation: sourceLocation)
            #expect(a.gait == b.gait, sourceLocation: sourceLocation)
            #expect(abs(a.distance.meters - b.distance.meters) <= tolerance, sourceLocation: sourceLocation)
            #expect(
                abs((a.speed?.metersPerSecond ?? -1) - (b.speed?.metersPerSecond ?? -1)) <= tolerance,
                sourceLocation: sourceLocation)
            #expect(a.heartRate == b.heartRate, sourceLocation: sourceLocation)
            if grade {
                #expect(
                    abs((a.grade?.percent ?? -99) - (b.grade?.percent ?? -99)) <= tolerance,
                    sourceLocation: sourceLocation)
            }
            if energy {
                #expect(
                    a.kcal == b.kcal && a.met == b.met && a.forwardKcal == b.forwardKcal, sourceLocation: sourceLocation
                )
            }
        }
        #expect(read.fingerprint == SessionFingerprint(session), sourceLocation: sourceLocation)
        #expect(read.session.startedAt == session.startedAt, sourceLocation: sourceLocation)
        #expect(read.session.workout.items.count == 3, sourceLocation: sourceLocation)
    }

    @Test("FIT activity: records, laps, session and developer fields come back")
    func fit() throws {
        let bytes = try FITActivityExport.encode(session)
        let read = try FITActivityImport.read(bytes)
        #expect(read.session.source == .fit)
        expectSameSamples(read, tolerance: 0.0051, grade: true, energy: false)
        // The rest lap comes back as a rest; the handrail level of the first step from its lap's developer field.
        guard case .rest = read.session.workout.items.count == 3 ? stepActivity(read.session.workout, 1) : nil else {
            Issue.record("lap 2 should be a rest")
            return
        }
        if case .locomotion(let motion) = stepActivity(read.session.workout, 0) {
            #expect(motion.handrail == .fingertips)
        }
        #expect(read.warnings.isEmpty)
    }

    @Test("FIT activity contents: one lap per segment, summary totals, timer events, 1 Hz records")
    func fitContents() throws {
        let messages = try FITActivityExport.messages(session)
        let numbers = messages.map(\.globalMessageNumber)
        #expect(numbers.first == 0)
        #expect(numbers.filter { $0 == 20 }.count == 90)
        #expect(numbers.filter { $0 == 19 }.count == 3)
        #expect(numbers.filter { $0 == 18 }.count == 1 && numbers.last == 34)
        #expect(numbers.filter { $0 == 21 }.count == 2)
        #expect(numbers.contains(207) && numbers.filter { $0 == 206 }.count == 2)
        let session = try #require(messages.first { $0.globalMessageNumber == 18 }.map { SessionMessage($0) })
        #expect(session.totalElapsedTime == 90 && session.numberOfLaps == 3)
        #expect(session.sport == .walking && session.subSport == .treadmill)
        #expect(abs((session.totalDistance ?? 0) - (self.session.samples.last?.distance.meters ?? 0)) < 0.01)
        let records = messages.filter { $0.globalMessageNumber == 20 }.map { RecordMessage($0) }
        let times = records.compactMap(\.timestamp?.rawValue)
        #expect(zip(times, times.dropFirst()).allSatisfy { $1 == $0 + 1 })
        #expect(records.allSatisfy { $0.developerFields.first?.value == .unsigned(0) })
    }

    @Test("TCX: laps and trackpoints come back, direction from the notes")
    func tcx() throws {
        let text = try TCXExport.document(session)
        #expect(!text.contains("<Position>"))
        #expect(text.contains("Sport=\"Other\""))
        #expect(text.contains("direction=backward"))
        let read = try TCXImport.read(Array(text.utf8))
        #expect(read.session.source == .tcx)
        expectSameSamples(read, tolerance: 0.0005, grade: false, energy: false)
    }

    @Test("CSV: every column comes back exactly")
    func csv() throws {
        let text = CSVExport.document(session)
        #expect(text.hasPrefix(CSVExport.columns.joined(separator: ",") + "\r\n"))
        #expect(text.components(separatedBy: "\r\n").count == session.samples.count + 2)
        let read = try CSVImport.read(Array(text.utf8))
        #expect(read.session.source == .csv)
        expectSameSamples(read, tolerance: 0, grade: true, energy: true)
        #expect(
            zip(session.samples, read.session.samples).allSatisfy {
                $0.targetSpeed == $1.targetSpeed && $0.targetGrade == $1.targetGrade
            })
    }

    @Test("A forward session keeps its direction in every format")
    func forward() throws {
        let forward = InteropFixtures.session(direction: .forward)
        let fromFIT = try FITActivityImport.read(try FITActivityExport.encode(forward))
        let fromTCX = try TCXImport.read(Array(try TCXExport.document(forward).utf8))
        let fromCSV = try CSVImport.read(Array(CSVExport.document(forward).utf8))
        for read in [fromFIT, fromTCX, fromCSV] {
            #expect(read.session.samples.allSatisfy { $0.direction == .forward })
        }
    }

    func stepActivity(_ workout: Workout, _ index: Int) -> Activity? {
        guard workout.items.indices.contains(index), case .step(let step) = workout.items[index] else { return nil }
        return step.activity
    }
}

@Suite("ZWO export")
struct ZWOExportTests {
    @Test("Run workout with pace 4, powers as fractions of the reference, intervals and text cues")
    func zwo() throws {
        let text = try ZWOExport.document(
            InteropFixtures.workout, options: .init(referenceSpeed: .kilometersPerHour(10)))
        let document = try XMLDocument(Array(text.utf8))
        #expect(document.elements[document.root].name == "workout_file")
        #expect(document.text(document.root, "sportType") == "run")
        let workout = try #require(document.child(document.root, "workout"))
        let blocks = document.elements[workout].children.map { document.elements[$0] }
        // The block's rest has no belt speed, so its rounds are written out; untimed and effort steps are
        // FreeRide unless they name a speed.
        #expect(
            blocks.map(\.name)
                == ["SteadyState"] + Array(repeating: ["SteadyState", "FreeRide"], count: 4).flatMap { $0 }
                + ["SteadyState", "FreeRide", "FreeRide", "SteadyState"])
        #expect(blocks[0].attributes["Power"] == "0.25" && blocks[0].attributes["pace"] == "4")
        #expect(blocks[1].attributes["Power"] == "0.35" && blocks[1].attributes["Duration"] == "120")
        let firstText = try #require(
            document.elements[workout].children.first.flatMap { document.children($0, "textevent").first })
        #expect(document.elements[firstText].attributes["message"]?.contains("Backward walk at 2–3 km/h") == true)
        let cues = document.elements[document.elements[workout].children[1]].children.map {
            document.elements[$0].attributes["timeoffset"] ?? ""
        }
        #expect(cues == ["0", "15", "30"])
    }

    @Test("A two-step block of timed speeds becomes IntervalsT")
    func intervals() throws {
        let on = Step(
            name: "Fast", activity: .locomotion(Locomotion(direction: .backward, speed: .fixed(.kilometersPerHour(5)))),
            goal: .time(30))
        let off = Step(
            name: "Easy", activity: .rest(Rest(kind: .forwardWalk, speed: .kilometersPerHour(2.5))), goal: .time(60))
        let workout = Workout(name: "Intervals", items: [.repeats(RepeatBlock(count: 6, steps: [on, off]))])
        let text = try ZWOExport.document(workout)
        let document = try XMLDocument(Array(text.utf8))
        let block = try #require(document.child(document.root, "workout").flatMap { document.child($0, "IntervalsT") })
        let attributes = document.elements[block].attributes
        #expect(attributes["Repeat"] == "6" && attributes["OnDuration"] == "30" && attributes["OffDuration"] == "60")
        #expect(attributes["OnPower"] == "0.5" && attributes["OffPower"] == "0.25" && attributes["pace"] == "4")
    }

    @Test("A reference speed of zero is refused")
    func badReference() {
        #expect(throws: InteropError.self) {
            try ZWOExport.document(InteropFixtures.workout, options: .init(referenceSpeed: .zero))
        }
    }
}

@Suite("iCalendar export")
struct ICalendarExportTests {
    let stamp = Date(timeIntervalSince1970: 1_735_732_800)  // 2025-01-01T12:00:00Z

    @Test("One event per session, stable UIDs, CRLF, folded lines, DURATION without DTEND")
    func calendar() throws {
        let plan = try InteropFixtures.plan()
        let text = try ICalendarExport.document(plan, options: .init(stamp: stamp))
        #expect(text.hasPrefix("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"))
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        let lines = text.components(separatedBy: "\r\n")
        #expect(lines.allSatisfy { $0.utf8.count <= 75 })
        let unfolded = text.replacingOccurrences(of: "\r\n ", with: "")
        let uids = unfolded.components(separatedBy: "\r\n").filter { $0.hasPrefix("UID:") }
        #expect(uids.count == plan.sessions.count)
        #expect(Set(uids).count == uids.count)
        #expect(!unfolded.contains("DTEND"))
        #expect(unfolded.contains("DTSTAMP:20250101T120000Z"))
        #expect(unfolded.contains("DTSTART:20250106T070000"))

        // The same plan later, or from another start date: same UIDs.
        let again = try ICalendarExport.document(
            try InteropFixtures.plan(start: InteropFixtures.start.addingTimeInterval(14 * 86_400)),
            options: .init(stamp: stamp.addingTimeInterval(86_400)))
        let uidsAgain = again.replacingOccurrences(of: "\r\n ", with: "").components(separatedBy: "\r\n").filter {
            $0.hasPrefix("UID:")
        }
        #expect(uids == uidsAgain)
        // A different plan: different UIDs.
        var other = plan
        other.weeks[0].focus += " (changed)"
        #expect(ICalendarExport.contentHash(other) != ICalendarExport.contentHash(plan))
    }

    @Test("Text escaping and folding never split a UTF-8 sequence")
    func escaping() {
        #expect(ICalendarExport.escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne")
        let folded = ICalendarExport.fold("DESCRIPTION:" + String(repeating: "é🚶", count: 40))
        for line in folded.components(separatedBy: "\r\n") {
            #expect(line.utf8.count <= 75)
            #expect(!line.contains("\u{FFFD}"))
        }
        #expect(
            folded.replacingOccurrences(of: "\r\n ", with: "") == "DESCRIPTION:" + String(repeating: "é🚶", count: 40))
    }

    @Test("Undated plans need a start date")
    func needsStart() throws {
        let plan = try InteropFixtures.plan(start: nil)
        #expect(throws: InteropError.self) { try ICalendarExport.document(plan, options: .init(stamp: stamp)) }
        let text = try ICalendarExport.document(plan, options: .init(startDate: InteropFixtures.start, stamp: stamp))
        #expect(text.contains("DTSTART:20250106T070000"))
    }
}
