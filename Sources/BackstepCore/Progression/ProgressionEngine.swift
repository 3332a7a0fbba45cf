import Foundation

/// Decides the next backward-walking prescription from the latest session's feedback and the history.
///
/// The engine is pure: time comes in as the feedback's `date`, nothing reads a clock, and the same input always
/// gives the same decision. The rules are checked in the order of `ProgressionRule` and the first one that
/// applies decides; `docs/progression-rules.md` lists them with their sources. In short (domain brief §5 and §7):
/// red flags and severe pain stop; a near-fall, pain above 5/10, pain rising two weeks running, a missed week or
/// two unfinished sessions step back; anything uncertain holds; two good sessions in a row at the same dose
/// progress exactly one variable, in an order that depends on the population; every speed and incline stays
/// under `SafetyPolicy`'s caps.
public struct ProgressionEngine: Hashable, Sendable {
    /// Who is training.
    public var profile: Profile
    /// The pre-participation screening result.
    public var clearance: Clearance
    /// The stroke protocol's baseline: the person's comfortable overground walking speed.
    public var strokeBaseline: Speed?

    /// Creates an engine.
    /// - Parameters:
    ///   - profile: who is training (population, goal, personal cap, treadmill).
    ///   - clearance: the screening result; anything but `.cleared` keeps the caps conservative.
    ///   - strokeBaseline: the stroke protocol's baseline speed; defaults to the profile's overground walking speed.
    public init(profile: Profile, clearance: Clearance, strokeBaseline: Speed? = nil) {
        self.profile = profile
        self.clearance = clearance
        self.strokeBaseline = strokeBaseline ?? profile.overgroundWalkingSpeed
    }

    /// The population whose rules apply.
    public var population: Population { profile.population }

    /// The safety policy at a stage.
    public func policy(at stage: TrainingStage) -> SafetyPolicy {
        SafetyPolicy(profile: profile, stage: stage, clearance: clearance)
    }

    /// The order in which dose variables progress for this population (domain brief §7). General and knee:
    /// duration, handrail weaning, incline, speed. Older adults, balance and Parkinson's: duration and incline
    /// first, then handrail weaning, speed last. Stroke: duration, then the weekly speed step; handrail weaning
    /// and incline are left to the clinician (the protocol is level walking with handrails allowed).
    public var progressionOrder: [ProgressionVariable] {
        switch population {
        case .stroke: [.duration, .speed]
        case .general, .knee: [.duration, .handrail, .grade, .speed]
        case .olderAdult, .balanceImpaired, .parkinsons: [.duration, .grade, .handrail, .speed]
        }
    }

    /// `prescription` brought under the caps of its stage: gait back to walking when running is not allowed,
    /// speed to `SafetyPolicy.cap(for:)`, incline to `SafetyPolicy.gradeCap`.
    public func clamped(_ prescription: Prescription) -> Prescription {
        var result = prescription
        let policy = policy(at: result.stage)
        if result.gait == .run && !policy.allowsRunning { result.gait = .walk }
        result.speed = min(result.speed, policy.cap(for: result.gait))
        result.grade = min(result.grade, policy.gradeCap)
        return result
    }

    /// Decides what the next session should be.
    /// - Parameters:
    ///   - current: the prescription the latest session was done at.
    ///   - latest: the latest session's feedback; its date is "now".
    ///   - history: earlier sessions with their prescriptions, in any order. Entries dated after `latest` are
    ///     ignored.
    /// - Returns: the action, the next prescription (always within the caps) and the reasons.
    public func decide(current: Prescription, latest: SessionFeedback, history: [SessionRecord]) -> ProgressionDecision
    {
        var decision = ProgressionEvaluation(engine: self, current: current, latest: latest, history: history).decide()
        decision.next = clamped(decision.next)
        return decision
    }
}

/// One evaluation of the rules for one input.
struct ProgressionEvaluation {
    let engine: ProgressionEngine
    let current: Prescription
    let latest: SessionFeedback
    /// Every session up to and including the latest, oldest first.
    let records: [SessionRecord]
    let now: Date

    init(engine: ProgressionEngine, current: Prescription, latest: SessionFeedback, history: [SessionRecord]) {
        self.engine = engine
        self.current = current
        self.latest = latest
        self.now = latest.date
        let earlier = history.filter { $0.feedback.date <= latest.date }.sorted { $0.feedback.date < $1.feedback.date }
        self.records = earlier + [SessionRecord(prescription: current, feedback: latest)]
    }

