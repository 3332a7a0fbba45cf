import ArgumentParser
import BackstepCore
import Foundation
import Testing

@testable import BackstepCLI

/// The package root, found from this file's path.
private let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

private func example(_ name: String) -> String {
    packageRoot.appendingPathComponent("examples/feedback/\(name).json").path
}

/// Writes `text` to a fresh temporary file and returns its path.
private func temporaryFile(_ text: String) throws -> String {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("backstep-next-\(UUID().uuidString).json")
    try Data(text.utf8).write(to: url)
    return url.path
}

private func decodeJSON(_ text: String) throws -> [String: Any] {
    let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
    return try #require(object as? [String: Any])
}

private let validFile = """
    {
      "profile": {"age": 40, "massKg": 70, "goal": "fitness"},
      "clearance": "cleared",
      "prescription": {"speedMps": 0.6, "durationSeconds": 900, "handrail": "two-hands", "stage": "novice"},
      "feedback": {"date": "2026-03-06T18:00:00Z", "completed": true, "rpe": 11, "painDuring": 0, "painAfter": 0,
                   "painNextMorning": 0, "handrailUsed": "two-hands"},
      "history": []
    }
    """

@Suite("next command")
struct NextCommandTests {
    @Test("A good session progresses one variable")
    func goodSession() throws {
        let command = try NextCommand.parse(["--feedback", example("good-session")])
        let output = try command.render()
        #expect(output.hasPrefix("Next session: progress."))
        #expect(output.contains("Changed:  duration 12 min → 14 min"))
        #expect(output.contains("One-variable rule"))
        #expect(output.contains("(domain brief §7)"))
        #expect(output.contains("Backward running: not yet."))
    }

    @Test("A good session as JSON has unit-suffixed keys")
    func goodSessionJSON() throws {
        let command = try NextCommand.parse(["--feedback", example("good-session"), "--json"])
        let json = try decodeJSON(try command.render())
        #expect(json["action"] as? String == "progress")
        #expect(json["rule"] as? String == "one-variable")
        #expect(json["changedVariable"] as? String == "duration")
        let next = try #require(json["next"] as? [String: Any])
        #expect(next["durationSeconds"] as? Double == 840)
        #expect(next["speedMps"] as? Double == 0.67)
        #expect(next["gradePercent"] as? Double == 0)
        #expect(next["handrail"] as? String == "two-hands")
        let reasons = try #require(json["reasons"] as? [[String: Any]])
        #expect(reasons.first?["source"] as? String == "domain brief §7")
        let gate = try #require(json["runningGate"] as? [String: Any])
        #expect(gate["open"] as? Bool == false)
        #expect(json.keys.contains("stageChange"))
    }

    @Test("A painful session undoes the last incline step, in imperial units")
    func painfulSession() throws {
        let output = try NextCommand.parse(["--feedback", example("painful-session")]).render()
        #expect(output.hasPrefix("Next session: step back."))
        #expect(output.contains("Changed:  incline 2 % → 1 %"))
        #expect(output.contains("Silbernagel et al."))
        #expect(output.contains("mph"))
        #expect(!output.contains("Backward running"))
    }

    @Test("A near-fall adds handrail support")
    func nearFall() throws {
        let json = try decodeJSON(try NextCommand.parse(["--feedback", example("near-fall"), "--json"]).render())
        #expect(json["action"] as? String == "regress")
        #expect(json["rule"] as? String == "balance-event")
        #expect(json["changedVariable"] as? String == "handrail")
        let next = try #require(json["next"] as? [String: Any])
        #expect(next["handrail"] as? String == "one-hand")
    }

