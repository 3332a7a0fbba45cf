import ArgumentParser
import BackstepCore
import Foundation

/// `backstep energy`: the energy cost of a backward or forward walk or run, next to the same motion done forward.
public struct EnergyCommand: RenderingCommand {
    public static let configuration = CommandConfiguration(
        commandName: "energy",
        abstract: "Estimate VO2, METs and kcal for backward or forward walking or running.",
        discussion: """
            Backward locomotion costs more than forward at the same speed and grade. The estimate is \
            calibrated for 0.4–2.0 m/s and 0–15 % grade; outside that it is marked as extrapolated. \
            See docs/energy-model.md for the derivation and its sources.
            """
    )

    /// Backward or forward.
    @Option(help: "backward or forward.")
    public var direction: Direction

    /// Walking or running.
    @Option(help: "walk or run.")
    public var gait: Gait

    /// Speed in `unit`.
    @Option(parsing: .unconditional, help: "Speed, in the unit given by --unit (more than 0, up to 30 km/h).")
    public var speed: Double

    /// The unit of `speed`.
    @Option(help: "Unit of --speed: mps, kmh or mph.")
    public var unit: SpeedUnit

    /// Grade in percent.
    @Option(parsing: .unconditional, help: "Grade in percent (−5 to 40).")
    public var grade: Double

    /// Body mass in kilograms.
    @Option(parsing: .unconditional, help: "Body mass in kg (20 to 350).")
    public var mass: Double

    /// Duration in minutes, for total kcal.
    @Option(parsing: .unconditional, help: "Duration in minutes (more than 0, up to 600) to total the kcal.")
    public var minutes: Double?

    /// Weeks of backward-walking practice.
    @Option(
        parsing: .unconditional,
        help: "Weeks of regular backward-walking practice; without it a practised walker is assumed.")
    public var practiceWeeks: Double?

    /// Handrail use.
    @Option(help: "Handrail use: two-hands, one-hand, fingertips or hands-free.")
    public var handrail: HandrailLevel?

    /// Print one JSON object instead of text.
    @Flag(help: "Print one JSON object.")
    public var json = false

    /// Creates the command with default values (used by the argument parser).
    public init() {}

    /// The longest duration accepted, in minutes.
    public static let maximumMinutes = 600.0

    public func validate() throws {
        do {
            _ = try makeInput()
        } catch {
            throw error.validationError
        }
    }

    public func render() throws -> String {
        let estimate: EnergyEstimate
        do {
            estimate = try EnergyModel.estimate(try makeInput())
        } catch {
            throw Self.optionError(error).validationError
        }
        if json { return try CLIJSON.encode(EnergyReport(estimate, minutes: minutes)) }
        return try renderText(estimate)
    }

    /// Checks every option against its accepted range and builds the model's input.
    /// - Throws: `InputError` whose field is the option's name, e.g. `--mass`.
    func makeInput() throws(InputError) -> EnergyInput {
        let maximum = InputLimits.maximumSpeed.value(in: unit)
        guard speed.isFinite, speed > 0, speed <= maximum * (1 + 1e-12) else {
            let shown = speed.isFinite ? "\(formatNumber(speed, digits: 3)) is" : "the value is"
            throw InputError(
                field: "--speed",
                problem: "\(shown) out of range, allowed more than 0 and up to "
                    + "\(formatNumber(maximum, digits: 3)) \(unit.symbol)"
            )
        }
        try InputError.check("--grade", grade, in: InputLimits.gradeRange, unit: "%")
        try InputError.check("--mass", mass, in: Profile.massRange, unit: "kg")
        if let minutes {
            guard minutes.isFinite, minutes > 0, minutes <= Self.maximumMinutes else {
                let shown = minutes.isFinite ? "\(formatNumber(minutes, digits: 3)) is" : "the value is"
                throw InputError(
                    field: "--minutes",
                    problem: "\(shown) out of range, allowed more than 0 and up to "
                        + "\(formatNumber(Self.maximumMinutes)) minutes"
                )
            }
        }
        if let practiceWeeks {
            try InputError.check("--practice-weeks", practiceWeeks, in: EnergyInput.practiceWeeksRange, unit: "weeks")
        }
        return EnergyInput(
            direction: direction,
            gait: gait,
            speed: Speed(speed, unit),
            grade: .percent(grade),
            mass: Mass(kilograms: mass),
            practiceWeeks: practiceWeeks,
            handrail: handrail
        )
    }

    /// Renames a model field (`mass`) to the option that feeds it (`--mass`).
    static func optionError(_ error: InputError) -> InputError {
        let option =
            switch error.field {
            case "speed": "--speed"
            case "grade": "--grade"
            case "mass": "--mass"
            case "practiceWeeks": "--practice-weeks"
            default: error.field
            }
        return InputError(field: option, problem: error.problem)
    }

