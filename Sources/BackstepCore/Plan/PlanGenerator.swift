import Foundation

/// Turns a `PlanRequest` into a multi-week `Plan`.
///
/// The generator is deterministic (the same request gives the same plan) and conservative:
/// - stages advance on a fixed schedule (first steps 2 weeks, novice 4, established 8, advanced 6), never past
///   what the population, the screening and the goal allow;
/// - every week has one speed cap and one incline cap from `SafetyPolicy`, and every session's speeds and
///   inclines stay within them;
/// - one dose variable moves per week (minutes first, then incline for speed-last populations, then speed),
///   and every fourth week is easier (80 % of the minutes, fewest rounds);
/// - requests that conflict with safety are adjusted, never refused silently: each change is a
///   `PlanDiagnostic` with the reason.
///
/// The plan is a forecast. After each session, the progression engine adapts the next prescription from
/// the person's feedback.
public enum PlanGenerator {
    /// Weeks spent in each stage before the next one opens.
    public static func weeksInStage(_ stage: TrainingStage) -> Int {
        switch stage {
        case .firstSteps: 2
        case .novice: 4
        case .established: 8
        case .advanced: 6
        case .running: Int.max
        }
    }

    /// The longest continuous backward walk planned at each stage, in minutes (first steps 5–10 min and regular
    /// practice 10–20 min from the domain brief §3.1–3.2; longer only once established).
    public static func maximumWalkMinutes(_ stage: TrainingStage) -> Int {
        switch stage {
        case .firstSteps: 10
        case .novice: 15
        case .established: 20
        case .advanced, .running: 30
        }
    }

    /// The backward walking speed a stage starts at (the brief's 1.0 mph start for beginners and older adults).
    public static func startingSpeed(_ stage: TrainingStage, population: Population) -> Speed {
        if population.protectiveness >= Population.olderAdult.protectiveness { return SafetyPolicy.beginnerStartSpeed }
        switch stage {
        case .firstSteps: return SafetyPolicy.beginnerStartSpeed
        case .novice: return .milesPerHour(1.5)
        case .established: return .milesPerHour(2.0)
        case .advanced, .running: return .milesPerHour(2.5)
        }
    }

    /// Makes a plan.
    /// - Throws: `InputError` when a request field is out of range or names an unknown program.
    public static func plan(for request: PlanRequest) throws(InputError) -> Plan {
        try request.validate()
        var builder = Builder(request: request)
        return builder.build()
    }
}

extension PlanGenerator {
    struct Builder {
        let request: PlanRequest
        let profile: Profile
        let population: Population
        var clearance: Clearance
        var diagnostics: [PlanDiagnostic] = []
        var requiresClinician = false

        init(request: PlanRequest) {
            self.request = request
            self.profile = request.profile
            self.population = request.profile.population
            if let screening = request.screening {
                if let now = request.now, !screening.isCurrent(at: now) {
                    clearance = .notScreened
                    diagnostics.append(
                        PlanDiagnostic(
                            .warning, field: "screening",
                            "The screening is more than a year old; answer it again. Until then the plan stays conservative."
                        ))
                } else {
                    clearance = screening.clearance
                }
            } else {
                clearance = .notScreened
            }
        }

        var usesStrokeProtocol: Bool { population == .stroke || request.goal == .stroke }

        // MARK: Stage timeline

        var maximumStage: TrainingStage {
            if clearance != .cleared { return .novice }
            if population.protectiveness >= Population.olderAdult.protectiveness { return .established }
            return request.goal == .running ? .running : .advanced
        }

        mutating func stageTimeline() -> [TrainingStage] {
            let wanted = TrainingStage.starting(for: profile.experience)
            let limit = maximumStage
            var stage = min(wanted, limit)
            if wanted > limit {
                let reason =
                    clearance != .cleared
                    ? "the screening is not clear" : "the rules for \(population.label) keep speeds and inclines gentle"
                diagnostics.append(
                    PlanDiagnostic(
                        .adjusted, field: "level",
                        "Starting at the \(stage.label) stage rather than \(wanted.label) because \(reason)."))
            }
            var stages: [TrainingStage] = []
            var weeksSoFar = 0
            for _ in 0..<request.weeks {
                stages.append(stage)
                weeksSoFar += 1
                if weeksSoFar >= PlanGenerator.weeksInStage(stage), stage < limit,
                    let next = TrainingStage.allCases.first(where: { $0 > stage })
                {
                    stage = min(next, limit)
                    weeksSoFar = 0
                }
            }
            return stages
        }

