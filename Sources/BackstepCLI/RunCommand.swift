import ArgumentParser
import BackstepCore
import BackstepLive
import BackstepStorage
import BackstepStorageSQL
import Foundation

/// `backstep run`: a guided session in the terminal.
public struct RunCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run a guided session: a catalog program or a workout file.",
        discussion: """
            Keys on a terminal: space start/pause, s stop, p pain stop, n next step, d done (strength and open steps), \
            + and - speed, e add 30 s, q quit. Without a terminal, commands are read as lines from standard input \
            (start, pause, stop, pain, next, done, faster, slower, extend) and events are printed as plain lines.
            The belt never starts without you: press start (or pass --start, allowed only with --simulate or in \
            manual mode, where the app moves no real belt).
            """)

    @Argument(help: "A program id (see `backstep programs`) or a workout JSON file.")
    var target: String

    @OptionGroup var parameters: ProgramParameterOptions

    @Flag(help: "Drive the simulated FTMS treadmill instead of showing targets for you to set by hand.")
    var simulate = false

    @Option(help: "Run the clock this many times faster (1–1000), for demos and tests.")
    var speedup: Double = 1

    @Option(help: "Write every engine event and treadmill command as JSON lines to this file.")
    var events: String?

    @Flag(help: "Count the start of the command as pressing start, at the beginning and after planned rests.")
    var start = false

    @Option(help: "Body mass in kg, for energy (20–350).") var mass: Double = 70
    @Option(help: "Stage for the speed caps: beginner, intermediate or advanced.") var level: Experience = .beginner
    @Option(help: "Screening: 'clear', or the topics answered yes, comma-separated. Without it caps stay conservative.")
    var screening: String?
    @Option(help: "A health condition (repeatable).") var condition: [Condition] = []
    @Option(help: "Age in years, for the population rules (10–105).") var age: Int = 40
    @Option(help: "Speed units for display and --speed-cap: mph, kmh or mps.") var units: SpeedUnit = .kilometersPerHour
    @Option(name: .customLong("speed-cap"), help: "Your own speed cap, in --units.") var speedCap: Double?
    @Option(name: .customLong("practice-weeks"), help: "Weeks of backward walking practice, for energy.")
    var practiceWeeks: Double?

    @OptionGroup var storage: DatabaseOptions

    @Flag(name: .customLong("no-save"), help: "Do not store the session.")
    var noSave = false

    public init() {}

    public func validate() throws {
        guard (1...1000).contains(speedup) else {
            throw ValidationError("--speedup: \(speedup) is out of range, allowed 1–1000")
        }
        do {
            try InputError.check("--mass", mass, in: Profile.massRange, unit: "kg")
            try InputError.check("--age", age, in: Profile.ageRange, unit: "years")
            if let practiceWeeks {
                try InputError.check("--practice-weeks", practiceWeeks, in: 0...1000, unit: "weeks")
            }
            if let speedCap {
                let perUnit = Speed(1, units).metersPerSecond
                try InputError.check(
                    "--speed-cap", speedCap,
                    in: (Profile.speedRange.lowerBound / perUnit)...(Profile.speedRange.upperBound / perUnit),
                    unit: units.symbol)
            }
        } catch {
            throw error.validationError
        }
    }

    /// The workout to run: a workout file if the argument names one, otherwise a catalog program.
    func workout() throws -> (workout: Workout, programId: String?) {
        if target.hasSuffix(".json") || FileManager.default.fileExists(atPath: target) {
            return (try decodeJSONFile(Workout.self, at: target, option: "workout file"), nil)
        }
        do {
            let program = try Catalog.program(id: target)
            return (try program.workout(parameters.values), program.id)
        } catch {
            throw ValidationError(ProgramParameterOptions.optionName(error).description)
        }
    }

    /// The session configuration from the options.
    func sessionConfiguration(
        workout: Workout, treadmill: TreadmillCapabilities?, now: Date
    ) throws -> SessionConfiguration {
        let profile = Profile(
            age: age, mass: Mass(kilograms: mass), goal: .fitness, experience: level, conditions: Set(condition),
            speedCap: speedCap.map { Speed($0, units) })
        let clearance = try PlanCommand.screening(from: screening, now: now)?.clearance ?? .notScreened
        var policy = SafetyPolicy(profile: profile, stage: TrainingStage.starting(for: level), clearance: clearance)
        policy.machineMaximum = treadmill?.maximumSpeed
        return SessionConfiguration(
            workout: workout, policy: policy, treadmill: treadmill, mass: profile.mass, practiceWeeks: practiceWeeks)
    }

    public func run() async throws {
        _ = try workout()  // bad program ids and workout files fail before any database is opened
        if noSave {
            _ = try await session(store: nil)
            return
        }
        try await storage.withStore { store in
            let summary = try await session(store: store)
            if let summary { print("Saved as session \(summary.id.uuidString.lowercased()).") }
        }
    }

    /// Runs the session, recording it in `store` when given, and returns the stored session's overview.
    func session(store: SQLStore?) async throws -> (id: SessionID, status: SessionStatus)? {
        let (workout, programId) = try workout()
        let now = Date()
        var user: User?
        if let store {
            let athlete = try await store.localAthlete(now: now)
            user = athlete
            // A session left running by a process that died is closed with what it had.
            for unfinished in try await store.unfinishedSessions(for: athlete.id) {
                _ = try await store.closeInterrupted(unfinished.id, at: nil)
                print("An unfinished session from \(unfinished.startedAt) was closed as interrupted.")
            }
        }
        var eventsFile: FileHandle?
        if let events {
            guard FileManager.default.createFile(atPath: events, contents: nil),
                let handle = FileHandle(forWritingAtPath: events)
            else {
                throw ValidationError("--events: cannot write '\(events)'")
            }
            eventsFile = handle
        }
        let terminal = Terminal()
        let inputs = InputQueue()
        let clock = SessionClock(speedup: speedup)
        var view = SessionView(workout: workout, units: units, interactive: terminal.interactive)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let autoStart = start

        // Storage: the session is written while it runs, one sample a second, by a task fed from the runner.
        let record = PerformedSession(
            startedAt: now, programId: programId, workout: workout, status: .inProgress,
            source: simulate ? .simulated : .manual)
        var recorder: SessionRecorder?
        if let store, let user { recorder = try await SessionRecorder.begin(record, for: user.id, store: store) }
        let (stream, continuation) = AsyncStream.makeStream(of: SessionOutput.self)
        let writer = Task { [recorder] () -> SessionSummary? in
            var summary: SessionSummary?
            for await output in stream {
                if case .finished(let finished)? = output.event { summary = finished }
                try? await recorder?.record(output)
            }
            return summary
        }
        let sink: (SessionOutput) -> Void = { continuation.yield($0) }

        if simulate {
            let link = SimulatedTreadmillLink()
            let configuration = try sessionConfiguration(workout: workout, treadmill: link.capabilities, now: now)
            var runner = SessionRunner(engine: SessionEngine(configuration: configuration), link: link, clock: clock)
            view.controlled = true
            await drive(
                &runner, terminal: terminal, inputs: inputs, autoStart: autoStart, view: &view, encoder: encoder,
                file: eventsFile, sink: sink)
        } else {
            let configuration = try sessionConfiguration(workout: workout, treadmill: nil, now: now)
            var runner = SessionRunner<NoTreadmill>(
                engine: SessionEngine(configuration: configuration), link: nil, clock: clock)
            await drive(
                &runner, terminal: terminal, inputs: inputs, autoStart: autoStart, view: &view, encoder: encoder,
                file: eventsFile, sink: sink)
        }
        continuation.finish()
        let summary = await writer.value
        try? eventsFile?.close()
        guard let recorder else { return nil }
        let status: SessionStatus = summary?.completed == true ? .completed : .stopped
        if let summary {
            try await recorder.finish(summary: summary, status: status, endedAt: Date())
        } else {
            _ = try await recorder.markInterrupted(at: Date())
        }
        if terminal.interactive, let answers = FeedbackQuestions.ask() {
            print(answers.description)
            try await recorder.attachFeedback(answers.feedback(date: now, completed: status == .completed))
        }
        return (recorder.sessionId, status)
    }

    func drive<Link: TreadmillLink>(
        _ runner: inout SessionRunner<Link>, terminal: Terminal, inputs: InputQueue, autoStart: Bool,
        view: inout SessionView,
        encoder: JSONEncoder, file: FileHandle?, sink: (SessionOutput) -> Void
    ) async {
        terminal.enterRawMode()
        terminal.startReading(into: inputs)
        if autoStart { inputs.push(.userStart) }
        await runner.run(inputs: inputs) { output in
            if let file, let data = try? encoder.encode(output) {
                file.write(data)
                file.write(Data("\n".utf8))
            }
            view.show(output)
            sink(output)
            if autoStart, case .awaitingUser(let prompt)? = output.event, prompt.contains("press start") {
                inputs.push(.userStart)
            }
        }
        terminal.restore()
        view.finishDisplay()
    }
}

