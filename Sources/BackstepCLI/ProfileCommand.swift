import ArgumentParser
import BackstepCore
import BackstepStorage
import BackstepStorageSQL
import Foundation

/// `backstep profile create|show|edit`: the local athlete's profile, with its history kept in the database.
public struct ProfileCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "profile", abstract: "Create, show or edit your profile (every edit is kept as a version).",
        subcommands: [Create.self, Show.self, Edit.self])

    public init() {}

    /// Profile fields, all optional so `edit` can change a few; `create` requires age, mass and goal.
    public struct Fields: ParsableArguments {
        @Option(help: "Age in years (10–105).") var age: Int?
        @Option(help: "Body mass in kg (20–350).") var mass: Double?
        @Option(help: "Height in metres (0.9–2.5).") var height: Double?
        @Option(help: "Goal: \(Goal.allCases.map(\.rawValue).joined(separator: ", ")).") var goal: Goal?
        @Option(help: "Backward walking experience: beginner, intermediate or advanced.") var level: Experience?
        @Option(
            help:
                "A health condition (repeatable; replaces the list): \(Condition.allCases.map(\.rawValue).joined(separator: ", "))."
        )
        var condition: [Condition] = []
        @Option(help: "Speed units for display and for --speed-cap and --overground-speed: mph, kmh or mps.")
        var units: SpeedUnit?
        @Option(name: .customLong("speed-cap"), help: "Your own speed cap, in --units.") var speedCap: Double?
        @Option(
            name: .customLong("overground-speed"),
            help: "Comfortable overground walking speed, in --units (stroke protocol baseline).")
        var overgroundSpeed: Double?
        @Option(
            name: .customLong("treadmill-max-incline"),
            help: "Your treadmill's highest incline in percent (0 if it has none).")
        var treadmillMaxIncline: Double?
        @Flag(inversion: .prefixedNo, help: "A safe outdoor space and a hill are available.") var outdoors: Bool?

        public init() {}

        /// `base` with these fields applied.
        func apply(to base: Profile) throws -> Profile {
            var profile = base
            if let age { profile.age = age }
            if let mass { profile.mass = Mass(kilograms: mass) }
            if let height { profile.height = Distance(meters: height) }
            if let goal { profile.goal = goal }
            if let level { profile.experience = level }
            if !condition.isEmpty { profile.conditions = Set(condition) }
            let unit = units ?? (profile.units == .imperial ? .milesPerHour : .kilometersPerHour)
            if let units { profile.units = units == .milesPerHour ? .imperial : .metric }
            if let speedCap { profile.speedCap = Speed(speedCap, unit) }
            if let overgroundSpeed { profile.overgroundWalkingSpeed = Speed(overgroundSpeed, unit) }
            if let treadmillMaxIncline {
                if profile.equipment.treadmill == nil { profile.equipment.treadmill = .typical }
                profile.equipment.treadmill?.maximumGrade = Grade(percent: treadmillMaxIncline)
            }
            if let outdoors { profile.equipment.outdoors = outdoors }
            do {
                try profile.validate()
            } catch {
                let options = [
                    "age": "--age", "mass": "--mass", "height": "--height", "speedCap": "--speed-cap",
                    "overgroundWalkingSpeed": "--overground-speed", "treadmill.maximumGrade": "--treadmill-max-incline",
                ]
                throw ValidationError(
                    InputError(field: options[error.field] ?? error.field, problem: error.problem).description)
            }
            return profile
        }
    }

    /// `backstep profile create`.
    public struct Create: AsyncRenderingCommand {
        public static let configuration = CommandConfiguration(
            commandName: "create", abstract: "Create your profile (needs --age, --mass and --goal).")
        @OptionGroup public var fields: Fields
        @OptionGroup public var options: DatabaseOptions
        public init() {}

        public func render() async throws -> String {
            guard let age = fields.age, let mass = fields.mass, let goal = fields.goal else {
                throw ValidationError("profile create needs --age, --mass and --goal")
            }
            let profile = try fields.apply(to: Profile(age: age, mass: Mass(kilograms: mass), goal: goal))
            return try await options.withStore { store in
                let user = try await store.localAthlete(now: Date())
                if try await store.currentProfile(for: user.id) != nil {
                    throw ValidationError("a profile exists already; change it with `backstep profile edit`")
                }
                let version = try await store.saveProfile(profile, for: user.id, at: Date())
                return "Profile created (version \(version.version)).\n" + ProfileText.render(version)
            }
        }
    }

    /// `backstep profile show`.
    public struct Show: AsyncRenderingCommand {
        public static let configuration = CommandConfiguration(
            commandName: "show", abstract: "Show your profile and how it changed.")
        @OptionGroup public var options: DatabaseOptions
        @Flag(help: "Print JSON.") var json = false
        public init() {}

        public func render() async throws -> String {
            try await options.withStore { store in
                let user = try await store.localAthlete(now: Date())
                let history = try await store.profileHistory(for: user.id)
                guard let current = history.last else {
                    throw ValidationError(
                        "no profile yet; create one with `backstep profile create --age … --mass … --goal …`")
                }
                if json { return try CLIJSON.encode(history) }
                var text = ProfileText.render(current)
                if history.count > 1 {
                    text +=
                        "\nHistory:\n"
                        + history.map { "  version \($0.version) saved \(HistoryText.date($0.recordedAt))" }.joined(
                            separator: "\n")
                }
                return text
            }
        }
    }

    /// `backstep profile edit`.
    public struct Edit: AsyncRenderingCommand {
        public static let configuration = CommandConfiguration(
            commandName: "edit", abstract: "Change some fields of your profile (saved as a new version).")
        @OptionGroup public var fields: Fields
        @OptionGroup public var options: DatabaseOptions
        public init() {}

        public func render() async throws -> String {
            try await options.withStore { store in
                let user = try await store.localAthlete(now: Date())
                guard let current = try await store.currentProfile(for: user.id) else {
                    throw ValidationError("no profile yet; create one with `backstep profile create`")
                }
                let edited = try fields.apply(to: current.profile)
                guard edited != current.profile else { return "Nothing changed (version \(current.version))." }
                let version = try await store.saveProfile(edited, for: user.id, at: Date())
                return "Profile saved (version \(version.version)).\n" + ProfileText.render(version)
            }
        }
    }
}

/// Terminal text for profiles.
enum ProfileText {
    static func render(_ version: ProfileVersion) -> String {
        let p = version.profile
        let unit: SpeedUnit = p.units == .imperial ? .milesPerHour : .kilometersPerHour
        var lines = [
            "  Age:        \(p.age)",
            "  Mass:       \(formatNumber(p.mass.kilograms, digits: 1)) kg",
            "  Goal:       \(p.goal.rawValue)",
            "  Experience: \(p.experience.rawValue)",
            "  Conditions: \(p.conditions.isEmpty ? "none" : p.conditions.map(\.rawValue).sorted().joined(separator: ", "))",
            "  Units:      \(p.units.rawValue)",
        ]
        if let height = p.height { lines.insert("  Height:     \(formatNumber(height.meters)) m", at: 2) }
        if let cap = p.speedCap { lines.append("  Speed cap:  \(formatSpeed(cap, unit))") }
        if let speed = p.overgroundWalkingSpeed { lines.append("  Overground: \(formatSpeed(speed, unit))") }
        lines.append("  Version:    \(version.version), saved \(HistoryText.date(version.recordedAt))")
        return lines.joined(separator: "\n")
    }
}