        func policy(_ stage: TrainingStage) -> SafetyPolicy {
            SafetyPolicy(profile: profile, stage: stage, clearance: clearance)
        }

        // MARK: Build

        mutating func build() -> Plan {
            explainContext()
            let stages = stageTimeline()
            var weeks: [PlanWeek] = []
            var speed = PlanGenerator.startingSpeed(stages.first ?? .firstSteps, population: population)
            if usesStrokeProtocol, let baseline = profile.overgroundWalkingSpeed { speed = baseline }
            var walkMinutes = startingMinutes(stages.first ?? .firstSteps)
            var hillGrade = 0.0
            // Older adults and balance work progress time and incline before speed (domain brief §7).
            let speedLast = population.progressesSpeedLast || request.goal == .balance
            var mentionedDays = false
            var progressionWeeks = 0

            for (index, stage) in stages.enumerated() {
                let number = index + 1
                let policy = policy(stage)
                let isDeload = number % 4 == 0 && request.weeks >= 4
                let target = targetMinutes(stage)
                // One dose variable per (non-deload) week after the first.
                if number > 1, !isDeload, !usesStrokeProtocol {
                    progressionWeeks += 1
                    let canAddMinutes = walkMinutes < target
                    let canAddGrade = speedLast && hillGrade < policy.gradeCap.percent && number > 4
                    let canAddSpeed = speed < policy.cap()
                    // Speed-last populations: time, then incline, then speed. Others alternate time and speed.
                    let preferSpeed = !speedLast && progressionWeeks % 2 == 0
                    if canAddSpeed && (preferSpeed || (!canAddMinutes && !canAddGrade)) {
                        speed = min(policy.cap(), speed + SafetyPolicy.speedIncrement(from: speed))
                    } else if canAddMinutes {
                        walkMinutes = min(target, walkMinutes + 2)
                    } else if canAddGrade {
                        hillGrade = min(policy.gradeCap.percent, hillGrade + 1)
                    }
                }
                walkMinutes = max(min(walkMinutes, PlanGenerator.maximumWalkMinutes(stage)), startingMinutes(stage))
                let weekSpeed = min(speed, policy.cap())
                let minutesThisWeek = isDeload ? max(Int((Double(walkMinutes) * 0.8).rounded()), 5) : walkMinutes
                let handrail = handrailGuidance(stage)
                let dose = Dose(
                    speed: weekSpeed, grade: Grade(percent: hillGrade), handrail: handrail, speedCap: policy.cap())

                var programs = programIds(stage: stage, week: number, policy: policy, mentionedDays: &mentionedDays)
                programs = applyPreferences(programs, stage: stage, policy: policy)
                let days = dayPattern(programs.count)
                let ordered = orderHardSessions(programs)
                var sessions: [PlannedSession] = []
                for (slot, id) in ordered.enumerated() {
                    guard
                        let workout = workout(
                            id, stage: stage, week: number, policy: policy, dose: dose, walkMinutes: minutesThisWeek,
                            deload: isDeload)
                    else { continue }
                    let day = days[slot]
                    let date = request.startDate.map {
                        $0.addingTimeInterval(Double((number - 1) * 7 + (day - 1)) * 86_400)
                    }
                    sessions.append(
                        PlannedSession(
                            week: number, day: day, date: date, programId: workout.programId, workout: workout.workout))
                }
                weeks.append(
                    PlanWeek(
                        number: number, stage: stage, focus: focus(stage, week: number, deload: isDeload),
                        isDeload: isDeload, speed: weekSpeed, speedCap: policy.cap(), gradeCap: policy.gradeCap,
                        handrail: handrail, sessions: sessions))
            }
            explainPreferences(weeks, stages: stages)
            explainMinutes(stages)
            diagnostics.append(
                PlanDiagnostic(
                    .info,
                    "This plan is a forecast. After each session your feedback (effort, pain, handrail use) decides whether the next one progresses, holds or steps back."
                ))
            return Plan(
                goal: request.goal, population: population, clearance: clearance, requiresClinician: requiresClinician,
                weeks: weeks, diagnostics: diagnostics)
        }

        // MARK: Context and explanations

