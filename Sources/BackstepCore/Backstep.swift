/// Backstep's pure domain library: units, workouts, profiles, the program catalog, plans, the energy model,
/// progression and safety rules, and assessments.
///
/// Everything here is a value type. Nothing reads a clock, a file or the network: callers pass time in.
public enum Backstep {
    /// The version of the domain rules, reported by the command line.
    public static let version = "0.1.0"
}
