import BackstepTreadmill
import Foundation
import Testing

@testable import BackstepCore

@Suite("Plan generator")
struct PlanGeneratorTests {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)

    static func request(
        age: Int = 35, goal: Goal = .fitness, experience: Experience = .beginner, conditions: Set<Condition> = [],
        days: Int = 3, minutes: Int = 20, weeks: Int = 12, cleared: Bool = true, prefer: [String] = []
    ) -> PlanRequest {
        PlanRequest(
            profile: Profile(
                age: age, mass: Mass(kilograms: 75), goal: goal, experience: experience, conditions: conditions),
            daysPerWeek: days, minutesPerSession: minutes, weeks: weeks,
            screening: cleared ? .allClear(on: now) : nil, preferredPrograms: prefer, now: now)
    }

    @Test("The same request always gives the same plan")
    func deterministic() throws {
        let request = Self.request(goal: .strength, experience: .intermediate, days: 5, weeks: 52)
        #expect(try PlanGenerator.plan(for: request) == PlanGenerator.plan(for: request))
    }

    @Test("Weeks, days and dates")
    func shape() throws {
        var request = Self.request(days: 4, weeks: 6)
        request.startDate = Date(timeIntervalSince1970: 1_795_392_000)  // a Monday, 00:00 UTC
        let plan = try PlanGenerator.plan(for: request)
        #expect(plan.weeks.count == 6)
        #expect(plan.weeks.map(\.number) == Array(1...6))
        for week in plan.weeks {
            #expect(week.sessions.count <= 4)
            #expect(Set(week.sessions.map(\.day)).count == week.sessions.count)
            for session in week.sessions {
                let expected = request.startDate?.addingTimeInterval(
                    Double((week.number - 1) * 7 + session.day - 1) * 86_400)
                #expect(session.date == expected)
            }
        }
    }

    @Test("A first-timer asking for 60-minute sprint sessions gets a safe plan and an explanation")
    func riskyRequest() throws {
        let plan = try PlanGenerator.plan(
            for: Self.request(days: 7, minutes: 60, weeks: 8, prefer: ["sprint-intervals"]))
        #expect(plan.weeks[0].stage == .firstSteps)
        #expect(!plan.sessions.contains { $0.programId == "sprint-intervals" })
        #expect(plan.weeks[0].sessions.allSatisfy { $0.estimatedSeconds <= 11 * 60 })
        #expect(plan.weeks[0].sessions.count <= 4)
        #expect(plan.diagnostics.contains { $0.field == "minutes" && $0.severity == .adjusted })
        #expect(plan.diagnostics.contains { $0.field == "days" && $0.severity == .adjusted })
        #expect(plan.diagnostics.contains { $0.field == "prefer" && $0.message.contains("not in this plan") })
    }

    @Test("Screening with a yes keeps the plan conservative and says so")
    func screeningYes() throws {
        var request = Self.request(experience: .advanced)
        var answers = Screening.allClear(on: Self.now).answers
        answers[.chestPain] = true
        request.screening = Screening(date: Self.now, answers: answers)
        let plan = try PlanGenerator.plan(for: request)
        #expect(plan.clearance == .seeProfessionalFirst)
        #expect(plan.weeks.allSatisfy { $0.stage <= .novice && $0.speedCap <= SafetyPolicy.beginnerCap })
        #expect(plan.diagnostics.contains { $0.severity == .warning && $0.field == "screening" })
        #expect(plan.diagnostics.contains { $0.field == "level" })
    }

    @Test("An old screening no longer counts")
    func staleScreening() throws {
        var request = Self.request(experience: .advanced)
        request.screening = .allClear(on: Self.now.addingTimeInterval(-400 * 86_400))
        let plan = try PlanGenerator.plan(for: request)
        #expect(plan.clearance == .notScreened)
    }

    @Test("Stroke: the protocol, with a clinician's go-ahead required")
    func stroke() throws {
        var request = Self.request(age: 64, goal: .stroke, conditions: [.stroke], weeks: 8)
        request.profile.overgroundWalkingSpeed = .metersPerSecond(0.5)
        let plan = try PlanGenerator.plan(for: request)
        #expect(plan.requiresClinician)
        #expect(plan.diagnostics.contains { $0.severity == .warning && $0.message.contains("clinician") })
        let protocolWeeks = plan.weeks.prefix(6)
        for week in protocolWeeks {
            #expect(week.sessions.count == 3)
            #expect(week.sessions.allSatisfy { $0.programId == "stroke-gait" })
            let expected = min(0.5 * (1 + 0.1 * Double(week.number - 1)), SafetyPolicy.beginnerCap.metersPerSecond)
            let top = try #require(week.sessions.first?.workout.highestPrescribedSpeed)
            #expect(abs(top.metersPerSecond - expected) < 1e-9)
        }
        #expect(plan.weeks[6].sessions.allSatisfy { $0.programId == "older-adult-balance" })
    }

    @Test("Knee goal: the Alghadir protocol for six weeks")
    func knee() throws {
        let plan = try PlanGenerator.plan(for: Self.request(goal: .knee, days: 5, weeks: 10))
        for week in plan.weeks.prefix(6) {
            #expect(week.sessions.count == 3)
            #expect(week.sessions.allSatisfy { $0.programId == "knee-oa" })
        }
        #expect(plan.weeks[6].sessions.allSatisfy { $0.programId != "knee-oa" })
    }

    @Test("Older adults: balance walks 2–3 times a week, gentle hills, speed after time and incline")
    func olderAdult() throws {
        let plan = try PlanGenerator.plan(for: Self.request(age: 70, goal: .balance, days: 5, weeks: 20))
        #expect(plan.population == .olderAdult)
        #expect(plan.weeks.allSatisfy { $0.sessions.count <= 3 })
        #expect(plan.weeks.allSatisfy { $0.speedCap <= .milesPerHour(3) && $0.gradeCap <= .percent(5) })
        #expect(plan.weeks[0].speed == SafetyPolicy.beginnerStartSpeed)
        // Speed does not rise before the minutes reach their target.
        let firstSpeedRise = plan.weeks.firstIndex { $0.speed > SafetyPolicy.beginnerStartSpeed }
        let minutesDone = plan.weeks.firstIndex { $0.sessions.first?.workout.backwardSeconds ?? 0 >= 20 * 60 }
        if let firstSpeedRise, let minutesDone { #expect(firstSpeedRise > minutesDone) }
    }

    @Test("Advanced runners reach backward running only with the running goal")
    func runningGoal() throws {
        let plan = try PlanGenerator.plan(for: Self.request(goal: .running, experience: .advanced, days: 4, weeks: 12))
        #expect(plan.sessions.contains { $0.programId == "backward-running" })
        let fitness = try PlanGenerator.plan(
            for: Self.request(goal: .fitness, experience: .advanced, days: 4, weeks: 12))
        #expect(!fitness.sessions.contains { $0.programId == "backward-running" })
    }

    @Test(
        "Out-of-range requests are refused with the field",
        arguments: [
            (Self.request(days: 0), "days"), (Self.request(days: 8), "days"), (Self.request(minutes: 200), "minutes"),
            (Self.request(weeks: 53), "weeks"), (Self.request(age: 200), "age"),
            (Self.request(prefer: ["moonwalk"]), "program"),
        ])
    func invalid(request: PlanRequest, field: String) {
        do {
            _ = try PlanGenerator.plan(for: request)
            Issue.record("accepted an invalid request")
        } catch {
            #expect(error.field == field)
        }
    }

    /// Property: over thousands of random requests, no session exceeds its week's caps, weeks never hold more
    /// sessions than days asked for, protected populations never run, and uncleared people stay conservative.
    @Test("Random plans never exceed their caps")
    func capsProperty() throws {
        var rng = SplitMix64(seed: 0xBAC5_7E9)
        let conditionPool = Condition.allCases
        for _ in 0..<1500 {
            var conditions: Set<Condition> = []
            for _ in 0..<Int.random(in: 0...2, using: &rng) {
                conditions.insert(conditionPool.randomElement(using: &rng) ?? .kneePain)
            }
            var profile = Profile(
                age: Int.random(in: Profile.ageRange, using: &rng),
                mass: Mass(kilograms: Double.random(in: 40...150, using: &rng)),
                goal: Goal.allCases.randomElement(using: &rng) ?? .fitness,
                experience: Experience.allCases.randomElement(using: &rng) ?? .beginner, conditions: conditions)
            if Bool.random(using: &rng) { profile.speedCap = .kilometersPerHour(Double.random(in: 1...8, using: &rng)) }
            if Bool.random(using: &rng) {
                profile.overgroundWalkingSpeed = .metersPerSecond(Double.random(in: 0.2...1.4, using: &rng))
            }
            if Bool.random(using: &rng) {
                profile.equipment.treadmill?.maximumGrade = .percent(Double(Int.random(in: 0...15, using: &rng)))
            }
            profile.equipment.outdoors = Bool.random(using: &rng)
            let request = PlanRequest(
                profile: profile, daysPerWeek: Int.random(in: 1...7, using: &rng),
                minutesPerSession: Int.random(in: 5...120, using: &rng),
                weeks: Int.random(in: 1...30, using: &rng),
                screening: Bool.random(using: &rng) ? .allClear(on: Self.now) : nil,
                clinicianPrescribed: Bool.random(using: &rng),
                preferredPrograms: Bool.random(using: &rng)
                    ? [Catalog.programs.randomElement(using: &rng)?.id ?? "first-steps"] : [],
                now: Self.now)
            let plan = try PlanGenerator.plan(for: request)
            #expect(plan.weeks.count == request.weeks)
            for week in plan.weeks {
                #expect(week.sessions.count <= request.daysPerWeek)
                let policy = SafetyPolicy(profile: profile, stage: week.stage, clearance: plan.clearance)
                #expect(week.speedCap == policy.cap())
                #expect(week.speed <= week.speedCap)
                for session in week.sessions {
                    for performed in session.workout.performedSteps {
                        guard case .locomotion(let motion) = performed.step.activity else { continue }
                        if let top = motion.speed.upperBound {
                            #expect(
                                top.metersPerSecond <= policy.cap(for: motion.gait).metersPerSecond + 1e-9,
                                "\(session.programId) week \(week.number)")
                        }
                        #expect(motion.grade <= policy.gradeCap, "\(session.programId) grade")
                        if motion.gait == .run { #expect(policy.allowsRunning, "running planned without clearance") }
                    }
                    let program = try Catalog.program(id: session.programId)
                    #expect(!program.requirements.excludedPopulations.contains(plan.population))
                }
            }
        }
    }
}
