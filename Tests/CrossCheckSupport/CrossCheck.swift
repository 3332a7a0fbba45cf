import FITCodec
import Foundation

/// One cross-check driver under `CrossCheck/`: finds the Python that runs it, says why it can't run, and runs it.
///
/// Python comes from `BACKSTEP_PYTHON`, else `.venv/bin/python` at the package root (made by
/// `scripts/setup-crosscheck.sh` from every `CrossCheck/*/requirements.txt`). Tests skip with `unavailableReason`
/// when the tools are missing, and run anyway (so they fail) when `BACKSTEP_REQUIRE_CROSSCHECK=1`.
public struct PythonCrossCheck: Sendable {
    /// The package root, found from this file's path.
    public static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    /// True when `BACKSTEP_REQUIRE_CROSSCHECK=1`: a missing tool is a failure, not a skip.
    public static let required = ProcessInfo.processInfo.environment["BACKSTEP_REQUIRE_CROSSCHECK"] == "1"

    /// The interpreter: `BACKSTEP_PYTHON`, else `.venv/bin/python` when it exists.
    public static let python: String? = {
        if let path = ProcessInfo.processInfo.environment["BACKSTEP_PYTHON"], !path.isEmpty { return path }
        let venv = packageRoot.appendingPathComponent(".venv/bin/python").path
        return FileManager.default.isExecutableFile(atPath: venv) ? venv : nil
    }()

    /// The driver script.
    public let driver: URL
    /// What the driver checks, for messages ("FIT", "interop").
    public let label: String
    /// Why the driver can't run (no Python, or its packages missing), or nil when it can. One process launch.
    public let unavailableReason: String?

    /// Creates a cross-check for a driver that answers `--check` with exit status 0 when its packages are there.
    /// - Parameters:
    ///   - driverPath: the driver's path from the package root.
    ///   - label: what it checks.
    public init(driver driverPath: String, label: String) {
        driver = Self.packageRoot.appendingPathComponent(driverPath)
        self.label = label
        guard let python = Self.python else {
            unavailableReason =
                "no Python for the \(label) cross-check: set BACKSTEP_PYTHON or run scripts/setup-crosscheck.sh"
            return
        }
        guard let (status, output) = try? Self.run(python, [driver.path, "--check"]) else {
            unavailableReason = "could not launch \(python)"
            return
        }
        unavailableReason =
            status == 0 ? nil : "\(label) cross-check packages missing (\(output)): run scripts/setup-crosscheck.sh"
    }

    /// Run the tests when the tools are there, and also when they're required (so that a missing tool fails).
    public var shouldRun: Bool { unavailableReason == nil || Self.required }

    /// Runs the driver with arguments; returns its exit status and standard output.
    /// - Parameter arguments: the driver's arguments.
    public func run(_ arguments: [String]) throws -> (Int32, String) {
        guard let python = Self.python else { throw CocoaError(.fileNoSuchFile) }
        return try Self.run(python, [driver.path] + arguments)
    }

    /// Runs an executable; returns its exit status and standard output (standard error passes through).
    /// - Parameters:
    ///   - executable: the program.
    ///   - arguments: its arguments.
    public static func run(_ executable: String, _ arguments: [String]) throws -> (Int32, String) {
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
}

/// The canonical form of a FIT message that `CrossCheck/fit/crosscheck.py` prints for every decoder:
/// `{"dev":{"index:number":raw},"fields":{number:raw},"num":global}` with sorted keys and invalid values omitted.
public enum FITCanonical {
    /// Our message in the driver's canonical form, optionally restricted to some field numbers.
    /// - Parameters:
    ///   - message: the message.
    ///   - keys: field numbers (as strings) to keep; developer fields are dropped when given.
    public static func canonical(_ message: FITMessage, only keys: Set<String>? = nil) -> String {
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

    /// A value as the driver prints it.
    /// - Parameter value: the value.
    public static func json(_ value: FITValue?) -> String {
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
    /// - Parameter text: the string.
    public static func string(_ text: String) -> String {
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
    /// - Parameter messages: the messages in file order.
    public static func ordered(_ messages: [FITMessage]) -> [String] {
        messages.enumerated().sorted {
            ($0.element.globalMessageNumber, $0.offset) < ($1.element.globalMessageNumber, $1.offset)
        }
        .map { canonical($0.element) }
    }

    /// The first line where two canonical lists differ, or nil when they're equal.
    /// - Parameters:
    ///   - actual: what a tool printed.
    ///   - expected: what we decode.
    public static func firstDifference(_ actual: [String], _ expected: [String]) -> String? {
        for (index, (a, e)) in zip(actual, expected).enumerated() where a != e {
            return "message \(index):\n  theirs: \(a)\n  ours:   \(e)"
        }
        if actual.count != expected.count { return "message count \(actual.count) ≠ \(expected.count)" }
        return nil
    }
}
