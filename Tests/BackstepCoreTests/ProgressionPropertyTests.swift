import BackstepTreadmill
import Foundation
import Testing

@testable import BackstepCore

// MARK: - Properties over random histories

private func randomPrescription(_ engine: ProgressionEngine, using rng: inout SplitMix64) -> Prescription {
    let stage = TrainingStage.allCases.randomElement(using: &rng) ?? .novice
    let raw = Prescription(
        speed: .metersPerSecond(Double.random(in: 0.15...2.5, using: &rng)),
        grade: .percent(Double(Int.random(in: 0...12, using: &rng))),
        duration: Double(Int.random(in: 1...35, using: &rng)) * 60,
        handrail: HandrailLevel.allCases.randomElement(using: &rng) ?? .twoHands,
        gait: Bool.random(using: &rng) ? .walk : .run, stage: stage)
    return engine.clamped(raw)
}

private func randomFeedback(
    on date: Date, prescription: Prescription, using rng: inout SplitMix64
) -> SessionFeedback {
    func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &rng) < p }
    func pain() -> Int { chance(0.7) ? Int.random(in: 0...2, using: &rng) : Int.random(in: 0...10, using: &rng) }
    let exertion: PerceivedExertion? =
        chance(0.1)
        ? nil
        : chance(0.8)
            ? .borg(Double(Int.random(in: 6...20, using: &rng))) : .cr10(Double(Int.random(in: 0...10, using: &rng)))
    var flags: Set<RedFlagSymptom> = []
    if chance(0.05) { flags.insert(RedFlagSymptom.allCases.randomElement(using: &rng) ?? .dizziness) }
    return SessionFeedback(
        date: date, completed: chance(0.85), exertion: exertion, painDuring: pain(), painAfter: pain(),
        painNextMorning: chance(0.8) ? pain() : nil,
        handrailUsed: chance(0.8)
            ? prescription.handrail : (HandrailLevel.allCases.randomElement(using: &rng) ?? .twoHands),
        lostBalance: chance(0.05), nearFall: chance(0.05), redFlags: flags)
}

private struct RandomCase {
    var engine: ProgressionEngine
    var current: Prescription
    var latest: SessionFeedback
    var history: [SessionRecord]
}

private func randomCase(using rng: inout SplitMix64) -> RandomCase {
    let person = Person.allCases.randomElement(using: &rng) ?? .general
    var profile = person.profile
    if Double.random(in: 0..<1, using: &rng) < 0.2 {
        profile.speedCap = .metersPerSecond(Double.random(in: 0.3...1.5, using: &rng))
    }
    let clearance = Clearance.allCases.randomElement(using: &rng) ?? .cleared
    let engine = ProgressionEngine(profile: profile, clearance: clearance)
    let current = randomPrescription(engine, using: &rng)
    var history: [SessionRecord] = []
    var date = start
    for _ in 0..<Int.random(in: 0...30, using: &rng) {
        date = date.addingTimeInterval(Double(Int.random(in: 1...9, using: &rng)) * day)
        let prescription =
            Double.random(in: 0..<1, using: &rng) < 0.6 ? current : randomPrescription(engine, using: &rng)
        history.append(
            SessionRecord(
                prescription: prescription, feedback: randomFeedback(on: date, prescription: prescription, using: &rng))
        )
    }
    date = date.addingTimeInterval(Double(Int.random(in: 1...9, using: &rng)) * day)
    return RandomCase(
        engine: engine, current: current, latest: randomFeedback(on: date, prescription: current, using: &rng),
        history: history)
}

/// Variables that went up from `current` to `next`.
private func increases(_ decision: ProgressionDecision) -> [ProgressionVariable] {
    ProgressionVariable.allCases.filter { decision.next.value(of: $0) > decision.current.value(of: $0) + 1e-9 }
}

@Suite("Progression properties")
struct ProgressionPropertyTests {
    static let iterations = 4000

