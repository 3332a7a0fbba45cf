import BackstepCore
import FTMSCodec
import Testing

@testable import BackstepTreadmill

/// The session engine driving the real FTMS driver and the simulated treadmill, byte for byte, under random user
/// actions and random faults. The safety audit checks the command log, and the simulated belt itself is checked
/// against the cap.
@Suite("Engine through the FTMS loop")
struct EngineThroughLoopPropertyTests {
    static let quirks: [QuirkProfile] = [.standard, .kingSmith, .vitalwalkTM11GY, .milesPerHourTargets, .jtxSprint8]

    /// Runs one session; returns the problems found and whether the belt ever ran.
    static func runSession(_ index: Int, rng: inout SplitMix64) -> (problems: [String], beltRan: Bool) {
        let quirk = quirks[Int.random(in: 0..<quirks.count, using: &rng)]
        var loop = TreadmillLoop(
            treadmill: SimulatedTreadmill(configuration: .init(quirks: quirk, seed: UInt64(index))),
            driver: FTMSTreadmillDriver(configuration: .init(quirks: quirk)), supervisionTimeout: .milliseconds(500))
        guard let capabilities = loop.capabilities else { return (["session \(index): no capabilities"], false) }
        let program = Catalog.programs[Int.random(in: 0..<Catalog.programs.count, using: &rng)]
        let stage = TrainingStage.allCases[Int.random(in: 0..<TrainingStage.allCases.count, using: &rng)]
        let policy = SafetyPolicy(
            population: Population.allCases[Int.random(in: 0..<Population.allCases.count, using: &rng)], stage: stage,
            personalCap: Bool.random(using: &rng) ? .kilometersPerHour(Double.random(in: 1.5...8, using: &rng)) : nil,
            clearance: Bool.random(using: &rng) ? .cleared : .notScreened)
        let dose = Dose(
            speed: .kilometersPerHour(Double.random(in: 1...7, using: &rng)), speedCap: policy.cap(for: .run))
        guard let workout = try? program.workout(dose: dose) else { return ([], false) }
        let configuration = SessionConfiguration(
            workout: workout, policy: policy, treadmill: capabilities, mass: Mass(kilograms: 70), announceLeadSeconds: 5
        )
        var engine = SessionEngine(configuration: configuration)
        var audit = SessionSafetyAudit(configuration: configuration)
        var problems: [String] = []
        var t = 0.0
        var userStarted = false
        var disconnectedUntil: Double?
        var beltRan = false

        func handle(_ input: SessionInput) {
            audit.record(input: input, at: t)
            if input == .userStart { userStarted = true }
            for output in engine.handle(input, at: t) {
                audit.record(output: output)
                if let command = output.command {
                    for observed in loop.send(command) { handle(.treadmill(observed.observation)) }
                }
            }
        }

        handle(.connect)
        let cap = min(policy.cap(for: .run), capabilities.maximumSpeed)
        while t < 180, !engine.isOver {
            t += Double.random(in: 0.25...1.5, using: &rng)
            if let until = disconnectedUntil, t >= until {
                disconnectedUntil = nil
                for observed in loop.reconnect() { handle(.treadmill(observed.observation)) }
            }
            for observed in loop.advance(to: .nanoseconds(Int64(t * 1e9))) {
                handle(.treadmill(observed.observation))
            }
            let belt = loop.treadmill.beltSpeedKilometresPerHour
            if belt > 0.5 { beltRan = true }
            if belt > 0.01, !userStarted { problems.append("session \(index): belt moving before any user start") }
            if belt > cap.kilometersPerHour + 0.1 {
                problems.append("session \(index) t=\(t): belt at \(belt) km/h above the cap \(cap.kilometersPerHour)")
            }
            switch Int.random(in: 0..<1000, using: &rng) {
            case 0..<150: handle(.userStart)
            case 150..<160: handle(.userPause)
            case 160..<163: handle(.painStop)
            case 163..<175: handle(.skip)
            case 175..<225: handle(.markDone)
            case 225..<260: handle(.speedUp)
            case 260..<270: handle(.slowDown)
            case 270..<276 where disconnectedUntil == nil:
                disconnectedUntil = t + Double.random(in: 2...8, using: &rng)
                for observed in loop.inject(.disconnect) { handle(.treadmill(observed.observation)) }
            case 276..<286:
                for observed in loop.inject(.refuseCommands(count: 1, result: .operationFailed)) {
                    handle(.treadmill(observed.observation))
                }
            case 286..<290:
                for observed in loop.inject(.dropNotifications(.everyNth(Int.random(in: 2...4, using: &rng)))) {
                    handle(.treadmill(observed.observation))
                }
            case 290..<292:
                for observed in loop.inject(.pullSafetyKey) { handle(.treadmill(observed.observation)) }
                for observed in loop.inject(.insertSafetyKey) { handle(.treadmill(observed.observation)) }
            case 292..<295:
                for observed in loop.inject(.reportNonsense(.absurd)) { handle(.treadmill(observed.observation)) }
                for observed in loop.inject(.reportTruthfully) { handle(.treadmill(observed.observation)) }
            default:
                handle(.tick)
            }
        }
        audit.finish(at: t + 2)
        return (problems + audit.violations.map { "session \(index) (\(quirk.name), \(program.id)) \($0)" }, beltRan)
    }

    @Test("1,000 sessions through the FTMS driver and simulated treadmill keep the safety envelope")
    func envelopeThroughLoop() {
        var rng = SplitMix64(seed: 0xB0A7_5AFE)
        var problems: [String] = []
        var sessionsWithBelt = 0
        for index in 0..<1_000 {
            let result = Self.runSession(index, rng: &rng)
            problems += result.problems
            if result.beltRan { sessionsWithBelt += 1 }
            if problems.count > 20 { break }
        }
        #expect(problems.isEmpty, "\(problems.prefix(10).joined(separator: "\n"))")
        // The test means something only if most sessions really ran the belt.
        #expect(sessionsWithBelt > 500, "only \(sessionsWithBelt) sessions ran the belt")
    }
}
