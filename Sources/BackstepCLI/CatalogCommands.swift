import ArgumentParser
import BackstepCore
import Foundation

/// `backstep programs`: the catalog.
public struct ProgramsCommand: RenderingCommand {
    public static let configuration = CommandConfiguration(
        commandName: "programs", abstract: "List the program catalog.")

    @Flag(help: "Print the catalog as JSON.")
    var json = false

    public init() {}

    public func render() throws -> String {
        if json { return try CLIJSON.encode(Catalog.programs) }
        let width = Catalog.programs.map(\.id.count).max() ?? 10
        var lines = ["Backstep programs (\(Catalog.programs.count)). Show one with: backstep program <id>", ""]
        for program in Catalog.programs {
            let id = program.id.padding(toLength: width, withPad: " ", startingAt: 0)
            let perWeek =
                program.sessionsPerWeek.lowerBound == program.sessionsPerWeek.upperBound
                ? "\(program.sessionsPerWeek.lowerBound)"
                : "\(program.sessionsPerWeek.lowerBound)–\(program.sessionsPerWeek.upperBound)"
            lines.append("\(id)  \(program.name) (\(perWeek)×/week)")
            lines.append("\(String(repeating: " ", count: width))  \(program.summary)")
        }
        return lines.joined(separator: "\n")
    }
}

/// `backstep program <id>`: one program, its parameters and workouts.
public struct ProgramCommand: RenderingCommand {
    public static let configuration = CommandConfiguration(
        commandName: "program", abstract: "Show one program: who it is for, its safety notes, evidence and workouts.",
        discussion:
            "Parameters (--minutes, --rounds, …) are checked against the program's ranges; `backstep program <id>` lists them."
    )

    @Argument(help: "The program id (see `backstep programs`).")
    var id: String

    @Option(help: "Speed units: mph, kmh or mps.")
    var units: SpeedUnit = .kilometersPerHour

    @OptionGroup var parameters: ProgramParameterOptions

    @Flag(help: "Print the program and its workouts as JSON.")
    var json = false

    public init() {}

    struct Output: Encodable {
        var program: Program
        var workouts: [Workout]
    }

    public func render() throws -> String {
        let program: Program
        let workouts: [Workout]
        do {
            program = try Catalog.program(id: id)
            workouts = try program.workouts(parameters.values)
        } catch {
            throw ValidationError(optionName(error).description)
        }
        if json { return try CLIJSON.encode(Output(program: program, workouts: workouts)) }
        var lines = ["\(program.name)  [\(program.id)]", program.summary, ""]
        lines.append("For: \(program.audience)")
        lines.append("Trains: \(program.trains.joined(separator: ", "))")
        let perWeek = program.sessionsPerWeek
        lines.append(
            "Sessions a week: \(perWeek.lowerBound == perWeek.upperBound ? "\(perWeek.lowerBound)" : "\(perWeek.lowerBound)–\(perWeek.upperBound)")"
        )
        if program.requirements.minimumStage > .firstSteps {
            lines.append("Opens at the \(program.requirements.minimumStage.label) stage.")
        }
        if program.requirements.clinicianPrescribed { lines.append("Only with a clinician's prescription.") }
        lines.append("")
        lines.append("Safety:")
        lines += program.safetyNotes.map { "  ! \($0)" }
        lines.append("")
        lines.append("Evidence:")
        lines += program.evidence.map { "  - \($0.source): \($0.finding)" }
        if !program.parameters.isEmpty {
            lines.append("")
            lines.append("Parameters:")
            for spec in program.parameters {
                let unit = spec.unit.isEmpty ? "" : " \(spec.unit)"
                lines.append(
                    "  --\(spec.parameter.rawValue) \(spec.range.lowerBound)–\(spec.range.upperBound)\(unit) (default \(spec.defaultValue)): \(spec.meaning)"
                )
            }
        }
        for workout in workouts {
            lines.append("")
            lines.append("\(workout.name) — about \(formatClock(workout.estimatedSeconds))")
            lines.append("  \(workout.summary)")
            lines += WorkoutText.render(workout, units: units)
        }
        return lines.joined(separator: "\n")
    }

    /// Names options the way the user typed them (`--rounds`, not `rounds`).
    func optionName(_ error: InputError) -> InputError { ProgramParameterOptions.optionName(error) }
}

/// The catalog parameters as options, shared by every command that builds a program's workout.
public struct ProgramParameterOptions: ParsableArguments {
    @Option(help: "Minutes of the main walk.") var minutes: Int?
    @Option(help: "Rounds of the repeat block.") var rounds: Int?
    @Option(name: .customLong("bout-seconds"), help: "Seconds of each effort bout.") var boutSeconds: Int?
    @Option(name: .customLong("rest-seconds"), help: "Seconds of each rest.") var restSeconds: Int?
    @Option(name: .customLong("grade-percent"), help: "Incline in whole percent.") var gradePercent: Int?
    @Option(help: "Strength sets.") var sets: Int?
    @Option(help: "Reps per strength set.") var reps: Int?
    @Option(help: "Week of a protocol.") var week: Int?

    public init() {}

    /// The values given, by parameter.
    public var values: [ProgramParameter: Int] {
        var values: [ProgramParameter: Int] = [:]
        values[.minutes] = minutes
        values[.rounds] = rounds
        values[.boutSeconds] = boutSeconds
        values[.restSeconds] = restSeconds
        values[.gradePercent] = gradePercent
        values[.sets] = sets
        values[.reps] = reps
        values[.week] = week
        return values
    }

    /// Names options the way the user typed them (`--rounds`, not `rounds`).
    public static func optionName(_ error: InputError) -> InputError {
        if ProgramParameter(rawValue: error.field) != nil {
            return InputError(field: "--\(error.field)", problem: error.problem)
        }
        return error
    }
}
