import ArgumentParser
import BackstepCore
import BackstepStorage
import BackstepStorageSQL
import Foundation

/// `backstep next [--feedback <file.json>] [--json]`: decides the next session from the latest feedback.
///
/// With `--feedback`, the file holds the profile, the screening clearance, the current prescription, the latest
/// feedback and an optional history (`docs/feedback-format.md`). Without it, the same inputs come from the
/// database: the stored profile, the latest screening, and the stored sessions that have a prescription and
/// feedback (the newest is the latest, the others the history). The decision comes from `ProgressionEngine`.
public struct NextCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "next",
        abstract: "Decide the next session from the latest feedback (progress, hold, step back or stop).",
        discussion: """
            The feedback file is one JSON object with "profile", "clearance", "prescription", "feedback" and an \
            optional "history" array. See docs/feedback-format.md. Without --feedback, the stored profile and \
            sessions are used (record them with `backstep profile create` and `backstep log` or `backstep run`).
            """)

    /// Path of the feedback file; nil reads the stored history.
    @Option(name: .long, help: "A JSON file with the profile, prescription, latest feedback and optional history.")
    public var feedback: String?

    /// The database, when no feedback file is given.
    @OptionGroup public var options: DatabaseOptions

    /// Print JSON instead of text.
    @Flag(name: .long, help: "Print the decision as JSON with unit-suffixed keys.")
    public var json = false

    public init() {}

    public func run() async throws {
        if feedback != nil {
            print(try render())
            return
        }
        do {
            print(try await renderFromStore())
        } catch let failure as StorageCommandError {
            if case .invalid(let input) = failure.error { throw ValidationError(input.description) }
            FileHandle.standardError.write(Data((failure.description + "\n").utf8))
            throw ExitCode.failure
        }
    }

    /// The decision from the stored profile, screening and sessions.
    public func renderFromStore() async throws -> String {
        try await options.withStore { store in
            let user = try await store.localAthlete(now: Date())
            guard let profile = try await store.currentProfile(for: user.id)?.profile else {
                throw ValidationError(
                    "no profile stored: create one with `backstep profile create --age … --mass … --goal …`, "
                        + "or pass --feedback <file.json>")
            }
            let records = try await store.progressionRecords(for: user.id)
            guard let latest = records.last else {
                throw ValidationError(
                    "no stored session with feedback yet: record one with `backstep log --program … --minutes … "
                        + "--speed … --rpe … --pain-during … --pain-after …` (or `backstep run`), "
                        + "or pass --feedback <file.json>")
            }
            let clearance = try await store.latestScreening(for: user.id)?.screening.clearance ?? .notScreened
            let engine = ProgressionEngine(profile: profile, clearance: clearance, strokeBaseline: nil)
            let decision = engine.decide(
                current: latest.prescription, latest: latest.feedback, history: Array(records.dropLast()))
            if json { return try CLIJSON.encode(decision) }
            return Self.text(for: decision, feedback: latest.feedback, profile: profile)
        }
    }

    /// The decision from the `--feedback` file.
    public func render() throws -> String {
        guard let feedback else { throw ValidationError("--feedback: no file given") }
        let file = try decodeJSONFile(FeedbackFile.self, at: feedback, option: "--feedback")
        do {
            try file.validate()
        } catch {
            throw ValidationError("--feedback: '\(feedback)' is not valid: \(error.description)")
        }
        let decision = file.engine.decide(current: file.prescription, latest: file.feedback, history: file.history)
        if json { return try CLIJSON.encode(decision) }
        return Self.text(for: decision, feedback: file.feedback, profile: file.profile)
    }

    /// The decision as text.
    static func text(for decision: ProgressionDecision, feedback: SessionFeedback, profile: Profile) -> String {
        let units = profile.units
        var lines: [String] = []
        switch decision.action {
        case .stopAndSeeProfessional:
            lines.append("STOP: do not train again until a health professional has seen you.")
        case .readyForBackwardRunning:
            lines.append("Next session: ready for backward running.")
        default:
            lines.append("Next session: \(decision.action.label).")
        }
        let changes = decision.changedVariables.map { variable in
            "\(variable.label) \(value(of: variable, in: decision.current, units: units)) → "
                + value(of: variable, in: decision.next, units: units)
        }
        lines.append("  Changed:  \(changes.isEmpty ? "nothing" : changes.joined(separator: "; "))")
        if decision.action != .stopAndSeeProfessional {
            lines.append("  Dose:     \(describe(decision.next, units: units))")
        }
        if let newStage = decision.newStage {
            lines.append("  Stage:    \(decision.current.stage.rawValue) → \(newStage.rawValue)")
        } else {
            lines.append("  Stage:    \(decision.next.stage.rawValue)")
        }
        lines.append("Why:")
        lines += decision.reasons.map { "  - \($0.sentence)" }
        if decision.rule == .redFlag {
            lines.append("What to do:")
            lines += feedback.redFlags.sorted().map {
                "  - \($0.label.capitalized): \($0.stopReason.guidance.seekHelp)"
            }
        }
        // The running gate is shown only to people whose program could include running.
        let mayRun =
            !profile.population.excludesRunning && ProgressionThresholds.runningGoals.contains(profile.goal)
        if mayRun && decision.current.gait == .walk && decision.action != .readyForBackwardRunning {
            if decision.runningGate.isOpen {
                lines.append("Backward running: the gate is open.")
            } else {
                lines.append("Backward running: not yet. Still missing:")
                lines += decision.runningGate.missing.map { "  - \($0)" }
            }
        }
        return lines.joined(separator: "\n")
    }

    static func describe(_ prescription: Prescription, units: UnitPreference) -> String {
        let gait = prescription.gait == .run ? "running" : "walking"
        return "\(ProgressionText.duration(prescription.duration)) backward \(gait) at "
            + "\(ProgressionText.speed(prescription.speed, units: units)), incline "
            + "\(ProgressionText.number(prescription.grade.percent)) %, \(prescription.handrail.label)"
    }

    static func value(of variable: ProgressionVariable, in prescription: Prescription, units: UnitPreference) -> String
    {
        switch variable {
        case .duration: ProgressionText.duration(prescription.duration)
        case .handrail: prescription.handrail.label
        case .grade: "\(ProgressionText.number(prescription.grade.percent)) %"
        case .speed: ProgressionText.speed(prescription.speed, units: units)
        case .gait: prescription.gait.rawValue
        }
    }
}

