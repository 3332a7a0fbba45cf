/// What is left of a workout after an interruption, so a session cut short (a server restart, a dropped laptop)
/// can continue where it stopped instead of starting over.
extension Workout {
    /// The shortest remainder worth doing for a step that was cut short, in seconds; a step with less left is
    /// dropped.
    public static let shortestRemainder: Seconds = 15

    /// The workout still to do after `done` of step `index` (an index into `performedSteps`).
    ///
    /// Steps before `index` are dropped. Step `index` keeps what is left of its time or distance goal, or is
    /// dropped when less than ``shortestRemainder`` (or its distance equivalent at the step's speed) is left;
    /// steps with other goals (repetitions, open) are kept whole. Repeat blocks are unrolled from the cut onwards,
    /// each step named with its round ("Backward walk (2/3)"), because a block cannot start mid-round.
    /// - Parameters:
    ///   - index: the step that was running, from 0.
    ///   - done: how much of it was done: active seconds and metres covered.
    /// - Returns: the remainder, named "<name> (continued)"; nil when nothing is left to do.
    public func remainder(fromStep index: Int, done: (seconds: Seconds, distance: Distance)) -> Workout? {
        let steps = performedSteps
        guard index >= 0, index < steps.count else { return nil }
        var items: [WorkoutItem] = []
        for (offset, performed) in steps[index...].enumerated() {
            var step = performed.step
            if let round = performed.round, let rounds = performed.rounds {
                step.name = "\(step.name) (\(round)/\(rounds))"
            }
            if offset == 0 {
                switch step.goal {
                case .time(let seconds):
                    let left = seconds - max(done.seconds, 0)
                    guard left >= Self.shortestRemainder else { continue }
                    step.goal = .time(left)
                case .distance(let distance):
                    let left = distance.meters - max(done.distance.meters, 0)
                    var speed = 1.0
                    if case .locomotion(let motion) = step.activity,
                        let representative = motion.speed.representative?.metersPerSecond, representative > 0
                    {
                        speed = representative
                    }
                    guard left >= Self.shortestRemainder * speed else { continue }
                    step.goal = .distance(Distance(meters: left))
                case .reps, .repsForTime, .open:
                    break
                }
            }
            items.append(.step(step))
        }
        guard !items.isEmpty else { return nil }
        return Workout(name: "\(name) (continued)", summary: summary, items: items)
    }
}
