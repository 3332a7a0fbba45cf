import ArgumentParser
import BackstepCore
import Foundation
import Testing

@testable import BackstepCLI

/// Parses `--json` output into a dictionary.
private func jsonObject(_ arguments: [String]) throws -> [String: Any] {
    let command = try EnergyCommand.parse(arguments + ["--json"])
    let text = try command.render()
    let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
    return try #require(object as? [String: Any])
}

private func number(_ object: [String: Any], _ key: String) throws -> Double {
    try #require((object[key] as? NSNumber)?.doubleValue, "missing number \(key)")
}

private let base = ["--gait", "walk", "--unit", "mph", "--grade", "0", "--mass", "70"]

@Suite("backstep energy")
struct EnergyCommandTests {
    @Test("JSON for backward 3.5 mph level matches the model and the Compendium within 4.5 %")
    func jsonBackward() throws {
        // Given 3.5 mph level backward walking for 30 minutes at 70 kg
        let object = try jsonObject(["--direction", "backward", "--speed", "3.5", "--minutes", "30"] + base)
        // Then the numbers are the model's, and the model is within 4.5 % of 6.0 MET
        let met = try number(object, "met")
        #expect(abs(met / 6.0 - 1) < 0.045)
        let forwardVo2 = 3.5 + 0.1 * 3.5 * 0.44704 * 60  // ACSM by hand
        #expect(abs(try number(object, "forwardVo2") - forwardVo2) < 1e-3)
        #expect(abs(try number(object, "forwardMet") - forwardVo2 / 3.5) < 1e-3)
        let vo2 = try number(object, "vo2")
        #expect(abs(vo2 - (forwardVo2 + 2.97 * 1.56464 * 1.56464)) < 1e-3)
        #expect(abs(try number(object, "kcalPerMinute") - vo2 * 70 / 200) < 1e-3)
        #expect(abs(try number(object, "kcal") - vo2 * 70 / 200 * 30) < 0.01)
        #expect(abs(try number(object, "forwardKcal") - forwardVo2 * 70 / 200 * 30) < 0.01)
        #expect(abs(try number(object, "forwardKcalPerMinute") - forwardVo2 * 70 / 200) < 1e-3)
        #expect(try number(object, "durationSeconds") == 1800)
        #expect(abs(try number(object, "speedMps") - 1.56464) < 1e-5)
        #expect(try number(object, "gradePercent") == 0)
        #expect(try number(object, "massKg") == 70)
        #expect(try number(object, "uncertaintyPercent") > 0)
        #expect(object["extrapolated"] as? Bool == false)
        #expect((object["extrapolationReasons"] as? [String])?.isEmpty == true)
        let notes = try #require(object["notes"] as? [String])
        #expect(notes.contains { $0.contains("practice") })
    }

    @Test("Without --minutes there is no kcal total")
    func jsonWithoutMinutes() throws {
        let object = try jsonObject(["--direction", "backward", "--speed", "2.5"] + base)
        #expect(object["kcal"] == nil)
        #expect(object["forwardKcal"] == nil)
        #expect(object["durationSeconds"] == nil)
        #expect(object["vo2"] != nil)
    }

    @Test("Outside the calibrated range the JSON says extrapolated, with reasons")
    func jsonExtrapolated() throws {
        let object = try jsonObject([
            "--direction", "backward", "--gait", "run", "--speed", "12", "--unit", "kmh", "--grade", "20",
            "--mass", "80", "--handrail", "two-hands",
        ])
        #expect(object["extrapolated"] as? Bool == true)
        let reasons = try #require(object["extrapolationReasons"] as? [String])
        #expect(reasons.count == 2)
        // Running: forward ACSM × 1.35 at 200 m/min, 20 %
        let forward = 3.5 + 0.2 * 200 + 0.9 * 200 * 0.2
        #expect(abs(try number(object, "vo2") - forward * 1.35) < 1e-3)
        let notes = try #require(object["notes"] as? [String])
        #expect(notes.contains { $0.contains("rails") })
    }

    @Test("Forward JSON has equal forward and requested numbers")
    func jsonForward() throws {
        let object = try jsonObject([
            "--direction", "forward", "--speed", "1.2", "--unit", "mps", "--grade", "10",
            "--gait", "walk", "--mass", "60",
        ])
        // 3.5 + 0.1·72 + 1.8·72·0.1 = 23.66
        #expect(abs(try number(object, "vo2") - 23.66) < 1e-3)
        #expect(try number(object, "forwardVo2") == (try number(object, "vo2")))
    }

