import FITCodec
import Foundation
import Testing

/// Locates the cross-check Python: `BACKSTEP_PYTHON`, else `.venv/bin/python` at the package root.
enum CrossCheck {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let driver = packageRoot.appendingPathComponent("CrossCheck/fit/crosscheck.py")
    static let required = ProcessInfo.processInfo.environment["BACKSTEP_REQUIRE_CROSSCHECK"] == "1"

    static let python: String? = {
        if let path = ProcessInfo.processInfo.environment["BACKSTEP_PYTHON"], !path.isEmpty { return path }
        let venv = packageRoot.appendingPathComponent(".venv/bin/python").path
        return FileManager.default.isExecutableFile(atPath: venv) ? venv : nil
    }()

    /// Why the cross-check can't run (no Python, or packages missing), or nil when it can. One process launch.
    static let unavailableReason: String? = {
        guard let python else {
            return "no Python for the FIT cross-check: set BACKSTEP_PYTHON or run scripts/setup-crosscheck.sh"
        }
        guard let (status, output) = try? run(python, [driver.path, "--check"]) else {
            return "could not launch \(python)"
        }
        return status == 0 ? nil : "FIT cross-check packages missing (\(output)): run scripts/setup-crosscheck.sh"
    }()

    /// Runs the tests when the tools are there, and also when they're required (so that a missing tool fails).
    static let shouldRun = unavailableReason == nil || required

    static func run(_ executable: String, _ arguments: [String]) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.standardError
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Our message in the driver's canonical form (sorted keys, invalid values omitted), optionally restricted
    /// to some field numbers.
    static func canonical(_ message: FITMessage, only keys: Set<String>? = nil) -> String {
        var fields: [(String, String)] = []
        for field in message.fields {
            guard let value = field.value, keys?.contains(String(field.number)) ?? true else { continue }
            fields.append((String(field.number), json(value)))
        }
        var developer: [(String, String)] = []
        if keys == nil {
            for field in message.developerFields {
                guard let value = field.value else { continue }
                developer.append(("\(field.developerDataIndex):\(field.number)", json(value)))
            }
        }
        func object(_ pairs: [(String, String)]) -> String {
            "{" + pairs.sorted { $0.0 < $1.0 }.map { "\(string($0.0)):\($0.1)" }.joined(separator: ",") + "}"
        }
        return "{\"dev\":\(object(developer)),\"fields\":\(object(fields)),\"num\":\(message.globalMessageNumber)}"
    }

    static func json(_ value: FITValue?) -> String {
        switch value {
        case nil: "null"
        case .unsigned(let number): String(number)
        case .signed(let number): String(number)
        case .float(let number):
            number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        case .string(let text): string(text)
        case .bytes(let bytes): "[" + bytes.map(String.init).joined(separator: ",") + "]"
        case .array(let elements): "[" + elements.map(json).joined(separator: ",") + "]"
        }
    }

    /// A JSON string literal escaped as Python's `json.dumps` does (ASCII only).
    static func string(_ text: String) -> String {
        var out = "\""
        for unit in text.utf16 {
            switch unit {
            case 0x22: out += "\\\""
            case 0x5C: out += "\\\\"
            case 0x0A: out += "\\n"
            case 0x20..<0x7F: out += String(UnicodeScalar(UInt8(unit)))
            default:
                out +=
                    "\\u" + String(repeating: "0", count: 4 - String(unit, radix: 16).count) + String(unit, radix: 16)
            }
        }
        return out + "\""
    }

    /// Orders canonical messages by global number, keeping file order within one (as the driver does).
    static func ordered(_ messages: [FITMessage]) -> [String] {
        messages.enumerated().sorted {
            ($0.element.globalMessageNumber, $0.offset) < ($1.element.globalMessageNumber, $1.offset)
        }
        .map { canonical($0.element) }
    }
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
