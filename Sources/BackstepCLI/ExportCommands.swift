import ArgumentParser
import BackstepCore
import BackstepInterop
import BackstepStorage
import BackstepStorageSQL
import Foundation

/// `backstep export`: workouts, sessions and plans as files for watches, apps and calendars.
public struct ExportCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a workout, a session or a plan as FIT, ZWO, TCX, CSV, iCalendar or JSON.",
        discussion: "What each file contains and how backward walking is marked: docs/formats.md.",
        subcommands: [ExportWorkoutCommand.self, ExportSessionCommand.self, ExportPlanCommand.self])

    public init() {}
}

/// Formats `backstep export workout` writes.
enum WorkoutExportFormat: String, ExpressibleByArgument, CaseIterable {
    case fit, zwo, json
}

/// Formats `backstep export session` writes.
enum SessionExportFormat: String, ExpressibleByArgument, CaseIterable {
    case fit, tcx, csv
}

/// Formats `backstep export plan` writes.
enum PlanExportFormat: String, ExpressibleByArgument, CaseIterable {
    case ics
}

/// A file the command line could not read or write (exit status 1, with the file named).
struct CLIFileError: Error, CustomStringConvertible {
    var description: String
}

/// Writes bytes to a path given with `-o`, naming the file in the error.
func writeOutput(_ bytes: [UInt8], to path: String) throws {
    do {
        try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
    } catch {
        throw CLIFileError(description: "cannot write '\(path)': \(error.localizedDescription)")
    }
}

/// `backstep export workout <program id> --format fit|zwo|json -o <file>`.
public struct ExportWorkoutCommand: RenderingCommand {
    public static let configuration = CommandConfiguration(
        commandName: "workout",
        abstract: "Write a program's workout as a FIT workout (for a watch), Zwift ZWO or JSON.",
        discussion: """
            Program parameters (--minutes, --rounds, …) are those of `backstep program <id>`. FIT: walking or \
            running on a treadmill, steps named "Backward …" with the cues in their notes. ZWO: a run workout whose \
            Power is a fraction of --marathon-speed, with the real belt speed in the text cues.
            """)

    @Argument(help: "The program id (see `backstep programs`).") var id: String
    @Option(help: "File format: fit, zwo or json.") var format: WorkoutExportFormat
    @Option(name: [.customShort("o"), .customLong("output")], help: "The file to write.") var output: String
    @Option(help: "Which of the program's workouts, from 1.") var workout: Int = 1
    @Option(help: "Speed units for ZWO text cues and --marathon-speed: mph, kmh or mps.")
    var units: SpeedUnit = .kilometersPerHour
    @Option(
        name: .customLong("marathon-speed"),
        help: "ZWO only: your marathon pace as a speed in --units (ZWO Power 1.0); default 10 km/h.")
    var marathonSpeed: Double?
    @OptionGroup var parameters: ProgramParameterOptions

    public init() {}

    /// The file's bytes and a line saying what they are, with `now` as the FIT creation time.
    func exported(now: Date) throws -> (bytes: [UInt8], summary: String) {
        let workouts: [Workout]
        do {
            workouts = try Catalog.program(id: id).workouts(parameters.values)
        } catch {
            throw ValidationError(ProgramParameterOptions.optionName(error).description)
        }
        guard workouts.indices.contains(workout - 1) else {
            throw ValidationError("--workout: must be 1–\(workouts.count) for \(id) (got \(workout))")
        }
        let chosen = workouts[workout - 1]
        do {
            switch format {
            case .fit:
                let file = try ExportedFile.workout(chosen, format: .fit, createdAt: now)
                return (file.bytes, file.summary)
            case .zwo:
                var options = ZWOExport.Options(units: units)
                if let marathonSpeed {
                    guard marathonSpeed.isFinite, marathonSpeed > 0, Speed(marathonSpeed, units).metersPerSecond <= 10
                    else {
                        throw ValidationError(
                            "--marathon-speed: must be above 0 and at most 10 m/s (\(marathonSpeed) \(units.symbol))")
                    }
                    options.referenceSpeed = Speed(marathonSpeed, units)
                }
                let file = try ExportedFile.workout(chosen, format: .zwo, createdAt: now, zwo: options)
                return (file.bytes, file.summary)
            case .json:
                return (Array((try CLIJSON.encode(chosen) + "\n").utf8), "workout '\(chosen.name)' as JSON")
            }
        } catch let error as InteropError {
            throw CLIFileError(description: error.description)
        }
    }

