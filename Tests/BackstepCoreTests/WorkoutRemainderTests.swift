import Testing

@testable import BackstepCore

@Suite("Workout remainder after an interruption")
struct WorkoutRemainderTests {
    static func walk(_ name: String, _ goal: StepGoal, mps: Double = 0.5) -> Step {
        Step(
            name: name,
            activity: .locomotion(Locomotion(direction: .backward, speed: .fixed(Speed(metersPerSecond: mps)))),
            goal: goal)
    }

    /// Warm-up 120 s, 3 × (walk 60 s, rest 30 s), a 200 m walk, a cool-down with an open goal.
    static let workout = Workout(
        name: "Intervals",
        items: [
            .step(walk("Warm-up", .time(120))),
            .repeats(
                RepeatBlock(
                    count: 3,
                    steps: [
                        walk("Walk", .time(60)),
                        Step(name: "Rest", activity: .rest(Rest(kind: .standing)), goal: .time(30)),
                    ])),
            .step(walk("Long walk", .distance(Distance(meters: 200)))),
            .step(walk("Cool-down", .open)),
        ])

    static func goals(_ workout: Workout?) -> [String] {
        (workout?.performedSteps ?? []).map { performed in
            let step = performed.step
            switch step.goal {
            case .time(let s): return "\(step.name) \(Int(s.rounded())) s"
            case .distance(let d): return "\(step.name) \(Int(d.meters.rounded())) m"
            case .open: return "\(step.name) open"
            case .reps(let n), .repsForTime(let n): return "\(step.name) \(n) reps"
            }
        }
    }

    @Test(
        "What is left",
        arguments: [
            (0, 0.0, 0.0, "Warm-up 120 s", 9),
            (0, 50.0, 25.0, "Warm-up 70 s", 9),
            // Less than 15 s left of the warm-up: it is dropped and the first interval is next.
            (0, 110.0, 55.0, "Walk (1/3) 60 s", 8),
            // Mid-block: the rest of the block is unrolled with round names.
            (3, 10.0, 0.0, "Walk (2/3) 50 s", 6),
            (7, 0.0, 150.0, "Long walk 50 m", 2),
            // Less than 15 s of walking (7.5 m at 0.5 m/s) left of the distance: dropped.
            (7, 0.0, 195.0, "Cool-down open", 1),
            (8, 600.0, 300.0, "Cool-down open", 1),
        ])
    func remainder(index: Int, seconds: Double, meters: Double, first: String, count: Int) throws {
        let rest = Self.workout.remainder(fromStep: index, done: (seconds, Distance(meters: meters)))
        let goals = Self.goals(rest)
        #expect(goals.first == first)
        #expect(goals.count == count)
        #expect(rest?.name == "Intervals (continued)")
        // Never more than the original: the remainder is at most what was left.
        #expect((rest?.estimatedSeconds ?? 0) <= Self.workout.estimatedSeconds)
    }

    @Test("Nothing left, or a step that does not exist")
    func nothingLeft() {
        let short = Workout(name: "One", items: [.step(Self.walk("Walk", .time(60)))])
        #expect(short.remainder(fromStep: 0, done: (50, Distance(meters: 25))) == nil)
        #expect(Self.workout.remainder(fromStep: 9, done: (0, Distance(meters: 0))) == nil)
        #expect(Self.workout.remainder(fromStep: -1, done: (0, Distance(meters: 0))) == nil)
    }
}
