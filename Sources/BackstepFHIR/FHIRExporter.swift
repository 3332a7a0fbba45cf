import Foundation

/// Why an export could not be written. Each case names the offending input so the caller can say what to fix.
public enum FHIRExportError: Error, Sendable, Equatable {
    /// A number is not finite, out of its range, or a count is impossible; `field` says which.
    case invalidValue(field: String, reason: String)
    /// A date lies outside the years 0001–9999, or an end comes before its start.
    case invalidDate(field: String)
    /// A code (measure code, UCUM unit, LOINC code, questionnaire item id) is empty or has stray whitespace.
    case invalidCode(field: String, code: String)
    /// Something refers to a practitioner the export does not contain.
    case unknownPractitioner(UUID, field: String)
    /// Two entries would get the same `urn:uuid` (the same record passed twice).
    case duplicateEntry(UUID)
}

/// Writes one client's record as a FHIR R4 `Bundle` of type `collection`.
///
/// Pure: the same input always gives the same bytes (keys in a fixed order, numbers rounded to fixed digits, times
/// in UTC to the second). Entries are addressed by `urn:uuid` full URLs: Backstep's own ids where a record maps to
/// one resource, name-based (version 5) UUIDs of those ids for the resources derived from a record. Every
/// reference points to another entry of the same bundle. `docs/fhir-export.md` describes the mapping.
public enum FHIRExporter {
    /// The media type of the output.
    public static let mediaType = "application/fhir+json"
    /// The FHIR version the output follows.
    public static let fhirVersion = "4.0.1"

    /// The bundle for one client, as UTF-8 JSON.
    /// - Parameters:
    ///   - export: the client's record.
    ///   - options: the base of Backstep's own URLs.
    /// - Returns: the `Bundle` as `application/fhir+json`.
    /// - Throws: `FHIRExportError` when the input can't be written as valid FHIR.
    public static func bundle(
        for export: FHIRClientExport, options: FHIRExportOptions = FHIRExportOptions()
    ) throws(FHIRExportError) -> Data {
        var writer = BundleWriter(export: export, options: options)
        return try writer.bundle().data
    }

    /// The `urn:uuid` full URL of an entry id.
    /// - Parameter id: the entry id.
    public static func fullURL(_ id: UUID) -> String { "urn:uuid:" + id.uuidString.lowercased() }

    /// The entry id of a value a record yields (a session's distance, a plan version); stable across exports.
    /// - Parameters:
    ///   - kind: what the value is, e.g. `session/walk-distance`.
    ///   - id: the record's id.
    public static func derivedID(_ kind: String, of id: UUID) -> UUID {
        NameBasedUUID.uuid(kind + "/" + id.uuidString.lowercased())
    }
}

/// One observation a session yields, before it is written.
private struct SessionMember {
    var id: UUID
    var measure: FHIRCodes.Measure
    var loinc: FHIRLOINC?
    var category: String
    var effective: (String, FHIRJSON)
    var value: FHIRJSON
}

/// One export in progress: the entries written so far and the ids they use.
private struct BundleWriter {
    let export: FHIRClientExport
    let options: FHIRExportOptions
    var entries: [FHIRJSON] = []
    var used: Set<UUID> = []
    let practitionerIDs: Set<UUID>

    init(export: FHIRClientExport, options: FHIRExportOptions) {
        self.export = export
        self.options = options
        practitionerIDs = Set(export.practitioners.map(\.id))
    }

    var patientReference: FHIRJSON { reference(export.patient.id) }
    var measureSystem: String { options.base + "/CodeSystem/measure" }

