import ArgumentParser
import BackstepCore
import BackstepStorage
import BackstepStorageSQL
import Foundation

/// `backstep plan`: a multi-week plan from a profile and a goal, stored as the local athlete's current plan.
public struct PlanCommand: AsyncRenderingCommand {
    public static let configuration = CommandConfiguration(
        commandName: "plan", abstract: "Make a progressive multi-week backward walking plan.",
        discussion: """
            The plan obeys speed and incline caps for your stage, population and screening, and explains every \
            change it makes to your request. Screening: pass --screening clear when all seven questions are no, or \
            the topics you answered yes to, comma-separated (\(ScreeningTopic.allCases.map(\.rawValue).joined(separator: ", "))). \
            The plan is stored as your current plan (`backstep stats` measures adherence against it and \
            `backstep export plan` puts it in a calendar) unless you pass --no-save.
            """)

    @OptionGroup var options: PlanOptions
    @Flag(help: "Print the plan as JSON.") var json = false
    @Flag(name: .customLong("no-save"), help: "Only print the plan; don't store it as your current plan.")
    var noSave = false
    @OptionGroup public var database: DatabaseOptions

    public init() {}

    struct Output: Encodable {
        var profile: Profile
        var daysPerWeek: Int
        var minutesPerSession: Int
        var plan: Plan
    }

    /// Prints the plan and, unless `--no-save`, stores it as the local athlete's current plan.
    public func render() async throws -> String {
        let now = Date()
        let (request, plan) = try options.plan(now: now)
        let text = try render(request: request, plan: plan)
        guard !noSave else { return text }
        try await database.withStore { store in
            let user = try await store.localAthlete(now: now)
            try await store.savePlan(
                StoredPlan(userId: user.id, createdAt: now, startDate: request.startDate, plan: plan))
        }
        return json ? text : text + "\n\nStored as your current plan (`backstep export plan --format ics -o plan.ics`)."
    }

    /// Parses `--screening`: `clear`, or the topics answered yes, comma-separated.
    static func screening(from text: String?, now: Date) throws -> Screening? {
        guard let text else { return nil }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed == "clear" { return .allClear(on: now) }
        var answers = Dictionary(uniqueKeysWithValues: ScreeningTopic.allCases.map { ($0, false) })
        for name in trimmed.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            guard let topic = ScreeningTopic(rawValue: name) else {
                throw ValidationError(
                    "--screening: unknown topic '\(name)'; use 'clear' or any of \(ScreeningTopic.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            }
            answers[topic] = true
        }
        return Screening(date: now, answers: answers)
    }

    /// Renders the plan with `now` as the current time (tests pass a fixed one).
    func render(now: Date) throws -> String {
        let (request, plan) = try options.plan(now: now)
        return try render(request: request, plan: plan)
    }

    func render(request: PlanRequest, plan: Plan) throws -> String {
        if json {
            return try CLIJSON.encode(
                Output(
                    profile: request.profile, daysPerWeek: options.days, minutesPerSession: options.minutes, plan: plan)
            )
        }
        return PlanText.render(plan, request: request, units: options.units)
    }
}

/// The options that describe a plan request, shared by `backstep plan` and `backstep export plan`.
public struct PlanOptions: ParsableArguments {
    @Option(help: "Age in years (10–105).") var age: Int
    @Option(help: "Body mass in kg (20–350).") var mass: Double
    @Option(help: "Goal: \(Goal.allCases.map(\.rawValue).joined(separator: ", ")).") var goal: Goal
    @Option(help: "Backward walking experience: beginner, intermediate or advanced.") var level: Experience = .beginner
    @Option(help: "Training days per week (1–7).") var days: Int = 3
    @Option(help: "Minutes available per session (5–120).") var minutes: Int = 20
    @Option(help: "Plan length in weeks (1–52).") var weeks: Int = 8
    @Option(help: "A health condition (repeatable): \(Condition.allCases.map(\.rawValue).joined(separator: ", ")).")
    var condition: [Condition] = []
    @Option(help: "Screening: 'clear', or the topics answered yes, comma-separated.") var screening: String?
    @Option(help: "Speed units for display and for --speed-cap and --overground-speed: mph, kmh or mps.")
    var units: SpeedUnit = .kilometersPerHour
    @Option(name: .customLong("speed-cap"), help: "Your own speed cap, in --units.") var speedCap: Double?
    @Option(
        name: .customLong("overground-speed"),
        help: "Comfortable overground walking speed, in --units (stroke protocol baseline).")
    var overgroundSpeed: Double?
    @Option(
        name: .customLong("treadmill-max-incline"),
        help: "Your treadmill's highest incline in percent (0 if it has none).")
    var treadmillMaxIncline: Double?
    @Flag(help: "A safe outdoor space and a hill are available.") var outdoors = false
    @Flag(name: .customLong("clinician-prescribed"), help: "A clinician prescribed this training.")
    var clinicianPrescribed = false
    @Option(help: "A program to include when it is safe (repeatable).") var prefer: [String] = []
    @Option(help: "First day of the plan, YYYY-MM-DD (adds dates).") var start: String?

