import ArgumentParser
import BackstepCore
import BackstepStorage
import BackstepStorageSQL
import Foundation

/// `backstep log`: enters a session done without the app.
public struct LogCommand: AsyncRenderingCommand {
    public static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Record a session you did without the app (program, minutes, speed, incline, feedback).")

    @Option(help: "The catalog program you did (see `backstep programs`).") var program: String
    @Option(help: "Minutes of walking (1–300).") var minutes: Double
    @Option(help: "Belt speed, in --unit.") var speed: Double
    @Option(help: "Speed unit: mph, kmh or mps.") var unit: SpeedUnit = .kilometersPerHour
    @Option(help: "Incline in percent (−5–40).") var grade: Double = 0
    @Option(help: "Direction: backward or forward.") var direction: Direction = .backward
    @Option(help: "Gait: walk or run.") var gait: Gait = .walk
    @Option(help: "Handrail support used: two-hands, one-hand, fingertips, hands-free.") var handrail: HandrailLevel =
        .twoHands
    @Option(help: "Effort, Borg RPE 6–20.") var rpe: Double?
    @Option(name: .customLong("pain-during"), help: "Pain during the session, 0–10.") var painDuring: Int?
    @Option(name: .customLong("pain-after"), help: "Pain just after, 0–10.") var painAfter: Int?
    @Option(help: "Training stage of the dose: \(TrainingStage.allCases.map(\.rawValue).joined(separator: ", ")).")
    var stage: TrainingStage = .novice
    @Option(help: "When it started, YYYY-MM-DD or YYYY-MM-DDTHH:MM (UTC); default: it just ended.") var date: String?
    @Option(help: "Notes.") var notes: String = ""
    @OptionGroup public var options: DatabaseOptions
    @Flag(help: "Print the stored session as JSON.") var json = false

    public init() {}

    func check(_ field: String, _ value: Double, _ range: ClosedRange<Double>, _ unit: String) throws {
        do { try InputError.check(field, value, in: range, unit: unit) } catch { throw error.validationError }
    }

