import Foundation

/// Which catalog programs a plan draws on, and the workouts it builds from them.
extension PlanGenerator.Builder {
    // MARK: Program selection

    static let hardPrograms: Set<String> = [
        "hill-repeats", "sprint-intervals", "conditioning-finisher", "backward-running", "overload",
    ]

    func allowed(_ program: Program, stage: TrainingStage, policy: SafetyPolicy) -> Bool {
        exclusion(program, stage: stage, policy: policy) == nil
    }

    func exclusion(_ program: Program, stage: TrainingStage, policy: SafetyPolicy) -> String? {
        let r = program.requirements
        if r.excludedPopulations.contains(population) {
            return "it is not offered under the rules for \(population.label)"
        }
        if r.involvesRunning && !policy.allowsRunning {
            if clearance != .cleared { return "running needs a clear screening" }
            return "running opens only at the advanced stage, after backward walking is mastered"
        }
        if stage < r.minimumStage {
            return "it opens at the \(r.minimumStage.label) stage, and this plan does not reach it"
        }
        if r.needsIncline && !hasIncline(policy) {
            return "it needs an incline of at least 2 % (treadmill or hill) and the plan's incline cap allows less"
        }
        if r.needsOutdoors && !profile.equipment.outdoors { return "it needs a safe outdoor space" }
        if r.clinicianPrescribed && !usesStrokeProtocol { return "it is a clinician-prescribed protocol" }
        return nil
    }

    func exclusionReason(_ id: String, stage: TrainingStage) -> String {
        guard let program = try? Catalog.program(id: id) else { return "unknown program" }
        return exclusion(program, stage: stage, policy: policy(stage)) ?? "there was no free session slot"
    }

    func programName(_ id: String) -> String { (try? Catalog.program(id: id).name) ?? id }

    func hasIncline(_ policy: SafetyPolicy) -> Bool {
        let machine = profile.equipment.treadmill?.maximumGrade.percent ?? 0
        return policy.gradeCap.percent >= 2 && (machine >= 2 || profile.equipment.outdoors)
    }

    mutating func programIds(
        stage: TrainingStage, week: Int, policy: SafetyPolicy, mentionedDays: inout Bool
    ) -> [String] {
        var days = request.daysPerWeek
        func limitDays(_ maximum: Int, _ reason: String) {
            if days > maximum {
                if !mentionedDays {
                    diagnostics.append(
                        PlanDiagnostic(
                            .adjusted, field: "days",
                            "\(maximum) sessions a week instead of \(request.daysPerWeek): \(reason)"))
                    mentionedDays = true
                }
                days = maximum
            }
        }
        if usesStrokeProtocol {
            if week <= 6 {
                limitDays(3, "the stroke protocol is 30 minutes three times a week (Michaelsen et al. 2014).")
                return Array(repeating: "stroke-gait", count: days)
            }
            limitDays(3, "balance work is planned 2–3 times a week.")
            return Array(repeating: "older-adult-balance", count: days)
        }
        if population.protectiveness >= Population.olderAdult.protectiveness || request.goal == .balance {
            limitDays(3, "balance walks are planned 2–3 times a week as part of the routine (domain brief §3.10).")
            return Array(repeating: "older-adult-balance", count: days)
        }
        if request.goal == .knee && week <= 6 {
            limitDays(3, "the knee protocol is 10 minutes three times a week for six weeks (Alghadir et al. 2019).")
            return Array(repeating: "knee-oa", count: days)
        }
        if stage == .firstSteps {
            limitDays(4, "first sessions are planned 3–4 times a week so the body can adapt.")
            return Array(repeating: "first-steps", count: days)
        }
        var hard: [String] = []
        // At most two hard sessions a week, and always at least one easy one.
        let maximumHard = days <= 1 ? 0 : min(2, days - 1)
        func add(_ id: String) {
            guard hard.count < maximumHard,
                let program = try? Catalog.program(id: id), allowed(program, stage: stage, policy: policy)
            else { return }
            hard.append(id)
        }
        var filler = "regular-practice"
        switch request.goal {
        case .knee:
            add("overload")
        case .fitness, .running, .balance, .stroke:
            if stage == .running { add("backward-running") }
            add("hill-repeats")
            add("sprint-intervals")
        case .fatLoss:
            add("hill-repeats")
            add("sprint-intervals")
            add("overload")
        case .strength:
            add("hill-repeats")
            add("conditioning-finisher")
            filler = stage >= .novice ? "warm-up-pre-fatigue" : filler
        }
        var ids = hard
        var fillerUsed = 0
        while ids.count < days {
            // Strength plans alternate their filler with regular practice.
            ids.append(request.goal == .strength && fillerUsed % 2 == 1 ? "buy-in-cash-out" : filler)
            fillerUsed += 1
        }
        return ids
    }