/// The `next --feedback` file (docs/feedback-format.md).
struct FeedbackFile: Decodable {
    var profile: Profile
    var clearance: Clearance
    var strokeBaselineSpeed: Speed?
    var prescription: Prescription
    var feedback: SessionFeedback
    var history: [SessionRecord]

    enum CodingKeys: String, CodingKey {
        case profile, clearance, strokeBaselineSpeedMps, prescription, feedback, history
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        profile = try c.decode(Profile.self, forKey: .profile)
        clearance = try c.decodeIfPresent(Clearance.self, forKey: .clearance) ?? .notScreened
        strokeBaselineSpeed = try c.decodeIfPresent(Double.self, forKey: .strokeBaselineSpeedMps)
            .map(Speed.init(metersPerSecond:))
        prescription = try c.decode(Prescription.self, forKey: .prescription)
        feedback = try c.decode(SessionFeedback.self, forKey: .feedback)
        history = try c.decodeIfPresent([SessionRecord].self, forKey: .history) ?? []
    }

    /// Checks what decoding cannot: the profile's ranges and the baseline speed.
    func validate() throws(InputError) {
        do {
            try profile.validate()
        } catch {
            throw InputError(field: "profile.\(error.field)", problem: error.problem)
        }
        if let strokeBaselineSpeed {
            try InputError.check(
                "strokeBaselineSpeedMps", strokeBaselineSpeed.metersPerSecond, in: Profile.speedRange, unit: "m/s")
        }
    }

    var engine: ProgressionEngine {
        ProgressionEngine(profile: profile, clearance: clearance, strokeBaseline: strokeBaselineSpeed)
    }
}
