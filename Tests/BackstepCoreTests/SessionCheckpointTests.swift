import BackstepTreadmill
import Foundation
import Testing

@testable import BackstepCore

/// One step of a scripted session: an input at the current time, or time passing with readings (or silence).
enum CheckpointAction: Sendable {
    case send(SessionInput)
    case run(seconds: Int)
    case silence(seconds: Int)
    case disconnect
    case reconnect
}

/// Drives an engine with an ideal belt, one engine call at a time, so a session can be cut between any two calls.
/// The belt and the link are the outside world: they carry on across a checkpoint, only the engine is saved.
struct CheckpointDriver {
    var belt = IdealBelt()
    var connected = true
    var t: Double = 0
    /// The engine calls still to make: each is an input at a time.
    var pending: [(t: Double, input: SessionInput?)] = []
    var actions: [CheckpointAction]
    var log: [SessionOutput] = []

    init(_ actions: [CheckpointAction]) { self.actions = actions }

    /// Expands the next action into engine calls; returns false when the script is done.
    mutating func refill() -> Bool {
        while pending.isEmpty {
            guard !actions.isEmpty else { return false }
            switch actions.removeFirst() {
            case .send(let input): pending.append((t, input))
            case .run(let seconds):
                for _ in 0..<seconds {
                    t += 1
                    pending.append((t, nil))
                }
            case .silence(let seconds):
                for _ in 0..<seconds {
                    t += 1
                    pending.append((t, .tick))
                }
            case .disconnect:
                connected = false
                pending.append((t, .treadmill(.linkLost)))
            case .reconnect:
                connected = true
                pending.append((t, .treadmill(.linkRestored)))
            }
        }
        return true
    }

    /// Makes one engine call; returns false when the script is done.
    mutating func step(_ engine: inout SessionEngine) -> Bool {
        guard refill() else { return false }
        let (at, scripted) = pending.removeFirst()
        // A nil input is a reading taken now from the belt (a tick when the link is down).
        let input = scripted ?? (connected ? .treadmill(.reading(belt.reading(after: 1))) : .tick)
        for output in engine.handle(input, at: at) {
            log.append(output)
            if connected, let command = output.command { belt.apply(command) }
        }
        return true
    }
}

/// Encodes an engine as a checkpoint and decodes it again, as a restarted process would.
func roundTrip(_ engine: SessionEngine) throws -> SessionEngine {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return try JSONDecoder().decode(SessionEngine.self, from: try encoder.encode(engine))
}

@Suite("Session checkpoints")
struct SessionCheckpointTests {
    static let treadmill = SessionEngineTests.treadmill

    static func walk(_ name: String, _ seconds: Double, mph: Double, grade: Double = 0) -> WorkoutItem {
        SessionEngineTests.walk(
            name, seconds, mph: mph, grade: grade, cues: [.toesThenHeel, .standTall, .shortEvenSteps])
    }

    /// Walk, a faster walk uphill (a ramp), a standing rest, a walk by distance, squats.
    static let configuration = SessionConfiguration(
        workout: Workout(
            name: "Checkpoint",
            items: [
                walk("Easy", 40, mph: 1.0), walk("Faster", 60, mph: 2.2, grade: 4),
                .step(Step(name: "Rest", activity: .rest(.standing), goal: .time(15))),
                .step(
                    Step(
                        name: "Distance",
                        activity: .locomotion(Locomotion(direction: .backward, speed: .fixed(.milesPerHour(1.2)))),
                        goal: .distance(Distance(meters: 40)))),
                .step(Step(name: "Squats", activity: .strength(StrengthWork(exercise: .squat)), goal: .reps(10))),
            ]),
        policy: SafetyPolicy(population: .general, stage: .established), treadmill: treadmill,
        mass: Mass(kilograms: 72), effortSpeeds: [.comfortable: .metersPerSecond(0.6)])