    /// Puts preferred programs into the week when they are allowed, replacing easy sessions.
    func applyPreferences(_ ids: [String], stage: TrainingStage, policy: SafetyPolicy) -> [String] {
        var ids = ids
        for id in request.preferredPrograms where !ids.contains(id) {
            guard let program = try? Catalog.program(id: id), allowed(program, stage: stage, policy: policy) else {
                continue
            }
            let hardCount = ids.filter { Self.hardPrograms.contains($0) }.count
            if Self.hardPrograms.contains(id) && (hardCount >= 2 || hardCount >= ids.count - 1) { continue }
            if let slot = ids.lastIndex(where: {
                !Self.hardPrograms.contains($0) && !request.preferredPrograms.contains($0)
            }) {
                ids[slot] = id
            }
        }
        return ids
    }

    /// Says when each preferred program starts, or why it never does.
    mutating func explainPreferences(_ weeks: [PlanWeek], stages: [TrainingStage]) {
        for id in request.preferredPrograms {
            let name = programName(id)
            let firstWeek = weeks.first { week in week.sessions.contains { $0.programId == id } }
            let firstReason = exclusionReason(id, stage: stages.first ?? .firstSteps)
            if let firstWeek {
                if firstWeek.number > 1 {
                    diagnostics.append(
                        PlanDiagnostic(
                            .adjusted, field: "prefer",
                            "\(name) starts in week \(firstWeek.number), at the \(firstWeek.stage.label) stage; not earlier because \(firstReason)."
                        ))
                }
            } else {
                diagnostics.append(
                    PlanDiagnostic(
                        .adjusted, field: "prefer",
                        "\(name) is not in this plan: \(exclusionReason(id, stage: stages.last ?? .firstSteps))."))
            }
        }
    }

    /// Says when the sessions are shorter or longer than the minutes asked for.
    mutating func explainMinutes(_ stages: [TrainingStage]) {
        if usesStrokeProtocol {
            if request.minutesPerSession != 30 {
                diagnostics.append(
                    PlanDiagnostic(
                        .adjusted, field: "minutes",
                        "Protocol sessions are 30 minutes as published (you asked for \(request.minutesPerSession)); only your clinician should change that."
                    ))
            }
            return
        }
        if request.goal == .knee && request.minutesPerSession > 10 {
            diagnostics.append(
                PlanDiagnostic(
                    .info, field: "minutes",
                    "The knee protocol's first six weeks use 10-minute walks as studied (Alghadir et al. 2019); longer walks come after."
                ))
        }
        guard let first = stages.first, let last = stages.last else { return }
        let startLimit = PlanGenerator.maximumWalkMinutes(first)
        let endLimit = PlanGenerator.maximumWalkMinutes(last)
        if request.minutesPerSession > startLimit {
            let growth =
                endLimit > startLimit
                ? " and grows to \(min(endLimit, request.minutesPerSession)) minutes as you progress" : ""
            diagnostics.append(
                PlanDiagnostic(
                    .adjusted, field: "minutes",
                    "You asked for \(request.minutesPerSession)-minute sessions. At the \(first.label) stage a backward walk lasts at most \(startLimit) minutes\(growth); extra time is better spent on forward walking or strength work."
                ))
        }
    }

    /// Days of the week (1–7) for `count` sessions, spread out.
    func dayPattern(_ count: Int) -> [Int] {
        switch count {
        case 0: []
        case 1: [1]
        case 2: [1, 4]
        case 3: [1, 3, 5]
        case 4: [1, 2, 4, 6]
        case 5: [1, 2, 3, 5, 6]
        case 6: [1, 2, 3, 4, 5, 6]
        default: Array(1...7)
        }
    }

