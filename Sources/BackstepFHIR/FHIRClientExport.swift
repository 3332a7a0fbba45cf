import Foundation

/// Everything Backstep exports about one client as a FHIR R4 `Bundle`: the input of `FHIRExporter.bundle(for:options:)`.
///
/// Plain values only (ids, dates, numbers in SI units and strings), so that the storage layer can map its records
/// onto it without this target knowing them. Nothing here reads a clock: `exportedAt` is passed in.
public struct FHIRClientExport: Sendable, Equatable {
    /// The client (FHIR `Patient`).
    public var patient: FHIRPatient
    /// The practice the client is seen at (FHIR `Organization`), when known.
    public var practice: FHIRPractice?
    /// The physiotherapists who prescribe, record or author anything below (FHIR `Practitioner`).
    public var practitioners: [FHIRPractitioner]
    /// Prescriptions, every version that should travel (FHIR `CarePlan`).
    public var plans: [FHIRPlan]
    /// Performed treadmill sessions (FHIR `Observation`s, one panel per session).
    public var sessions: [FHIRSession]
    /// Clinic test results and questionnaire scores (one FHIR `Observation` each).
    public var measurements: [FHIRMeasurement]
    /// Filled-in questionnaires, answer by answer (FHIR `QuestionnaireResponse`).
    public var questionnaires: [FHIRQuestionnaireResult]
    /// When the export was made (`Bundle.timestamp`).
    public var exportedAt: Date

    /// Creates an export.
    /// - Parameters:
    ///   - patient: the client.
    ///   - practice: the practice, if known.
    ///   - practitioners: the physiotherapists referenced by plans, measurements and questionnaires.
    ///   - plans: the prescriptions.
    ///   - sessions: the performed sessions.
    ///   - measurements: clinic tests and questionnaire scores.
    ///   - questionnaires: questionnaire answers.
    ///   - exportedAt: the export time.
    public init(
        patient: FHIRPatient, practice: FHIRPractice? = nil, practitioners: [FHIRPractitioner] = [],
        plans: [FHIRPlan] = [], sessions: [FHIRSession] = [], measurements: [FHIRMeasurement] = [],
        questionnaires: [FHIRQuestionnaireResult] = [], exportedAt: Date
    ) {
        self.patient = patient
        self.practice = practice
        self.practitioners = practitioners
        self.plans = plans
        self.sessions = sessions
        self.measurements = measurements
        self.questionnaires = questionnaires
        self.exportedAt = exportedAt
    }
}

/// Administrative sex as FHIR R4 `AdministrativeGender` codes it (a required binding).
public enum FHIRSex: String, Sendable, Equatable, CaseIterable {
    /// `male`.
    case male
    /// `female`.
    case female
    /// `other`.
    case other
    /// `unknown`: asked, but not known.
    case unknown
}

/// The client as a FHIR `Patient`: only what Backstep actually knows.
public struct FHIRPatient: Sendable, Equatable {
    /// Backstep's client id (also the `urn:uuid` of the `Patient` entry).
    public var id: UUID
    /// The name as entered, written as `HumanName.text` (Backstep does not split given and family names).
    public var name: String
    /// The year of birth, written as `birthDate` `YYYY`; nil when unknown. See `birthYear(age:on:)`.
    public var birthYear: Int?
    /// Administrative sex, when recorded.
    public var sex: FHIRSex?
    /// The latest body mass, when recorded (an `Observation`, LOINC 29463-7).
    public var bodyMass: FHIRBodyMass?

    /// Creates a patient.
    /// - Parameters:
    ///   - id: the client id.
    ///   - name: the name as entered.
    ///   - birthYear: the year of birth, if known.
    ///   - sex: administrative sex, if recorded.
    ///   - bodyMass: the latest body mass, if recorded.
    public init(id: UUID, name: String, birthYear: Int? = nil, sex: FHIRSex? = nil, bodyMass: FHIRBodyMass? = nil) {
        self.id = id
        self.name = name
        self.birthYear = birthYear
        self.sex = sex
        self.bodyMass = bodyMass
    }

    /// The year of birth implied by an age in whole years on a date, for apps that store age rather than birth date.
    ///
    /// Honest about its limits: someone aged `age` on `date` was born in `year(date) - age` if their birthday has
    /// already passed that year, else one year earlier. Without the birthday we can't tell, so this returns the
    /// later year; the result may be one year late. Computed in UTC.
    /// - Parameters:
    ///   - age: the age in whole years.
    ///   - date: the date the age was recorded.
    public static func birthYear(age: Int, on date: Date) -> Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0) ?? calendar.timeZone
        return calendar.component(.year, from: date) - age
    }
}

