import Testing

@testable import BackstepCore

/// A belt that does what it is told at once and reports a reading every second: enough to drive the engine.
struct IdealBelt {
    var running = false
    var speed = Speed.zero
    var grade = Grade.level
    var distance = 0.0

    mutating func apply(_ command: TreadmillCommand) {
        switch command {
        case .start: running = true
        case .pause, .stop:
            running = false
            speed = .zero
        case .setTargetSpeed(let target): if running { speed = target }
        case .setTargetIncline(let target): grade = target
        case .requestControl: break
        }
    }

    mutating func reading(after seconds: Double) -> TreadmillReading {
        distance += speed.metersPerSecond * seconds
        return TreadmillReading(speed: running ? speed : .zero, grade: grade, distance: Distance(meters: distance))
    }
}

/// Drives an engine with an ideal belt; records every input and output.
struct Harness {
    var engine: SessionEngine
    var belt = IdealBelt()
    var t: Double = 0
    var log: [(t: Double, input: SessionInput?, output: SessionOutput?)] = []
    var connected = true

    init(_ configuration: SessionConfiguration) {
        engine = SessionEngine(configuration: configuration)
    }

    mutating func send(_ input: SessionInput) {
        log.append((t, input, nil))
        for output in engine.handle(input, at: t) {
            log.append((output.t, nil, output))
            if connected, let command = output.command { belt.apply(command) }
        }
    }

    /// Advances time in one-second ticks, feeding readings.
    mutating func run(seconds: Double) {
        var remaining = seconds
        while remaining > 0 {
            let dt = min(1, remaining)
            t += dt
            remaining -= dt
            if connected { send(.treadmill(.reading(belt.reading(after: dt)))) } else { send(.tick) }
        }
    }

    var commands: [(t: Double, command: TreadmillCommand)] {
        log.compactMap { entry in entry.output?.command.map { (entry.t, $0) } }
    }

    var events: [SessionEvent] { log.compactMap { $0.output?.event } }
}

@Suite("Session engine")
struct SessionEngineTests {
    static let treadmill = TreadmillCapabilities(
        minimumSpeed: .kilometersPerHour(0.5), maximumSpeed: .kilometersPerHour(16), minimumGrade: .level,
        maximumGrade: .percent(12), controllable: true)

    static func walk(
        _ name: String, _ seconds: Double, mph: Double, grade: Double = 0,
        cues: [TechniqueCue] = [.toesThenHeel, .standTall]
    ) -> WorkoutItem {
        .step(
            Step(
                name: name,
                activity: .locomotion(
                    Locomotion(direction: .backward, speed: .fixed(.milesPerHour(mph)), grade: .percent(grade))),
                goal: .time(seconds), cues: cues))
    }

    static func configuration(
        _ items: [WorkoutItem], stage: TrainingStage = .advanced, population: Population = .general,
        personalCap: Speed? = nil, treadmill: TreadmillCapabilities? = treadmill
    ) -> SessionConfiguration {
        SessionConfiguration(
            workout: Workout(name: "Test", items: items),
            policy: SafetyPolicy(population: population, stage: stage, personalCap: personalCap),
            treadmill: treadmill, mass: Mass(kilograms: 70))
    }

    @Test("The belt never starts without the user, and starts after a 3-2-1 countdown")
    func startNeedsUser() {
        var h = Harness(Self.configuration([Self.walk("Walk", 60, mph: 1.0)]))
        h.send(.connect)
        h.run(seconds: 30)
        #expect(!h.commands.contains { $0.command == .start })
        #expect(h.events.contains { if case .ready = $0 { true } else { false } })
        h.send(.userStart)
        h.run(seconds: 5)
        let start = h.commands.first { $0.command == .start }
        #expect(start?.t == 33)
        let countdown = h.events.compactMap { event -> Int? in if case .countdown(let n) = event { n } else { nil } }
        #expect(Array(countdown.prefix(3)) == [3, 2, 1])
    }

    @Test("Speeds are capped by the lowest of stage, population, personal and machine caps")
    func caps() {
        let machine = TreadmillCapabilities(
            minimumSpeed: .kilometersPerHour(0.5), maximumSpeed: .milesPerHour(1.8), controllable: true)
        var h = Harness(
            Self.configuration(
                [Self.walk("Fast", 120, mph: 4.0)], stage: .advanced, personalCap: .milesPerHour(3.0),
                treadmill: machine))
        h.send(.userStart)
        h.run(seconds: 100)
        let speeds = h.commands.compactMap { if case .setTargetSpeed(let s) = $0.command { s } else { nil } }
        #expect(!speeds.isEmpty)
        #expect(speeds.allSatisfy { $0 <= .milesPerHour(1.8) })
        #expect(abs((speeds.last?.milesPerHour ?? 0) - 1.8) < 1e-9)
    }