    /// Puts hard sessions on non-adjacent slots of the day pattern.
    func orderHardSessions(_ ids: [String]) -> [String] {
        let hard = ids.filter { Self.hardPrograms.contains($0) }
        var easy = ids.filter { !Self.hardPrograms.contains($0) }
        guard !hard.isEmpty else { return ids }
        var result = Array(repeating: "", count: ids.count)
        let slots = [0, ids.count / 2].uniqued()
        for (index, id) in hard.enumerated() {
            let slot = index < slots.count ? slots[index] : (result.firstIndex(of: "") ?? 0)
            result[slot] = id
        }
        for index in result.indices where result[index].isEmpty {
            result[index] = easy.removeFirst()
        }
        return result
    }

    // MARK: Workouts

    mutating func workout(
        _ id: String, stage: TrainingStage, week: Int, policy: SafetyPolicy, dose: Dose, walkMinutes: Int,
        deload: Bool
    ) -> (programId: String, workout: Workout)? {
        guard let program = try? Catalog.program(id: id) else { return nil }
        var values: [ProgramParameter: Int] = [:]
        var dose = dose
        for spec in program.parameters {
            switch spec.parameter {
            case .minutes:
                values[.minutes] = spec.range.clamped(walkMinutes)
            case .rounds:
                values[.rounds] = deload ? spec.range.lowerBound : spec.defaultValue
            case .gradePercent:
                let cap = Int(policy.gradeCap.percent.rounded(.down))
                let wanted = program.id == "older-adult-balance" ? Int(dose.grade?.percent ?? 0) : spec.defaultValue
                values[.gradePercent] = min(spec.range.clamped(wanted), cap)
            case .week:
                values[.week] = spec.range.clamped(week)
            default:
                break
            }
        }
        if let grade = values[.gradePercent],
            let spec = program.parameters.first(where: { $0.parameter == .gradePercent }),
            !spec.range.contains(grade)
        {
            return nil
        }
        if program.requirements.involvesRunning {
            dose.speedCap = policy.cap(for: .run)
        }
        if program.id == "stroke-gait" {
            dose.speed = profile.overgroundWalkingSpeed ?? SafetyPolicy.beginnerStartSpeed
            dose.speedCap = policy.cap()
        }
        guard var workouts = try? program.workouts(values, dose: dose), !workouts.isEmpty else { return nil }
        var chosen = workouts.removeFirst()
        // Keep interval sessions inside the minutes available: fewer rounds first, then a plain walk.
        if chosen.estimatedSeconds > Double(request.minutesPerSession * 60 + 60),
            let spec = program.parameters.first(where: { $0.parameter == .rounds })
        {
            var rounds = values[.rounds] ?? spec.defaultValue
            while rounds > spec.range.lowerBound,
                chosen.estimatedSeconds > Double(request.minutesPerSession * 60 + 60)
            {
                rounds -= 1
                values[.rounds] = rounds
                if let rebuilt = try? program.workout(values, dose: dose) { chosen = rebuilt }
            }
            if chosen.estimatedSeconds > Double(request.minutesPerSession * 60 + 60), id != "regular-practice" {
                return workout(
                    "regular-practice", stage: stage, week: week, policy: policy,
                    dose: Dose(speed: dose.speed, grade: .level, handrail: dose.handrail, speedCap: policy.cap()),
                    walkMinutes: walkMinutes, deload: deload)
            }
        }
        return (program.id, chosen)
    }

    func focus(_ stage: TrainingStage, week: Int, deload: Bool) -> String {
        if usesStrokeProtocol {
            return week <= 6
                ? "Stroke protocol week \(week): 30 minutes, speed \(100 + 10 * (week - 1)) % of your starting speed."
                : "Keep your gains with gentle balance walks."
        }
        if deload { return "Easier week: shorter sessions so the last weeks' work can settle." }
        if request.goal == .knee && week <= 6 {
            return "Knee protocol week \(week): 10 minutes at a comfortable speed."
        }
        switch stage {
        case .firstSteps: return "Learn the backward step: slow, level, hands on the rails."
        case .novice: return "Build time on the belt at a steady, comfortable speed."
        case .established: return "Hills and longer walks: incline is the main overload."
        case .advanced: return "Brisk walking and short fast efforts, hands free."
        case .running: return "Backward running: slow and smooth bouts between walks."
        }
    }
}