    mutating func bundle() throws(FHIRExportError) -> FHIRJSON {
        try patient()
        if let practice = export.practice { try organization(practice) }
        for practitioner in export.practitioners { try self.practitioner(practitioner) }
        if let mass = export.patient.bodyMass { try bodyMass(mass) }
        for plan in export.plans { try carePlan(plan) }
        for session in export.sessions { try self.session(session) }
        for measurement in export.measurements { try self.measurement(measurement) }
        for result in export.questionnaires { try questionnaireResponse(result) }

        let timestamp = try dateTime(export.exportedAt, "exportedAt")
        let bundleID = NameBasedUUID.uuid(
            "bundle/" + export.patient.id.uuidString.lowercased() + "/" + Self.text(of: timestamp))
        var bundle = FHIRObject()
        bundle.add("resourceType", .string("Bundle"))
        bundle.add("id", .string(bundleID.uuidString.lowercased()))
        bundle.add(
            "identifier",
            object(["system": .string("urn:ietf:rfc:3986"), "value": .string(FHIRExporter.fullURL(bundleID))]))
        bundle.add("type", .string("collection"))
        bundle.add("timestamp", timestamp)
        bundle.add("entry", array: entries)
        return bundle.json
    }

    // MARK: Resources

    mutating func patient() throws(FHIRExportError) {
        let patient = export.patient
        var resource = start("Patient", patient.id)
        resource.add("identifier", .array([identifier("client", patient.id)]))
        if let name = FHIRFormat.string(patient.name) { resource.add("name", .array([object(["text": name])])) }
        resource.add("gender", patient.sex.map { .string($0.rawValue) })
        if let year = patient.birthYear {
            guard (1...9999).contains(year) else {
                throw .invalidValue(field: "patient.birthYear", reason: "\(year) is not a year from 1 to 9999")
            }
            resource.add("birthDate", .string(String(repeating: "0", count: 4 - String(year).count) + String(year)))
        }
        if let practice = export.practice { resource.add("managingOrganization", reference(practice.id)) }
        try append(patient.id, resource)
    }

    mutating func organization(_ practice: FHIRPractice) throws(FHIRExportError) {
        var resource = start("Organization", practice.id)
        resource.add("identifier", .array([identifier("practice", practice.id)]))
        resource.add("active", .bool(true))
        resource.add("name", text: practice.name)
        try append(practice.id, resource)
    }

    mutating func practitioner(_ practitioner: FHIRPractitioner) throws(FHIRExportError) {
        var resource = start("Practitioner", practitioner.id)
        var identifiers = [identifier("user", practitioner.id)]
        if let registration = practitioner.registration, let value = FHIRFormat.string(registration.value) {
            var id = FHIRObject()
            id.add("use", .string("official"))
            id.add("system", text: registration.system)
            id.add("value", value)
            identifiers.append(id.json)
        }
        resource.add("identifier", .array(identifiers))
        if let name = FHIRFormat.string(practitioner.name) { resource.add("name", .array([object(["text": name])])) }
        if let profession = FHIRFormat.string(practitioner.profession) {
            resource.add("qualification", .array([object(["code": object(["text": profession])])]))
        }
        try append(practitioner.id, resource)
    }

    mutating func bodyMass(_ mass: FHIRBodyMass) throws(FHIRExportError) {
        let id = FHIRExporter.derivedID("patient/body-mass", of: export.patient.id)
        try observation(
            id: id, category: "vital-signs", codings: [loinc(FHIRCodes.bodyWeight)],
            text: FHIRCodes.bodyWeight.display,
            effective: ("effectiveDateTime", try dateTime(mass.measuredAt, "patient.bodyMass.measuredAt")),
            value: try quantity(mass.kilograms, "kg", "kg", digits: 2, field: "patient.bodyMass.kilograms"),
            performer: nil)
    }

