import Foundation

/// The `backstep` executable the tests run as a real process (exit statuses, the crash test, the browser test).
public enum BackstepExecutable {
    /// The package root, found from this file's path.
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The executable built next to the running test bundle, else in the package's build folders.
    public static var url: URL? {
        var candidates: [URL] = []
        if let first = CommandLine.arguments.first {
            var folder = URL(fileURLWithPath: first).deletingLastPathComponent()
            for _ in 0..<4 {
                candidates.append(folder.appendingPathComponent("backstep"))
                folder = folder.deletingLastPathComponent()
            }
        }
        candidates.append(packageRoot.appendingPathComponent(".build/debug/backstep"))
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }
}
