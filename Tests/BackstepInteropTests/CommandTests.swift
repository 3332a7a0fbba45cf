import ArgumentParser
import BackstepCLI
import BackstepCore
import FITCodec
import Foundation
import Testing

@testable import BackstepInterop

@Suite("export and import commands")
struct CommandTests {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("interop-cli-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// A fresh SQLite database in the test's folder.
    var db: [String] { ["--database", path("backstep.sqlite")] }

    /// The exit status swift-argument-parser gives an error thrown while parsing or running a command.
    func status(_ type: any ParsableCommand.Type, _ arguments: [String]) async -> Int32 {
        do {
            var command = try type.parseAsRoot(arguments)
            if let rendering = command as? any AsyncRenderingCommand {
                _ = try await rendering.render()
            } else if let rendering = command as? any RenderingCommand {
                _ = try rendering.render()
            } else {
                try command.run()
            }
            return 0
        } catch {
            return type.exitCode(for: error).rawValue
        }
    }

    /// Runs a command of the `backstep` tree in-process and returns its output.
    func render(_ arguments: [String]) async throws -> String {
        let command = try BackstepCommand.parseAsRoot(arguments)
        let rendering = try #require(command as? any AsyncRenderingCommand, "\(arguments)")
        return try await rendering.render()
    }

    @Test("export workout writes FIT, ZWO and JSON; bad arguments exit 64")
    func exportWorkout() async throws {
        let fit = path("hill.fit")
        let line = try ExportWorkoutCommand.parse(["hill-repeats", "--format", "fit", "-o", fit, "--rounds", "6"])
            .render()
        #expect(line.hasPrefix("Wrote FIT workout"))
        let steps = try FIT.decode([UInt8](Data(contentsOf: URL(fileURLWithPath: fit)))).typedMessages().messages
            .compactMap {
                if case .workoutStep(let step) = $0 { step } else { nil }
            }
        #expect(steps.contains { $0.repeatCount == 6 })
        _ = try ExportWorkoutCommand.parse([
            "first-steps", "--format", "zwo", "-o", path("w.zwo"), "--units", "mph", "--marathon-speed", "6",
        ]).render()
        #expect(try String(contentsOfFile: path("w.zwo"), encoding: .utf8).contains("<sportType>run</sportType>"))
        _ = try ExportWorkoutCommand.parse(["first-steps", "--format", "json", "-o", path("w.json")]).render()
        let workout = try CLIJSON.decoder.decode(
            Workout.self, from: Data(contentsOf: URL(fileURLWithPath: path("w.json"))))
        #expect(workout == (try Catalog.program(id: "first-steps").workout()))

        #expect(await status(ExportWorkoutCommand.self, ["hill-repeats", "--format", "gpx", "-o", path("x")]) == 64)
        #expect(
            await status(
                ExportWorkoutCommand.self, ["hill-repeats", "--format", "fit", "-o", path("x"), "--rounds", "99"])
                == 64)
        #expect(
            await status(
                ExportWorkoutCommand.self, ["hill-repeats", "--format", "fit", "-o", path("x"), "--workout", "9"])
                == 64)
        #expect(await status(ExportWorkoutCommand.self, ["moonwalk", "--format", "fit", "-o", path("x")]) == 64)
        #expect(
            await status(
                ExportWorkoutCommand.self, ["first-steps", "--format", "zwo", "-o", path("x"), "--marathon-speed", "0"])
                == 64)
        #expect(
            await status(ExportWorkoutCommand.self, ["first-steps", "--format", "fit", "-o", "/nonexistent/dir/x.fit"])
                == 1)
    }

    @Test("export plan from options and from plan --json gives the same events and UIDs")
    func exportPlan() async throws {
        let options = [
            "--age", "45", "--mass", "80", "--goal", "knee", "--weeks", "2", "--screening", "clear", "--start",
            "2025-01-06",
        ]
        let line = try await ExportPlanCommand.parse(["--format", "ics", "-o", path("a.ics")] + options + db).render()
        #expect(line.hasPrefix("Wrote 6 events"))
        let json = try await PlanCommand.parse(options + ["--json", "--no-save"]).render()
        try json.write(toFile: path("plan.json"), atomically: true, encoding: .utf8)
        _ = try await ExportPlanCommand.parse([
            "--format", "ics", "-o", path("b.ics"), "--from", path("plan.json"), "--at", "18:30",
        ]).render()
        func uids(_ name: String) throws -> [String] {
            try String(contentsOfFile: path(name), encoding: .utf8).replacingOccurrences(of: "\r\n ", with: "")
                .components(separatedBy: "\r\n").filter { $0.hasPrefix("UID:") }
        }
        #expect(try uids("a.ics") == uids("b.ics"))
        #expect(try String(contentsOfFile: path("b.ics"), encoding: .utf8).contains("DTSTART:20250106T183000"))

        #expect(
            await status(
                ExportPlanCommand.self,
                ["--format", "ics", "-o", path("c.ics"), "--age", "5", "--mass", "80", "--goal", "knee"]) == 64)
        #expect(
            await status(
                ExportPlanCommand.self,
                ["--format", "ics", "-o", path("c.ics"), "--at", "25:00", "--from", path("plan.json")]) == 64)
        #expect(
            await status(
                ExportPlanCommand.self, ["--format", "ics", "-o", path("c.ics"), "--from", path("missing.json")])
                == 64)
        // Without dates and without --start, the calendar can't be placed.
        let undated = try await PlanCommand.parse(Array(options.dropLast(2)) + ["--json", "--no-save"]).render()
        try undated.write(toFile: path("undated.json"), atomically: true, encoding: .utf8)
        #expect(
            await status(
                ExportPlanCommand.self, ["--format", "ics", "-o", path("d.ics"), "--from", path("undated.json")])
                == 64)
    }

    @Test("export session writes FIT, TCX and CSV from a session JSON file")
    func exportSession() async throws {
        let session = InteropFixtures.session()
        try CLIJSON.encode(session).write(toFile: path("session.json"), atomically: true, encoding: .utf8)
        for format in ["fit", "tcx", "csv"] {
            let out = path("s.\(format)")
            _ = try await ExportSessionCommand.parse(["--from", path("session.json"), "--format", format, "-o", out])
                .render()
            let read = try SessionImport.read(name: out, bytes: [UInt8](Data(contentsOf: URL(fileURLWithPath: out))))
            #expect(read.fingerprint == SessionFingerprint(session), "\(format)")
        }
        try "{}".write(toFile: path("bad.json"), atomically: true, encoding: .utf8)
        #expect(
            await status(ExportSessionCommand.self, ["--from", path("bad.json"), "--format", "fit", "-o", path("x")])
                == 64)
    }

    @Test("import walks folders, reports imported, duplicates and skipped files, and prints sessions as JSON")
    func importFolder() async throws {
        let bulk = folder.appendingPathComponent("bulk/2025", isDirectory: true)
        try FileManager.default.createDirectory(at: bulk, withIntermediateDirectories: true)
        let session = InteropFixtures.session()
        try Data(try FITActivityExport.encode(session)).write(to: bulk.appendingPathComponent("a.fit"))
        try Data(CSVExport.document(session).utf8).write(to: bulk.appendingPathComponent("b.csv"))
        try Data("not fit".utf8).write(to: bulk.appendingPathComponent("c.fit"))
        try Data(try ImportRuleTests.foreignFIT()).write(to: bulk.appendingPathComponent("d.fit"))
        try Data("x".utf8).write(to: bulk.appendingPathComponent(".hidden"))
        let text = try await ImportCommand.parse(
            [folder.appendingPathComponent("bulk").path, path("nothing-here")] + db
        )
        .render()
        #expect(text.hasPrefix("Import: 1 imported, 1 duplicate, 3 skipped."))
        #expect(text.contains("b.csv: 2025-01-06T07:00:00Z/89s/60m (same as"))
        #expect(text.contains("d.fit: FIT: the file doesn't say whether the walk was backward or forward"))
        #expect(text.contains("nothing-here: cannot read the file: no such file or folder"))
        #expect(!text.contains(".hidden"))

        // A second run into the same database: a.fit is now a duplicate of the stored session.
        let json = try await ImportCommand.parse([bulk.path, "--direction", "forward", "--json"] + db).render()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect((object["imported"] as? [[String: Any]])?.map { $0["file"] as? String } == [bulk.path + "/d.fit"])
        #expect((object["duplicates"] as? [[String: Any]])?.count == 2)
        #expect(((object["skipped"] as? [[String: Any]])?.first?["location"] as? String)?.hasPrefix("byte") == true)
        #expect(await status(ImportCommand.self, [bulk.path, "--direction", "sideways"] + db) == 64)
    }
}