    /// A session with every kind of moment: countdown, ramps, cues, a user pause, a lost link and its return,
    /// speed changes, a rest that waits for the user, a distance step, and a strength step marked done.
    static let script: [CheckpointAction] = [
        .send(.connect), .run(seconds: 5), .send(.userStart), .run(seconds: 30), .send(.speedUp),
        .run(seconds: 15), .send(.userPause), .run(seconds: 8), .send(.userStart), .run(seconds: 20),
        .disconnect, .silence(seconds: 4), .send(.userStart), .reconnect, .run(seconds: 3), .send(.userStart),
        .run(seconds: 12), .send(.slowDown), .send(.extend(10)), .run(seconds: 90), .send(.userStart),
        .run(seconds: 80), .send(.markDone), .run(seconds: 3),
    ]

    /// The moments a session is cut at.
    enum StopPoint: String, CaseIterable, Sendable {
        case beforeStart, countdown, midRamp, midStep, paused, afterLinkLoss, backOnBelt, awaitingStrength
        case finished

        func matches(_ engine: SessionEngine) -> Bool {
            switch self {
            case .beforeStart: engine.phase == .ready
            case .countdown: engine.gate.isCountingDown
            case .midRamp: engine.belt.rampTarget != nil && engine.phase == .running
            case .midStep: engine.phase == .running && engine.schedule.index == 1 && engine.schedule.active > 20
            case .paused: engine.phase == .paused(.user)
            case .afterLinkLoss: engine.currentStopReason == .linkLost
            case .backOnBelt: engine.phase == .backOnBelt
            case .awaitingStrength: engine.phase == .running && engine.schedule.index == 4
            case .finished: engine.isOver
            }
        }
    }

    /// Runs the script; when `stop` is given, saves and restores the engine at the first call after which it
    /// matches. Returns the command log, the final engine and whether the cut happened.
    static func run(
        cuttingAt stop: StopPoint?, occurrence: Int = 1
    ) throws -> (log: [SessionOutput], engine: SessionEngine, cut: Bool) {
        var engine = SessionEngine(configuration: configuration)
        var driver = CheckpointDriver(script)
        var seen = 0
        var cut = false
        while driver.step(&engine) {
            guard let stop, !cut, stop.matches(engine) else { continue }
            seen += 1
            guard seen == occurrence else { continue }
            let restored = try roundTrip(engine)
            #expect(restored == engine, "the restored engine differs at \(stop)")
            engine = restored
            cut = true
        }
        return (driver.log, engine, cut)
    }

    @Test(
        "A session cut, saved and restored does exactly what the uninterrupted one does", arguments: StopPoint.allCases)
    func cutAndContinue(stop: StopPoint) throws {
        let whole = try Self.run(cuttingAt: nil)
        #expect(whole.engine.isOver)
        let resumed = try Self.run(cuttingAt: stop)
        #expect(resumed.cut, "the script never reached \(stop)")
        #expect(resumed.log == whole.log)
        #expect(resumed.engine == whole.engine)
        #expect(resumed.engine.summary() == whole.engine.summary())
    }

    @Test("Several cuts in a row change nothing", arguments: [2, 5, 9])
    func repeatedCuts(every: Int) throws {
        let whole = try Self.run(cuttingAt: nil)
        var engine = SessionEngine(configuration: Self.configuration)
        var driver = CheckpointDriver(Self.script)
        var calls = 0
        while driver.step(&engine) {
            calls += 1
            if calls % every == 0 { engine = try roundTrip(engine) }
        }
        #expect(driver.log == whole.log)
        #expect(engine == whole.engine)
    }

    @Test("The script really goes through the moments it is cut at")
    func scriptCoversEveryMoment() throws {
        let whole = try Self.run(cuttingAt: nil)
        let commands = whole.log.compactMap(\.command)
        #expect(commands.filter { $0 == .start }.count >= 3)
        #expect(whole.log.contains { if case .event(.cue) = $0.kind { true } else { false } })
        #expect(whole.log.contains { if case .event(.stopped(.linkLost, _)) = $0.kind { true } else { false } })
        guard case .event(.finished(let summary))? = whole.log.last?.kind else {
            Issue.record("the session did not finish")
            return
        }
        #expect(summary.stepsCompleted == 5)
    }

