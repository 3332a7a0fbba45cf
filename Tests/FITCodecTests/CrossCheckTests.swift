import CrossCheckSupport
import FITCodec
import Foundation
import Testing

/// The FIT driver (`CrossCheck/fit/crosscheck.py`) through the shared cross-check support.
enum CrossCheck {
    static let tool = PythonCrossCheck(driver: "CrossCheck/fit/crosscheck.py", label: "FIT")
    static let driver = tool.driver
    static let python = PythonCrossCheck.python
    static let unavailableReason = tool.unavailableReason
    static let shouldRun = tool.shouldRun

    static func run(_ executable: String, _ arguments: [String]) throws -> (Int32, String) {
        try PythonCrossCheck.run(executable, arguments)
    }

    static func canonical(_ message: FITMessage, only keys: Set<String>? = nil) -> String {
        FITCanonical.canonical(message, only: keys)
    }

    static func ordered(_ messages: [FITMessage]) -> [String] { FITCanonical.ordered(messages) }
}

@Suite("Cross-checks against garmin-fit-sdk, fitdecode and fit-tool", .serialized)
struct CrossCheckTests {
    struct Report: Decodable {
        struct ToolResult: Decodable {
            var errors: [String]
            var messages: [String]
        }
        var decoded: [String: [String: ToolResult]]
        var written: [String: [String]]
    }

    @Test(
        "Our files decode identically in the independent decoders, and theirs in ours",
        .enabled(if: CrossCheck.shouldRun, "cross-check tools unavailable; run scripts/setup-crosscheck.sh"))
    func crossCheck() throws {
        if let reason = CrossCheck.unavailableReason {
            Issue.record("BACKSTEP_REQUIRE_CROSSCHECK=1 but \(reason)")
            return
        }
        let python = try #require(CrossCheck.python)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fit-crosscheck-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        // Given our workout (with a repeat step), our activity (1 Hz records, laps, session, developer fields)
        // and its compressed-timestamp variant, written to disk …
        let ours: [String: [UInt8]] = [
            "ours-workout.fit": try Fixtures.encode(Fixtures.workoutMessages()),
            "ours-activity.fit": try Fixtures.encode(Fixtures.activityMessages()),
            "ours-activity-bigendian.fit": try Fixtures.encode(
                Fixtures.activityMessages(seconds: 90), options: FITEncoder.Options(architecture: .bigEndian)),
            "ours-activity-compressed.fit": try Fixtures.encode(
                Fixtures.activityMessages(), options: FITEncoder.Options(compressTimestamps: true)),
        ]
        for (name, bytes) in ours { try Data(bytes).write(to: directory.appendingPathComponent(name)) }

        // … when the driver decodes them and writes its own files (one process launch) …
        let (status, output) = try CrossCheck.run(python, [CrossCheck.driver.path, directory.path])
        try #require(status == 0, "driver failed: \(output.prefix(2000))")
        let report = try JSONDecoder().decode(Report.self, from: Data(output.utf8))

        // … then every tool decodes our files without errors, to the same messages we decode.
        for (name, bytes) in ours {
            let expected = CrossCheck.ordered(try FIT.decode(bytes).messages)
            let tools = try #require(report.decoded[name], "\(name) not decoded")
            let expectedTools = name.contains("compressed") ? ["fitdecode"] : ["fitdecode", "garmin-fit-sdk"]
            #expect(tools.keys.sorted() == expectedTools)
            for (tool, result) in tools {
                #expect(result.errors.isEmpty, "\(tool) on \(name): \(result.errors)")
                #expect(
                    Fixtures.firstDifference(result.messages, expected) == nil,
                    "\(tool) on \(name) differs: \(Fixtures.firstDifference(result.messages, expected) ?? "")")
            }
        }

        // And the files they wrote decode with ours to the values they meant.
        #expect(report.written.count == 3)
        for (name, intended) in report.written {
            let bytes = try [UInt8](Data(contentsOf: directory.appendingPathComponent(name)))
            let result = try FIT.decode(bytes)
            #expect(result.files.count == 1)
            #expect(result.files.first?.crcIsValid == true)
            let messages = result.messages
            #expect(messages.count == intended.count, "\(name)")
            for (message, canonical) in zip(messages, intended) {
                let object = try JSONSerialization.jsonObject(with: Data(canonical.utf8)) as? [String: Any]
                let keys = Set(((object?["fields"] as? [String: Any]) ?? [:]).keys)
                #expect(CrossCheck.canonical(message, only: keys) == canonical, "\(name)")
            }
            // The typed layer reads their repeat steps with the §2.4 convention.
            let steps = messages.filter { $0.globalMessageNumber == 27 }.map { WorkoutStepMessage($0) }
            if name.hasSuffix("workout.fit") {
                #expect(steps.contains { $0.repeatCount != nil && $0.repeatFromStep != nil })
            }
        }
    }
}