/// The questions after a session: effort and pain.
enum FeedbackQuestions {
    struct Answers: CustomStringConvertible {
        var rpe: Int?
        var painDuring: Int?
        var painAfter: Int?
        /// The answers as stored feedback (handrail: as planned, both hands, until the web form asks).
        func feedback(date: Date, completed: Bool) -> SessionFeedback {
            SessionFeedback(
                date: date, completed: completed, exertion: rpe.map { PerceivedExertion.borg(Double($0)) },
                painDuring: painDuring ?? 0, painAfter: painAfter ?? 0, handrailUsed: .twoHands)
        }

        var description: String {
            "Thanks. Effort \(rpe.map(String.init) ?? "–")/20, pain during \(painDuring.map(String.init) ?? "–")/10, after \(painAfter.map(String.init) ?? "–")/10. Tomorrow morning, note how the joint feels."
        }
    }

    static func ask() -> Answers? {
        func number(_ question: String, _ range: ClosedRange<Int>) -> Int? {
            for _ in 0..<3 {
                print(question, terminator: " ")
                guard let line = readLine() else { return nil }
                if line.trimmingCharacters(in: .whitespaces).isEmpty { return nil }
                if let value = Int(line.trimmingCharacters(in: .whitespaces)), range.contains(value) { return value }
                print(
                    "Please enter a whole number from \(range.lowerBound) to \(range.upperBound), or press return to skip."
                )
            }
            return nil
        }
        print("")
        let rpe = number("How hard was it (Borg 6–20: 6 no effort, 13 somewhat hard, 17 very hard)?", 6...20)
        let during = number("Pain during the session (0–10)?", 0...10)
        let after = number("Pain now (0–10)?", 0...10)
        return Answers(rpe: rpe, painDuring: during, painAfter: after)
    }
}
