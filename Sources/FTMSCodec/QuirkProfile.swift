/// How a particular machine deviates from FTMS, so ``ControlSession`` can work around it.
///
/// The presets come from the real-world reports collected in the project's protocol notes (§1.9 "Real-world
/// quirks"); each cites its evidence. Pick one per machine model, or build your own.
public struct QuirkProfile: Hashable, Sendable, Codable {
    /// A short label for logs.
    public var name: String
    /// What to do when Request Control is refused or never answered.
    public var requestControl: RequestControlHandling
    /// Whether Start or Resume (0x07) toggles start/pause, so it must never be sent while the belt moves.
    public var startTogglesPause: Bool
    /// The unit the machine reads Set Target Speed in (FTMS says km/h).
    public var targetSpeedUnit: TargetSpeedUnit
    /// Whether the machine's Supported Inclination Range is meaningless (e.g. reports 0…0 although incline works),
    /// so targets are not clamped to it.
    public var ignoresInclinationRange: Bool
    /// Whether the machine answers control point writes with indications at all.
    public var sendsIndications: Bool

    /// Creates a profile; the defaults describe a spec-conformant machine.
    public init(
        name: String, requestControl: RequestControlHandling = .required, startTogglesPause: Bool = false,
        targetSpeedUnit: TargetSpeedUnit = .kilometresPerHour, ignoresInclinationRange: Bool = false,
        sendsIndications: Bool = true
    ) {
        self.name = name
        self.requestControl = requestControl
        self.startTogglesPause = startTogglesPause
        self.targetSpeedUnit = targetSpeedUnit
        self.ignoresInclinationRange = ignoresInclinationRange
        self.sendsIndications = sendsIndications
    }

    /// A machine that follows FTMS v1.0.1 and FTMP v1.0.
    public static let standard = QuirkProfile(name: "standard")

    /// KingSmith walking pads (e.g. KS-MC21): Request Control is always answered `80 00 04`, and no other
    /// procedure is indicated at all; success shows only in Fitness Machine Status and Treadmill Data
    /// (`mcdax/walkingpad-controller` `docs/ftms-protocol-reference.md` §2.3, §3.2).
    public static let kingSmith = QuirkProfile(
        name: "kingsmith", requestControl: .proceedWithoutGrant, sendsIndications: false)

    /// Vitalwalk "TM11GY" walking pad: Start while running pauses the belt, and target speed is read in mph
    /// (`02 64 00` gave 1.61 km/h) (issue cagnulein/qdomyos-zwift#5100).
    public static let vitalwalkTM11GY = QuirkProfile(
        name: "vitalwalk-tm11gy", startTogglesPause: true, targetSpeedUnit: .milesPerHour)

    /// Treadmills that expect mph targets: JFTM T202, BowFlex T9 (QZ `horizontreadmill.cpp` `forceSpeed`).
    public static let milesPerHourTargets = QuirkProfile(name: "mph-targets", targetSpeedUnit: .milesPerHour)

    /// JTX Sprint 8: reports inclination range 0…0 although incline control works
    /// (issue cagnulein/qdomyos-zwift#2523).
    public static let jtxSprint8 = QuirkProfile(name: "jtx-sprint-8", ignoresInclinationRange: true)

    /// Machines that neither grant control nor indicate, seen with vendor firmware that ignores FTMS control.
    public static let silent = QuirkProfile(
        name: "silent", requestControl: .proceedWithoutGrant, sendsIndications: false)

    /// Every preset.
    public static let presets: [QuirkProfile] = [
        .standard, .kingSmith, .vitalwalkTM11GY, .milesPerHourTargets,
        .jtxSprint8, .silent,
    ]
}

/// What ``ControlSession`` does when Request Control fails or times out.
public enum RequestControlHandling: String, Hashable, Sendable, Codable {
    /// Control must be granted (`80 00 01`); otherwise the queued procedures fail (FTMS v1.0.1 §4.16.2.1).
    case required
    /// Carry on as if control were granted ("assumed"); the machine is known to refuse or ignore the request.
    case proceedWithoutGrant
}

/// The unit a machine interprets the Set Target Speed parameter in.
public enum TargetSpeedUnit: String, Hashable, Sendable, Codable {
    /// 0.01 km/h, as FTMS v1.0.1 §4.16.2.4 says.
    case kilometresPerHour
    /// 0.01 mph (a firmware deviation).
    case milesPerHour
}
