import ArgumentParser
import BackstepCLI
import BackstepCore
import CrossCheckSupport
import FITCodec
import Foundation
import Testing

@testable import BackstepInterop

/// `import`, `export session <id>`, `plan` and `export plan` against a real SQLite database, in-process.
@Suite("import and export through storage", .serialized)
struct StoredInteropCommandTests {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("interop-store-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
    var db: [String] { ["--database", path("backstep.sqlite")] }

    func render(_ arguments: [String]) async throws -> String {
        let command = try BackstepCommand.parseAsRoot(arguments)
        let rendering = try #require(command as? any AsyncRenderingCommand, "\(arguments)")
        return try await rendering.render()
    }

    func status(_ arguments: [String]) async -> Int32 {
        do {
            _ = try await render(arguments)
            return 0
        } catch {
            return BackstepCommand.exitCode(for: error).rawValue
        }
    }

    @Test("import stores sessions: history and stats show them; export session <id> writes them back")
    func importThenExportById() async throws {
        let session = InteropFixtures.session()
        try Data(try FITActivityExport.encode(session)).write(to: URL(fileURLWithPath: path("walk.fit")))
        let imported = try await render(["import", path("walk.fit"), "--json"] + db)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(imported.utf8)) as? [String: Any])
        let first = try #require((object["imported"] as? [[String: Any]])?.first)
        let id = try #require(first["sessionId"] as? String)

        let history = try await render(["history"] + db)
        #expect(history.contains(String(id.prefix(8)).lowercased()), "\(history)")
        #expect(history.contains("fit"))
        let stats = try await render(["stats", "--json"] + db)
        #expect(stats.contains("\"sessionCount\" : 1"))

        // By a prefix of the id, as FIT: our decoder reads the same walk back.
        let out = path("again.fit")
        let line = try await render(["export", "session", String(id.prefix(6)), "--format", "fit", "-o", out] + db)
        #expect(line.hasPrefix("Wrote FIT activity (\(session.samples.count) records)"))
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: out)))
        let records = try FIT.decode(bytes).typedMessages().messages.filter {
            if case .record = $0 { true } else { false }
        }
        #expect(records.count == session.samples.count)
        let read = try SessionImport.read(name: out, bytes: bytes)
        #expect(read.fingerprint == SessionFingerprint(session))
        #expect(read.session.samples.map(\.direction) == session.samples.map(\.direction))
        for format in ["tcx", "csv"] {
            let file = path("again.\(format)")
            _ = try await render(["export", "session", id, "--format", format, "-o", file] + db)
            let text = try SessionImport.read(name: file, bytes: [UInt8](Data(contentsOf: URL(fileURLWithPath: file))))
            #expect(text.fingerprint == SessionFingerprint(session), "\(format)")
        }

        // The exported file is the stored session: importing it again is a duplicate.
        let again = try await render(["import", out] + db)
        #expect(again.hasPrefix("Import: 0 imported, 1 duplicate, 0 skipped."), "\(again)")

        // Unknown ids and bad usage exit 64 like other unknown names.
        #expect(await status(["export", "session", "ffffffff", "--format", "fit", "-o", path("x.fit")] + db) == 64)
        #expect(await status(["export", "session", "--format", "fit", "-o", path("x.fit")] + db) == 64)
        #expect(
            await status(["export", "session", id, "--from", path("s.json"), "--format", "fit", "-o", path("x")] + db)
                == 64)
    }

    @Test("plan stores the current plan; export plan without options writes it with stable UIDs")
    func planThenExportPlan() async throws {
        #expect(await status(["export", "plan", "--format", "ics", "-o", path("none.ics")] + db) == 64)
        let options = ["--age", "45", "--mass", "80", "--goal", "knee", "--weeks", "2", "--screening", "clear"]
        let printed = try await render(["plan"] + options + ["--start", "2025-01-06"] + db)
        #expect(printed.contains("Stored as your current plan"))
        _ = try await render(["export", "plan", "--format", "ics", "-o", path("a.ics")] + db)
        _ = try await render(["export", "plan", "--format", "ics", "-o", path("b.ics"), "--at", "18:00"] + db)
        func uids(_ name: String) throws -> [String] {
            try String(contentsOfFile: path(name), encoding: .utf8).replacingOccurrences(of: "\r\n ", with: "")
                .components(separatedBy: "\r\n").filter { $0.hasPrefix("UID:") }
        }
        #expect(try uids("a.ics").count == 6)
        #expect(try uids("a.ics") == uids("b.ics"))
        #expect(try String(contentsOfFile: path("a.ics"), encoding: .utf8).contains("DTSTART:20250106T070000"))
        // The same plan from its options gives the same UIDs: they depend on the plan, not on where it came from.
        _ = try await render(
            ["export", "plan", "--format", "ics", "-o", path("c.ics")] + options + ["--start", "2025-01-06"] + db)
        #expect(try uids("c.ics") == uids("a.ics"))
        // --no-save leaves the stored plan alone.
        _ = try await render(["plan", "--age", "45", "--mass", "80", "--goal", "balance", "--no-save"] + db)
        _ = try await render(["export", "plan", "--format", "ics", "-o", path("d.ics")] + db)
        #expect(try uids("d.ics") == uids("a.ics"))
        // An undated stored plan needs --start.
        _ = try await render(["plan"] + options + db)
        #expect(await status(["export", "plan", "--format", "ics", "-o", path("e.ics")] + db) == 64)
        _ = try await render(["export", "plan", "--format", "ics", "-o", path("e.ics"), "--start", "2025-02-03"] + db)
        #expect(try uids("e.ics") == uids("a.ics"))
    }

    @Test(
        "A stored session exported by id decodes in garmin-fit-sdk and fitdecode to the messages we decode",
        .enabled(if: InteropCrossCheck.tool.shouldRun, "cross-check tools unavailable; run scripts/setup-crosscheck.sh")
    )
    func storedExportCrossCheck() async throws {
        if let reason = InteropCrossCheck.tool.unavailableReason {
            Issue.record("BACKSTEP_REQUIRE_CROSSCHECK=1 but \(reason)")
            return
        }
        try Data(CSVExport.document(InteropFixtures.session()).utf8).write(to: URL(fileURLWithPath: path("in.csv")))
        let imported = try await render(["import", path("in.csv"), "--json"] + db)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(imported.utf8)) as? [String: Any])
        let id = try #require((object["imported"] as? [[String: Any]])?.first?["sessionId"] as? String)
        let directory = folder.appendingPathComponent("crosscheck")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let out = directory.appendingPathComponent("ours-stored-session.fit").path
        _ = try await render(["export", "session", id, "--format", "fit", "-o", out] + db)
        let (code, output) = try InteropCrossCheck.tool.run([directory.path])
        try #require(code == 0, "driver failed: \(output.prefix(2000))")
        let report = try JSONDecoder().decode(InteropCrossCheckTests.Report.self, from: Data(output.utf8))
        let expected = FITCanonical.ordered(
            try FIT.decode([UInt8](Data(contentsOf: URL(fileURLWithPath: out)))).messages)
        let tools = try #require(report.fit["ours-stored-session.fit"])
        #expect(tools.keys.sorted() == ["fitdecode", "garmin-fit-sdk"])
        for (tool, result) in tools {
            #expect(result.errors.isEmpty, "\(tool): \(result.errors)")
            #expect(FITCanonical.firstDifference(result.messages, expected) == nil, "\(tool)")
        }
    }
}