    typealias T = ProgressionThresholds

    var previous: SessionRecord? { records.count >= 2 ? records[records.count - 2] : nil }
    var population: Population { engine.population }

    // MARK: - The rule table

    func decide() -> ProgressionDecision {
        let gate = runningGate(at: current.stage)

        // 1. Red flags stop.
        if !latest.redFlags.isEmpty {
            let names = latest.redFlags.sorted().map(\.label).joined(separator: ", ")
            return stop(
                .redFlag,
                "\(names) reported; do not train again until a doctor has checked you, and get urgent help if it "
                    + "comes back at rest", gate: gate)
        }
        // 2. Severe pain stops.
        if latest.peakPain >= T.severePain {
            return stop(
                .severePain,
                "pain reached \(latest.peakPain)/10, at or above the severe level of \(T.severePain)/10; see a "
                    + "physiotherapist or doctor before the next session", gate: gate)
        }
        // 3. A prescription over the caps comes back under them.
        let capped = engine.clamped(current)
        if capped != current {
            let changes = current.changedVariables(to: capped).map { describeChange($0, from: current, to: capped) }
            return make(
                .regress, .overCap, next: capped,
                "the prescription was above the caps for \(population.rawValue) at the \(current.stage.rawValue) "
                    + "stage, so \(changes.joined(separator: " and ")) to stay within them", gate: gate)
        }
        // 4. Balance events step back: more handrail support first, then lower speed.
        if latest.hadBalanceEvent {
            let what = latest.nearFall ? "a near-fall" : "a loss of balance"
            return regress(
                .balanceEvent, "\(what) was reported, so the next session is easier",
                order: [.handrail, .speed, .grade, .duration], revertRecentIncrease: false, stopAtFloor: true,
                gate: gate)
        }
        // 5. Pain above the acceptable level steps back.
        let worstPain = latest.peakPain
        if worstPain > T.acceptablePain {
            return regress(
                .painAboveAcceptable,
                "pain reached \(worstPain)/10, above the acceptable \(T.acceptablePain)/10, so the load goes down",
                order: [.grade, .speed, .duration], revertRecentIncrease: true, stopAtFloor: true, gate: gate)
        }
        // 6. Pain rising two weeks in a row steps back.
        let weekly = weeklyPain()
        if let w0 = weekly[0], let w1 = weekly[1], let w2 = weekly[2], isRise(from: w1, to: w0),
            isRise(from: w2, to: w1)
        {
            return regress(
                .painRisingTwoWeeks,
                "average pain rose two weeks running (\(format(w2)) → \(format(w1)) → \(format(w0)) out of 10), so "
                    + "the load goes down", order: [.grade, .speed, .duration], revertRecentIncrease: true,
                stopAtFloor: false, gate: gate)
        }
        // 7. A missed week steps back.
        if let previous, now.timeIntervalSince(previous.feedback.date) > T.missedWeek {
            let days = Int((now.timeIntervalSince(previous.feedback.date) / 86_400).rounded(.down))
            return regress(
                .missedWeek,
                "\(days) days passed since the previous session (more than 7), so the next session "
                    + "is a little easier", order: [.duration, .speed, .grade], revertRecentIncrease: false,
                stopAtFloor: false, gate: gate)
        }
        // 8–9. Unfinished sessions hold, and two in a row step back.
        if !latest.completed {
            if let previous, !previous.feedback.completed {
                return regress(
                    .notCompletedTwice,
                    "the last two sessions were not finished, so the next one is shorter or "
                        + "easier", order: [.duration, .speed, .grade], revertRecentIncrease: false,
                    stopAtFloor: false, gate: gate)
            }
            return make(
                .hold, .notCompleted, next: current,
                "the session was not finished, so the dose stays the same; two unfinished sessions in a row step it "
                    + "back", gate: gate)
        }
        // 10. Next-morning pain that has not settled holds.
        if let morning = latest.painNextMorning, morning > T.settledMorningPain {
            return make(
                .hold, .painNotSettled,
                next: current,
                "next-morning pain was \(morning)/10; it should settle to \(T.settledMorningPain)/10 or less before "
                    + "anything increases", gate: gate)
        }
        // 11. Pain that needs a next-morning check holds until it is known.
        if latest.painNextMorning == nil, max(latest.painDuring, latest.painAfter) > T.painNeedingMorningCheck {
            return make(
                .hold, .morningPainUnknown, next: current,
                "pain was \(max(latest.painDuring, latest.painAfter))/10; record tomorrow morning's pain so we can "
                    + "check it settled before anything increases", gate: gate)
        }
        // 12. Pain rising week on week holds.
        if let w0 = weekly[0], let w1 = weekly[1], isRise(from: w1, to: w0) {
            return make(
                .hold, .painRising, next: current,
                "average pain rose from \(format(w1)) last week to \(format(w0)) out of 10 this week; pain should not "
                    + "rise week on week", gate: gate)
        }
        // 13. High effort holds.
        if let exertion = latest.exertion, exertion.isHigh {
            return make(
                .hold, .highEffort, next: current,
                "\(exertion.label) is too hard to add load (limit: Borg \(format(T.highEffortBorg)) or CR10 "
                    + "\(format(T.highEffortCR10))); stay here until it feels easier", gate: gate)
        }
        // 14. Needing more rail support than prescribed holds.
        if latest.handrailUsed < current.handrail {
            return make(
                .hold, .moreSupportUsed, next: current,
                "you used \(latest.handrailUsed.label) although \(current.handrail.label) was planned; stay here "
                    + "until the planned support is comfortable", gate: gate)
        }
        // 15. Two good sessions in a row at the same dose are needed.
        guard let previous, previous.prescription.hasSameDose(as: current), isGood(previous) else {
            return make(
                .hold, .oneGoodSession, next: current,
                "this was a good session; one more good session at the same dose is needed before one thing "
                    + "increases", gate: gate)
        }
        return progress()
    }

