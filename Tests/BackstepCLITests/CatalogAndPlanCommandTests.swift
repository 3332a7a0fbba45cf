import ArgumentParser
import BackstepCore
import Foundation
import Testing

@testable import BackstepCLI

@Suite("Catalog and plan commands")
struct CatalogAndPlanCommandTests {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)

    @Test func programsGolden() throws {
        try CLITestSupport.expectGolden(try ProgramsCommand.parse([]).render(), "programs.txt")
    }

    @Test func programGolden() throws {
        try CLITestSupport.expectGolden(
            try ProgramCommand.parse(["hill-repeats", "--units", "mph", "--rounds", "8"]).render(),
            "program-hill-repeats-mph.txt")
    }

    @Test func programJSONGolden() throws {
        try CLITestSupport.expectGolden(
            try ProgramCommand.parse(["first-steps", "--json"]).render(), "program-first-steps.json")
    }

    @Test func planGolden() throws {
        let command = try PlanCommand.parse([
            "--age", "34", "--mass", "80", "--goal", "fitness", "--weeks", "4", "--screening", "clear", "--units",
            "mph",
        ])
        try CLITestSupport.expectGolden(try command.render(now: Self.now), "plan-fitness-4w-mph.txt")
    }

    @Test func planJSONGolden() throws {
        let command = try PlanCommand.parse([
            "--age", "70", "--mass", "65", "--goal", "balance", "--weeks", "3", "--days", "5", "--screening",
            "bone-or-joint",
            "--start", "2026-11-23", "--json",
        ])
        try CLITestSupport.expectGolden(try command.render(now: Self.now), "plan-balance-3w.json")
    }

    @Test("Plan JSON uses unit-suffixed keys and decodes back into a plan")
    func planJSONKeys() throws {
        let command = try PlanCommand.parse([
            "--age", "30", "--mass", "70", "--goal", "strength", "--level", "intermediate", "--weeks", "2", "--json",
        ])
        let text = try command.render(now: Self.now)
        for key in [
            "\"speedMps\"", "\"massKg\"", "\"durationSeconds\"", "\"gradePercent\"", "\"speedCapMps\"",
            "\"estimatedDurationSeconds\"",
        ] {
            #expect(text.contains(key), "missing \(key)")
        }
        struct Output: Decodable { var plan: Plan }
        let decoded = try CLIJSON.decoder.decode(Output.self, from: Data(text.utf8))
        #expect(decoded.plan.weeks.count == 2)
    }

    @Test(
        "Bad values name the option and its range",
        arguments: [
            (["--age", "200", "--mass", "80", "--goal", "fitness"], "--age: 200 is out of range, allowed 10–105"),
            (["--age", "30", "--mass", "0", "--goal", "fitness"], "--mass: 0 is out of range, allowed 20–350 kg"),
            (
                ["--age", "30", "--mass", "80", "--goal", "fitness", "--days", "9"],
                "--days: 9 is out of range, allowed 1–7"
            ),
            (
                ["--age", "30", "--mass", "80", "--goal", "fitness", "--weeks", "60"],
                "--weeks: 60 is out of range, allowed 1–52"
            ),
            (
                ["--age", "30", "--mass", "80", "--goal", "fitness", "--screening", "flu"],
                "--screening: unknown topic 'flu'"
            ),
            (
                ["--age", "30", "--mass", "80", "--goal", "fitness", "--start", "tomorrow"],
                "--start: 'tomorrow' is not a date"
            ),
            (
                ["--age", "30", "--mass", "80", "--goal", "fitness", "--prefer", "moonwalk"],
                "--prefer: unknown program id 'moonwalk'"
            ),
            (
                ["--age", "30", "--mass", "80", "--goal", "fitness", "--speed-cap", "40"],
                "--speed-cap: 40 is out of range"
            ),
        ])
    func planErrors(arguments: [String], message: String) throws {
        let command = try PlanCommand.parse(arguments)
        do {
            _ = try command.render(now: Self.now)
            Issue.record("accepted \(arguments)")
        } catch {
            #expect("\(error)".contains(message), "\(error)")
        }
    }

    @Test func programErrors() throws {
        #expect(throws: (any Error).self) { try ProgramCommand.parse(["moonwalk"]).render() }
        do {
            _ = try ProgramCommand.parse(["hill-repeats", "--rounds", "12"]).render()
            Issue.record("accepted 12 rounds")
        } catch {
            #expect("\(error)".contains("--rounds: 12 is out of range, allowed 5–10"))
        }
    }
}

/// The real executable: exit statuses and streams.
@Suite("backstep executable")
struct ExecutableTests {
    @Test(
        "Usage errors exit with status 64 and say what is wrong",
        arguments: [
            (["plan", "--age", "200", "--mass", "80", "--goal", "fitness"], "--age"),
            (["plan", "--age", "30", "--mass", "80", "--goal", "flying"], "flying"),
            (["program", "moonwalk"], "moonwalk"),
            (
                [
                    "energy", "--direction", "backward", "--gait", "walk", "--speed", "40", "--unit", "kmh", "--grade",
                    "0", "--mass", "70", "--json",
                ], "--speed"
            ),
            (
                [
                    "energy", "--direction", "backward", "--gait", "walk", "--speed", "3", "--unit", "kmh", "--grade",
                    "50", "--mass", "70", "--json",
                ], "--grade"
            ),
            (["frobnicate"], "frobnicate"),
        ])
    func usageErrors(arguments: [String], mention: String) throws {
        let result = try CLITestSupport.run(arguments)
        #expect(result.status == 64, "status \(result.status) for \(arguments)")
        #expect(result.stderr.contains(mention), "stderr: \(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test("Success exits 0 and prints to standard output")
    func success() throws {
        let result = try CLITestSupport.run([
            "plan", "--age", "40", "--mass", "75", "--goal", "knee", "--weeks", "2", "--json", "--no-save",
        ])
        #expect(result.status == 0)
        #expect(result.stdout.contains("\"knee-oa\""))
        let energy = try CLITestSupport.run([
            "energy", "--direction", "backward", "--gait", "walk", "--speed", "1.2", "--unit", "mps", "--grade", "5",
            "--mass", "70", "--minutes", "10", "--json",
        ])
        #expect(energy.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(energy.stdout.utf8)) as? [String: Any]
        for key in ["vo2", "met", "kcalPerMinute", "kcal", "forwardMet", "extrapolated"] {
            #expect(object?[key] != nil, "missing \(key)")
        }
    }

    @Test func help() throws {
        let result = try CLITestSupport.run(["--help"])
        #expect(result.status == 0)
        for command in ["programs", "program", "plan", "energy"] {
            #expect(result.stdout.contains(command))
        }
    }
}