    private func renderText(_ estimate: EnergyEstimate) throws -> String {
        let input = estimate.input
        // The table always shows backward next to forward; for a forward request, work out the backward side too.
        let backward: EnergyEstimate
        if input.direction == .backward {
            backward = estimate
        } else {
            var mirrored = input
            mirrored.direction = .backward
            do {
                backward = try EnergyModel.estimate(mirrored)
            } catch {
                throw Self.optionError(error).validationError
            }
        }

        func one(_ value: Double) -> String { String(format: "%.1f", value) }
        func row(_ label: String, _ back: String, _ fore: String) -> String {
            label.padding(toLength: 18, withPad: " ", startingAt: 0) + pad(back, 10) + pad(fore, 10)
        }

        let motion = input.gait == .walk ? "walking" : "running"
        var speedText = formatSpeed(input.speed, unit)
        if unit != .metersPerSecond { speedText += " (\(formatSpeed(input.speed, .metersPerSecond)))" }
        var heading = "\(input.direction.rawValue.capitalized) \(motion) at \(speedText), "
        heading +=
            "\(formatNumber(input.grade.percent, digits: 1)) % grade, \(formatNumber(input.mass.kilograms, digits: 1)) kg"
        if let minutes { heading += ", \(formatNumber(minutes, digits: 1)) min" }

        var lines = [heading, "", row("", "backward", "forward")]
        lines.append(row("VO2 (mL/kg/min)", one(backward.vo2), one(backward.forwardVO2)))
        lines.append(row("MET", one(backward.met), one(backward.forwardMET)))
        lines.append(row("kcal/min", one(backward.kcalPerMinute), one(backward.forwardKcalPerMinute)))
        if let minutes {
            let back = formatNumber(backward.kilocalories(minutes: minutes), digits: 0)
            let fore = formatNumber(backward.forwardKilocalories(minutes: minutes), digits: 0)
            lines.append(row("kcal (\(formatNumber(minutes, digits: 1)) min)", back, fore))
        }
        lines.append("")
        lines.append(
            "Backward costs \(formatNumber(backward.extraOverForwardPercent, digits: 0)) % more than forward here; "
                + "apps that book it as forward \(motion) under-count it."
        )
        lines.append(
            "Uncertainty: ±\(formatNumber(estimate.uncertaintyPercent, digits: 0)) % (\(input.direction.rawValue)).")
        for message in estimate.extrapolationMessages { lines.append("Extrapolated: \(message)") }
        for message in estimate.noteMessages { lines.append("Note: \(message)") }
        return lines.joined(separator: "\n")
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? " " + text : String(repeating: " ", count: width - text.count) + text
    }
}

/// The `--json` form of an energy estimate. Keys carry their units where the name alone does not say it;
/// VO2 is in mL·kg⁻¹·min⁻¹.
struct EnergyReport: Encodable, Equatable {
    var direction: String
    var gait: String
    var speedMps: Double
    var gradePercent: Double
    var massKg: Double
    var practiceWeeks: Double?
    var handrail: String?
    var durationSeconds: Double?
    var vo2: Double
    var met: Double
    var kcalPerMinute: Double
    var kcal: Double?
    var forwardVo2: Double
    var forwardMet: Double
    var forwardKcalPerMinute: Double
    var forwardKcal: Double?
    var extraOverForwardPercent: Double
    var uncertaintyPercent: Double
    var extrapolated: Bool
    var extrapolationReasons: [String]
    var notes: [String]

    init(_ estimate: EnergyEstimate, minutes: Double?) {
        let input = estimate.input
        direction = input.direction.rawValue
        gait = input.gait.rawValue
        speedMps = Self.round(input.speed.metersPerSecond, 5)
        gradePercent = input.grade.percent
        massKg = input.mass.kilograms
        practiceWeeks = input.practiceWeeks
        handrail = input.handrail?.rawValue
        durationSeconds = minutes.map { Self.round($0 * 60, 3) }
        vo2 = Self.round(estimate.vo2)
        met = Self.round(estimate.met)
        kcalPerMinute = Self.round(estimate.kcalPerMinute)
        kcal = minutes.map { Self.round(estimate.kilocalories(minutes: $0)) }
        forwardVo2 = Self.round(estimate.forwardVO2)
        forwardMet = Self.round(estimate.forwardMET)
        forwardKcalPerMinute = Self.round(estimate.forwardKcalPerMinute)
        forwardKcal = minutes.map { Self.round(estimate.forwardKilocalories(minutes: $0)) }
        extraOverForwardPercent = Self.round(estimate.extraOverForwardPercent, 2)
        uncertaintyPercent = Self.round(estimate.uncertaintyPercent, 2)
        extrapolated = estimate.extrapolated
        extrapolationReasons = estimate.extrapolationMessages
        notes = estimate.noteMessages
    }

    private static func round(_ value: Double, _ digits: Int = 4) -> Double {
        let scale = pow(10.0, Double(digits))
        return (value * scale).rounded() / scale
    }
}