    @Test("One step never changes more than one variable and never leaves the caps")
    func oneVariableWithinCaps() {
        var rng = SplitMix64(seed: 0xBAC5_7E9)
        for _ in 0..<Self.iterations {
            let c = randomCase(using: &rng)
            let decision = c.engine.decide(current: c.current, latest: c.latest, history: c.history)
            #expect(decision.changedVariables.count <= 1, "\(decision.reasons.map(\.sentence))")
            let policy = c.engine.policy(at: decision.next.stage)
            #expect(decision.next.speed <= policy.cap(for: decision.next.gait))
            #expect(decision.next.grade <= policy.gradeCap)
            if decision.next.gait == .run { #expect(policy.allowsRunning) }
            switch decision.action {
            case .hold, .stopAndSeeProfessional: #expect(decision.changedVariables.isEmpty)
            case .progress, .readyForBackwardRunning:
                #expect(increases(decision).count == decision.changedVariables.count)
            case .regress: #expect(increases(decision).isEmpty)
            }
        }
    }

    @Test("Over-cap prescriptions always come back under the caps")
    func overCapAlwaysClamped() {
        var rng = SplitMix64(seed: 42)
        for _ in 0..<Self.iterations {
            let c = randomCase(using: &rng)
            var current = c.current
            current.speed = .metersPerSecond(Double.random(in: 0.2...4, using: &rng))
            current.grade = .percent(Double.random(in: 0...20, using: &rng))
            let decision = c.engine.decide(current: current, latest: c.latest, history: c.history)
            let policy = c.engine.policy(at: decision.next.stage)
            #expect(decision.next.speed <= policy.cap(for: decision.next.gait))
            #expect(decision.next.grade <= policy.gradeCap)
            #expect(increases(decision).isEmpty || decision.current == c.engine.clamped(decision.current))
        }
    }

    @Test("A red flag always stops")
    func redFlagAlwaysStops() {
        var rng = SplitMix64(seed: 7)
        for _ in 0..<Self.iterations {
            var c = randomCase(using: &rng)
            c.latest.redFlags.insert(RedFlagSymptom.allCases.randomElement(using: &rng) ?? .chestPain)
            let decision = c.engine.decide(current: c.current, latest: c.latest, history: c.history)
            #expect(decision.action == .stopAndSeeProfessional)
            #expect(decision.rule == .redFlag)
        }
    }

    @Test("A near-fall or loss of balance never progresses")
    func balanceEventNeverProgresses() {
        var rng = SplitMix64(seed: 11)
        for _ in 0..<Self.iterations {
            var c = randomCase(using: &rng)
            if Bool.random(using: &rng) { c.latest.nearFall = true } else { c.latest.lostBalance = true }
            let decision = c.engine.decide(current: c.current, latest: c.latest, history: c.history)
            #expect(decision.action != .progress && decision.action != .readyForBackwardRunning)
            #expect(increases(decision).isEmpty)
            #expect(decision.newStage == nil)
        }
    }

    @Test("Pain above 5 never progresses")
    func painAboveFiveNeverProgresses() {
        var rng = SplitMix64(seed: 13)
        for _ in 0..<Self.iterations {
            var c = randomCase(using: &rng)
            let pain = Int.random(in: 6...10, using: &rng)
            switch Int.random(in: 0..<3, using: &rng) {
            case 0: c.latest.painDuring = pain
            case 1: c.latest.painAfter = pain
            default: c.latest.painNextMorning = pain
            }
            let decision = c.engine.decide(current: c.current, latest: c.latest, history: c.history)
            #expect(decision.action != .progress && decision.action != .readyForBackwardRunning)
            #expect(increases(decision).isEmpty)
            if pain >= ProgressionThresholds.severePain { #expect(decision.action == .stopAndSeeProfessional) }
        }
    }

    @Test("The stroke protocol never adds more than 10 % of baseline in any 7 days")
    func strokeWeeklyLimit() {
        var rng = SplitMix64(seed: 17)
        var totalIncreases = 0
        for _ in 0..<300 {
            let baseline = Double.random(in: 0.3...1.2, using: &rng)
            var profile = Person.stroke.profile
            profile.overgroundWalkingSpeed = .metersPerSecond(baseline)
            let engine = ProgressionEngine(profile: profile, clearance: .cleared)
            var current = engine.clamped(
                Prescription(
                    speed: .metersPerSecond(Double.random(in: 0.25...0.6, using: &rng)),
                    duration: Double(Int.random(in: 20...30, using: &rng)) * 60, stage: .novice))
            var history: [SessionRecord] = []
            var increasesByDate: [(Date, Double)] = []
            var date = start
            for _ in 0..<40 {
                date = date.addingTimeInterval(Double(Int.random(in: 1...4, using: &rng)) * day)
                var latest = randomFeedback(on: date, prescription: current, using: &rng)
                if Double.random(in: 0..<1, using: &rng) < 0.6 {
                    latest = SessionFeedback(
                        date: date, exertion: .borg(11), painNextMorning: 0, handrailUsed: current.handrail)
                }
                let decision = engine.decide(current: current, latest: latest, history: history)
                let step = decision.next.speed.metersPerSecond - current.speed.metersPerSecond
                if step > 1e-9 { increasesByDate.append((date, step)) }
                history.append(SessionRecord(prescription: current, feedback: latest))
                current = decision.next
            }
            totalIncreases += increasesByDate.count
            for (index, (date, _)) in increasesByDate.enumerated() {
                let window = increasesByDate[index...].prefix { $0.0.timeIntervalSince(date) < 7 * day }
                let total = window.reduce(0) { $0 + $1.1 }
                #expect(total <= baseline * 0.1 + 1e-9)
            }
        }
        #expect(totalIncreases > 300, "the simulation must actually raise speed to test the limit")
    }

    @Test("Sessions that keep going well climb steadily and stay within the caps")
    func steadyClimb() {
        for person in Person.allCases {
            let engine = person.engine
            var current = Prescription(speed: SafetyPolicy.beginnerStartSpeed, duration: 300, stage: .firstSteps)
            var history: [SessionRecord] = []
            var progressed = 0
            for session in 0..<120 {
                let latest = SessionFeedback(
                    date: on(Double(session * 2)), exertion: .borg(11), painNextMorning: 0,
                    handrailUsed: current.handrail)
                let decision = engine.decide(current: current, latest: latest, history: history)
                #expect(decision.action != .regress && decision.action != .stopAndSeeProfessional)
                if decision.action == .progress { progressed += 1 }
                history.append(SessionRecord(prescription: current, feedback: latest))
                current = decision.next
                let policy = engine.policy(at: current.stage)
                #expect(current.speed <= policy.cap(for: current.gait))
            }
            #expect(progressed >= 5, "\(person)")
        }
    }
}