    @Test("A restored session still refuses to start while its link is lost")
    func linkLostSurvivesCheckpoint() throws {
        var engine = SessionEngine(configuration: Self.configuration)
        _ = engine.handle(.connect, at: 0)
        _ = engine.handle(.userStart, at: 1)
        for t in 2...20 {
            _ = engine.handle(.treadmill(.reading(TreadmillReading(speed: .milesPerHour(1)))), at: Double(t))
        }
        let lost = engine.handle(.treadmill(.linkLost), at: 20.5)
        #expect(lost.contains { $0.command == .pause })
        var restored = try roundTrip(engine)
        let attempt = restored.handle(.userStart, at: 22)
        #expect(!attempt.contains { $0.command == .start })
        #expect(restored.handle(.tick, at: 30).allSatisfy { $0.command == nil })
    }

    /// Random sessions with random actions and faults (the property test's generator), each cut at a random call.
    @Test("Random sessions cut at random moments continue exactly", arguments: 0..<4)
    func randomCuts(batch: Int) throws {
        var rng = SplitMix64(seed: 0xC0FF_EE00 + UInt64(batch))
        for index in 0..<100 {
            let configuration = SessionSafetyPropertyTests.randomConfiguration(using: &rng)
            let seed = rng.next()
            var whole = RandomWorld(seed: seed)
            var wholeEngine = SessionEngine(configuration: configuration)
            var calls = 0
            while whole.step(&wholeEngine) { calls += 1 }
            for cutAt in [Int.random(in: 0...max(calls, 1), using: &rng), calls / 2] {
                var world = RandomWorld(seed: seed)
                var engine = SessionEngine(configuration: configuration)
                var done = 0
                while done < cutAt, world.step(&engine) { done += 1 }
                let restored = try roundTrip(engine)
                #expect(restored == engine, "batch \(batch) session \(index) call \(cutAt)")
                engine = restored
                while world.step(&engine) {}
                #expect(world.log == whole.log, "batch \(batch) session \(index) cut at \(cutAt)")
                #expect(engine == wholeEngine)
            }
        }
    }
}

/// The random world of the safety property test (an ideal belt, random user actions, lost links, refused
/// commands, pulled safety keys, nonsense readings) as a value that advances one input at a time.
struct RandomWorld {
    var rng: SplitMix64
    var belt = IdealBelt()
    var linkDownUntil: Double?
    var refuseNext = false
    var t = 0.0
    var started = false
    var log: [SessionOutput] = []

    init(seed: UInt64) { rng = SplitMix64(seed: seed) }

    mutating func handle(_ input: SessionInput, _ engine: inout SessionEngine) {
        var replies: [SessionInput] = []
        for output in engine.handle(input, at: t) {
            log.append(output)
            guard let command = output.command, linkDownUntil == nil else { continue }
            if refuseNext, command != .requestControl {
                refuseNext = false
                replies.append(.treadmill(.commandFailed(command, reason: "refused")))
            } else {
                belt.apply(command)
            }
        }
        for reply in replies { handle(reply, &engine) }
    }

    /// One round of the world; returns false when the session is over or out of time.
    mutating func step(_ engine: inout SessionEngine) -> Bool {
        guard started else {
            started = true
            handle(.connect, &engine)
            return true
        }
        guard t < 240, !engine.isOver else { return false }
        t += Double.random(in: 0.2...1.5, using: &rng)
        if let until = linkDownUntil, t >= until {
            linkDownUntil = nil
            handle(.treadmill(.linkRestored), &engine)
        }
        switch Int.random(in: 0..<1000, using: &rng) {
        case 0..<120: handle(.userStart, &engine)
        case 120..<130: handle(.userPause, &engine)
        case 130..<133: handle(.userStop, &engine)
        case 133..<145: handle(.skip, &engine)
        case 145..<150: handle(.extend(Double(Int.random(in: 1...30, using: &rng))), &engine)
        case 150..<200: handle(.markDone, &engine)
        case 200..<230: handle(.speedUp, &engine)
        case 230..<240: handle(.slowDown, &engine)
        case 240..<246 where linkDownUntil == nil:
            linkDownUntil = t + Double.random(in: 1...10, using: &rng)
            belt.running = false
            handle(.treadmill(.linkLost), &engine)
        case 246..<260: refuseNext = true
        case 260..<262 where linkDownUntil == nil:
            belt.running = false
            belt.speed = .zero
            handle(.treadmill(.safetyKeyPulled), &engine)
        case 262..<266 where linkDownUntil == nil:
            let nonsense = [-3.0, 50, .nan, 12].randomElement(using: &rng) ?? -1
            handle(.treadmill(.reading(TreadmillReading(speed: .metersPerSecond(nonsense)))), &engine)
        case 266..<270: handle(.togglePause, &engine)
        case 270..<273: handle(.treadmill(.stoppedByMachine), &engine)
        case 273..<276: handle(.treadmill(.startedByMachine), &engine)
        default:
            if linkDownUntil == nil, Int.random(in: 0..<10, using: &rng) != 0 {
                handle(.treadmill(.reading(belt.reading(after: 1))), &engine)
            } else {
                handle(.tick, &engine)
            }
        }
        return true
    }
}

