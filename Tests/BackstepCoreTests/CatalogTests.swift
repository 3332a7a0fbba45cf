import Testing

@testable import BackstepCore

/// The catalog's numbers checked against the domain brief §3. Each row is a fact from the brief.
@Suite("Program catalog")
struct CatalogTests {
    struct RangeFact: Sendable, CustomStringConvertible {
        var program: String
        var parameter: ProgramParameter
        var range: ClosedRange<Int>
        var description: String { "\(program) \(parameter.rawValue) \(range)" }
    }

    @Test(
        "Parameter ranges are the brief's",
        arguments: [
            RangeFact(program: "first-steps", parameter: .minutes, range: 5...10),
            RangeFact(program: "regular-practice", parameter: .minutes, range: 10...20),
            RangeFact(program: "hill-repeats", parameter: .rounds, range: 5...10),
            RangeFact(program: "hill-repeats", parameter: .boutSeconds, range: 30...60),
            RangeFact(program: "sprint-intervals", parameter: .rounds, range: 5...10),
            RangeFact(program: "sprint-intervals", parameter: .boutSeconds, range: 15...20),
            RangeFact(program: "sprint-intervals", parameter: .restSeconds, range: 60...90),
            RangeFact(program: "knee-oa", parameter: .week, range: 1...6),
            RangeFact(program: "stroke-gait", parameter: .week, range: 1...6),
            RangeFact(program: "older-adult-balance", parameter: .gradePercent, range: 0...5),
        ])
    func ranges(fact: RangeFact) throws {
        let program = try Catalog.program(id: fact.program)
        let spec = try #require(program.parameters.first { $0.parameter == fact.parameter })
        #expect(spec.range == fact.range)
        #expect(spec.range.contains(spec.defaultValue))
    }

    @Test(
        "Sessions per week are the brief's",
        arguments: [
            ("regular-practice", 3...7), ("knee-oa", 3...3), ("stroke-gait", 3...3), ("older-adult-balance", 2...3),
            ("first-steps", 3...4),
        ])
    func sessionsPerWeek(id: String, expected: ClosedRange<Int>) throws {
        #expect(try Catalog.program(id: id).sessionsPerWeek == expected)
    }

    @Test("First steps: 1–2 mph, both hands, 30 s cautious bouts, 2–3 min taster")
    func firstSteps() throws {
        let workouts = try Catalog.firstSteps.workouts([.minutes: 10])
        #expect(workouts.count == 3)
        guard case .locomotion(let walk) = try #require(workouts[0].performedSteps.first).step.activity else {
            Issue.record("first step is not locomotion")
            return
        }
        #expect(walk.speed == .range(.milesPerHour(1), .milesPerHour(2)))
        #expect(abs((walk.speed.upperBound?.metersPerSecond ?? 0) - 0.894) < 0.001)
        #expect(walk.handrail == .twoHands)
        #expect(walk.grade == .level)
        #expect(workouts[0].backwardSeconds == 600)
        let bouts = workouts[1].performedSteps.filter {
            if case .locomotion(let m) = $0.step.activity { m.direction == .backward } else { false }
        }
        #expect(bouts.allSatisfy { $0.step.goal == .time(30) })
        #expect((120...180).contains(workouts[2].backwardSeconds))
    }

    @Test("Knee protocol: 10 min comfortable retro walk, Alghadir 2019")
    func knee() throws {
        let program = Catalog.kneeOsteoarthritis
        let workout = try program.workout()
        #expect(workout.backwardSeconds == 600)
        #expect(program.evidence.contains { $0.source.contains("Alghadir") && $0.finding.contains("1.8 vs 1.0") })
        if case .locomotion(let m) = workout.performedSteps[0].step.activity {
            #expect(m.speed == .effort(.comfortable))
        } else {
            Issue.record("not locomotion")
        }
    }

    @Test("Stroke protocol: 30 min, +10 % of the baseline each week, clinician only", arguments: 1...6)
    func stroke(week: Int) throws {
        let baseline = Speed.metersPerSecond(0.5)
        let workout = try Catalog.strokeGait.workout([.week: week], dose: Dose(speed: baseline))
        #expect(workout.backwardSeconds == 1800)
        #expect(Catalog.strokeGait.requirements.clinicianPrescribed)
        let expected = 0.5 * (1 + 0.1 * Double(week - 1))
        #expect(abs((workout.highestPrescribedSpeed?.metersPerSecond ?? 0) - expected) < 1e-9)
    }

    @Test("Conditioning finisher: 50 push-ups and 50 squats for time")
    func finisher() throws {
        let steps = try Catalog.conditioningFinisher.workout().performedSteps.map(\.step)
        #expect(
            steps.contains { $0.activity == .strength(StrengthWork(exercise: .pushUp)) && $0.goal == .repsForTime(50) })
        #expect(
            steps.contains { $0.activity == .strength(StrengthWork(exercise: .squat)) && $0.goal == .repsForTime(50) })
    }

    @Test("Sprints and running are for experienced users only")
    func experiencedOnly() {
        for program in [Catalog.sprintIntervals, Catalog.backwardRunning] {
            #expect(program.requirements.minimumStage >= .advanced)
            #expect(program.requirements.involvesRunning)
            #expect(program.requirements.excludedPopulations.contains(.olderAdult))
            #expect(program.requirements.excludedPopulations.contains(.stroke))
        }
        #expect(Catalog.backwardRunning.evidence.contains { $0.finding.contains("1.63 ± 0.11") })
    }

    @Test("Every program says who it is for, what it trains, its safety notes and evidence")
    func completeness() throws {
        #expect(Catalog.programs.count == 13)
        #expect(Set(Catalog.programs.map(\.id)).count == Catalog.programs.count)
        for program in Catalog.programs {
            #expect(!program.audience.isEmpty, "\(program.id)")
            #expect(!program.trains.isEmpty, "\(program.id)")
            #expect(!program.safetyNotes.isEmpty, "\(program.id)")
            #expect(!program.evidence.isEmpty, "\(program.id)")
            for workout in try program.workouts() {
                for performed in workout.performedSteps {
                    if case .locomotion(let motion) = performed.step.activity, motion.direction == .backward {
                        #expect(!performed.step.cues.isEmpty, "\(program.id): \(performed.step.name) has no cues")
                    }
                }
            }
        }
    }

    @Test("Parameters outside a program's range or unknown to it are rejected with the field")
    func badParameters() {
        #expect(throws: InputError(field: "rounds", problem: "11 is out of range, allowed 5–10")) {
            try Catalog.hillRepeats.workouts([.rounds: 11])
        }
        #expect(throws: InputError.self) { try Catalog.kneeOsteoarthritis.workouts([.rounds: 5]) }
        #expect(throws: InputError.self) { try Catalog.program(id: "moonwalk") }
    }

    @Test("A dose's cap clamps every speed a program builds")
    func doseCap() throws {
        let cap = Speed.milesPerHour(1.5)
        for program in Catalog.programs {
            let workouts = try program.workouts(dose: Dose(speed: .milesPerHour(3), speedCap: cap))
            for workout in workouts {
                if let top = workout.highestPrescribedSpeed {
                    #expect(top <= cap, "\(program.id) exceeds the cap")
                }
            }
        }
    }
}
