import BackstepTreadmill
import Testing

@testable import BackstepCore

/// The safety envelope checked on the command log of 10,000 randomly generated sessions with random user actions
/// and random faults (lost links, refused commands, dropped readings, pulled safety keys, nonsense readings), on a
/// test clock.
@Suite("Session safety properties")
struct SessionSafetyPropertyTests {
    static func randomWorkout(using rng: inout SplitMix64) -> Workout {
        func speedTarget() -> SpeedTarget {
            switch Int.random(in: 0..<3, using: &rng) {
            case 0: return .fixed(.metersPerSecond(Double.random(in: 0.2...4.0, using: &rng)))
            case 1:
                let low = Double.random(in: 0.2...2.5, using: &rng)
                return .range(.metersPerSecond(low), .metersPerSecond(low + Double.random(in: 0...1.5, using: &rng)))
            default: return .effort(Effort.allCases.randomElement(using: &rng) ?? .comfortable)
            }
        }
        func step() -> Step {
            switch Int.random(in: 0..<10, using: &rng) {
            case 0...5:
                return Step(
                    name: "Move",
                    activity: .locomotion(
                        Locomotion(
                            direction: Bool.random(using: &rng) ? .backward : .forward,
                            gait: Int.random(in: 0..<4, using: &rng) == 0 ? .run : .walk,
                            speed: speedTarget(), grade: .percent(Double(Int.random(in: 0...20, using: &rng))))),
                    goal: .time(Double(Int.random(in: 3...60, using: &rng))), cues: [.toesThenHeel])
            case 6:
                return Step(
                    name: "Rest", activity: .rest(.standing), goal: .time(Double(Int.random(in: 3...30, using: &rng))))
            case 7:
                return Step(
                    name: "Forward",
                    activity: .rest(
                        Rest(kind: .forwardWalk, speed: .metersPerSecond(Double.random(in: 0.3...2, using: &rng)))),
                    goal: .time(Double(Int.random(in: 3...30, using: &rng))))
            default:
                return Step(
                    name: "Squats", activity: .strength(StrengthWork(exercise: .squat)),
                    goal: .reps(Int.random(in: 5...20, using: &rng)))
            }
        }
        var items: [WorkoutItem] = []
        for _ in 0..<Int.random(in: 1...5, using: &rng) {
            if Int.random(in: 0..<4, using: &rng) == 0 {
                items.append(.repeats(RepeatBlock(count: Int.random(in: 2...4, using: &rng), steps: [step(), step()])))
            } else {
                items.append(.step(step()))
            }
        }
        return Workout(name: "Random", items: items)
    }

    static func randomConfiguration(using rng: inout SplitMix64) -> SessionConfiguration {
        let policy = SafetyPolicy(
            population: Population.allCases.randomElement(using: &rng) ?? .general,
            stage: TrainingStage.allCases.randomElement(using: &rng) ?? .novice,
            personalCap: Bool.random(using: &rng) ? .metersPerSecond(Double.random(in: 0.3...3, using: &rng)) : nil,
            clearance: Clearance.allCases.randomElement(using: &rng) ?? .cleared)
        let treadmill: TreadmillCapabilities? =
            Int.random(in: 0..<10, using: &rng) == 0
            ? nil
            : TreadmillCapabilities(
                minimumSpeed: .kilometersPerHour(Double.random(in: 0.3...1.6, using: &rng)),
                maximumSpeed: .kilometersPerHour(Double.random(in: 2...20, using: &rng)),
                minimumGrade: .level, maximumGrade: .percent(Double(Int.random(in: 0...15, using: &rng))),
                controllable: true)
        var effortSpeeds: [Effort: Speed] = [:]
        for effort in Effort.allCases where Bool.random(using: &rng) {
            effortSpeeds[effort] = .metersPerSecond(Double.random(in: 0.3...3, using: &rng))
        }
        return SessionConfiguration(
            workout: randomWorkout(using: &rng), policy: policy, treadmill: treadmill,
            mass: Mass(kilograms: Double.random(in: 40...140, using: &rng)), effortSpeeds: effortSpeeds)
    }

    /// Runs one random session against an ideal belt and returns the audit's violations.
    static func runSession(_ index: Int, rng: inout SplitMix64) -> [String] {
        let configuration = randomConfiguration(using: &rng)
        var engine = SessionEngine(configuration: configuration)
        var audit = SessionSafetyAudit(configuration: configuration)
        var belt = IdealBelt()
        var linkDownUntil: Double?
        var refuseNext = false
        var t = 0.0

        func handle(_ input: SessionInput) {
            audit.record(input: input, at: t)
            var replies: [SessionInput] = []
            for output in engine.handle(input, at: t) {
                audit.record(output: output)
                guard let command = output.command, linkDownUntil == nil else { continue }
                if refuseNext, command != .requestControl {
                    refuseNext = false
                    replies.append(.treadmill(.commandFailed(command, reason: "refused (injected)")))
                } else {
                    belt.apply(command)
                }
            }
            for reply in replies { handle(reply) }
        }

        handle(.connect)
        while t < 240, !engine.isOver {
            t += Double.random(in: 0.2...1.5, using: &rng)
            if let until = linkDownUntil, t >= until {
                linkDownUntil = nil
                handle(.treadmill(.linkRestored))
            }
            switch Int.random(in: 0..<1000, using: &rng) {
            case 0..<120: handle(.userStart)
            case 120..<130: handle(.userPause)
            case 130..<133: handle(.userStop)
            case 133..<135: handle(.painStop)
            case 135..<145: handle(.skip)
            case 145..<150: handle(.extend(Double(Int.random(in: 1...30, using: &rng))))
            case 150..<200: handle(.markDone)
            case 200..<230: handle(.speedUp)
            case 230..<240: handle(.slowDown)
            case 240..<246 where linkDownUntil == nil:
                linkDownUntil = t + Double.random(in: 1...10, using: &rng)
                belt.running = false
                handle(.treadmill(.linkLost))
            case 246..<260: refuseNext = true
            case 260..<262 where linkDownUntil == nil:
                belt.running = false
                belt.speed = .zero
                handle(.treadmill(.safetyKeyPulled))
            case 262..<266 where linkDownUntil == nil:
                handle(
                    .treadmill(
                        .reading(
                            TreadmillReading(
                                speed: .metersPerSecond([-3, 50, .nan, 12].randomElement(using: &rng) ?? -1)))))
            default:
                // Readings arrive about once a second; one in ten is dropped.
                if linkDownUntil == nil, Int.random(in: 0..<10, using: &rng) != 0 {
                    handle(.treadmill(.reading(belt.reading(after: 1))))
                } else {
                    handle(.tick)
                }
            }
        }
        audit.finish(at: t + 2)
        return audit.violations.map { "session \(index) \($0)" }
    }

    @Test("10,000 random sessions with random faults keep the safety envelope")
    func envelope() {
        var rng = SplitMix64(seed: 0x5AFE_7EAD)
        var violations: [String] = []
        for index in 0..<10_000 {
            violations += Self.runSession(index, rng: &rng)
            if violations.count > 20 { break }
        }
        #expect(violations.isEmpty, "\(violations.prefix(10).joined(separator: "\n"))")
    }
}