    @Test("A red flag prints STOP and what to do")
    func redFlag() throws {
        let text = validFile.replacingOccurrences(of: #""painNextMorning": 0,"#, with: #""redFlags": ["chest-pain"],"#)
        let output = try NextCommand.parse(["--feedback", try temporaryFile(text)]).render()
        #expect(output.hasPrefix("STOP"))
        #expect(output.contains("Red-flag rule"))
        #expect(output.contains("emergency"))
    }

    @Test("A missing clearance is treated as not screened")
    func missingClearance() throws {
        let text = validFile.replacingOccurrences(of: #""clearance": "cleared","#, with: "")
        let output = try NextCommand.parse(["--feedback", try temporaryFile(text)]).render()
        #expect(output.contains("screening (now not-screened)"))
    }

    @Test(
        "Bad files name the field and exit 64",
        arguments: [
            (#""painDuring": 0"#, #""painDuring": 11"#, "feedback.painDuring"),
            (#""rpe": 11"#, #""rpe": 30"#, "feedback.rpe"),
            (#""durationSeconds": 900"#, #""durationSeconds": -60"#, "prescription.durationSeconds"),
            (#""speedMps": 0.6"#, #""speedMps": "fast""#, "prescription.speedMps"),
            (#""stage": "novice""#, #""stage": "expert""#, "prescription.stage"),
            (#""handrailUsed": "two-hands""#, #""handrailUsed": "none""#, "feedback.handrailUsed"),
            (#""date": "2026-03-06T18:00:00Z""#, #""date": "yesterday""#, "feedback.date"),
            (#""history": []"#, #""history": [{"prescription": {}}]"#, "history[0].prescription"),
            (#""age": 40"#, #""age": 4"#, "profile.age"),
            (#""clearance": "cleared""#, #""clearance": "maybe""#, "clearance"),
            (#""completed": true,"#, "", "feedback.completed"),
        ])
    func badFiles(original: String, replacement: String, field: String) throws {
        let text = validFile.replacingOccurrences(of: original, with: replacement)
        #expect(text != validFile)
        let command = try NextCommand.parse(["--feedback", try temporaryFile(text)])
        do {
            _ = try command.render()
            Issue.record("expected an error for \(field)")
        } catch {
            let message = "\(error)"
            #expect(message.contains(field), "\(message)")
            #expect(NextCommand.exitCode(for: error) == .validationFailure)
        }
    }

    @Test("Malformed JSON and a missing file are usage errors")
    func malformed() throws {
        for path in [try temporaryFile("{ not json"), "/nonexistent/feedback.json"] {
            let command = try NextCommand.parse(["--feedback", path])
            do {
                _ = try command.render()
                Issue.record("expected an error")
            } catch {
                #expect("\(error)".contains("--feedback"))
                #expect(NextCommand.exitCode(for: error) == .validationFailure)
            }
        }
    }

    @Test("Without --feedback, next reads the stored history and says what to do when there is none")
    func withoutFeedbackReadsStorage() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("backstep-next-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = folder.appendingPathComponent("b.sqlite").path
        let command = try NextCommand.parse(["--database", database])
        await #expect {
            _ = try await command.renderFromStore()
        } throws: { error in
            "\(error)".contains("profile create")
        }
    }

    @Test("The documented example in docs/feedback-format.md decodes and decides")
    func documentedExample() throws {
        let doc = try String(contentsOf: packageRoot.appendingPathComponent("docs/feedback-format.md"), encoding: .utf8)
        let start = try #require(doc.range(of: "```json\n"))
        let end = try #require(doc.range(of: "\n```", range: start.upperBound..<doc.endIndex))
        let json = String(doc[start.upperBound..<end.lowerBound])
        let output = try NextCommand.parse(["--feedback", try temporaryFile(json), "--json"]).render()
        #expect(try decodeJSON(output)["action"] as? String != nil)
    }

    @Test("The text output shown in docs/feedback-format.md is what the command prints")
    func documentedOutput() throws {
        let doc = try String(contentsOf: packageRoot.appendingPathComponent("docs/feedback-format.md"), encoding: .utf8)
        let marker = try #require(doc.range(of: "good-session.json` prints:\n\n```\n"))
        let end = try #require(doc.range(of: "\n```", range: marker.upperBound..<doc.endIndex))
        let expected = String(doc[marker.upperBound..<end.lowerBound])
        #expect(try NextCommand.parse(["--feedback", example("good-session")]).render() == expected)
    }
}