    mutating func carePlan(_ plan: FHIRPlan) throws(FHIRExportError) {
        let id = Self.planEntryID(plan.id, version: plan.version)
        guard plan.version >= 1 else {
            throw .invalidValue(field: "plans[\(plan.id)].version", reason: "versions start at 1")
        }
        guard practitionerIDs.contains(plan.prescriber) else {
            throw .unknownPractitioner(plan.prescriber, field: "plans[\(plan.id)].prescriber")
        }
        var resource = start("CarePlan", id)
        resource.add(
            "identifier",
            .array([
                identifier("plan", plan.id),
                object([
                    "system": .string(options.base + "/sid/plan-version"),
                    "value": .string(plan.id.uuidString.lowercased() + "/v\(plan.version)"),
                ]),
            ]))
        let previous = export.plans.first { $0.id == plan.id && $0.version == plan.version - 1 }
        if let previous {
            resource.add("replaces", .array([reference(Self.planEntryID(previous.id, version: previous.version))]))
        }
        resource.add("status", .string(plan.status.rawValue))
        resource.add("intent", .string("plan"))
        resource.add("title", text: plan.title)
        resource.add("subject", patientReference)
        var period = FHIRObject()
        period.add("start", try dateTime(plan.start, "plans[\(plan.id)].start"))
        if let end = plan.end {
            guard end >= plan.start else { throw .invalidDate(field: "plans[\(plan.id)].end") }
            period.add("end", try dateTime(end, "plans[\(plan.id)].end"))
        }
        resource.add("period", period.json)
        resource.add("author", reference(plan.prescriber))
        var activities: [FHIRJSON] = []
        for (index, activity) in plan.activities.enumerated() {
            activities.append(
                try self.activity(activity, status: plan.status, field: "plans[\(plan.id)].activities[\(index)]"))
        }
        resource.add("activity", array: activities)
        var note = "Version \(plan.version)."
        if let reason = FHIRFormat.string(plan.changeReason), case .string(let text) = reason {
            note += " Reason for change: " + text
        }
        resource.add("note", .array([object(["authorReference": reference(plan.prescriber), "text": .string(note)])]))
        try append(id, resource)
    }

    func activity(
        _ activity: FHIRPlanActivity, status: FHIRPlanStatus, field: String
    ) throws(FHIRExportError)
        -> FHIRJSON
    {
        guard (1...7).contains(activity.daysPerWeek) else {
            throw .invalidValue(field: field + ".daysPerWeek", reason: "\(activity.daysPerWeek) is not 1 to 7")
        }
        guard activity.minutesPerSession > 0,
            let minutes = FHIRFormat.decimal(activity.minutesPerSession, fractionDigits: 2)
        else { throw .invalidValue(field: field + ".minutesPerSession", reason: "not a positive number") }
        var limits: [String] = []
        if let cap = activity.speedCapMetersPerSecond {
            limits.append("speed at most \(try Self.text(of: number(cap, 3, field + ".speedCapMetersPerSecond"))) m/s")
        }
        if let cap = activity.inclineCapPercent {
            limits.append("incline at most \(try Self.text(of: number(cap, 1, field + ".inclineCapPercent"))) %")
        }
        if let handrail = activity.handrail {
            let rule =
                switch handrail {
                case .full: "handrail: may hold with both hands"
                case .light: "handrail: light touch only"
                case .none: "handrail: hands free"
                }
            limits.append(rule)
        }
        var description = FHIRFormat.string(activity.description).map(Self.text(of:)) ?? ""
        if !limits.isEmpty {
            description += (description.isEmpty ? "" : " ") + "Limits: " + limits.joined(separator: "; ") + "."
        }
        var timing = FHIRObject()
        timing.add("frequency", .number(String(activity.daysPerWeek)))
        timing.add("period", .number("1"))
        timing.add("periodUnit", .string("wk"))
        timing.add("duration", minutes)
        timing.add("durationUnit", .string("min"))
        var detail = FHIRObject()
        detail.add(
            "code",
            object([
                "coding": .array([
                    object([
                        "system": .string(options.base + "/CodeSystem/activity"),
                        "code": .string(FHIRCodes.backwardWalkingActivity),
                        "display": .string("Backward walking on a treadmill"),
                    ])
                ])
            ]))
        detail.add("status", .string(Self.activityStatus(status)))
        detail.add("scheduledTiming", object(["repeat": timing.json]))
        detail.add("description", text: description)
        return object(["detail": detail.json])
    }