    // MARK: - Progress

    func progress() -> ProgressionDecision {
        var reasons: [ProgressionReason] = []
        var base = current
        if let promoted = promotion() {
            base.stage = promoted.stage
            reasons.append(ProgressionReason(rule: .stagePromotion, message: promoted.message))
        }
        let gate = runningGate(at: base.stage)

        // 16. The backward-running gate.
        if base.gait == .walk && gate.isOpen {
            var next = base
            next.gait = .run
            next.stage = .running
            reasons.insert(
                ProgressionReason(
                    rule: .runningGate,
                    message: "hands-free backward walking at \(speedText(current.speed)) with no pain above "
                        + "\(T.runningGatePain)/10 and no near-fall in 4 weeks: the next session introduces slow, "
                        + "smooth backward running at the same speed, with the rails within reach"),
                at: 0)
            return ProgressionDecision(
                action: .readyForBackwardRunning, rule: .runningGate, current: current, next: next, reasons: reasons,
                runningGate: gate)
        }

        // 17–18. One variable, in the population's order.
        let policy = engine.policy(at: base.stage)
        var blocked: ProgressionReason?
        for variable in engine.progressionOrder {
            if variable == .speed && population == .stroke {
                switch strokeSpeedStep(from: base, policy: policy) {
                case .increase(let speed):
                    var next = base
                    next.speed = speed
                    let step = engine.strokeBaseline.map { speedText($0 * T.strokeWeeklyFraction) } ?? ""
                    reasons.insert(
                        ProgressionReason(
                            rule: .strokeWeeklySpeed,
                            message: "two good sessions and a week since the last increase: speed goes up by 10 % of "
                                + "the baseline (\(step)), \(describeChange(.speed, from: current, to: next))"),
                        at: 0)
                    return ProgressionDecision(
                        action: .progress, rule: .strokeWeeklySpeed, current: current, next: next, reasons: reasons,
                        runningGate: gate)
                case .blocked(let message):
                    blocked = ProgressionReason(rule: .strokeWeeklySpeed, message: message)
                    continue
                case .none:
                    continue
                }
            }
            if let next = increased(variable, in: base, policy: policy) {
                reasons.insert(
                    ProgressionReason(
                        rule: .oneVariable,
                        message: "two good sessions in a row at the same dose, so one thing increases: "
                            + describeChange(variable, from: current, to: next)),
                    at: 0)
                return ProgressionDecision(
                    action: .progress, rule: .oneVariable, current: current, next: next, reasons: reasons,
                    runningGate: gate)
            }
        }

        // 19. Nothing left to increase.
        if let blocked {
            reasons.insert(blocked, at: 0)
            return ProgressionDecision(
                action: .hold, rule: .strokeWeeklySpeed, current: current, next: base, reasons: reasons,
                runningGate: gate)
        }
        reasons.insert(
            ProgressionReason(
                rule: .atCeiling,
                message: "two good sessions, but every variable is at its target or cap for this stage, so the dose "
                    + "stays the same"),
            at: 0)
        if !gate.missing.isEmpty && base.gait == .walk {
            reasons.append(
                ProgressionReason(
                    rule: .runningGate, message: "still missing: \(gate.missing.joined(separator: "; "))"))
        }
        return ProgressionDecision(
            action: .hold, rule: .atCeiling, current: current, next: base, reasons: reasons, runningGate: gate)
    }

