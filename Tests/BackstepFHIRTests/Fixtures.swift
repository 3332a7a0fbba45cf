import BackstepFHIR
import Foundation
import Testing

/// Clients to export, from a full record down to a patient alone.
enum Fixtures {
    static func id(_ n: Int) -> UUID {
        UUID(uuidString: String(format: "00000000-0000-4000-8000-%012d", n)) ?? UUID()
    }

    /// 2025-03-04 09:30:00 UTC plus some seconds.
    static func time(_ offset: Double = 0) -> Date { Date(timeIntervalSince1970: 1_741_080_600 + offset) }

    static let patientID = id(1)
    static let practiceID = id(2)
    static let therapistID = id(3)
    static let assistantID = id(4)

    static let therapist = FHIRPractitioner(
        id: therapistID, name: "Anna de Vries", profession: "Physiotherapist",
        registration: FHIRExternalIdentifier(system: "https://register.example/big", value: "19012345601"))
    static let assistant = FHIRPractitioner(id: assistantID, name: "Ben Okafor")

    static let plan = FHIRPlan(
        id: id(10), title: "Backward walking, weeks 1–4", start: time(), end: time(28 * 86_400), status: .completed,
        prescriber: therapistID, version: 1,
        activities: [
            FHIRPlanActivity(
                description: "Walk backwards at an easy pace.", daysPerWeek: 3, minutesPerSession: 10,
                speedCapMetersPerSecond: 0.6, inclineCapPercent: 0, handrail: .light)
        ])
    static let planV2 = FHIRPlan(
        id: id(10), title: "Backward walking, weeks 5–8", start: time(28 * 86_400), status: .active,
        prescriber: therapistID, version: 2, changeReason: "No pain after sessions; longer and a little faster.",
        activities: [
            FHIRPlanActivity(
                description: "Walk backwards.", daysPerWeek: 4, minutesPerSession: 15, speedCapMetersPerSecond: 0.75,
                inclineCapPercent: 2, handrail: FHIRHandrail.none),
            FHIRPlanActivity(description: "Cool down forwards.", daysPerWeek: 4, minutesPerSession: 2.5),
        ])

    static let session = FHIRSession(
        id: id(20), start: time(86_400), end: time(86_400 + 660), durationSeconds: 600, distanceMeters: 312.456,
        averageSpeedMetersPerSecond: 0.52076, energyKilocalories: 31.25, meanHeartRate: 96.4,
        painDuring: FHIRPainRating(score: 2, at: time(86_400 + 300)),
        painAfter: FHIRPainRating(score: 1, at: time(86_400 + 700)),
        painNextMorning: FHIRPainRating(score: 0, at: time(2 * 86_400 - 3600)))
    static let shortSession = FHIRSession(
        id: id(21), start: time(3 * 86_400), end: time(3 * 86_400 + 300), durationSeconds: 300, distanceMeters: 140)

    static let tenMetreWalk = FHIRMeasurement(
        id: id(30), kind: .clinicTest, code: "ten-metre-walk-backward-time", display: "10 m backward walk time",
        value: 14.2, unit: "s", date: time(-3600), recordedBy: therapistID)
    static let painScore = FHIRMeasurement(
        id: id(31), kind: .questionnaireScore, code: "nrs-pain", display: "Knee pain now",
        loinc: FHIRCodes.painSeverity, value: 3, unit: "{score}", date: time(-1800))
    static let kooScore = FHIRMeasurement(
        id: id(32), kind: .questionnaireScore, code: "koos-ps", display: "KOOS-PS", value: 41.3, unit: "{score}",
        date: time(-1700), recordedBy: assistantID)

    static let questionnaire = FHIRQuestionnaireResult(
        id: id(40), questionnaireID: "readiness-v1", authored: time(-1200), enteredBy: assistantID,
        items: [
            FHIRAnswerItem(id: "1", text: "Pain now (0–10)?", answer: .integer(3)),
            FHIRAnswerItem(id: "2", text: "Slept well?", answer: .boolean(true)),
            FHIRAnswerItem(id: "3", text: "Hours on your feet yesterday", answer: .decimal(6.5)),
            FHIRAnswerItem(id: "4", text: "Anything else?", answer: .text("Stairs are \"hard\"")),
            FHIRAnswerItem(id: "5", text: "Skipped question", answer: nil),
        ])