    public func render() async throws -> String {
        try check("--minutes", minutes, 1...300, "min")
        let maximum = InputLimits.maximumSpeed.value(in: unit)
        guard speed > 0, speed <= maximum * (1 + 1e-12) else {
            throw ValidationError(
                "--speed: \(formatNumber(speed)) is out of range, allowed more than 0 and up to \(formatNumber(maximum)) \(unit.symbol)"
            )
        }
        try check("--grade", grade, InputLimits.gradeRange, "%")
        if let rpe { try check("--rpe", rpe, 6...20, "(Borg 6–20)") }
        for (name, value) in [("--pain-during", painDuring), ("--pain-after", painAfter)] {
            if let value {
                do { try InputError.check(name, value, in: SessionFeedback.painRange) } catch {
                    throw error.validationError
                }
            }
        }
        let programDefinition: Program
        do { programDefinition = try Catalog.program(id: program) } catch {
            throw ValidationError("--program: \(error.problem)")
        }
        let beltSpeed = Speed(speed, unit)
        let slope = Grade(percent: grade)
        let workout: Workout
        do {
            workout = try programDefinition.workout(dose: Dose(speed: beltSpeed, grade: slope, handrail: handrail))
        } catch {
            throw ValidationError("--program: \(error.description)")
        }
        let seconds = minutes * 60
        let end = Date()
        let start = try date.map { try parseDateOption($0, option: "--date") } ?? end.addingTimeInterval(-seconds)

        return try await options.withStore { store in
            let user = try await store.localAthlete(now: end)
            let profile = try await store.currentProfile(for: user.id)?.profile
            let mass = profile?.mass ?? Mass(kilograms: 70)
            let estimate = try? EnergyModel.estimate(
                EnergyInput(
                    direction: direction, gait: gait, speed: beltSpeed, grade: slope, mass: mass, handrail: handrail))
            let backward = direction == .backward
            let summary = SessionSummary(
                elapsedSeconds: seconds, activeSeconds: seconds, backwardSeconds: backward ? seconds : 0,
                distance: Distance(meters: beltSpeed.metersPerSecond * seconds),
                backwardDistance: Distance(meters: backward ? beltSpeed.metersPerSecond * seconds : 0),
                kcal: (estimate?.kcalPerMinute ?? 0) * minutes,
                forwardKcal: (estimate?.forwardKcalPerMinute ?? 0) * minutes,
                stepsCompleted: 1, stepsTotal: 1, completed: true, stopReason: nil)
            let reported = rpe != nil || painDuring != nil || painAfter != nil
            let feedback =
                reported
                ? SessionFeedback(
                    date: start, completed: true, exertion: rpe.map(PerceivedExertion.borg),
                    painDuring: painDuring ?? 0,
                    painAfter: painAfter ?? 0, handrailUsed: handrail, notes: notes) : nil
            let session = PerformedSession(
                startedAt: start, endedAt: start.addingTimeInterval(seconds), programId: programDefinition.id,
                workout: workout, status: .completed, source: .logged, summary: summary, feedback: feedback)
            let prescription = Prescription(
                speed: beltSpeed, grade: slope,
                duration: min(
                    max(seconds, Prescription.durationRange.lowerBound), Prescription.durationRange.upperBound),
                handrail: handrail, gait: gait, stage: stage)
            try await store.saveFinishedSession(session, for: user.id, prescription: backward ? prescription : nil)
            if json { return try CLIJSON.encode(session) }
            var lines = [
                "Logged \(programDefinition.id) on \(HistoryText.date(start)): \(formatNumber(minutes, digits: 1)) min "
                    + "\(direction.rawValue) at \(formatSpeed(beltSpeed, unit)), incline \(formatNumber(grade)) %, "
                    + "\(formatNumber(summary.distance.meters, digits: 0)) m, \(formatNumber(summary.kcal, digits: 0)) kcal."
            ]
            if profile == nil { lines.append("Energy assumes 70 kg; `backstep profile create` makes it yours.") }
            if !reported {
                lines.append(
                    "No feedback given: add --rpe and --pain-during/--pain-after so `backstep next` can use it.")
            }
            return lines.joined(separator: "\n")
        }
    }
}

/// `backstep history`: stored sessions, newest first.
public struct HistoryCommand: AsyncRenderingCommand {
    public static let configuration = CommandConfiguration(
        commandName: "history", abstract: "List your stored sessions, newest first.")

    @Option(help: "Show at most this many sessions.") var limit: Int = 20
    @Flag(help: "Print JSON.") var json = false
    @OptionGroup public var options: DatabaseOptions

    public init() {}

    public func render() async throws -> String {
        guard limit >= 1 else { throw ValidationError("--limit: \(limit) is out of range, allowed 1 or more") }
        return try await options.withStore { store in
            let user = try await store.localAthlete(now: Date())
            let sessions = try await store.sessions(for: user.id, limit: limit)
            if json { return try CLIJSON.encode(sessions) }
            guard !sessions.isEmpty else { return "No sessions yet. Record one with `backstep log` or `backstep run`." }
            return HistoryText.table(sessions)
        }
    }
}

/// `backstep stats`: training statistics from the stored sessions.
public struct StatsCommand: AsyncRenderingCommand {
    public static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Weekly minutes, sessions per week, adherence, streaks, speed and pain trends, bests and totals.",
        discussion: "Days and weeks are UTC; weeks start on Monday. Streaks count days (and weeks) with training.")

    @Flag(help: "Print JSON.") var json = false
    @OptionGroup public var options: DatabaseOptions

    public init() {}

    public func render() async throws -> String {
        try await options.withStore { store in
            let user = try await store.localAthlete(now: Date())
            let stats = try await store.statistics(for: user.id, now: Date())
            if json { return try CLIJSON.encode(stats) }
            return StatsText.render(stats)
        }
    }
}