    /// One step up of one variable, or nil when it is at its target or cap.
    func increased(
        _ variable: ProgressionVariable, in prescription: Prescription, policy: SafetyPolicy
    ) -> Prescription? {
        var next = prescription
        switch variable {
        case .duration:
            let target =
                prescription.targetDuration
                ?? T.defaultDurationTarget(population: population, stage: prescription.stage)
            guard prescription.duration < target else { return nil }
            next.duration = min(prescription.duration + T.durationStep(from: prescription.duration), target)
        case .handrail:
            guard let less = prescription.handrail.lessSupport else { return nil }
            next.handrail = less
        case .grade:
            let cap = policy.gradeCap
            guard prescription.grade < cap else { return nil }
            next.grade = min(Grade(percent: prescription.grade.percent + T.gradeStep), cap)
        case .speed:
            let cap = policy.cap(for: prescription.gait)
            guard prescription.speed.metersPerSecond < cap.metersPerSecond - T.speedAtCapTolerance else { return nil }
            next.speed = min(prescription.speed + SafetyPolicy.speedIncrement(from: prescription.speed), cap)
        case .gait:
            return nil
        }
        return next
    }

    enum StrokeStep {
        case increase(Speed)
        case blocked(String)
        case none
    }

    /// The stroke protocol's weekly speed step: 10 % of the baseline, at most once per 7 days, capped.
    func strokeSpeedStep(from prescription: Prescription, policy: SafetyPolicy) -> StrokeStep {
        let cap = policy.cap(for: prescription.gait)
        guard prescription.speed.metersPerSecond < cap.metersPerSecond - T.speedAtCapTolerance else { return .none }
        guard let baseline = engine.strokeBaseline, baseline.metersPerSecond > 0 else {
            return .blocked(
                "no baseline overground walking speed is recorded, so speed stays the same; the clinician should "
                    + "enter it")
        }
        if let last = lastSpeedIncreaseDate(), now.timeIntervalSince(last) < T.strokeIncreaseInterval {
            let from = last.addingTimeInterval(T.strokeIncreaseInterval)
            return .blocked(
                "speed last went up on \(dayText(last)); the next 10 % step is possible from \(dayText(from))")
        }
        return .increase(min(prescription.speed + baseline * T.strokeWeeklyFraction, cap))
    }

    /// When speed last went up: the date of the last session before the first one at a higher speed (the date
    /// the increase was decided).
    func lastSpeedIncreaseDate() -> Date? {
        guard records.count >= 2 else { return nil }
        for index in stride(from: records.count - 1, through: 1, by: -1)
        where records[index].prescription.speed.metersPerSecond
            > records[index - 1].prescription.speed.metersPerSecond + 1e-9
        {
            return records[index - 1].feedback.date
        }
        return nil
    }

    // MARK: - Regress

    func regress(
        _ rule: ProgressionRule, _ message: String, order: [ProgressionVariable], revertRecentIncrease: Bool,
        stopAtFloor: Bool, gate: RunningGateStatus
    ) -> ProgressionDecision {
        if revertRecentIncrease, let (variable, next) = revertedRecentIncrease() {
            return make(
                .regress, rule, next: next,
                "\(message): the last increase is undone, \(describeChange(variable, from: current, to: next))",
                gate: gate)
        }
        for variable in order {
            if let next = decreased(variable, in: current) {
                return make(
                    .regress, rule, next: next, "\(message): \(describeChange(variable, from: current, to: next))",
                    gate: gate)
            }
        }
        if stopAtFloor {
            return make(
                .stopAndSeeProfessional, rule, next: current,
                "\(message), but the dose is already as easy as it goes; please see a physiotherapist before the "
                    + "next session", gate: gate)
        }
        return make(.hold, rule, next: current, "\(message), but the dose is already as easy as it goes", gate: gate)
    }

