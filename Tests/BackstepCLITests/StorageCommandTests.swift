import ArgumentParser
import BackstepCLI
import Foundation
import Testing

/// The storage commands end to end, in-process, on a fresh SQLite file.
@Suite("storage commands") struct StorageCommandTests {
    static func render(_ arguments: [String]) async throws -> String {
        let command = try BackstepCommand.parseAsRoot(arguments)
        guard let rendering = command as? any AsyncRenderingCommand else {
            if let next = command as? NextCommand { return try await next.renderFromStore() }
            Issue.record("\(arguments) is not a storage command")
            return ""
        }
        return try await rendering.render()
    }

    @Test("profile, log, history, stats, next and db migrate work together")
    func roundTrip() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("backstep-cli-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = ["--database", folder.appendingPathComponent("b.sqlite").path]

        let migrated = try await Self.render(["db", "migrate"] + db)
        #expect(migrated.contains("0001_create_user"))
        #expect(try await Self.render(["db", "migrate"] + db).contains("up to date"))

        #expect(
            try await Self.render(["profile", "create", "--age", "62", "--mass", "71", "--goal", "knee"] + db).contains(
                "version 1"))
        #expect(try await Self.render(["profile", "edit", "--mass", "69"] + db).contains("version 2"))
        #expect(try await Self.render(["profile", "show"] + db).contains("69 kg"))

        for day in ["2026-03-02", "2026-03-03"] {
            let logged = try await Self.render(
                [
                    "log", "--program", "regular-practice", "--minutes", "20", "--speed", "3", "--grade", "2",
                    "--rpe", "12", "--pain-during", "2", "--pain-after", "1", "--handrail", "one-hand", "--date", day,
                ] + db)
            #expect(logged.contains("Logged regular-practice"))
        }
        let history = try await Self.render(["history", "--json"] + db)
        #expect(history.contains("\"status\" : \"completed\""))
        let stats = try await Self.render(["stats", "--json"] + db)
        #expect(stats.contains("\"sessionCount\" : 2"))
        #expect(stats.contains("\"longestDays\" : 2"))
        let next = try await Self.render(["next"] + db)
        #expect(next.hasPrefix("Next session"))
    }

    @Test("Bad values are refused with the option's name and nothing is written")
    func badValues() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("backstep-cli-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = ["--database", folder.appendingPathComponent("b.sqlite").path]
        for (arguments, option) in [
            (["log", "--program", "regular-practice", "--minutes", "20", "--speed", "31"], "--speed"),
            (
                ["log", "--program", "regular-practice", "--minutes", "20", "--speed", "3", "--pain-after", "11"],
                "--pain-after"
            ),
            (["log", "--program", "nope", "--minutes", "20", "--speed", "3"], "--program"),
            (["profile", "create", "--age", "7", "--mass", "70", "--goal", "knee"], "--age"),
        ] {
            await #expect {
                _ = try await Self.render(arguments + db)
            } throws: { error in
                "\(error)".contains(option)
            }
        }
        #expect(try await Self.render(["history"] + db).contains("No sessions yet"))
        await #expect(throws: (any Error).self) {
            _ = try await Self.render(["stats", "--database", "/etc/hostname/b.sqlite"])
        }
    }
}
