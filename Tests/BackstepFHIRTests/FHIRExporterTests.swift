import Foundation
import Testing

@testable import BackstepFHIR

@Suite("FHIR R4 export: bundle structure")
struct FHIRExporterTests {
    @Test("A full client gives one entry per resource, in a fixed order")
    func fullClientCounts() throws {
        let bundle = try Fixtures.json(Fixtures.full)
        #expect(bundle["resourceType"] as? String == "Bundle")
        #expect(bundle["type"] as? String == "collection")
        #expect(bundle["timestamp"] as? String == "2025-04-03T09:30:00Z")
        let types = Fixtures.resources(bundle).compactMap { $0["resourceType"] as? String }
        // Patient, Organization, 2 Practitioners, body weight, 2 CarePlans; session 1: panel + 5 measures + 3 pains;
        // session 2: panel + duration + distance; 3 measurements; 1 QuestionnaireResponse.
        #expect(Array(types.prefix(4)) == ["Patient", "Organization", "Practitioner", "Practitioner"])
        #expect(types.filter { $0 == "Observation" }.count == 1 + 9 + 3 + 3)
        #expect(types.filter { $0 == "CarePlan" }.count == 2)
        #expect(types.filter { $0 == "QuestionnaireResponse" }.count == 1)
        #expect(types.count == 4 + 1 + 2 + 9 + 3 + 3 + 1)
    }

    @Test("A patient alone gives a bundle with one entry")
    func minimal() throws {
        let bundle = try Fixtures.json(Fixtures.minimal)
        let resources = Fixtures.resources(bundle)
        #expect(resources.count == 1)
        let patient = try #require(resources.first)
        #expect(patient["resourceType"] as? String == "Patient")
        #expect(patient["gender"] == nil)
        #expect(patient["birthDate"] == nil)
        #expect(patient["managingOrganization"] == nil)
        #expect(Fixtures.references(in: bundle).isEmpty)
    }

    @Test("Every fullUrl is a unique urn:uuid and every reference resolves to one")
    func referencesResolve() throws {
        for export in [Fixtures.full, Fixtures.minimal, Fixtures.questionnairesOnly, Fixtures.unusualNames] {
            let bundle = try Fixtures.json(export)
            let urls = Fixtures.fullURLs(bundle)
            #expect(Set(urls).count == urls.count)
            #expect(urls.allSatisfy { $0.hasPrefix("urn:uuid:") && UUID(uuidString: String($0.dropFirst(9))) != nil })
            for (url, resource) in zip(urls, Fixtures.resources(bundle)) {
                #expect(resource["id"] as? String == String(url.dropFirst(9)))
            }
            let references = Fixtures.references(in: bundle["entry"] ?? [])
            #expect(references.allSatisfy(Set(urls).contains), "dangling: \(references.filter { !urls.contains($0) })")
        }
    }

    @Test("Records keep their own ids as urn:uuid; derived resources get stable name-based ids")
    func deterministicIDs() throws {
        let urls = Fixtures.fullURLs(try Fixtures.json(Fixtures.full))
        #expect(urls[0] == "urn:uuid:00000000-0000-4000-8000-000000000001")
        #expect(urls.contains(FHIRExporter.fullURL(Fixtures.session.id)))
        let distance = FHIRExporter.derivedID("session/walk-distance", of: Fixtures.session.id)
        #expect(urls.contains(FHIRExporter.fullURL(distance)))
        #expect(distance.uuidString.lowercased().dropFirst(14).first == "5")
    }

    @Test("The same input gives the same bytes; a different export time changes only the bundle header")
    func deterministicBytes() throws {
        let first = try FHIRExporter.bundle(for: Fixtures.full)
        let second = try FHIRExporter.bundle(for: Fixtures.full)
        #expect(first == second)
        var later = Fixtures.full
        later.exportedAt = Fixtures.time(40 * 86_400)
        let third = try Fixtures.json(later)
        #expect(third["timestamp"] as? String == "2025-04-13T09:30:00Z")
        #expect(Fixtures.fullURLs(third) == Fixtures.fullURLs(try Fixtures.json(Fixtures.full)))
        let text = String(decoding: first, as: UTF8.self)
        #expect(text.hasPrefix("{\"resourceType\":\"Bundle\",\"id\":\""))
    }