    mutating func session(_ session: FHIRSession) throws(FHIRExportError) {
        let field = "sessions[\(session.id)]"
        guard session.end >= session.start else { throw .invalidDate(field: field + ".end") }
        var period = FHIRObject()
        period.add("start", try dateTime(session.start, field + ".start"))
        period.add("end", try dateTime(session.end, field + ".end"))
        let effective = ("effectivePeriod", period.json)

        var members: [SessionMember] = []
        func add(_ measure: FHIRCodes.Measure, _ loinc: FHIRLOINC?, _ category: String, _ value: FHIRJSON) {
            members.append(
                SessionMember(
                    id: FHIRExporter.derivedID("session/" + measure.rawValue, of: session.id), measure: measure,
                    loinc: loinc, category: category, effective: effective, value: value))
        }
        guard session.durationSeconds >= 0 else {
            throw .invalidValue(field: field + ".durationSeconds", reason: "negative")
        }
        add(
            .walkDuration, FHIRCodes.exerciseDuration, "activity",
            try quantity(session.durationSeconds, "s", "s", digits: 1, field: field + ".durationSeconds"))
        guard session.distanceMeters >= 0 else {
            throw .invalidValue(field: field + ".distanceMeters", reason: "negative")
        }
        add(
            .walkDistance, nil, "activity",
            try quantity(session.distanceMeters, "m", "m", digits: 2, field: field + ".distanceMeters"))
        if let speed = session.averageSpeedMetersPerSecond {
            add(
                .averageSpeed, nil, "activity",
                try quantity(speed, "m/s", "m/s", digits: 3, field: field + ".averageSpeedMetersPerSecond"))
        }
        if let energy = session.energyKilocalories {
            add(
                .energyExpenditure, nil, "activity",
                try quantity(energy, "kcal", "kcal", digits: 1, field: field + ".energyKilocalories"))
        }
        if let heartRate = session.meanHeartRate {
            add(
                .meanHeartRate, FHIRCodes.heartRate, "vital-signs",
                try quantity(heartRate, "/min", "beats/minute", digits: 1, field: field + ".meanHeartRate"))
        }
        let pains: [(FHIRCodes.Measure, FHIRPainRating?)] = [
            (.painDuring, session.painDuring), (.painAfter, session.painAfter),
            (.painNextMorning, session.painNextMorning),
        ]
        for case (let measure, let rating?) in pains {
            guard (0...10).contains(rating.score) else {
                throw .invalidValue(field: field + "." + measure.rawValue, reason: "\(rating.score) is not 0 to 10")
            }
            members.append(
                SessionMember(
                    id: FHIRExporter.derivedID("session/" + measure.rawValue, of: session.id), measure: measure,
                    loinc: FHIRCodes.painSeverity, category: "survey",
                    effective: ("effectiveDateTime", try dateTime(rating.at, field + "." + measure.rawValue + ".at")),
                    value: object([
                        "value": .number(String(rating.score)), "unit": .string("score"),
                        "system": .string(FHIRCodes.ucumSystem), "code": .string("{score}"),
                    ])))
        }

        // The panel first, then its members.
        var panel = start("Observation", session.id)
        panel.add("identifier", .array([identifier("session", session.id)]))
        panel.add("status", .string("final"))
        panel.add("category", .array([category("activity")]))
        panel.add("code", codeableConcept([own(.session)], text: FHIRCodes.Measure.session.display))
        panel.add("subject", patientReference)
        panel.add(effective.0, effective.1)
        panel.add("performer", .array([patientReference]))
        panel.add("hasMember", array: members.map { reference($0.id) })
        try append(session.id, panel)
        for member in members {
            var codings = [own(member.measure)]
            if let loinc = member.loinc { codings.append(self.loinc(loinc)) }
            try observation(
                id: member.id, category: member.category, codings: codings, text: member.measure.display,
                effective: member.effective, value: member.value, performer: nil)
        }
    }

