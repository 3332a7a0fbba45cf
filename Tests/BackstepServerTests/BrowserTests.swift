import CrossCheckSupport
import Foundation
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Starts the real `backstep serve` binary on a free loopback port with a temporary database and runs a Selenium
/// journey from `Tests/e2e/` against it with Debian's Chromium: `journey.py` (sign-up to dashboard with a simulated
/// treadmill) and `bluetooth.py` (a Bluetooth session through a pretend FTMS treadmill, and the page pausing the
/// belt when the server goes silent), `restart.py` (a crash mid-session, then continuing) and `care.py` (the
/// professional side: invitation, consent, the pain flag, revocation) and `report.py` (review time and the monthly
/// report printed to PDF with Chrome DevTools, its text checked with pdftotext). Screenshots, the PDF (and the server's
/// log) go to `.build-e2e-artifacts/` (or `$BACKSTEP_E2E_ARTIFACTS`). Skips with a message when Chromium, the
/// driver or selenium is missing, unless `BACKSTEP_REQUIRE_BROWSER=1` (CI), where that is a failure.
@Suite("Browser end-to-end", .serialized)
struct BrowserTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static var executable: URL? { BackstepExecutable.url }

    @Test(
        "Journeys in Chromium",
        arguments: [
            ("journey.py", "sign-up to dashboard, simulated treadmill", 30),
            // Slower: the page relays the pretend treadmill's bytes in real time, like a real one.
            ("bluetooth.py", "Bluetooth session through a pretend FTMS treadmill", 5),
            ("restart.py", "a server crash mid-session, then continuing where it stopped", 30),
            ("care.py", "a physiotherapist invites a client, sees the pain flag, and loses access when revoked", 30),
            ("report.py", "a physiotherapist logs review time and prints the monthly report to PDF", 30),
        ])
    func journey(script: String, about: String, speedup: Int) async throws {
        let environment = ProcessInfo.processInfo.environment
        let required = environment["BACKSTEP_REQUIRE_BROWSER"] == "1"
        let missing = ["/usr/bin/chromium", "/usr/bin/chromedriver"].filter {
            !FileManager.default.isExecutableFile(atPath: $0)
        }
        if !missing.isEmpty {
            #expect(!required, "BACKSTEP_REQUIRE_BROWSER=1 but missing: \(missing)")
            print(
                "SKIP browser e2e: missing \(missing.joined(separator: ", ")) (apt-get install chromium chromium-driver)"
            )
            return
        }
        let binary = try #require(Self.executable, "the backstep executable was not built next to the tests")
        let artifacts = URL(
            fileURLWithPath: environment["BACKSTEP_E2E_ARTIFACTS"]
                ?? Self.packageRoot.appendingPathComponent(".build-e2e-artifacts").path)
        try FileManager.default.createDirectory(at: artifacts, withIntermediateDirectories: true)
        let database = FileManager.default.temporaryDirectory.appendingPathComponent(
            "backstep-e2e-\(UUID().uuidString).sqlite")
        // A port the kernel hands out now: a fixed range can collide with another test's server or with an
        // outgoing connection's local port.
        let port = try #require(ServedBackstep.freePort(), "no free loopback port")
        let server = Process()
        server.executableURL = binary
        server.arguments = [
            "serve", "--port", String(port), "--database", database.path, "--session-speedup", String(speedup),
            "--bcrypt-cost", "4", "--log-level", "warning",
        ]
        let log = FileManager.default.createFile(
            atPath: artifacts.appendingPathComponent("server-\(script).log").path, contents: nil)
        _ = log
        server.standardOutput = FileHandle(
            forWritingAtPath: artifacts.appendingPathComponent("server-\(script).log").path)
        server.standardError = server.standardOutput
        try server.run()
        defer {
            server.terminate()
            server.waitUntilExit()
            try? FileManager.default.removeItem(at: database)
        }
        // Wait for the server to answer.
        var up = false
        let health = try #require(URL(string: "http://127.0.0.1:\(port)/health"))
        for _ in 0..<100 where !up {
            try await Task.sleep(for: .milliseconds(100))
            if let (_, response) = try? await URLSession.shared.data(from: health),
                (response as? HTTPURLResponse)?.statusCode == 200
            {
                up = true
            }
        }
        #expect(up, "the server did not answer on port \(port)")
        guard up else { return }
        let runner = Process()
        // The first python3 on PATH (CI installs selenium for it); BACKSTEP_PYTHON overrides.
        runner.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        runner.arguments = [
            environment["BACKSTEP_PYTHON"] ?? "python3",
            Self.packageRoot.appendingPathComponent("Tests/e2e/\(script)").path, "http://127.0.0.1:\(port)",
            artifacts.path,
        ]
        var scriptEnvironment = environment
        scriptEnvironment["BACKSTEP_E2E_SERVER_PID"] = String(server.processIdentifier)
        scriptEnvironment["BACKSTEP_E2E_SPEEDUP"] = String(speedup)
        // How to start the server again (the restart journey kills it and starts another on the same database).
        let command = [binary.path] + (server.arguments ?? [])
        scriptEnvironment["BACKSTEP_E2E_SERVER_COMMAND"] =
            String(data: try JSONSerialization.data(withJSONObject: command), encoding: .utf8) ?? "[]"
        runner.environment = scriptEnvironment
        let pipe = Pipe()
        runner.standardOutput = pipe
        runner.standardError = pipe
        try runner.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        runner.waitUntilExit()
        print(output)
        if runner.terminationStatus == 77 {
            #expect(!required, "BACKSTEP_REQUIRE_BROWSER=1 but \(script) skipped: \(output)")
            return
        }
        #expect(runner.terminationStatus == 0, "\(script) (\(about)) failed: \(output)")
    }
}