/// A body mass with the time it was measured.
public struct FHIRBodyMass: Sendable, Equatable {
    /// Body mass in kilograms.
    public var kilograms: Double
    /// When it was measured.
    public var measuredAt: Date

    /// Creates a body mass.
    /// - Parameters:
    ///   - kilograms: the mass in kg.
    ///   - measuredAt: when it was measured.
    public init(kilograms: Double, measuredAt: Date) {
        self.kilograms = kilograms
        self.measuredAt = measuredAt
    }
}

/// The practice, as a FHIR `Organization`.
public struct FHIRPractice: Sendable, Equatable {
    /// Backstep's practice id.
    public var id: UUID
    /// The practice's name.
    public var name: String

    /// Creates a practice.
    /// - Parameters:
    ///   - id: the practice id.
    ///   - name: its name.
    public init(id: UUID, name: String) {
        self.id = id
        self.name = name
    }
}

/// An identifier issued by someone else, such as a professional registration number.
public struct FHIRExternalIdentifier: Sendable, Equatable {
    /// The namespace URI of the issuing register, when known (`Identifier.system`).
    public var system: String?
    /// The number itself (`Identifier.value`).
    public var value: String

    /// Creates an identifier.
    /// - Parameters:
    ///   - system: the register's namespace URI, if known.
    ///   - value: the number.
    public init(system: String? = nil, value: String) {
        self.system = system
        self.value = value
    }
}

/// A physiotherapist, as a FHIR `Practitioner`.
public struct FHIRPractitioner: Sendable, Equatable {
    /// Backstep's user id.
    public var id: UUID
    /// The name as entered (`HumanName.text`).
    public var name: String
    /// The profession as shown to people, e.g. "Physiotherapist" (`qualification.code.text`).
    public var profession: String?
    /// The professional registration number, when recorded (`Practitioner.identifier`).
    public var registration: FHIRExternalIdentifier?

    /// Creates a practitioner.
    /// - Parameters:
    ///   - id: the user id.
    ///   - name: the name as entered.
    ///   - profession: the profession's display text.
    ///   - registration: the registration number.
    public init(id: UUID, name: String, profession: String? = nil, registration: FHIRExternalIdentifier? = nil) {
        self.id = id
        self.name = name
        self.profession = profession
        self.registration = registration
    }
}

/// A pain rating on the 0–10 numeric rating scale, with the time it was given.
public struct FHIRPainRating: Sendable, Equatable {
    /// The rating, 0 (no pain) to 10 (worst imaginable).
    public var score: Int
    /// When the client gave it.
    public var at: Date

    /// Creates a pain rating.
    /// - Parameters:
    ///   - score: 0 to 10.
    ///   - at: when it was given.
    public init(score: Int, at: Date) {
        self.score = score
        self.at = at
    }
}

/// A performed backward-walking session.
public struct FHIRSession: Sendable, Equatable {
    /// Backstep's session id (the `urn:uuid` of the session's panel `Observation`).
    public var id: UUID
    /// When the session started.
    public var start: Date
    /// When it ended.
    public var end: Date
    /// Time walked in seconds (may be less than `end - start` when the session was paused).
    public var durationSeconds: Double
    /// Distance walked on the belt, in metres.
    public var distanceMeters: Double
    /// Average belt speed in m/s, when known.
    public var averageSpeedMetersPerSecond: Double?
    /// Estimated energy expenditure in kcal, when computed.
    public var energyKilocalories: Double?
    /// Mean heart rate in beats per minute, when a sensor was connected.
    public var meanHeartRate: Double?
    /// Pain reported during the session.
    public var painDuring: FHIRPainRating?
    /// Pain reported right after it.
    public var painAfter: FHIRPainRating?
    /// Pain reported the next morning.
    public var painNextMorning: FHIRPainRating?

    /// Creates a session.
    /// - Parameters:
    ///   - id: the session id.
    ///   - start: start time.
    ///   - end: end time.
    ///   - durationSeconds: time walked in seconds.
    ///   - distanceMeters: distance in metres.
    ///   - averageSpeedMetersPerSecond: average speed in m/s.
    ///   - energyKilocalories: energy in kcal.
    ///   - meanHeartRate: mean heart rate in /min.
    ///   - painDuring: pain during the session.
    ///   - painAfter: pain right after.
    ///   - painNextMorning: pain the next morning.
    public init(
        id: UUID, start: Date, end: Date, durationSeconds: Double, distanceMeters: Double,
        averageSpeedMetersPerSecond: Double? = nil, energyKilocalories: Double? = nil, meanHeartRate: Double? = nil,
        painDuring: FHIRPainRating? = nil, painAfter: FHIRPainRating? = nil, painNextMorning: FHIRPainRating? = nil
    ) {
        self.id = id
        self.start = start
        self.end = end
        self.durationSeconds = durationSeconds
        self.distanceMeters = distanceMeters
        self.averageSpeedMetersPerSecond = averageSpeedMetersPerSecond
        self.energyKilocalories = energyKilocalories
        self.meanHeartRate = meanHeartRate
        self.painDuring = painDuring
        self.painAfter = painAfter
        self.painNextMorning = painNextMorning
    }
}