    mutating func measurement(_ measurement: FHIRMeasurement) throws(FHIRExportError) {
        let field = "measurements[\(measurement.id)]"
        guard FHIRFormat.isCode(measurement.code) else {
            throw .invalidCode(field: field + ".code", code: measurement.code)
        }
        var codings = [object(["system": .string(measureSystem), "code": .string(measurement.code)])]
        if case .string(let display)? = FHIRFormat.string(measurement.display) {
            codings[0] = object([
                "system": .string(measureSystem), "code": .string(measurement.code), "display": .string(display),
            ])
        }
        if let code = measurement.loinc {
            guard FHIRFormat.isCode(code.code) else { throw .invalidCode(field: field + ".loinc", code: code.code) }
            codings.append(loinc(code))
        }
        guard FHIRFormat.isCode(measurement.unit) else {
            throw .invalidCode(field: field + ".unit", code: measurement.unit)
        }
        let performer: FHIRJSON
        if let recorder = measurement.recordedBy {
            guard practitionerIDs.contains(recorder) else {
                throw .unknownPractitioner(recorder, field: field + ".recordedBy")
            }
            performer = reference(recorder)
        } else {
            performer = patientReference
        }
        try observation(
            id: measurement.id, category: measurement.kind == .clinicTest ? "exam" : "survey", codings: codings,
            text: measurement.display,
            effective: ("effectiveDateTime", try dateTime(measurement.date, field + ".date")),
            value: try quantity(
                measurement.value, measurement.unit, Self.unitDisplay(measurement.unit), digits: 4,
                field: field + ".value"),
            performer: performer)
    }

    mutating func questionnaireResponse(_ result: FHIRQuestionnaireResult) throws(FHIRExportError) {
        let field = "questionnaires[\(result.id)]"
        guard FHIRFormat.isCode(result.questionnaireID) else {
            throw .invalidCode(field: field + ".questionnaireID", code: result.questionnaireID)
        }
        let encoded =
            result.questionnaireID.addingPercentEncoding(withAllowedCharacters: Self.pathSegmentAllowed)
            ?? result.questionnaireID
        var resource = start("QuestionnaireResponse", result.id)
        resource.add("identifier", identifier("questionnaire-response", result.id))
        resource.add("questionnaire", .string(options.base + "/Questionnaire/" + encoded))
        resource.add("status", .string("completed"))
        resource.add("subject", patientReference)
        resource.add("authored", try dateTime(result.authored, field + ".authored"))
        if let author = result.enteredBy {
            guard practitionerIDs.contains(author) else {
                throw .unknownPractitioner(author, field: field + ".enteredBy")
            }
            resource.add("author", reference(author))
        } else {
            resource.add("author", patientReference)
        }
        resource.add("source", patientReference)
        var items: [FHIRJSON] = []
        for (index, item) in result.items.enumerated() {
            guard case .string(let linkID)? = FHIRFormat.string(item.id) else {
                throw .invalidCode(field: field + ".items[\(index)].id", code: item.id)
            }
            var entry = FHIRObject()
            entry.add("linkId", .string(linkID))
            entry.add("text", text: item.text)
            if let answer = try self.answer(item.answer, field: field + ".items[\(index)]") {
                entry.add("answer", .array([answer]))
            }
            items.append(entry.json)
        }
        resource.add("item", array: items)
        try append(result.id, resource)
    }

    func answer(_ answer: FHIRAnswer?, field: String) throws(FHIRExportError) -> FHIRJSON? {
        switch answer {
        case nil: return nil
        case .integer(let value):
            guard Int64(Int32.min)...Int64(Int32.max) ~= Int64(value) else {
                throw .invalidValue(field: field, reason: "\(value) does not fit a FHIR integer")
            }
            return object(["valueInteger": .number(String(value))])
        case .decimal(let value): return object(["valueDecimal": try number(value, 4, field)])
        case .boolean(let value): return object(["valueBoolean": .bool(value)])
        case .text(let value): return FHIRFormat.string(value).map { object(["valueString": $0]) }
        }
    }

    // MARK: Pieces

    mutating func observation(
        id: UUID, category: String, codings: [FHIRJSON], text: String, effective: (String, FHIRJSON),
        value: FHIRJSON, performer: FHIRJSON?
    ) throws(FHIRExportError) {
        var resource = start("Observation", id)
        resource.add("status", .string("final"))
        resource.add("category", .array([self.category(category)]))
        resource.add("code", codeableConcept(codings, text: text))
        resource.add("subject", patientReference)
        resource.add(effective.0, effective.1)
        if let performer { resource.add("performer", .array([performer])) }
        resource.add("valueQuantity", value)
        try append(id, resource)
    }

