/// The code systems and codes the export writes; `docs/fhir-export.md` gives each one's source.
public enum FHIRCodes {
    /// LOINC's system URI.
    public static let loincSystem = "http://loinc.org"
    /// UCUM's system URI.
    public static let ucumSystem = "http://unitsofmeasure.org"
    /// FHIR's observation category code system.
    public static let categorySystem = "http://terminology.hl7.org/CodeSystem/observation-category"

    /// LOINC 72514-3: pain on the 0–10 numeric rating scale, as reported by the patient.
    public static let painSeverity = FHIRLOINC(
        code: "72514-3", display: "Pain severity - 0-10 verbal numeric rating [Score] - Reported")
    /// LOINC 8867-4: heart rate.
    public static let heartRate = FHIRLOINC(code: "8867-4", display: "Heart rate")
    /// LOINC 29463-7: body weight.
    public static let bodyWeight = FHIRLOINC(code: "29463-7", display: "Body weight")
    /// LOINC 55411-3: exercise duration.
    public static let exerciseDuration = FHIRLOINC(code: "55411-3", display: "Exercise duration")

    /// Every LOINC code the export writes by itself (measurements may add their own).
    public static let loinc: [FHIRLOINC] = [painSeverity, heartRate, bodyWeight, exerciseDuration]

    /// Backstep's own measure codes (code system `<base>/CodeSystem/measure`), with their displays.
    public enum Measure: String, Sendable, CaseIterable {
        /// One performed session: the panel its other observations hang from.
        case session
        /// Time walked in a session.
        case walkDuration = "walk-duration"
        /// Distance walked on the belt in a session.
        case walkDistance = "walk-distance"
        /// Average belt speed in a session.
        case averageSpeed = "average-speed"
        /// Estimated energy expenditure of a session.
        case energyExpenditure = "energy-expenditure"
        /// Mean heart rate over a session.
        case meanHeartRate = "mean-heart-rate"
        /// Pain during a session.
        case painDuring = "pain-during"
        /// Pain right after a session.
        case painAfter = "pain-after"
        /// Pain the morning after a session.
        case painNextMorning = "pain-next-morning"

        /// The display text.
        public var display: String {
            switch self {
            case .session: "Backward treadmill walking session"
            case .walkDuration: "Time walked"
            case .walkDistance: "Distance walked"
            case .averageSpeed: "Average belt speed"
            case .energyExpenditure: "Estimated energy expenditure"
            case .meanHeartRate: "Mean heart rate"
            case .painDuring: "Pain during the session"
            case .painAfter: "Pain right after the session"
            case .painNextMorning: "Pain the next morning"
            }
        }
    }

    /// Backstep's code for the prescribed activity (code system `<base>/CodeSystem/activity`).
    public static let backwardWalkingActivity = "backward-treadmill-walking"
}