    @Test(
        "Decimals are rounded to fixed digits and never written in exponent form",
        arguments: [
            (0.1 + 0.2, 3, "0.3"), (312.456, 2, "312.46"), (1e-7, 4, "0"), (-0.00001, 2, "0"),
            (
                123_456_789.5, 1,
                "123456789.5"
            ), (2.0, 3, "2"), (-1.25, 1, "-1.3"), (0.520_76, 3, "0.521"), (99.999_99, 2, "100"),
        ] as [(Double, Int, String)])
    func decimals(value: Double, digits: Int, expected: String) {
        #expect(FHIRFormat.decimal(value, fractionDigits: digits) == .number(expected))
    }

    @Test("Not-a-number and infinite values are refused", arguments: [Double.nan, .infinity, -.infinity, 1e16])
    func nonFinite(value: Double) {
        var export = Fixtures.minimal
        export.patient.bodyMass = FHIRBodyMass(kilograms: value, measuredAt: Fixtures.time())
        #expect(throws: FHIRExportError.self) { try FHIRExporter.bundle(for: export) }
    }

    @Test("Session values land in their observations with UCUM units and many-decimal inputs rounded")
    func sessionValues() throws {
        let resources = Fixtures.resources(try Fixtures.json(Fixtures.full))
        func quantity(_ code: String) -> [String: Any]? {
            resources.first { resource in
                ((resource["code"] as? [String: Any])?["coding"] as? [[String: Any]])?.contains {
                    $0["code"] as? String == code
                } ?? false
            }?["valueQuantity"] as? [String: Any]
        }
        let expected: [(String, String, String)] = [
            ("walk-distance", "312.46", "m"), ("average-speed", "0.521", "m/s"), ("energy-expenditure", "31.3", "kcal"),
            ("mean-heart-rate", "96.4", "/min"), ("walk-duration", "600", "s"), ("29463-7", "82.35", "kg"),
        ]
        for (code, value, unit) in expected {
            let found = try #require(quantity(code), "\(code) missing")
            #expect((found["value"] as? NSNumber)?.stringValue == value, "\(code)")
            #expect(found["code"] as? String == unit)
            #expect(found["system"] as? String == "http://unitsofmeasure.org")
        }
    }