    public func render() throws -> String {
        let (bytes, summary) = try exported(now: Date())
        try writeOutput(bytes, to: output)
        return "Wrote \(summary) to \(output) (\(bytes.count) bytes)."
    }
}

/// `backstep export session <id> --format fit|tcx|csv -o <file>` (or `--from session.json`).
public struct ExportSessionCommand: AsyncRenderingCommand {
    public static let configuration = CommandConfiguration(
        commandName: "session", abstract: "Write a performed session as a FIT activity, TCX or CSV.",
        discussion: """
            The session is a stored one, by its id or an unambiguous prefix of it (`backstep history` shows them), \
            or a PerformedSession JSON file (--from). FIT: 1 Hz records, a lap per segment, the session summary and \
            Backstep's walking-direction and handrail developer fields. TCX: Sport "Other" for walks ("Running" for \
            runs), direction in the notes. CSV: one row per sample.
            """)

    @Argument(help: "The stored session's id, or an unambiguous prefix of it (see `backstep history`).")
    var id: String?
    @Option(help: "A PerformedSession JSON file, instead of a stored session.") var from: String?
    @Option(help: "File format: fit, tcx or csv.") var format: SessionExportFormat
    @Option(name: [.customShort("o"), .customLong("output")], help: "The file to write.") var output: String
    @OptionGroup public var options: DatabaseOptions

    public init() {}

    public func validate() throws {
        guard (id == nil) != (from == nil) else {
            throw ValidationError("give either the session's id or --from with a session JSON file")
        }
    }

    /// The file for a session.
    func exported(_ session: PerformedSession, source: String) throws -> ExportedFile {
        let offset = TimeZone.current.secondsFromGMT(for: session.startedAt)
        do {
            let interop = InteropFormat(rawValue: format.rawValue) ?? .fit
            return try ExportedFile.session(session, format: interop, timeZoneOffsetSeconds: offset)
        } catch {
            throw CLIFileError(description: "\(source): \(error.description)")
        }
    }

    /// The stored session whose id starts with `prefix` (case-insensitive), of the local athlete.
    /// - Throws: `ValidationError` (exit 64) when none or several match.
    static func storedSession(_ prefix: String, in store: any BackstepStore) async throws -> PerformedSession {
        let wanted = prefix.trimmingCharacters(in: .whitespaces).uppercased()
        guard !wanted.isEmpty else { throw ValidationError("<id>: give a session id (see `backstep history`)") }
        let user = try await store.localAthlete(now: Date())
        let matches = try await store.sessions(for: user.id, limit: nil).filter {
            $0.id.uuidString.hasPrefix(wanted)
        }
        guard let first = matches.first else {
            throw ValidationError("<id>: no stored session has the id '\(prefix)' (see `backstep history`)")
        }
        guard matches.count == 1 else {
            throw ValidationError(
                "<id>: '\(prefix)' matches \(matches.count) sessions; give more of the id (see `backstep history`)")
        }
        guard let session = try await store.session(id: first.id) else {
            throw ValidationError("<id>: no stored session has the id '\(prefix)' (see `backstep history`)")
        }
        return session
    }

    public func render() async throws -> String {
        let file: ExportedFile
        if let from {
            file = try exported(try decodeJSONFile(PerformedSession.self, at: from, option: "--from"), source: from)
        } else {
            let session = try await options.withStore { store in try await Self.storedSession(id ?? "", in: store) }
            file = try exported(session, source: "session \(session.id.uuidString)")
        }
        try writeOutput(file.bytes, to: output)
        return "Wrote \(file.summary) to \(output) (\(file.bytes.count) bytes)."
    }
}

