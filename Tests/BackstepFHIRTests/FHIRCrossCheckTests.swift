import BackstepFHIR
import CrossCheckSupport
import Foundation
import Testing

/// The FHIR driver (`CrossCheck/fhir/crosscheck_fhir.py`): fhir.resources' R4 models plus the rules they leave out.
enum FHIRCrossCheck {
    static let tool = PythonCrossCheck(driver: "CrossCheck/fhir/crosscheck_fhir.py", label: "FHIR")
}

@Suite("Cross-check against fhir.resources (FHIR R4 models)", .serialized)
struct FHIRCrossCheckTests {
    struct Report: Decodable {
        struct Validator: Decodable {
            var package: String
            var version: String
            var fhirVersion: String
        }
        struct FileResult: Decodable {
            var accepted: Bool
            var errors: [String]
            var resourceTypes: [String: Int]
            var loinc: [String]
            var ucum: [String]
            var references: Int
        }
        var validator: Validator
        var files: [String: FileResult]
    }

    /// A change to a valid bundle that the validator must refuse, and a word its error must contain.
    struct Negative: Sendable {
        var name: String
        var expected: String
        var mutate: @Sendable (inout [String: Any]) -> Void
    }

    /// The first resource of a type in a parsed bundle, changed in place.
    static func change(_ type: String, in bundle: inout [String: Any], _ body: (inout [String: Any]) -> Void) {
        guard var entries = bundle["entry"] as? [[String: Any]] else { return }
        for index in entries.indices {
            guard var resource = entries[index]["resource"] as? [String: Any],
                resource["resourceType"] as? String == type
            else { continue }
            body(&resource)
            entries[index]["resource"] = resource
            break
        }
        bundle["entry"] = entries
    }

    static let negatives: [Negative] = [
        Negative(name: "observation-status", expected: "required value set") { bundle in
            change("Observation", in: &bundle) { $0["status"] = "done" }
        },
        Negative(name: "value-as-string", expected: "model") { bundle in
            change("Observation", in: &bundle) { observation in
                observation["valueQuantity"] = ["value": "twelve", "system": "http://unitsofmeasure.org", "code": "m"]
            }
        },
        Negative(name: "unknown-element", expected: "extra fields") { bundle in
            change("Patient", in: &bundle) { $0["favouriteColour"] = "blue" }
        },
        Negative(name: "careplan-without-intent", expected: "intent") { bundle in
            change("CarePlan", in: &bundle) { $0["intent"] = nil }
        },
        Negative(name: "patient-gender", expected: "required value set") { bundle in
            change("Patient", in: &bundle) { $0["gender"] = "M" }
        },
        Negative(name: "dangling-reference", expected: "resolves to no fullUrl") { bundle in
            change("Observation", in: &bundle) {
                $0["subject"] = ["reference": "urn:uuid:99999999-9999-4999-8999-999999999999"]
            }
        },
        Negative(name: "duplicate-fullurl", expected: "not unique") { bundle in
            guard var entries = bundle["entry"] as? [[String: Any]], entries.count > 1 else { return }
            entries[1]["fullUrl"] = entries[0]["fullUrl"]
            bundle["entry"] = entries
        },
        Negative(name: "fullurl-not-uuid", expected: "not urn:uuid") { bundle in
            guard var entries = bundle["entry"] as? [[String: Any]], !entries.isEmpty else { return }
            entries[0]["fullUrl"] = "Patient/1"
            bundle["entry"] = entries
        },
        Negative(name: "unexpected-loinc", expected: "LOINC") { bundle in
            change("Observation", in: &bundle) { observation in
                observation["code"] = ["coding": [["system": "http://loinc.org", "code": "12345-6"]]]
            }
        },
        Negative(name: "not-ucum", expected: "UCUM") { bundle in
            change("Observation", in: &bundle) { observation in
                observation["valueQuantity"] = [
                    "value": 1, "system": "http://unitsofmeasure.org", "code": "kilometres",
                ]
            }
        },
        Negative(name: "time-without-zone", expected: "time zone") { bundle in
            change("QuestionnaireResponse", in: &bundle) { $0["authored"] = "2025-03-04T09:30:00" }
        },
        Negative(name: "author-is-observation", expected: "author points to Observation") { bundle in
            guard let entries = bundle["entry"] as? [[String: Any]],
                let url = entries.first(where: {
                    ($0["resource"] as? [String: Any])?["resourceType"] as? String == "Observation"
                })?["fullUrl"]
            else { return }
            change("CarePlan", in: &bundle) { $0["author"] = ["reference": url] }
        },
    ]

    @Test(
        "fhir.resources accepts every bundle we write and refuses broken ones",
        .enabled(
            if: FHIRCrossCheck.tool.shouldRun, "FHIR cross-check tools unavailable; run scripts/setup-crosscheck.sh"))
    func crossCheck() throws {
        if let reason = FHIRCrossCheck.tool.unavailableReason {
            Issue.record("BACKSTEP_REQUIRE_CROSSCHECK=1 but \(reason)")
            return
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fhir-crosscheck-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        // Given our bundles for four clients …
        let ours: [String: FHIRClientExport] = [
            "ours-full.json": Fixtures.full, "ours-minimal.json": Fixtures.minimal,
            "ours-questionnaires.json": Fixtures.questionnairesOnly, "ours-unusual-names.json": Fixtures.unusualNames,
        ]
        for (name, export) in ours {
            try FHIRExporter.bundle(for: export).write(to: directory.appendingPathComponent(name))
        }
        // … and the full one broken in a dozen ways …
        let full = try Fixtures.json(Fixtures.full)
        for negative in Self.negatives {
            var broken = full
            negative.mutate(&broken)
            let data = try JSONSerialization.data(withJSONObject: broken)
            try data.write(to: directory.appendingPathComponent("broken-\(negative.name).json"))
        }

        // … when the driver validates them all (one process launch) …
        let (status, output) = try FHIRCrossCheck.tool.run([directory.path])
        try #require(status == 0, "driver failed: \(output.prefix(2000))")
        let report = try JSONDecoder().decode(Report.self, from: Data(output.utf8))
        #expect(report.validator.package == "fhir.resources")
        #expect(report.validator.fhirVersion == "4.0.1")
        #expect(report.files.count == ours.count + Self.negatives.count)

        // … then every bundle of ours is accepted …
        for name in ours.keys.sorted() {
            let result = try #require(report.files[name], "\(name) not checked")
            #expect(result.accepted, "\(name): \(result.errors)")
            #expect(result.errors.isEmpty)
        }
        let fullResult = try #require(report.files["ours-full.json"])
        #expect(
            fullResult.resourceTypes == [
                "Patient": 1, "Organization": 1, "Practitioner": 2, "Observation": 16, "CarePlan": 2,
                "QuestionnaireResponse": 1,
            ])
        #expect(fullResult.loinc == ["29463-7", "55411-3", "72514-3", "8867-4"])
        #expect(fullResult.ucum == ["/min", "kcal", "kg", "m", "m/s", "s", "{score}"])
        #expect(fullResult.references > 40)
        #expect(report.files["ours-minimal.json"]?.resourceTypes == ["Patient": 1])
        #expect(report.files["ours-minimal.json"]?.references == 0)

        // … and every broken one is refused, for the reason it was broken.
        for negative in Self.negatives {
            let result = try #require(report.files["broken-\(negative.name).json"])
            #expect(!result.accepted, "\(negative.name) was accepted")
            #expect(
                result.errors.contains { $0.contains(negative.expected) },
                "\(negative.name): expected “\(negative.expected)” in \(result.errors)")
        }
    }
}