    @Test(
        "Codes carry the right LOINC and category",
        arguments: [
            ("pain-during", "72514-3", "survey"), ("pain-next-morning", "72514-3", "survey"),
            ("mean-heart-rate", "8867-4", "vital-signs"), ("walk-duration", "55411-3", "activity"),
            ("walk-distance", nil, "activity"), ("average-speed", nil, "activity"),
            ("energy-expenditure", nil, "activity"),
        ] as [(String, String?, String)])
    func codes(own: String, loinc: String?, category: String) throws {
        let resources = Fixtures.resources(try Fixtures.json(Fixtures.full))
        let observation = try #require(
            resources.first { Fixtures.codings(in: $0["code"] ?? [:]).contains { $0.code == own } })
        let codings = Fixtures.codings(in: observation["code"] ?? [:])
        #expect(codings.contains { $0.system == "https://backstep.example/fhir/CodeSystem/measure" && $0.code == own })
        #expect(codings.filter { $0.system == "http://loinc.org" }.map(\.code) == (loinc.map { [$0] } ?? []))
        #expect(Fixtures.codings(in: observation["category"] ?? []).map(\.code) == [category])
    }

    @Test("The session panel lists its members; pain ratings keep their own times")
    func sessionPanel() throws {
        let resources = Fixtures.resources(try Fixtures.json(Fixtures.full))
        let panel = try #require(resources.first { $0["id"] as? String == Fixtures.session.id.uuidString.lowercased() })
        #expect((panel["hasMember"] as? [Any])?.count == 8)
        let period = try #require(panel["effectivePeriod"] as? [String: Any])
        #expect(period["start"] as? String == "2025-03-05T09:30:00Z")
        #expect(period["end"] as? String == "2025-03-05T09:41:00Z")
        let morning = try #require(
            resources.first { Fixtures.codings(in: $0["code"] ?? [:]).contains { $0.code == "pain-next-morning" } })
        #expect(morning["effectiveDateTime"] as? String == "2025-03-06T08:30:00Z")
        #expect((morning["valueQuantity"] as? [String: Any])?["code"] as? String == "{score}")
    }

    @Test("The care plan references its prescriber and patient, keeps version and reason, and replaces version 1")
    func carePlan() throws {
        let resources = Fixtures.resources(try Fixtures.json(Fixtures.full))
        let plans = resources.filter { $0["resourceType"] as? String == "CarePlan" }
        try #require(plans.count == 2)
        let second = plans[1]
        #expect(second["status"] as? String == "active")
        #expect(second["intent"] as? String == "plan")
        #expect(
            (second["author"] as? [String: Any])?["reference"] as? String
                == FHIRExporter.fullURL(Fixtures.therapistID))
        #expect(
            (second["subject"] as? [String: Any])?["reference"] as? String
                == FHIRExporter.fullURL(Fixtures.patientID))
        #expect(Fixtures.references(in: second["replaces"] ?? []) == ["urn:uuid:" + (plans[0]["id"] as? String ?? "")])
        let note = ((second["note"] as? [[String: Any]])?.first?["text"] as? String) ?? ""
        #expect(note.contains("Version 2.") && note.contains("longer and a little faster"))
        let activities = try #require(second["activity"] as? [[String: Any]])
        #expect(activities.count == 2)
        let detail = try #require(activities[0]["detail"] as? [String: Any])
        #expect(detail["status"] as? String == "in-progress")
        let timing = try #require((detail["scheduledTiming"] as? [String: Any])?["repeat"] as? [String: Any])
        #expect(timing["frequency"] as? Int == 4)
        #expect(timing["periodUnit"] as? String == "wk")
        #expect(timing["duration"] as? Int == 15)
        let description = detail["description"] as? String ?? ""
        #expect(description.contains("speed at most 0.75 m/s") && description.contains("incline at most 2 %"))
        #expect(description.contains("hands free"))
        #expect(plans[0]["replaces"] == nil)
    }

    @Test("The questionnaire response points at our canonical questionnaire and keeps every answer type")
    func questionnaireResponse() throws {
        let options = FHIRExportOptions(base: "https://fhir.backstep.test/r4/")
        let resources = Fixtures.resources(try Fixtures.json(Fixtures.questionnairesOnly, options: options))
        let response = try #require(resources.first { $0["resourceType"] as? String == "QuestionnaireResponse" })
        #expect(response["questionnaire"] as? String == "https://fhir.backstep.test/r4/Questionnaire/readiness-v1")
        #expect(response["status"] as? String == "completed")
        let items = try #require(response["item"] as? [[String: Any]])
        #expect(items.map { $0["linkId"] as? String } == ["1", "2", "3", "4", "5"])
        let answers = items.map { ($0["answer"] as? [[String: Any]])?.first?.keys.first }
        #expect(answers == ["valueInteger", "valueBoolean", "valueDecimal", "valueString", nil])
        #expect(Fixtures.codings(in: resources).allSatisfy { !$0.system.contains("backstep.example") })
    }

    @Test("Names are trimmed and stripped of control characters; quotes and Unicode survive")
    func unusualNames() throws {
        let resources = Fixtures.resources(try Fixtures.json(Fixtures.unusualNames))
        let name = (resources[0]["name"] as? [[String: Any]])?.first?["text"] as? String
        #expect(name == "Zoë \"Zee\" O'Brien-Łukasiewicz \\ 山田 太郎 🚶‍♀️")
        let practitioner = try #require(resources.first { $0["resourceType"] as? String == "Practitioner" })
        let identifiers = try #require(practitioner["identifier"] as? [[String: Any]])
        #expect(identifiers.last?["value"] as? String == "12 34")
        let response = try #require(resources.first { $0["resourceType"] as? String == "QuestionnaireResponse" })
        #expect(
            response["questionnaire"] as? String == "https://backstep.example/fhir/Questionnaire/%C3%A4ngstlich%20v2")
    }

    @Test(
        "Inputs that can't be written as valid FHIR are refused with the reason",
        arguments: [
            "pain 11", "unknown prescriber", "unknown recorder", "duplicate session", "end before start",
            "bad measure code", "bad unit", "days 0", "year 0", "far future",
        ])
    func refused(_ name: String) {
        var export = Fixtures.full
        let stranger = Fixtures.id(999)
        switch name {
        case "pain 11": export.sessions[0].painAfter = FHIRPainRating(score: 11, at: Fixtures.time())
        case "unknown prescriber": export.plans[0].prescriber = stranger
        case "unknown recorder": export.measurements[0].recordedBy = stranger
        case "duplicate session": export.sessions.append(Fixtures.session)
        case "end before start": export.sessions[0].end = Fixtures.time(-1)
        case "bad measure code": export.measurements[0].code = " leading-space"
        case "bad unit": export.measurements[0].unit = ""
        case "days 0": export.plans[0].activities[0].daysPerWeek = 0
        case "year 0": export.patient.birthYear = 0
        default: export.exportedAt = Date(timeIntervalSince1970: 300_000_000_000)
        }
        #expect(throws: FHIRExportError.self, "\(name)") { try FHIRExporter.bundle(for: export) }
    }

    @Test("Birth year from an age takes the later of the two possible years")
    func birthYearFromAge() {
        #expect(FHIRPatient.birthYear(age: 63, on: Fixtures.time()) == 1962)
        #expect(FHIRPatient.birthYear(age: 0, on: Date(timeIntervalSince1970: 0)) == 1970)
    }

    @Test(
        "Name-based UUIDs follow RFC 9562 version 5 (checked against the RFC's DNS example)",
        arguments: [
            ("python.org", "886313e1-3b8a-5372-9b90-0c9aee199e5d"),
            ("www.example.com", "2ed6657d-e927-568b-95e1-2665a8aea6a2"),
        ])
    func uuidV5(name: String, expected: String) throws {
        let dns = try #require(UUID(uuidString: "6ba7b810-9dad-11d1-80b4-00c04fd430c8"))
        #expect(NameBasedUUID.uuid(name, in: dns).uuidString.lowercased() == expected)
    }

    @Test(
        "SHA-1 matches FIPS 180 test vectors",
        arguments: [
            ("abc", "a9993e364706816aba3e25717850c26c9cd0d89d"),
            ("", "da39a3ee5e6b4b0d3255bfef95601890afd80709"),
            (
                "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
                "84983e441c3bd26ebaae4aa1f95129e5e54670f1"
            ),
        ])
    func sha1(message: String, expected: String) {
        let digest = SHA1.hash(Array(message.utf8)).map { String(format: "%02x", $0) }.joined()
        #expect(digest == expected)
    }

    @Test(
        "Dates are UTC to the second",
        arguments: [
            (0.0, "1970-01-01T00:00:00Z"), (-0.5, "1969-12-31T23:59:59Z"),
            (951_782_400, "2000-02-29T00:00:00Z"), (1_741_080_600.999, "2025-03-04T09:30:00Z"),
        ] as [(Double, String)])
    func dates(seconds: Double, expected: String) {
        #expect(FHIRFormat.dateTime(Date(timeIntervalSince1970: seconds)) == .string(expected))
    }
}
