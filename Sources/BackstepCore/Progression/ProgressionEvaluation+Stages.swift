import Foundation

/// The stages, the running gate and the decisions' sentences of one evaluation.
extension ProgressionEvaluation {
    // MARK: - Stages

    /// The next stage, when the person has earned it (documented in `docs/progression-rules.md`):
    /// first steps → novice after 4 finished sessions at 10 minutes or more; novice → established after 12 finished
    /// sessions with fingertip support or less; established → advanced after 24 finished sessions, hands free at
    /// 1.3 m/s or more. Every promotion also needs 4 weeks with no pain above 3/10 and no balance event. Moving to
    /// running goes through the running gate only. Stages never move down: regressions lower the dose instead.
    func promotion() -> (stage: TrainingStage, message: String)? {
        let window = recent(T.stageWindow)
        let tolerated = window.allSatisfy { $0.feedback.peakPain <= T.stagePain && !$0.feedback.hadBalanceEvent }
        guard tolerated else { return nil }
        let done = completedCount
        switch current.stage {
        case .firstSteps where done >= 4 && current.duration >= 600:
            return (
                .novice,
                "\(done) finished sessions and \(durationText(current.duration)) sessions without trouble: moving "
                    + "from first steps to novice"
            )
        case .novice where done >= 12 && current.handrail >= .fingertips && current.duration >= 600:
            return (
                .established,
                "\(done) finished sessions, \(current.handrail.label), no pain above \(T.stagePain)/10 for 4 "
                    + "weeks: moving from novice to established (hills open)"
            )
        case .established
        where done >= 24 && current.handrail == .handsFree && current.speed >= T.advancedStageSpeed:
            return (
                .advanced,
                "\(done) finished sessions, hands free at \(speedText(current.speed)): moving from established to "
                    + "advanced"
            )
        default:
            return nil
        }
    }

    /// The backward-running gate at a stage.
    func runningGate(at stage: TrainingStage) -> RunningGateStatus {
        guard current.gait == .walk else { return RunningGateStatus(missing: []) }
        var missing: [String] = []
        let policy = engine.policy(at: stage)
        if !policy.allowsRunning {
            if population.excludesRunning {
                missing.append("backward running is not part of \(population.rawValue) programs")
            }
            if engine.clearance != .cleared {
                missing.append("a clear pre-participation screening (now \(engine.clearance.rawValue))")
            }
            if stage < .advanced { missing.append("the advanced stage (now \(stage.rawValue))") }
        }
        if !T.runningGoals.contains(engine.profile.goal) {
            missing.append("a goal that includes running (now \(engine.profile.goal.rawValue))")
        }
        let lastTwo = records.suffix(2)
        if current.handrail != .handsFree || lastTwo.contains(where: { $0.feedback.handrailUsed != .handsFree }) {
            missing.append("comfortable hands-free walking")
        }
        if current.speed < T.runningGateSpeed {
            missing.append(
                "comfortable backward walking at \(speedText(T.runningGateSpeed)) or more (now "
                    + "\(speedText(current.speed)))")
        }
        let window = recent(T.runningGateWindow)
        let highestPain = window.map(\.feedback.peakPain).max() ?? 0
        if highestPain > T.runningGatePain {
            missing.append("no pain above \(T.runningGatePain)/10 for 4 weeks (highest \(highestPain)/10)")
        }
        if window.contains(where: \.feedback.hadBalanceEvent) {
            missing.append("no near-fall or loss of balance for 4 weeks")
        }
        if completedCount < T.runningGateSessions {
            missing.append("at least \(T.runningGateSessions) finished sessions (now \(completedCount))")
        }
        let recentCount = window.filter(\.feedback.completed).count
        if recentCount < T.runningGateRecentSessions {
            missing.append("at least \(T.runningGateRecentSessions) sessions in the last 4 weeks (now \(recentCount))")
        }
        let twoGood =
            records.count >= 2 && isGood(records[records.count - 1]) && isGood(records[records.count - 2])
            && records[records.count - 2].prescription.hasSameDose(as: current)
        if !twoGood { missing.append("two good sessions in a row at the current dose") }
        return RunningGateStatus(missing: missing)
    }

    // MARK: - Building decisions

    func make(
        _ action: ProgressionAction, _ rule: ProgressionRule, next: Prescription, _ message: String,
        gate: RunningGateStatus
    ) -> ProgressionDecision {
        ProgressionDecision(
            action: action, rule: rule, current: current, next: next,
            reasons: [ProgressionReason(rule: rule, message: message)], runningGate: gate)
    }

    func stop(_ rule: ProgressionRule, _ message: String, gate: RunningGateStatus) -> ProgressionDecision {
        make(.stopAndSeeProfessional, rule, next: current, message, gate: gate)
    }

    // MARK: - Text

    func describeChange(_ variable: ProgressionVariable, from old: Prescription, to new: Prescription) -> String {
        switch variable {
        case .duration: "duration \(durationText(old.duration)) → \(durationText(new.duration))"
        case .handrail: "handrail \(old.handrail.label) → \(new.handrail.label)"
        case .grade: "incline \(format(old.grade.percent)) % → \(format(new.grade.percent)) %"
        case .speed: "speed \(speedText(old.speed)) → \(speedText(new.speed))"
        case .gait: "gait \(old.gait.rawValue) → \(new.gait.rawValue)"
        }
    }

    func speedText(_ speed: Speed) -> String { ProgressionText.speed(speed, units: engine.profile.units) }
    func durationText(_ seconds: Seconds) -> String { ProgressionText.duration(seconds) }
    func dayText(_ date: Date) -> String { ProgressionText.day(date) }
    func format(_ value: Double) -> String { ProgressionText.number(value) }
}
