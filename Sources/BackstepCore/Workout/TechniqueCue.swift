/// Technique cues for backward locomotion and the exercises around it, in Backstep's own words.
/// The points they make follow the domain brief §4 (technique) and §5 (safety).
public enum TechniqueCue: String, Hashable, Sendable, Codable, CaseIterable {
    /// Toe first, then heel.
    case toesThenHeel = "toes-then-heel"
    /// Upright posture, eyes ahead.
    case standTall = "stand-tall"
    /// Don't twist round to look; a glance over the shoulder is fine.
    case noTwisting = "no-twisting"
    /// Short, even steps in a steady rhythm.
    case shortEvenSteps = "short-even-steps"
    /// Soft knees, braced core, relaxed shoulders.
    case softKneesBracedCore = "soft-knees-braced-core"
    /// Hold the rails while learning.
    case holdRails = "hold-rails"
    /// Lighten the grip as confidence grows.
    case lightenGrip = "lighten-grip"
    /// Arms swing freely, reaching back with each stride.
    case armSwing = "arm-swing"
    /// Slow down before speeding up.
    case slowBeforeFast = "slow-before-fast"
    /// Drive through the whole foot on an incline, like pushing a sled.
    case pushTheSled = "push-the-sled"
    /// Quick, light feet when going fast; stay in control.
    case quickLightFeet = "quick-light-feet"
    /// Stop before you are tired.
    case stopBeforeTired = "stop-before-tired"
    /// After a long or inclined bout, stand still for a moment before stepping off.
    case pauseBeforeStepOff = "pause-before-step-off"
    /// Stop at once on chest pain, dizziness, sharp or rising joint pain, or a loss of balance.
    case stopRules = "stop-rules"
    /// Push-up form.
    case pushUpForm = "push-up-form"
    /// Squat form.
    case squatForm = "squat-form"
    /// Scan the ground and keep to open, flat, quiet spaces outdoors.
    case outdoorSpace = "outdoor-space"

    /// The words said or shown to the user.
    public var text: String {
        switch self {
        case .toesThenHeel: "Reach back with your toes first and let the heel settle after."
        case .standTall: "Tall posture: chest over hips, eyes forward, no leaning."
        case .noTwisting: "Keep your shoulders square. A quick glance back is fine; turning round is not."
        case .shortEvenSteps: "Short, even steps with a steady rhythm."
        case .softKneesBracedCore: "Knees a little soft, core firm, shoulders loose."
        case .holdRails: "Keep your hands on the side rails for now."
        case .lightenGrip: "Try a lighter grip on the rails if you feel steady."
        case .armSwing: "Let your arms swing and reach back with each stride."
        case .slowBeforeFast: "Settle in slowly. Add speed or incline only when this feels easy."
        case .pushTheSled: "Drive through the whole foot, as if pushing a sled uphill."
        case .quickLightFeet: "Quick, light feet. Stay in control; ease off if form slips."
        case .stopBeforeTired: "Finish while you still feel fresh."
        case .pauseBeforeStepOff: "Stand still for a few breaths before stepping off the belt."
        case .stopRules:
            "Stop at once for chest pain, dizziness, faintness, sharp or rising joint pain, or a loss of balance."
        case .pushUpForm: "Push-ups: body in one line, chest to just above the floor. Knees down is fine."
        case .squatForm: "Squats: weight through the heels, knees track over the toes, chest up."
        case .outdoorSpace: "Outdoors, pick a flat, open, quiet place and check the ground behind you first."
        }
    }
}