/// What kind of result a measurement is; sets the `Observation.category`.
public enum FHIRMeasurementKind: String, Sendable, Equatable, CaseIterable {
    /// A test done in the clinic (category `exam`), e.g. a timed walk.
    case clinicTest
    /// A score from a questionnaire (category `survey`).
    case questionnaireScore
}

/// One clinic test result or questionnaire score: a generic, coded quantity.
public struct FHIRMeasurement: Sendable, Equatable {
    /// Backstep's result id (the `urn:uuid` of the `Observation`).
    public var id: UUID
    /// Clinic test or questionnaire score.
    public var kind: FHIRMeasurementKind
    /// Backstep's measure code, e.g. `ten-metre-walk-time` (a FHIR `code`: no leading, trailing or double spaces).
    public var code: String
    /// The measure's name as shown to people.
    public var display: String
    /// The LOINC code, when one exists and has been checked to mean this measure.
    public var loinc: FHIRLOINC?
    /// The value.
    public var value: Double
    /// The UCUM unit code, e.g. `s`, `m`, `m/s`, `{score}`.
    public var unit: String
    /// When it was measured.
    public var date: Date
    /// Who recorded it (a practitioner's id), or nil when the client entered it.
    public var recordedBy: UUID?

    /// Creates a measurement.
    /// - Parameters:
    ///   - id: the result id.
    ///   - kind: clinic test or questionnaire score.
    ///   - code: Backstep's measure code.
    ///   - display: its name.
    ///   - loinc: its LOINC code, if checked.
    ///   - value: the value.
    ///   - unit: the UCUM unit code.
    ///   - date: when it was measured.
    ///   - recordedBy: the practitioner who recorded it, or nil for the client.
    public init(
        id: UUID, kind: FHIRMeasurementKind, code: String, display: String, loinc: FHIRLOINC? = nil, value: Double,
        unit: String, date: Date, recordedBy: UUID? = nil
    ) {
        self.id = id
        self.kind = kind
        self.code = code
        self.display = display
        self.loinc = loinc
        self.value = value
        self.unit = unit
        self.date = date
        self.recordedBy = recordedBy
    }
}

/// A LOINC code with its display text.
public struct FHIRLOINC: Sendable, Equatable {
    /// The code, e.g. `72514-3`.
    public var code: String
    /// LOINC's name for it.
    public var display: String

    /// Creates a LOINC coding.
    /// - Parameters:
    ///   - code: the code.
    ///   - display: LOINC's name for it.
    public init(code: String, display: String) {
        self.code = code
        self.display = display
    }
}

/// One answer in a filled-in questionnaire.
public enum FHIRAnswer: Sendable, Equatable {
    /// A whole number (`valueInteger`).
    case integer(Int)
    /// A decimal (`valueDecimal`).
    case decimal(Double)
    /// Yes or no (`valueBoolean`).
    case boolean(Bool)
    /// Free text or a chosen option's label (`valueString`).
    case text(String)
}

/// One item of a filled-in questionnaire.
public struct FHIRAnswerItem: Sendable, Equatable {
    /// The item's id in the questionnaire (`linkId`).
    public var id: String
    /// The question as shown.
    public var text: String
    /// The answer, or nil when the item was left empty.
    public var answer: FHIRAnswer?

    /// Creates an item.
    /// - Parameters:
    ///   - id: the item's id.
    ///   - text: the question.
    ///   - answer: the answer.
    public init(id: String, text: String, answer: FHIRAnswer?) {
        self.id = id
        self.text = text
        self.answer = answer
    }
}

/// A filled-in questionnaire, as a FHIR `QuestionnaireResponse`.
public struct FHIRQuestionnaireResult: Sendable, Equatable {
    /// Backstep's result id.
    public var id: UUID
    /// Backstep's questionnaire id; the canonical URL is `<base>/Questionnaire/<id>`.
    public var questionnaireID: String
    /// When it was completed.
    public var authored: Date
    /// Who entered it: a practitioner's id, or nil when the client filled it in.
    public var enteredBy: UUID?
    /// The items, in questionnaire order.
    public var items: [FHIRAnswerItem]