/// Terminal text for history.
enum HistoryText {
    static func date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date) + " UTC"
    }

    static func table(_ sessions: [SessionOverview]) -> String {
        var lines = [
            "Id        Date (UTC)        Program            Status       Min  Back  Dist m  Speed km/h  kcal  Pain"
        ]
        for s in sessions {
            let summary = s.summary
            let day = String(date(s.startedAt).dropLast(4))
            let fields = [
                String(s.id.uuidString.prefix(8)).lowercased() + " ",
                day.padding(toLength: 17, withPad: " ", startingAt: 0),
                (s.programId ?? s.source.rawValue).padding(toLength: 18, withPad: " ", startingAt: 0),
                s.status.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0),
                pad(summary.map { formatNumber($0.activeSeconds / 60, digits: 0) } ?? "-", 4),
                pad(summary.map { formatNumber($0.backwardSeconds / 60, digits: 0) } ?? "-", 5),
                pad(summary.map { formatNumber($0.distance.meters, digits: 0) } ?? "-", 7),
                pad(
                    s.averageBackwardSpeed.map { formatNumber($0.value(in: .kilometersPerHour), digits: 1) } ?? "-", 11),
                pad(summary.map { formatNumber($0.kcal, digits: 0) } ?? "-", 5),
                pad(s.feedback.map { String($0.peakPain) } ?? "-", 5),
            ]
            lines.append(fields.joined(separator: " "))
        }
        return lines.joined(separator: "\n")
    }

    static func pad(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }
}

/// Terminal text for statistics.
enum StatsText {
    static func render(_ stats: TrainingStatistics) -> String {
        var lines = ["Sessions: \(stats.sessionCount)"]
        lines.append(
            "Last 4 weeks: \(formatNumber(stats.averageMinutesPerWeek, digits: 0)) min/week, "
                + "\(formatNumber(stats.averageSessionsPerWeek, digits: 1)) sessions/week")
        lines.append("Weekly minutes (oldest first, last 12 weeks):")
        lines.append("  " + stats.weeks.map { formatNumber($0.minutes, digits: 0) }.joined(separator: " "))
        if let adherence = stats.adherence {
            let ratio = adherence.ratio.map { "\(formatNumber($0 * 100, digits: 0)) %" } ?? "nothing due yet"
            lines.append(
                "Plan adherence: \(adherence.completedSessions) completed of \(adherence.plannedSessions) planned so far (\(ratio))"
            )
        } else {
            lines.append("Plan adherence: no plan stored")
        }
        lines.append(
            "Streak: \(stats.streak.currentDays) day(s) now, longest \(stats.streak.longestDays); "
                + "\(stats.streak.currentWeeks) week(s) now, longest \(stats.streak.longestWeeks)")
        if let trend = stats.comfortableSpeedTrend {
            lines.append(
                "Backward speed trend (\(trend.source)): \(trend.direction.rawValue), "
                    + "\(formatNumber(trend.slopeMpsPerWeek * 3.6, digits: 2)) km/h per week")
        }
        if let pain = stats.painTrend {
            lines.append(
                "Pain trend: \(pain.direction), \(formatNumber(pain.slopePerWeek, digits: 2)) per week; latest peak \(pain.latestPeakPain)/10"
            )
        }
        let bests = stats.personalBests
        var best: [String] = []
        if let b = bests.longestSessionMinutes { best.append("longest \(formatNumber(b.value, digits: 0)) min") }
        if let b = bests.longestDistanceMeters { best.append("farthest \(formatNumber(b.value, digits: 0)) m") }
        if let b = bests.fastestAverageBackwardSpeedMps {
            best.append("fastest backward \(formatNumber(b.value * 3.6, digits: 1)) km/h")
        }
        if let b = bests.mostKcal { best.append("most \(formatNumber(b.value, digits: 0)) kcal") }
        lines.append("Personal bests: \(best.isEmpty ? "none yet" : best.joined(separator: ", "))")
        lines.append(
            "Totals: \(formatNumber(stats.totalDistanceMeters / 1000, digits: 1)) km, "
                + "\(formatNumber(stats.totalKcal, digits: 0)) kcal, \(formatNumber(stats.totalMinutes, digits: 0)) min "
                + "(\(formatNumber(stats.totalBackwardMinutes, digits: 0)) backward)")
        return lines.joined(separator: "\n")
    }
}
extension TrainingStage: ExpressibleByArgument {}
