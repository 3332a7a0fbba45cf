import Foundation
import Testing

@testable import BackstepCore

@Suite("Safety policy and screening")
struct SafetyPolicyTests {
    struct PopulationRow: Sendable {
        var age: Int
        var conditions: Set<Condition>
        var goal: Goal
        var expected: Population
        init(_ age: Int, _ conditions: Set<Condition>, _ goal: Goal, _ expected: Population) {
            self.age = age
            self.conditions = conditions
            self.goal = goal
            self.expected = expected
        }
    }

    @Test(
        "Population picks the most protective rules",
        arguments: [
            PopulationRow(35, [], .fitness, .general),
            PopulationRow(35, [.kneeOsteoarthritis], .fitness, .knee),
            PopulationRow(35, [], .knee, .knee),
            PopulationRow(60, [], .fitness, .olderAdult),
            PopulationRow(59, [], .fitness, .general),
            PopulationRow(72, [.kneePain], .knee, .olderAdult),
            PopulationRow(40, [.fallHistory, .kneePain], .fitness, .balanceImpaired),
            PopulationRow(50, [.parkinsons, .fallHistory], .balance, .parkinsons),
            PopulationRow(66, [.stroke, .parkinsons], .stroke, .stroke),
        ])
    func population(row: PopulationRow) {
        let profile = Profile(age: row.age, mass: Mass(kilograms: 70), goal: row.goal, conditions: row.conditions)
        #expect(profile.population == row.expected)
    }

    struct CapRow: Sendable {
        var population: Population
        var stage: TrainingStage
        var clearance: Clearance
        var personalMph: Double?
        var machineMph: Double?
        var expectedMph: Double
    }

    @Test(
        "Caps: stage, population, screening, personal and machine limits; the lowest wins",
        arguments: [
            CapRow(population: .general, stage: .firstSteps, clearance: .cleared, expectedMph: 2.0),
            CapRow(population: .general, stage: .novice, clearance: .cleared, expectedMph: 2.5),
            CapRow(population: .general, stage: .advanced, clearance: .cleared, expectedMph: 4.0),
            CapRow(population: .olderAdult, stage: .advanced, clearance: .cleared, expectedMph: 3.0),
            CapRow(population: .stroke, stage: .established, clearance: .cleared, expectedMph: 2.0),
            CapRow(population: .general, stage: .advanced, clearance: .seeProfessionalFirst, expectedMph: 2.0),
            CapRow(population: .general, stage: .advanced, clearance: .cleared, personalMph: 1.5, expectedMph: 1.5),
            CapRow(population: .general, stage: .advanced, clearance: .cleared, machineMph: 3.2, expectedMph: 3.2),
        ])
    func caps(row: CapRow) {
        let policy = SafetyPolicy(
            population: row.population, stage: row.stage, personalCap: row.personalMph.map(Speed.milesPerHour),
            machineMaximum: row.machineMph.map(Speed.milesPerHour), clearance: row.clearance)
        #expect(abs(policy.cap().milesPerHour - row.expectedMph) < 1e-9)
    }

    @Test("Running opens only for cleared, advanced, non-protected people")
    func running() {
        #expect(SafetyPolicy(population: .general, stage: .advanced).allowsRunning)
        #expect(!SafetyPolicy(population: .general, stage: .established).allowsRunning)
        #expect(!SafetyPolicy(population: .olderAdult, stage: .running).allowsRunning)
        #expect(!SafetyPolicy(population: .general, stage: .running, clearance: .notScreened).allowsRunning)
        #expect(
            SafetyPolicy(population: .general, stage: .advanced).cap(for: .run)
                > SafetyPolicy(population: .general, stage: .advanced).cap(for: .walk))
    }

    @Test("Incline caps keep beginners level and older adults on gentle hills")
    func gradeCaps() {
        #expect(SafetyPolicy(population: .general, stage: .firstSteps).gradeCap == .level)
        #expect(SafetyPolicy(population: .olderAdult, stage: .established).gradeCap == .percent(5))
        #expect(SafetyPolicy(population: .general, stage: .advanced).gradeCap == .percent(15))
        #expect(
            SafetyPolicy(population: .general, stage: .advanced, clearance: .seeProfessionalFirst).gradeCap
                == .percent(5))
    }

    @Test(
        "Increments: 0.1 mph below 2 mph, then 10 % up to 0.2 mph",
        arguments: [
            (1.0, 0.1), (1.9, 0.1), (2.0, 0.2), (1.5, 0.1), (3.0, 0.2), (2.0 * 0.9999, 0.1),
        ])
    func increments(fromMph: Double, expectedMph: Double) {
        let step = SafetyPolicy.speedIncrement(from: .milesPerHour(fromMph))
        #expect(abs(step.milesPerHour - expectedMph) < 1e-9)
        #expect(step.milesPerHour <= 0.2 + 1e-12)
    }

    @Test("Screening: any yes asks for a professional; supervision advice wins; unanswered is not screened")
    func screening() {
        let day = Date(timeIntervalSince1970: 1_790_000_000)
        #expect(Screening.allClear(on: day).clearance == .cleared)
        var answers = Screening.allClear(on: day).answers
        answers[.boneOrJointProblem] = true
        #expect(Screening(date: day, answers: answers).clearance == .seeProfessionalFirst)
        answers[.supervisedExerciseOnly] = true
        #expect(Screening(date: day, answers: answers).clearance == .supervisedOnly)
        answers[.chestPain] = nil
        #expect(Screening(date: day, answers: answers).clearance == .notScreened)
        #expect(ScreeningTopic.allCases.count == 7)
    }

    @Test("A screening is current for a year")
    func screeningExpiry() {
        let day = Date(timeIntervalSince1970: 1_790_000_000)
        let screening = Screening.allClear(on: day)
        #expect(screening.isCurrent(at: day.addingTimeInterval(300 * 86_400)))
        #expect(!screening.isCurrent(at: day.addingTimeInterval(366 * 86_400)))
    }

    @Test("Screening JSON keys are the topic names and survive a round trip")
    func screeningCoding() throws {
        let screening = Screening.allClear(on: Date(timeIntervalSince1970: 1_790_000_000))
        let data = try JSONEncoder().encode(screening)
        #expect(String(decoding: data, as: UTF8.self).contains("\"chest-pain\":false"))
        #expect(try JSONDecoder().decode(Screening.self, from: data) == screening)
    }
}
