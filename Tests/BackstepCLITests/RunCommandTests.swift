import BackstepCore
import Foundation
import Testing

@testable import BackstepCLI

/// `backstep run` through the real executable, non-interactively, on a sped-up clock.
@Suite("backstep run")
struct RunCommandTests {
    static func temporaryFile(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("backstep-\(UUID().uuidString)-\(name)").path
    }

    /// A fresh database for one test, so runs never touch the user's data folder.
    static func database() -> [String] { ["--database", temporaryFile("backstep.sqlite")] }

    static func lines(_ path: String) throws -> [[String: Any]] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return try text.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
    }

    @Test("A simulated session runs to the end and logs every event and command as JSON lines")
    func simulated() throws {
        let events = Self.temporaryFile("events.jsonl")
        let result = try CLITestSupport.run(
            ["run"] + Self.database() + [
                "first-steps", "--minutes", "5", "--simulate", "--speedup", "400", "--start", "--screening", "clear",
                "--events", events,
            ],
            stdin: "")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Session complete."))
        #expect(result.stdout.contains("kcal"))
        let log = try Self.lines(events)
        #expect(log.allSatisfy { $0["t"] is Double && $0["type"] is String })
        let commands = log.filter { $0["type"] as? String == "command" }
        let ops = commands.compactMap { $0["op"] as? String }
        #expect(ops.first == "requestControl")
        #expect(ops.contains("start"))
        #expect(ops.last == "stop")
        let speeds = commands.filter { $0["op"] as? String == "setTargetSpeed" }.compactMap {
            $0["speedMps"] as? Double
        }
        #expect(!speeds.isEmpty)
        #expect(speeds.allSatisfy { $0 <= SafetyPolicy.beginnerCap.metersPerSecond + 1e-9 })
        // The countdown comes before the belt starts.
        let startIndex = try #require(log.firstIndex { $0["op"] as? String == "start" })
        let countdown = log[..<startIndex].compactMap {
            $0["type"] as? String == "countdown" ? $0["number"] as? Int : nil
        }
        #expect(countdown == [3, 2, 1])
        let samples = log.filter { $0["type"] as? String == "sample" }
        #expect(samples.count >= 290)
        #expect(samples.allSatisfy { $0["distanceMeters"] is Double && $0["kcal"] is Double })
    }

    @Test("Without a start the belt never starts, and the session ends when input runs out")
    func noStart() throws {
        let events = Self.temporaryFile("events.jsonl")
        let result = try CLITestSupport.run(
            ["run"] + Self.database() + ["first-steps", "--simulate", "--speedup", "200", "--events", events], stdin: ""
        )
        #expect(result.status == 0)
        let ops = try Self.lines(events).compactMap { $0["op"] as? String }
        #expect(!ops.contains("start"))
        #expect(!ops.contains("setTargetSpeed"))
    }

    @Test("Commands on standard input drive the session: a pain stop pauses the belt")
    func painStop() throws {
        let events = Self.temporaryFile("events.jsonl")
        let result = try CLITestSupport.run(
            ["run"] + Self.database() + [
                "regular-practice", "--simulate", "--speedup", "100", "--level", "intermediate", "--events", events,
            ],
            stdin: "start\n")
        #expect(result.status == 0)
        // Then a second run where the user stops for pain.
        let second = Self.temporaryFile("events2.jsonl")
        let process = try CLITestSupport.run(
            ["run"] + Self.database() + [
                "regular-practice", "--simulate", "--speedup", "100", "--level", "intermediate", "--events", second,
            ],
            stdin: "start\n" + String(repeating: "\n", count: 1) + "pain\n")
        #expect(process.status == 0)
        let log = try Self.lines(second)
        let types = log.compactMap { $0["type"] as? String }
        if let stop = log.firstIndex(where: { $0["type"] as? String == "stop" }) {
            #expect(log[stop]["reason"] as? String == "pain-above-threshold")
            #expect(
                log[..<stop].contains { $0["op"] as? String == "pause" }
                    || log[stop...].contains { $0["op"] as? String == "pause" })
            #expect(!log[stop...].contains { $0["op"] as? String == "start" })
        } else {
            Issue.record("no stop event: \(types.suffix(5))")
        }
    }

    @Test("Manual mode: targets shown, no treadmill commands")
    func manual() throws {
        let events = Self.temporaryFile("events.jsonl")
        let result = try CLITestSupport.run(
            ["run"] + Self.database() + [
                "knee-oa", "--speedup", "500", "--start", "--events", events, "--units", "mph",
            ], stdin: "")
        #expect(result.status == 0)
        #expect(result.stdout.contains("Set the treadmill by hand."))
        let log = try Self.lines(events)
        #expect(!log.contains { $0["type"] as? String == "command" })
        #expect(log.last?["type"] as? String == "finish")
    }

    @Test("A workout file runs; a broken one is refused with the field named")
    func workoutFiles() throws {
        let good = Self.temporaryFile("workout.json")
        let workout = try Catalog.hillRepeats.workout([.rounds: 5])
        try CLIJSON.encode(workout).write(toFile: good, atomically: true, encoding: .utf8)
        let ok = try CLITestSupport.run(["run"] + Self.database() + [good, "--speedup", "1000", "--start"], stdin: "")
        #expect(ok.status == 0)
        #expect(ok.stdout.contains("Session complete."))

        let bad = Self.temporaryFile("bad.json")
        try
            #"{"name":"x","items":[{"type":"step","name":"a","activity":{"kind":"locomotion","direction":"backward","speed":{"kind":"fixed","speedMps":12}},"goal":{"kind":"open"}}]}"#
            .write(toFile: bad, atomically: true, encoding: .utf8)
        let refused = try CLITestSupport.run(["run"] + Self.database() + [bad, "--start"], stdin: "")
        #expect(refused.status == 64)
        #expect(refused.stderr.contains("items[0].activity.speed.speedMps"))
    }

    @Test("The session is stored: history lists it as completed")
    func stored() throws {
        let database = Self.temporaryFile("stored.sqlite")
        let result = try CLITestSupport.run(
            [
                "run", "first-steps", "--minutes", "5", "--simulate", "--speedup", "400", "--start", "--database",
                database,
            ], stdin: "")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Saved as session"))
        let history = try CLITestSupport.run(["history", "--json", "--database", database])
        #expect(history.status == 0, "\(history.stderr)")
        #expect((try? JSONSerialization.jsonObject(with: Data(history.stdout.utf8))) != nil, "history is not JSON")
        let text = history.stdout
        #expect(text.contains("first-steps"), "history: \(text.prefix(400))")
        #expect(text.contains("completed"))
    }

    @Test(
        "Bad options exit 64",
        arguments: [
            ["run", "first-steps", "--speedup", "5000"], ["run", "moonwalk"],
            ["run", "first-steps", "--minutes", "30"],
            ["run", "first-steps", "--mass", "0"],
        ])
    func badOptions(arguments: [String]) throws {
        let result = try CLITestSupport.run(arguments, stdin: "")
        #expect(result.status == 64, "\(arguments): \(result.stderr)")
        #expect(!result.stderr.isEmpty)
    }
}