/// `backstep export plan --format ics -o <file>`: the stored current plan, or one from `backstep plan`'s options or
/// `--from plan.json`.
public struct ExportPlanCommand: AsyncRenderingCommand {
    public static let configuration = CommandConfiguration(
        commandName: "plan", abstract: "Write a plan as an iCalendar file: one event per session.",
        discussion: """
            Without options, the plan is your current one, the last `backstep plan` stored. Otherwise give either \
            the options of `backstep plan` (--age, --mass, --goal, --days, --weeks, --start, …) or --from with the \
            output of `backstep plan --json`. Events start at --at on each session's day; plans without dates need \
            --start. Re-exporting the same plan gives the same event UIDs, so calendars update the events instead \
            of duplicating them.
            """)

    @Option(help: "File format: ics.") var format: PlanExportFormat
    @Option(name: [.customShort("o"), .customLong("output")], help: "The file to write.") var output: String
    @Option(help: "A plan from `backstep plan --json`.") var from: String?
    @Option(help: "First day of the plan, YYYY-MM-DD.") var start: String?
    @Option(help: "Local start time of each session, HH:MM.") var at: String = "07:00"
    @Option(help: "Speed units in the event descriptions: mph, kmh or mps.") var units: SpeedUnit = .kilometersPerHour
    @OptionGroup public var options: DatabaseOptions
    @Argument(parsing: .allUnrecognized, help: "The options of `backstep plan`, when there is no --from.")
    var planArguments: [String] = []

    public init() {}

    struct PlanFile: Decodable {
        var plan: Plan
    }

    /// The calendar text, with `now` as DTSTAMP and the screening date; `stored` reads the current plan and its
    /// start day when neither --from nor plan options are given.
    func exported(
        now: Date, stored: () async throws -> (plan: Plan, startDate: Date?)
    ) async throws -> (
        text: String, events: Int
    ) {
        let parts = at.split(separator: ":")
        guard parts.count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]), (0...23).contains(hour),
            (0...59).contains(minute)
        else { throw ValidationError("--at: '\(at)' is not a time; use HH:MM (00:00–23:59)") }
        var startDate: Date?
        if let start {
            var probe = PlanOptions()
            probe.start = start
            startDate = try probe.parseStart()
        }
        let plan: Plan
        if let from {
            guard planArguments.isEmpty else {
                throw ValidationError(
                    "--from: give either --from or the plan options, not both (\(planArguments.joined(separator: " ")))"
                )
            }
            plan = try decodeJSONFile(PlanFile.self, at: from, option: "--from").plan
        } else if planArguments.isEmpty {
            let current = try await stored()
            plan = current.plan
            startDate = startDate ?? current.startDate
        } else {
            var arguments = planArguments + ["--units", units.rawValue]
            if let start { arguments += ["--start", start] }
            let options = try PlanOptions.parse(arguments)
            plan = try options.plan(now: now).plan
        }
        do {
            let file = try ExportedFile.calendar(
                plan,
                options: .init(startDate: startDate, startHour: hour, startMinute: minute, stamp: now, units: units))
            return (String(decoding: file.bytes, as: UTF8.self), plan.sessions.count)
        } catch {
            throw ValidationError("--start: \(error.problem)")
        }
    }

    /// The local athlete's current plan and its start day.
    /// - Throws: `ValidationError` (exit 64) when no plan is stored.
    func storedPlan() async throws -> (plan: Plan, startDate: Date?) {
        try await options.withStore { store in
            let user = try await store.localAthlete(now: Date())
            guard let stored = try await store.currentPlan(for: user.id) else {
                throw ValidationError(
                    "no plan is stored: make one with `backstep plan`, or give the plan options or --from plan.json")
            }
            return (stored.plan, stored.startDate)
        }
    }

    public func render() async throws -> String {
        let (text, events) = try await exported(now: Date(), stored: storedPlan)
        try writeOutput(Array(text.utf8), to: output)
        return "Wrote \(events) events to \(output)."
    }
}
