import CrossCheckSupport
import Foundation
import Testing

/// Helpers shared by the command-line tests.
enum CLITestSupport {
    /// The package root, found from this file's path.
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The folder of golden outputs.
    static let goldenFolder = packageRoot.appendingPathComponent("Tests/BackstepCLITests/Golden")

    /// Compares `output` with the golden file `name`. With `BACKSTEP_UPDATE_GOLDEN=1` the file is rewritten instead.
    static func expectGolden(_ output: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws
    {
        let url = goldenFolder.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["BACKSTEP_UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: goldenFolder, withIntermediateDirectories: true)
            try (output + "\n").write(to: url, atomically: true, encoding: .utf8)
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record(
                "missing golden file \(name); run with BACKSTEP_UPDATE_GOLDEN=1 to create it",
                sourceLocation: sourceLocation)
            return
        }
        let actualLines = (output + "\n").split(separator: "\n", omittingEmptySubsequences: false)
        let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
        if let index = zip(actualLines, expectedLines).enumerated().first(where: { $0.element.0 != $0.element.1 })?
            .offset
        {
            Issue.record(
                "\(name) differs at line \(index + 1):\n  got:      \(actualLines[index])\n  expected: \(expectedLines[index])",
                sourceLocation: sourceLocation)
        } else {
            #expect(
                actualLines.count == expectedLines.count, "\(name): line count differs", sourceLocation: sourceLocation)
        }
    }

    /// The `backstep` executable built next to the test bundle.
    static var executable: URL? { BackstepExecutable.url }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `backstep` with arguments and returns its exit status and output.
    static func run(_ arguments: [String], stdin: String? = nil) throws -> Result {
        let binary = try #require(executable, "the backstep executable was not built next to the tests")
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        let input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }
}