    static var full: FHIRClientExport {
        FHIRClientExport(
            patient: FHIRPatient(
                id: patientID, name: "Jan Jansen", birthYear: 1961, sex: .male,
                bodyMass: FHIRBodyMass(kilograms: 82.35, measuredAt: time(-7200))),
            practice: FHIRPractice(id: practiceID, name: "Backstep Demo Practice"),
            practitioners: [therapist, assistant], plans: [plan, planV2], sessions: [session, shortSession],
            measurements: [tenMetreWalk, painScore, kooScore], questionnaires: [questionnaire],
            exportedAt: time(30 * 86_400 + 0.75))
    }

    static var minimal: FHIRClientExport {
        FHIRClientExport(patient: FHIRPatient(id: patientID, name: "M"), exportedAt: time())
    }

    static var questionnairesOnly: FHIRClientExport {
        FHIRClientExport(
            patient: FHIRPatient(id: patientID, name: "Q Only", sex: .unknown), practitioners: [assistant],
            measurements: [painScore, kooScore], questionnaires: [questionnaire], exportedAt: time())
    }

    static var unusualNames: FHIRClientExport {
        FHIRClientExport(
            patient: FHIRPatient(
                id: patientID, name: "  Zoë \"Zee\" O'Brien-Łukasiewicz \\ 山田 太郎 🚶‍♀️\u{0007}  ", sex: .other),
            practice: FHIRPractice(id: practiceID, name: "Praxis \"Rückwärts\" & Co. <b>"),
            practitioners: [
                FHIRPractitioner(
                    id: therapistID, name: "Søren Ærø\nKierkegaard", profession: "Fysioterapeut",
                    registration: FHIRExternalIdentifier(value: "  12 34  "))
            ],
            plans: [
                FHIRPlan(
                    id: id(11), title: "Plan — \"rückwärts\" \\ 後ろ歩き", start: time(), status: .draft,
                    prescriber: therapistID,
                    activities: [FHIRPlanActivity(description: "\t", daysPerWeek: 1, minutesPerSession: 0.5)])
            ],
            questionnaires: [
                FHIRQuestionnaireResult(
                    id: id(41), questionnaireID: "ängstlich v2", authored: time(),
                    items: [FHIRAnswerItem(id: "q 1", text: "Wie geht's? 😀", answer: .text("gut, \"danke\""))])
            ],
            exportedAt: time())
    }

    /// Exports and parses back into plain JSON objects.
    static func json(
        _ export: FHIRClientExport, options: FHIRExportOptions = FHIRExportOptions()
    ) throws
        -> [String: Any]
    {
        let data = try FHIRExporter.bundle(for: export, options: options)
        return try #require(JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static func resources(_ bundle: [String: Any]) -> [[String: Any]] {
        (bundle["entry"] as? [[String: Any]] ?? []).compactMap { $0["resource"] as? [String: Any] }
    }

    static func fullURLs(_ bundle: [String: Any]) -> [String] {
        (bundle["entry"] as? [[String: Any]] ?? []).compactMap { $0["fullUrl"] as? String }
    }

    /// Every `reference` string anywhere under a value.
    static func references(in value: Any) -> [String] {
        if let object = value as? [String: Any] {
            return object.flatMap { key, member -> [String] in
                key == "reference" ? [member as? String ?? "<not a string>"] : references(in: member)
            }
        }
        if let array = value as? [Any] { return array.flatMap(references(in:)) }
        return []
    }

    /// Every coding (object with `system` and `code`) anywhere under a value.
    static func codings(in value: Any) -> [(system: String, code: String)] {
        if let object = value as? [String: Any] {
            var found: [(String, String)] = []
            if let system = object["system"] as? String, let code = object["code"] as? String {
                found.append((system, code))
            }
            return found + object.values.flatMap(codings(in:))
        }
        if let array = value as? [Any] { return array.flatMap(codings(in:)) }
        return []
    }
}