    @Test("Practice weeks and handrail reach the model")
    func practiceAndHandrail() throws {
        let practised = try jsonObject(["--direction", "backward", "--speed", "3"] + base)
        let novice = try jsonObject(["--direction", "backward", "--speed", "3", "--practice-weeks", "0"] + base)
        #expect(try number(novice, "vo2") > (try number(practised, "vo2")))
        #expect(try number(novice, "practiceWeeks") == 0)
        let held = try jsonObject(["--direction", "backward", "--speed", "3", "--handrail", "one-hand"] + base)
        #expect(held["handrail"] as? String == "one-hand")
        let widened = try number(held, "uncertaintyPercent") - (try number(practised, "uncertaintyPercent"))
        #expect(abs(widened - 10) < 0.02)
    }

    @Test("Text output shows backward and forward side by side")
    func text() throws {
        let command = try EnergyCommand.parse(["--direction", "backward", "--speed", "3.5", "--minutes", "30"] + base)
        let text = try command.render()
        #expect(text.hasPrefix("Backward walking at 3.5 mph (1.56 m/s), 0 % grade, 70 kg, 30 min"))
        #expect(text.contains("backward   forward"))
        #expect(text.contains("MET" + String(repeating: " ", count: 22) + "5.8       3.7"))
        #expect(text.contains("kcal (30 min)"))
        #expect(text.contains("% more than forward"))
        #expect(text.contains("Uncertainty: ±9 %"))
        #expect(text.contains("Note: Assumes at least 4 weeks"))
        #expect(!text.contains("Extrapolated"))
    }

    @Test("A forward request still shows what backward would cost")
    func textForward() throws {
        let command = try EnergyCommand.parse(["--direction", "forward", "--speed", "3.5"] + base)
        let text = try command.render()
        #expect(text.hasPrefix("Forward walking"))
        #expect(text.contains("MET" + String(repeating: " ", count: 22) + "5.8       3.7"))
        #expect(!text.contains("Note:"))
        #expect(text.contains("as forward walking under-count it"))
    }

    @Test(
        "Out-of-range options are usage errors naming the option",
        arguments: [
            (["--mass", "0"], "--mass: 0 is out of range, allowed 20–350 kg"),
            (["--mass", "351"], "--mass: 351 is out of range"),
            (["--speed", "0"], "--speed: 0 is out of range, allowed more than 0 and up to 30 km/h"),
            (["--speed", "31"], "--speed: 31 is out of range"),
            (["--speed", "-2"], "--speed: -2 is out of range"),
            (["--speed", "nan"], "--speed: the value is out of range"),
            (["--grade", "41"], "--grade: 41 is out of range"),
            (["--grade", "-6"], "--grade: -6 is out of range"),
            (["--minutes", "0"], "--minutes: 0 is out of range, allowed more than 0 and up to 600 minutes"),
            (["--minutes", "601"], "--minutes: 601 is out of range"),
            (["--practice-weeks", "-1"], "--practice-weeks: -1 is out of range"),
        ])
    func invalid(override: [String], message: String) {
        var arguments = [
            "--direction", "backward", "--gait", "walk", "--unit", "kmh", "--speed", "4", "--grade", "0",
            "--mass", "70",
        ]
        // Replace the default value of the option being tested, or append it.
        if let index = arguments.firstIndex(of: override[0]) {
            arguments[index + 1] = override[1]
        } else {
            arguments += override
        }
        #expect {
            _ = try EnergyCommand.parse(arguments).render()
        } throws: { error in
            let text = EnergyCommand.message(for: error)
            return text.contains(message) && EnergyCommand.exitCode(for: error) == ExitCode(64)
        }
    }

    @Test("Unknown enum values and missing options are rejected by the parser")
    func parserErrors() {
        #expect(throws: (any Error).self) {
            _ = try EnergyCommand.parse(["--direction", "sideways", "--speed", "1"] + base)
        }
        #expect(throws: (any Error).self) {
            _ = try EnergyCommand.parse(["--speed", "1"] + base)
        }
        #expect(throws: (any Error).self) {
            _ = try EnergyCommand.parse(["--direction", "backward", "--speed", "1", "--handrail", "feet"] + base)
        }
    }

    @Test("A model error is renamed to the option that fed it")
    func optionError() {
        let error = EnergyCommand.optionError(InputError(field: "practiceWeeks", problem: "x"))
        #expect(error.field == "--practice-weeks")
        #expect(EnergyCommand.optionError(InputError(field: "mass", problem: "x")).field == "--mass")
    }
}