    /// One step down of one variable, or nil when it is at its floor.
    func decreased(_ variable: ProgressionVariable, in prescription: Prescription) -> Prescription? {
        var next = prescription
        switch variable {
        case .duration:
            guard prescription.duration > T.minimumDuration else { return nil }
            next.duration = max(
                prescription.duration - T.durationStep(from: prescription.duration - 1), T.minimumDuration)
        case .handrail:
            guard let more = prescription.handrail.moreSupport else { return nil }
            next.handrail = more
        case .grade:
            guard prescription.grade.percent > 0 else { return nil }
            next.grade = Grade(percent: max(prescription.grade.percent - T.gradeStep, 0))
        case .speed:
            let floor = max(T.minimumSpeed, engine.profile.equipment.treadmill?.minimumSpeed ?? .zero)
            guard prescription.speed.metersPerSecond > floor.metersPerSecond + 1e-9 else { return nil }
            let step: Speed =
                if population == .stroke, let baseline = engine.strokeBaseline, baseline.metersPerSecond > 0 {
                    baseline * T.strokeWeeklyFraction
                } else {
                    SafetyPolicy.speedIncrement(from: prescription.speed)
                }
            next.speed = max(prescription.speed - step, floor)
        case .gait:
            guard prescription.gait == .run else { return nil }
            next.gait = .walk
        }
        return next
    }

    /// The most recent single-variable increase, undone, when it happened in the last 14 days ("go back to the
    /// last dose that was tolerated").
    func revertedRecentIncrease() -> (ProgressionVariable, Prescription)? {
        guard records.count >= 2 else { return nil }
        for index in stride(from: records.count - 1, through: 1, by: -1) {
            let before = records[index - 1].prescription
            let after = records[index].prescription
            let changed = before.changedVariables(to: after)
            guard !changed.isEmpty else { continue }
            guard changed.count == 1, let variable = changed.first,
                after.value(of: variable) > before.value(of: variable),
                now.timeIntervalSince(records[index].feedback.date) <= 14 * 86_400
            else { return nil }
            var next = current
            switch variable {
            case .duration: next.duration = before.duration
            case .handrail: next.handrail = before.handrail
            case .grade: next.grade = before.grade
            case .speed: next.speed = before.speed
            case .gait: next.gait = before.gait
            }
            return (variable, next)
        }
        return nil
    }

    // MARK: - Sessions and pain

    /// A good session: finished, no red flag or balance event, pain within the model and settled, effort not high,
    /// no more rail support than planned.
    func isGood(_ record: SessionRecord) -> Bool {
        let feedback = record.feedback
        guard feedback.completed, feedback.redFlags.isEmpty, !feedback.hadBalanceEvent else { return false }
        guard feedback.peakPain <= T.acceptablePain else { return false }
        if let morning = feedback.painNextMorning {
            guard morning <= T.settledMorningPain else { return false }
        } else if max(feedback.painDuring, feedback.painAfter) > T.painNeedingMorningCheck {
            return false
        }
        if let exertion = feedback.exertion, exertion.isHigh { return false }
        return feedback.handrailUsed >= record.prescription.handrail
    }

    /// Mean peak pain per session in the last three 7-day windows ending now (index 0 = this week).
    func weeklyPain() -> [Int: Double] {
        var result: [Int: Double] = [:]
        for week in 0..<3 {
            let upper = now.addingTimeInterval(-Double(week) * 7 * 86_400)
            let lower = upper.addingTimeInterval(-7 * 86_400)
            let pains = records.filter { $0.feedback.date > lower && $0.feedback.date <= upper }
                .map { Double($0.feedback.peakPain) }
            if !pains.isEmpty { result[week] = pains.reduce(0, +) / Double(pains.count) }
        }
        return result
    }

    func isRise(from earlier: Double, to later: Double) -> Bool {
        later - earlier >= T.risingPainStep && later >= T.risingPainFloor
    }

    func recent(_ window: TimeInterval) -> [SessionRecord] {
        records.filter { now.timeIntervalSince($0.feedback.date) <= window }
    }

    var completedCount: Int { records.filter(\.feedback.completed).count }
}