    public init() {}

    /// The request these options describe, with `now` as the screening date.
    func request(now: Date) throws -> PlanRequest {
        var equipment = Equipment.standard
        if let treadmillMaxIncline {
            try check("--treadmill-max-incline", treadmillMaxIncline, 0...40, "%")
            equipment.treadmill?.maximumGrade = Grade(percent: treadmillMaxIncline)
        }
        equipment.outdoors = outdoors
        if let speedCap { try check("--speed-cap", speedCap, positiveSpeedRange, units.symbol) }
        if let overgroundSpeed { try check("--overground-speed", overgroundSpeed, positiveSpeedRange, units.symbol) }
        let profile = Profile(
            age: age, mass: Mass(kilograms: mass), goal: goal, experience: level, conditions: Set(condition),
            equipment: equipment, units: units == .milesPerHour ? .imperial : .metric,
            speedCap: speedCap.map { Speed($0, units) },
            overgroundWalkingSpeed: overgroundSpeed.map { Speed($0, units) })
        return PlanRequest(
            profile: profile, goal: goal, daysPerWeek: days, minutesPerSession: minutes, weeks: weeks,
            screening: try parseScreening(now: now), clinicianPrescribed: clinicianPrescribed,
            preferredPrograms: prefer, startDate: try parseStart(), now: now)
    }

    var positiveSpeedRange: ClosedRange<Double> {
        (Profile.speedRange.lowerBound / Speed(1, units).metersPerSecond)...(Profile.speedRange.upperBound
            / Speed(1, units).metersPerSecond)
    }

    func check(_ option: String, _ value: Double, _ range: ClosedRange<Double>, _ unit: String) throws {
        do { try InputError.check(option, value, in: range, unit: unit) } catch { throw error.validationError }
    }

    func parseScreening(now: Date) throws -> Screening? { try PlanCommand.screening(from: screening, now: now) }

    func parseStart() throws -> Date? {
        guard let start else { return nil }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        guard let date = formatter.date(from: start) else {
            throw ValidationError("--start: '\(start)' is not a date; use YYYY-MM-DD")
        }
        return date
    }

    /// Field names from the core, as the options the user typed.
    func renamed(_ error: InputError) -> InputError {
        let options = [
            "age": "--age", "mass": "--mass", "days": "--days", "minutes": "--minutes", "weeks": "--weeks",
            "program": "--prefer",
        ]
        return InputError(field: options[error.field] ?? error.field, problem: error.problem)
    }

    /// The request and the plan it gives, with `now` as the screening date.
    func plan(now: Date) throws -> (request: PlanRequest, plan: Plan) {
        let request = try request(now: now)
        do {
            return (request, try PlanGenerator.plan(for: request))
        } catch {
            throw ValidationError(renamed(error).description)
        }
    }
}

/// Terminal text for plans.
enum PlanText {
    static let dayNames = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

    static func render(_ plan: Plan, request: PlanRequest, units: SpeedUnit) -> String {
        var lines: [String] = []
        lines.append(
            "Backstep plan · goal \(plan.goal.rawValue) · \(request.weeks) weeks · \(request.daysPerWeek) days a week · up to \(request.minutesPerSession) min"
        )
        lines.append(
            "Rules: \(plan.population.label) · screening: \(plan.clearance.rawValue)\(plan.requiresClinician ? " · needs a clinician's go-ahead" : "")"
        )
        if !plan.diagnostics.isEmpty {
            lines.append("")
            lines += plan.diagnostics.map { "[\($0.severity.rawValue)] \($0.message)" }
        }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        for week in plan.weeks {
            lines.append("")
            lines.append(
                "Week \(week.number) · \(week.stage.label)\(week.isDeload ? " · easier week" : "") · walk \(formatSpeed(week.speed, units)) · cap \(formatSpeed(week.speedCap, units)), incline ≤ \(formatNumber(week.gradeCap.percent, digits: 1)) % · \(week.handrail.label)"
            )
            lines.append("  \(week.focus)")
            for session in week.sessions {
                let day = session.date.map { formatter.string(from: $0) } ?? dayNames[(session.day - 1) % 7]
                lines.append(
                    "  \(day)  \(session.workout.name) (\(formatClock(session.estimatedSeconds))): \(session.workout.summary)"
                )
                for step in WorkoutText.render(session.workout, units: units, cues: false, indent: "        ") {
                    lines.append(step)
                }
            }
        }
        return lines.joined(separator: "\n")
    }
}