/// Checkpoints are outside data: whatever arrives, decoding throws a `DecodingError` or gives a sound engine.
@Suite("Session checkpoint decoding")
struct SessionCheckpointDecodingTests {
    /// A checkpoint taken mid-ramp, as a JSON object.
    static func checkpoint() throws -> [String: Any] {
        var engine = SessionEngine(configuration: SessionCheckpointTests.configuration)
        var driver = CheckpointDriver(SessionCheckpointTests.script)
        while driver.step(&engine), !SessionCheckpointTests.StopPoint.midRamp.matches(engine) {}
        let data = try JSONEncoder().encode(engine)
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw CocoaError(.coderReadCorrupt)
        }
        return object
    }

    /// Sets the value at `path` (nil removes it).
    static func setting(_ value: Any?, at path: [String], in object: [String: Any]) -> [String: Any] {
        guard let key = path.first else { return object }
        var copy = object
        if path.count == 1 {
            copy[key] = value
        } else {
            copy[key] = setting(value, at: Array(path.dropFirst()), in: copy[key] as? [String: Any] ?? [:])
        }
        return copy
    }

    /// Ways a checkpoint can be wrong, with the words the error must contain (empty: any decoding error).
    enum Corruption: String, CaseIterable, Sendable {
        case notJSON, truncated, array, missingBelt, wrongType, unknownState, unsupportedVersion
        case speedAboveCap, rampAboveCap, announcedAboveCap, negativeSpeed, inclineAboveCap, stepOutOfRange
        case runningWithoutLink, readyWithRunningBelt, negativeTime, stoppedWithoutReason, zeroMass
        case machineMinimumAboveMaximum, personalCapTooFast, countdownPastItsEnd, impossibleReading

        var expectedWords: String {
            switch self {
            case .notJSON, .truncated, .array, .missingBelt, .wrongType, .unknownState: ""
            case .unsupportedVersion: "version 7 is not supported"
            case .speedAboveCap: "commanded speed is above the cap"
            case .rampAboveCap: "ramp target is above the cap"
            case .announcedAboveCap: "announced speed is above the cap"
            case .negativeSpeed: "commanded speed is above the cap of"
            case .inclineAboveCap: "incline is above the cap"
            case .stepOutOfRange: "step 12 does not exist"
            case .runningWithoutLink: "lost its treadmill link must be stopped"
            case .readyWithRunningBelt: "waiting for its first start"
            case .negativeTime: "session time must be finite"
            case .stoppedWithoutReason: "must record the reason"
            case .zeroMass: "out of range, allowed 0–500 kg"
            case .machineMinimumAboveMaximum: "maximum speed is below its minimum"
            case .personalCapTooFast: "out of range, allowed 0–8.333 m/s"
            case .countdownPastItsEnd: "past its end"
            case .impossibleReading: "speed 99.0 m/s is impossible"
            }
        }

        func apply(to object: [String: Any]) throws -> Data {
            func json(_ object: [String: Any]) throws -> Data { try JSONSerialization.data(withJSONObject: object) }
            let set = SessionCheckpointDecodingTests.setting
            switch self {
            case .notJSON: return Data("checkpoint, please".utf8)
            case .truncated: return try json(object).prefix(200)
            case .array: return Data("[1, 2, 3]".utf8)
            case .missingBelt: return try json(set(nil, ["belt"], object))
            case .wrongType: return try json(set("soon", ["nowSeconds"], object))
            case .unknownState: return try json(set(["flying": [:]], ["gate", "state"], object))
            case .unsupportedVersion: return try json(set(7, ["version"], object))
            case .speedAboveCap: return try json(set(["metersPerSecond": 5.0], ["belt", "speed"], object))
            case .rampAboveCap:
                return try json(
                    set(
                        ["rising": ["target": ["metersPerSecond": 6.0], "nextStepAt": 60.0]], ["belt", "ramp"], object))
            case .announcedAboveCap:
                return try json(set(["metersPerSecond": 7.0], ["belt", "announcedCeiling"], object))
            case .negativeSpeed: return try json(set(["metersPerSecond": -1.0], ["belt", "speed"], object))
            case .inclineAboveCap: return try json(set(["percent": 30.0], ["belt", "grade"], object))
            case .stepOutOfRange: return try json(set(12, ["schedule", "index"], object))
            case .runningWithoutLink: return try json(set("lost", ["link", "state"], object))
            case .readyWithRunningBelt: return try json(set(["ready": [:]], ["gate", "state"], object))
            case .negativeTime: return try json(set(-5.0, ["nowSeconds"], object))
            case .stoppedWithoutReason:
                return try json(set(["stopped": ["_0": "link-lost"]], ["gate", "state"], object))
            case .zeroMass: return try json(set(0.0, ["configuration", "massKg"], object))
            case .machineMinimumAboveMaximum:
                return try json(set(5.0, ["configuration", "treadmill", "minimumSpeedMps"], object))
            case .personalCapTooFast:
                return try json(set(40.0, ["configuration", "policy", "personalCapMps"], object))
            case .countdownPastItsEnd:
                let countdown: [String: Any] = [
                    "countdown": ["_0": ["startedAt": 10.0, "emitted": 9, "from": ["paused": ["_0": "user"]]]]
                ]
                return try json(set(countdown, ["gate", "state"], object))
            case .impossibleReading:
                return try json(set(99.0, ["link", "speedMps"], object))
            }
        }
    }

    @Test("The checkpoint this suite corrupts decodes when left alone")
    func untouched() throws {
        let data = try JSONSerialization.data(withJSONObject: try Self.checkpoint())
        let engine = try JSONDecoder().decode(SessionEngine.self, from: data)
        #expect(engine.belt.rampTarget != nil)
    }

    @Test(
        "A corrupted checkpoint is refused with a DecodingError that says what is wrong", arguments: Corruption.allCases
    )
    func corrupted(corruption: Corruption) throws {
        let data = try corruption.apply(to: try Self.checkpoint())
        do {
            let engine = try JSONDecoder().decode(SessionEngine.self, from: data)
            Issue.record("decoded \(corruption) into an engine at \(engine.now)")
        } catch let error as DecodingError {
            guard !corruption.expectedWords.isEmpty else { return }
            guard case .dataCorrupted(let context) = error else {
                Issue.record("\(corruption): expected dataCorrupted, got \(error)")
                return
            }
            #expect(context.debugDescription.contains(corruption.expectedWords), "\(context.debugDescription)")
        }
    }

    @Test("Garbled checkpoints never crash: they throw a DecodingError or decode into an engine that runs on")
    func garbled() throws {
        let original = try JSONSerialization.data(withJSONObject: try Self.checkpoint(), options: [.sortedKeys])
        var rng = SplitMix64(seed: 0xBAD_C0DE)
        let alphabet = Array("0123456789-.eE\"{}[]:,truefalsn ".utf8)
        var refused = 0
        for _ in 0..<400 {
            var bytes = [UInt8](original)
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                let at = Int.random(in: 0..<bytes.count, using: &rng)
                switch Int.random(in: 0..<3, using: &rng) {
                case 0: bytes[at] = alphabet.randomElement(using: &rng) ?? 0x30
                case 1: bytes.remove(at: at)
                default: bytes.insert(alphabet.randomElement(using: &rng) ?? 0x39, at: at)
                }
            }
            do {
                var engine = try JSONDecoder().decode(SessionEngine.self, from: Data(bytes))
                var t = engine.now
                for _ in 0..<30 {
                    t += 1
                    _ = engine.handle(.treadmill(.reading(TreadmillReading(speed: .metersPerSecond(0.5)))), at: t)
                }
                _ = engine.end(at: t + 1)
            } catch is DecodingError {
                refused += 1
            }
        }
        #expect(refused > 100)
    }
}
