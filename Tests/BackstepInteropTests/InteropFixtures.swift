import BackstepCore
import BackstepInterop
import Foundation

/// Sample workouts, sessions and plans shared by the interop tests.
enum InteropFixtures {
    /// 2025-01-06T07:00:00Z.
    static let start = Date(timeIntervalSince1970: 1_736_146_800)

    /// A workout with every kind of step: a timed backward warm-up with a range, a 4 × (timed fixed-speed
    /// backward, standing rest) block, a distance step, an effort step, strength reps, and an open cool-down.
    static var workout: Workout {
        let brisk = Step(
            name: "Brisk",
            activity: .locomotion(
                Locomotion(
                    direction: .backward, speed: .fixed(.kilometersPerHour(3.5)), grade: .percent(4), handrail: .oneHand
                )),
            goal: .time(120), cues: [.toesThenHeel, .standTall])
        let rest = Step(name: "Rest", activity: .rest(.standing), goal: .time(60), cues: [.pauseBeforeStepOff])
        return Workout(
            name: "Interop sampler", summary: "Every kind of step, for the converters.",
            items: [
                .step(
                    Step(
                        name: "Warm-up walk",
                        activity: .locomotion(
                            Locomotion(
                                direction: .backward, speed: .range(.kilometersPerHour(2), .kilometersPerHour(3)))),
                        goal: .time(300), cues: [.holdRails, .shortEvenSteps])),
                .repeats(RepeatBlock(count: 4, steps: [brisk, rest])),
                .step(
                    Step(
                        name: "Forward stroll",
                        activity: .locomotion(Locomotion(direction: .forward, speed: .fixed(.kilometersPerHour(4)))),
                        goal: .distance(Distance(meters: 400)))),
                .step(
                    Step(
                        name: "Backward by feel",
                        activity: .locomotion(Locomotion(direction: .backward, speed: .effort(.brisk))),
                        goal: .time(90), cues: [.armSwing])),
                .step(
                    Step(
                        name: "Squats", activity: .strength(StrengthWork(exercise: .squat)), goal: .reps(12),
                        cues: [.squatForm])),
                .step(
                    Step(
                        name: "Cool-down",
                        activity: .locomotion(Locomotion(direction: .backward, speed: .fixed(.kilometersPerHour(2)))),
                        goal: .open)),
            ])
    }

    /// A performed session: three segments (backward walk 40 s, standing rest 20 s, backward walk 30 s) with
    /// 1 Hz samples carrying speed, grade, distance, heart rate, energy and direction.
    static func session(
        start: Date = start, seconds: [Int] = [40, 20, 30], direction: Direction = .backward
    )
        -> PerformedSession
    {
        let workout = Workout(
            name: "Session sampler",
            items: [
                .step(
                    Step(
                        name: "Backward walk",
                        activity: .locomotion(
                            Locomotion(
                                direction: direction, speed: .fixed(.kilometersPerHour(3)), handrail: .fingertips)),
                        goal: .time(Double(seconds[0])))),
                .step(Step(name: "Rest", activity: .rest(.standing), goal: .time(Double(seconds[1])))),
                .step(
                    Step(
                        name: "Backward walk again",
                        activity: .locomotion(
                            Locomotion(direction: direction, speed: .fixed(.kilometersPerHour(3.2)), grade: .percent(2))
                        ),
                        goal: .time(Double(seconds[2])))),
            ])
        var samples: [SessionSample] = []
        var distance = 0.0
        var kcal = 0.0
        var t = 0
        for (segment, length) in seconds.enumerated() {
            for second in 0..<length {
                let resting = segment == 1
                let speed = resting ? 0.0 : (segment == 0 ? 0.833 : 0.889) + Double(second % 3) * 0.001
                distance += speed
                kcal += resting ? 0.02 : 0.09
                samples.append(
                    SessionSample(
                        sequence: samples.count, t: Double(t), segment: segment, direction: direction, gait: .walk,
                        targetSpeed: .metersPerSecond(resting ? 0 : speed), speed: .metersPerSecond(speed),
                        targetGrade: .percent(segment == 2 ? 2 : 0), grade: .percent(segment == 2 ? 2.5 : 0),
                        distance: Distance(meters: (distance * 100).rounded() / 100), heartRate: 95 + t % 30,
                        met: resting ? 1.5 : 4.2, kcal: (kcal * 1000).rounded() / 1000,
                        forwardKcal: (kcal * 600).rounded() / 1000))
                t += 1
            }
        }
        let total = Double(t)
        let summary = SessionSummary(
            elapsedSeconds: total, activeSeconds: total, backwardSeconds: Double(seconds[0] + seconds[2]),
            distance: Distance(meters: samples.last?.distance.meters ?? 0), backwardDistance: Distance(meters: 60),
            kcal: kcal, forwardKcal: kcal * 0.6, stepsCompleted: 3, stepsTotal: 3, completed: true, stopReason: nil)
        return PerformedSession(
            id: SessionID(uuidString: "5B9C2E40-1D2A-4C8B-9E11-22A3B4C5D6E7") ?? SessionID(), startedAt: start,
            endedAt: start.addingTimeInterval(total), programId: "first-steps", workout: workout, status: .completed,
            source: .simulated, summary: summary, samples: samples,
            feedback: SessionFeedback(date: start, handrailUsed: .oneHand))
    }

    /// A generated 3-week plan with dates.
    static func plan(start: Date? = start) throws -> Plan {
        let profile = Profile(age: 45, mass: Mass(kilograms: 80), goal: .knee, experience: .beginner)
        return try PlanGenerator.plan(
            for: PlanRequest(
                profile: profile, daysPerWeek: 3, minutesPerSession: 20, weeks: 3,
                screening: .allClear(on: InteropFixtures.start), startDate: start, now: InteropFixtures.start))
    }

}