    func start(_ type: String, _ id: UUID) -> FHIRObject {
        var resource = FHIRObject()
        resource.add("resourceType", .string(type))
        resource.add("id", .string(id.uuidString.lowercased()))
        return resource
    }

    mutating func append(_ id: UUID, _ resource: FHIRObject) throws(FHIRExportError) {
        guard used.insert(id).inserted else { throw .duplicateEntry(id) }
        entries.append(object(["fullUrl": .string(FHIRExporter.fullURL(id)), "resource": resource.json]))
    }

    func reference(_ id: UUID) -> FHIRJSON { object(["reference": .string(FHIRExporter.fullURL(id))]) }

    func identifier(_ kind: String, _ id: UUID) -> FHIRJSON {
        object(["system": .string(options.base + "/sid/" + kind), "value": .string(id.uuidString.lowercased())])
    }

    func category(_ code: String) -> FHIRJSON {
        let display =
            switch code {
            case "vital-signs": "Vital Signs"
            case "exam": "Exam"
            case "survey": "Survey"
            default: "Activity"
            }
        return codeableConcept(
            [
                object([
                    "system": .string(FHIRCodes.categorySystem), "code": .string(code), "display": .string(display),
                ])
            ],
            text: nil)
    }

    func own(_ measure: FHIRCodes.Measure) -> FHIRJSON {
        object([
            "system": .string(measureSystem), "code": .string(measure.rawValue), "display": .string(measure.display),
        ])
    }

    func loinc(_ code: FHIRLOINC) -> FHIRJSON {
        var coding = FHIRObject()
        coding.add("system", .string(FHIRCodes.loincSystem))
        coding.add("code", .string(code.code))
        coding.add("display", text: code.display)
        return coding.json
    }

    func codeableConcept(_ codings: [FHIRJSON], text: String?) -> FHIRJSON {
        var concept = FHIRObject()
        concept.add("coding", array: codings)
        concept.add("text", text: text)
        return concept.json
    }

    func quantity(
        _ value: Double, _ code: String, _ unit: String, digits: Int, field: String
    ) throws(FHIRExportError)
        -> FHIRJSON
    {
        object([
            "value": try number(value, digits, field), "unit": .string(unit), "system": .string(FHIRCodes.ucumSystem),
            "code": .string(code),
        ])
    }

    func number(_ value: Double, _ digits: Int, _ field: String) throws(FHIRExportError) -> FHIRJSON {
        guard let number = FHIRFormat.decimal(value, fractionDigits: digits) else {
            throw .invalidValue(
                field: field, reason: "\(value) cannot be written as a FHIR decimal with \(digits) digits")
        }
        return number
    }

    func dateTime(_ date: Date, _ field: String) throws(FHIRExportError) -> FHIRJSON {
        guard let value = FHIRFormat.dateTime(date) else { throw .invalidDate(field: field) }
        return value
    }

    /// An object from pairs in the order given.
    func object(_ pairs: KeyValuePairs<String, FHIRJSON>) -> FHIRJSON { .object(pairs.map { ($0.key, $0.value) }) }

    static func text(of json: FHIRJSON) -> String {
        switch json {
        case .string(let text), .number(let text): text
        default: ""
        }
    }

    static func planEntryID(_ id: UUID, version: Int) -> UUID {
        FHIRExporter.derivedID("plan/v\(version)", of: id)
    }

    /// The CarePlan activity status (`CarePlanActivityStatus`) that goes with a plan status.
    static func activityStatus(_ status: FHIRPlanStatus) -> String {
        switch status {
        case .draft: "not-started"
        case .active: "in-progress"
        case .onHold: "on-hold"
        case .revoked: "stopped"
        case .completed: "completed"
        case .enteredInError: "entered-in-error"
        case .unknown: "unknown"
        }
    }

    /// A readable unit for a UCUM code: the code itself, except for annotations like `{score}`.
    static func unitDisplay(_ code: String) -> String {
        code.hasPrefix("{") && code.hasSuffix("}") && code.count > 2 ? String(code.dropFirst().dropLast()) : code
    }

    static let pathSegmentAllowed: CharacterSet = {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove("/")
        return allowed
    }()
}