    /// Creates a questionnaire result.
    /// - Parameters:
    ///   - id: the result id.
    ///   - questionnaireID: the questionnaire's id.
    ///   - authored: when it was completed.
    ///   - enteredBy: the practitioner who entered it, or nil for the client.
    ///   - items: the items.
    public init(
        id: UUID, questionnaireID: String, authored: Date, enteredBy: UUID? = nil, items: [FHIRAnswerItem]
    ) {
        self.id = id
        self.questionnaireID = questionnaireID
        self.authored = authored
        self.enteredBy = enteredBy
        self.items = items
    }
}

/// A prescription's status, mapped onto FHIR R4 `RequestStatus` (a required binding).
public enum FHIRPlanStatus: String, Sendable, Equatable, CaseIterable {
    /// Being written, not yet in force.
    case draft
    /// In force.
    case active
    /// Paused.
    case onHold = "on-hold"
    /// Withdrawn before it ran its course.
    case revoked
    /// Ran its course.
    case completed
    /// Recorded by mistake.
    case enteredInError = "entered-in-error"
    /// Not known.
    case unknown
}

/// How much the client may hold the handrail.
public enum FHIRHandrail: String, Sendable, Equatable, CaseIterable {
    /// Both hands holding firmly.
    case full
    /// Light touch only.
    case light
    /// Hands free.
    case none
}

/// One prescribed activity.
public struct FHIRPlanActivity: Sendable, Equatable {
    /// What to do, as shown to the client.
    public var description: String
    /// Sessions a week.
    public var daysPerWeek: Int
    /// Minutes a session.
    public var minutesPerSession: Double
    /// Highest belt speed allowed, m/s.
    public var speedCapMetersPerSecond: Double?
    /// Highest incline allowed, percent.
    public var inclineCapPercent: Double?
    /// Handrail use allowed.
    public var handrail: FHIRHandrail?

    /// Creates an activity.
    /// - Parameters:
    ///   - description: what to do.
    ///   - daysPerWeek: sessions a week.
    ///   - minutesPerSession: minutes a session.
    ///   - speedCapMetersPerSecond: speed cap in m/s.
    ///   - inclineCapPercent: incline cap in percent.
    ///   - handrail: handrail use allowed.
    public init(
        description: String, daysPerWeek: Int, minutesPerSession: Double, speedCapMetersPerSecond: Double? = nil,
        inclineCapPercent: Double? = nil, handrail: FHIRHandrail? = nil
    ) {
        self.description = description
        self.daysPerWeek = daysPerWeek
        self.minutesPerSession = minutesPerSession
        self.speedCapMetersPerSecond = speedCapMetersPerSecond
        self.inclineCapPercent = inclineCapPercent
        self.handrail = handrail
    }
}

/// A prescription (one version of it), as a FHIR `CarePlan`.
public struct FHIRPlan: Sendable, Equatable {
    /// Backstep's plan id (the `urn:uuid` of the `CarePlan`, together with `version`).
    public var id: UUID
    /// The plan's title.
    public var title: String
    /// First day in force.
    public var start: Date
    /// Last moment in force, when set.
    public var end: Date?
    /// Status.
    public var status: FHIRPlanStatus
    /// The prescribing practitioner's id (must be among the export's practitioners).
    public var prescriber: UUID
    /// The version number, 1 for the first.
    public var version: Int
    /// Why this version changed the previous one, when it did.
    public var changeReason: String?
    /// The activities.
    public var activities: [FHIRPlanActivity]

    /// Creates a plan.
    /// - Parameters:
    ///   - id: the plan id.
    ///   - title: its title.
    ///   - start: start of the period.
    ///   - end: end of the period.
    ///   - status: status.
    ///   - prescriber: the prescriber's id.
    ///   - version: version number.
    ///   - changeReason: why it changed.
    ///   - activities: the activities.
    public init(
        id: UUID, title: String, start: Date, end: Date? = nil, status: FHIRPlanStatus, prescriber: UUID,
        version: Int = 1, changeReason: String? = nil, activities: [FHIRPlanActivity]
    ) {
        self.id = id
        self.title = title
        self.start = start
        self.end = end
        self.status = status
        self.prescriber = prescriber
        self.version = version
        self.changeReason = changeReason
        self.activities = activities
    }
}

/// Settings of an export.
public struct FHIRExportOptions: Sendable, Equatable {
    /// The base of Backstep's own FHIR URLs, without a trailing slash: code system `<base>/CodeSystem/measure`,
    /// questionnaires `<base>/Questionnaire/<id>`, identifier systems `<base>/sid/...`.
    public var base: String

    /// Creates options.
    /// - Parameter base: the base URL; a trailing slash is dropped.
    public init(base: String = "https://backstep.example/fhir") {
        var trimmed = base
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        self.base = trimmed
    }
}