        mutating func explainContext() {
            if clearance != .cleared {
                diagnostics.append(
                    PlanDiagnostic(clearance == .notScreened ? .info : .warning, field: "screening", clearance.advice))
            }
            switch population {
            case .general: break
            case .knee:
                diagnostics.append(
                    PlanDiagnostic(
                        .info,
                        "Knee rules apply: pain up to 5/10 during a session is acceptable if it settles by the next morning (Silbernagel et al. 2007)."
                    ))
            case .olderAdult, .balanceImpaired, .parkinsons:
                diagnostics.append(
                    PlanDiagnostic(
                        .info,
                        "Rules for \(population.label) apply: time and incline progress before speed, hills stay gentle (up to 5 %), and speed is capped at \(formatMph(SafetyPolicy.populationCap(population) ?? SafetyPolicy.beginnerCap))."
                    ))
            case .stroke:
                break
            }
            if profile.conditions.contains(where: \.needsClinicianPrescription) || request.goal == .stroke {
                requiresClinician = true
                if !request.clinicianPrescribed {
                    diagnostics.append(
                        PlanDiagnostic(
                            .warning, field: "condition",
                            "Backward treadmill training after a stroke or with Parkinson's disease is only for use with a clinician's prescription. Share this plan with your clinician and start only with their go-ahead."
                        ))
                }
            }
            if usesStrokeProtocol, profile.overgroundWalkingSpeed == nil {
                diagnostics.append(
                    PlanDiagnostic(
                        .warning, field: "overgroundSpeed",
                        "The stroke protocol starts at your overground walking speed; none was given, so the plan starts at 1.0 mph. Ask your clinician to measure it."
                    ))
            }
            if request.goal == .running && (population.excludesRunning || clearance != .cleared) {
                diagnostics.append(
                    PlanDiagnostic(
                        .adjusted, field: "goal",
                        "Backward running is not planned: \(clearance != .cleared ? "the screening is not clear" : "the rules for \(population.label) exclude it"). The plan builds backward walking instead."
                    ))
            }
            if let treadmill = profile.equipment.treadmill, treadmill.minimumSpeed > SafetyPolicy.beginnerCap {
                diagnostics.append(
                    PlanDiagnostic(
                        .warning, field: "treadmill",
                        "The treadmill's slowest speed (\(formatMph(treadmill.minimumSpeed))) is above the 2 mph beginner range; backward walking on it may be too fast to learn safely."
                    ))
            }
        }

        func formatMph(_ speed: Speed) -> String {
            let mph = (speed.milesPerHour * 10).rounded() / 10
            return "\(mph) mph (\((speed.metersPerSecond * 100).rounded() / 100) m/s)"
        }

        // MARK: Minutes

        func startingMinutes(_ stage: TrainingStage) -> Int {
            let base: Int
            switch stage {
            case .firstSteps: base = 5
            case .novice: base = 10
            case .established: base = 12
            case .advanced, .running: base = 15
            }
            return min(base, max(request.minutesPerSession, 5))
        }

        mutating func targetMinutes(_ stage: TrainingStage) -> Int {
            min(request.minutesPerSession, PlanGenerator.maximumWalkMinutes(stage))
        }

        func handrailGuidance(_ stage: TrainingStage) -> HandrailLevel {
            if population == .stroke || population == .parkinsons || population == .balanceImpaired { return .twoHands }
            let byStage: HandrailLevel
            switch stage {
            case .firstSteps: byStage = .twoHands
            case .novice: byStage = .oneHand
            case .established: byStage = .fingertips
            case .advanced, .running: byStage = .handsFree
            }
            return population == .olderAdult ? min(byStage, .fingertips) : byStage
        }
    }
}

extension ClosedRange where Bound == Int {
    func clamped(_ value: Int) -> Int { Swift.min(Swift.max(value, lowerBound), upperBound) }
}

extension Array where Element: Hashable {
    func uniqued() -> [Element] {
        var seen: Set<Element> = []
        return filter { seen.insert($0).inserted }
    }
}

extension Population {
    /// Words for the population in explanations.
    public var label: String {
        switch self {
        case .general: "adults"
        case .knee: "knee pain"
        case .olderAdult: "older adults"
        case .balanceImpaired: "impaired balance"
        case .parkinsons: "Parkinson's disease"
        case .stroke: "stroke rehabilitation"
        }
    }
}

extension TrainingStage {
    /// Words for the stage.
    public var label: String {
        switch self {
        case .firstSteps: "first steps"
        case .novice: "novice"
        case .established: "established"
        case .advanced: "advanced"
        case .running: "backward running"
        }
    }
}