    @Test("Increases ramp one increment at a time after an announcement; decreases are immediate")
    func rampsAndAnnouncements() {
        var h = Harness(
            Self.configuration([
                Self.walk("Slow", 30, mph: 1.0), Self.walk("Faster", 30, mph: 2.0),
                Self.walk("Slow again", 30, mph: 1.0),
            ]))
        h.send(.userStart)
        h.run(seconds: 100)
        var previous: Speed?
        for (t, command) in h.commands {
            guard case .setTargetSpeed(let speed) = command else { continue }
            if let previous, speed > previous {
                #expect(
                    (speed - previous).metersPerSecond <= SafetyPolicy.speedIncrement(from: previous).metersPerSecond
                        + 1e-9, "jump at \(t)")
                let announced = h.log.contains { entry in
                    guard entry.t <= t, case .targetChangeAnnounced(let change)? = entry.output?.event,
                        let s = change.speed
                    else { return false }
                    return s >= speed
                }
                #expect(announced, "unannounced increase at \(t)")
            }
            previous = speed
        }
        // The 2 → 1 mph drop happens in one command at the boundary.
        let drop = h.commands.first {
            if case .setTargetSpeed(let s) = $0.command { abs(s.milesPerHour - 1.0) < 1e-9 && $0.t > 60 } else { false }
        }
        #expect(drop?.t == 63)
        // The change was announced 10 s ahead and counted down.
        #expect(
            h.log.contains { entry in
                if case .targetChangeAnnounced(let change)? = entry.output?.event {
                    change.segment == 1 && entry.t == 23
                } else {
                    false
                }
            })
    }

    @Test(
        "Link loss pauses at once; nothing resumes until the user starts again",
        arguments: [
            TreadmillObservation.linkLost, .safetyKeyPulled,
        ])
    func linkLossAndSafetyKey(observation: TreadmillObservation) {
        var h = Harness(Self.configuration([Self.walk("Walk", 300, mph: 1.5)]))
        h.send(.userStart)
        h.run(seconds: 20)
        h.send(.treadmill(observation))
        let lostAt = h.t
        #expect(h.commands.contains { $0.command == .pause && $0.t <= lostAt + 1 })
        h.send(.treadmill(.linkRestored))
        h.run(seconds: 30)
        let startsAfter = h.commands.filter { $0.command == .start && $0.t > lostAt }
        #expect(startsAfter.isEmpty)
        h.send(.userStart)
        h.run(seconds: 5)
        #expect(h.commands.contains { $0.command == .start && $0.t > lostAt })
    }

    @Test("Silence from the treadmill counts as a lost link")
    func watchdog() {
        var h = Harness(Self.configuration([Self.walk("Walk", 300, mph: 1.5)]))
        h.send(.userStart)
        h.run(seconds: 10)
        h.connected = false
        let silentFrom = h.t
        h.run(seconds: 6)
        let pause = h.commands.first { $0.command == .pause }
        #expect(pause != nil)
        #expect((pause?.t ?? 99) <= silentFrom + 3 + 1e-9)
        #expect(h.engine.currentStopReason == .linkLost)
    }

    @Test(
        "Pain stop and medical stops pause and do not resume today",
        arguments: [
            SessionInput.painStop, .stop(.chestPain), .stop(.lossOfBalance),
        ])
    func painStop(input: SessionInput) {
        var h = Harness(Self.configuration([Self.walk("Walk", 300, mph: 1.5)]))
        h.send(.userStart)
        h.run(seconds: 20)
        h.send(input)
        #expect(h.commands.last?.command == .pause)
        h.send(.userStart)
        h.run(seconds: 10)
        #expect(h.commands.filter { $0.command == .start }.count == 1)
        #expect(h.events.contains { if case .warning(let text) = $0 { text.contains("cannot resume") } else { false } })
    }

    @Test("A standing rest pauses the belt; the next walk waits for the user")
    func restNeedsUser() {
        var h = Harness(
            Self.configuration([
                Self.walk("Walk", 20, mph: 1.0), .step(Step(name: "Rest", activity: .rest(.standing), goal: .time(20))),
                Self.walk("Walk again", 20, mph: 1.0),
            ]))
        h.send(.userStart)
        h.run(seconds: 80)
        #expect(h.commands.filter { $0.command == .start }.count == 1)
        #expect(h.commands.contains { $0.command == .pause })
        #expect(h.engine.phase == .backOnBelt)
        h.send(.userStart)
        h.run(seconds: 40)
        #expect(h.commands.filter { $0.command == .start }.count == 2)
        #expect(h.engine.isOver)
    }

    @Test("A treadmill reporting nonsense is flagged and the session pauses", arguments: [-1.0, 20.0, .nan])
    func nonsense(speed: Double) {
        var h = Harness(Self.configuration([Self.walk("Walk", 300, mph: 1.5)]))
        h.send(.userStart)
        h.run(seconds: 10)
        h.send(.treadmill(.reading(TreadmillReading(speed: .metersPerSecond(speed)))))
        #expect(h.engine.currentStopReason == .treadmillFault)
        #expect(h.commands.last?.command == .pause)
    }

    @Test("A belt far from the commanded speed for too long pauses the session")
    func mismatch() {
        var h = Harness(Self.configuration([Self.walk("Walk", 300, mph: 1.0)]))
        h.send(.userStart)
        h.run(seconds: 10)
        for _ in 0..<7 {
            h.t += 1
            h.send(.treadmill(.reading(TreadmillReading(speed: .metersPerSecond(1.2)))))
        }
        #expect(h.engine.currentStopReason == .treadmillFault)
    }

    @Test("Strength steps wait for the user to mark them done")
    func strength() {
        var h = Harness(
            Self.configuration([
                Self.walk("Walk", 10, mph: 1.0),
                .step(
                    Step(name: "Squats", activity: .strength(StrengthWork(exercise: .squat)), goal: .repsForTime(50))),
            ]))
        h.send(.userStart)
        h.run(seconds: 120)
        #expect(!h.engine.isOver)
        #expect(h.events.contains { if case .awaitingUser = $0 { true } else { false } })
        h.send(.markDone)
        #expect(h.engine.isOver)
        guard case .finished(let summary)? = h.events.last else {
            Issue.record("no summary")
            return
        }
        #expect(summary.completed)
        #expect(summary.stepsCompleted == 2)
    }

    @Test("Manual mode sends no commands and still counts time, distance and energy")
    func manual() {
        var h = Harness(Self.configuration([Self.walk("Walk", 60, mph: 2.0)], treadmill: nil))
        h.connected = false
        h.send(.userStart)
        h.run(seconds: 70)
        #expect(h.commands.isEmpty)
        guard case .finished(let summary)? = h.events.last else {
            Issue.record("not finished")
            return
        }
        #expect(abs(summary.backwardSeconds - 60) < 1e-6)
        #expect(abs(summary.distance.meters - 60 * Speed.milesPerHour(2).metersPerSecond) < 1e-6)
        #expect(summary.kcal > summary.forwardKcal)
    }

    @Test("Samples come every second with sequence numbers, time and energy")
    func samples() {
        var h = Harness(Self.configuration([Self.walk("Walk", 30, mph: 1.0)]))
        h.send(.userStart)
        h.run(seconds: 40)
        let samples = h.events.compactMap { if case .sample(let s) = $0 { s } else { nil } }
        #expect(samples.map(\.sequence) == Array(0..<samples.count))
        #expect(zip(samples, samples.dropFirst()).allSatisfy { $1.t - $0.t == 1 })
        #expect(samples.count >= 30)
        #expect(zip(samples, samples.dropFirst()).allSatisfy { $1.kcal >= $0.kcal && $1.distance >= $0.distance })
    }

    @Test("Skip ends the step after a countdown; extend adds time")
    func skipAndExtend() {
        var h = Harness(Self.configuration([Self.walk("One", 60, mph: 1.0), Self.walk("Two", 60, mph: 1.0)]))
        h.send(.userStart)
        h.run(seconds: 10)
        h.send(.skip)
        h.run(seconds: 5)
        #expect(h.engine.currentSegment == 1)
        h.send(.extend(30))
        h.run(seconds: 70)
        #expect(!h.engine.isOver)
        h.run(seconds: 30)
        #expect(h.engine.isOver)
    }

    @Test("Speed up and slow down stay within the cap")
    func userAdjustments() {
        var h = Harness(Self.configuration([Self.walk("Walk", 300, mph: 1.0)], stage: .firstSteps))
        h.send(.userStart)
        h.run(seconds: 10)
        for _ in 0..<30 { h.send(.speedUp); h.run(seconds: 1) }
        let speeds = h.commands.compactMap { if case .setTargetSpeed(let s) = $0.command { s } else { nil } }
        #expect(speeds.allSatisfy { $0 <= SafetyPolicy.beginnerCap })
        #expect(h.events.contains { if case .capped = $0 { true } else { false } })
        h.send(.slowDown)
        #expect(
            h.commands.last.map {
                if case .setTargetSpeed(let s) = $0.command { s < SafetyPolicy.beginnerCap } else { false }
            } == true)
    }
}
