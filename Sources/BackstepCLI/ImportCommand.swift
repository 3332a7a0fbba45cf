import ArgumentParser
import BackstepCore
import BackstepInterop
import BackstepServer
import BackstepStorage
import BackstepStorageSQL
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `backstep import <files or folders…>`: FIT activities, TCX and CSV become stored sessions.
public struct ImportCommand: AsyncRenderingCommand {
    public static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Import FIT, TCX and CSV sessions from files or whole folders into storage.",
        discussion: """
            Folders are walked recursively (hidden files skipped), so a watch vendor's bulk export can be imported in \
            one go. Each file is imported (its session and samples stored together, or nothing), found to be a \
            duplicate (same start second, duration and distance as a stored session or an earlier file), or skipped \
            with the reason; a bad file never stops the batch. Files that don't say whether the walk was backward or \
            forward need --direction; on a terminal you are asked. Imported sessions appear in `backstep history` \
            and `backstep stats`.
            """)

    @Argument(help: "Files or folders to import.") var paths: [String]
    @Option(help: "The direction for files that don't say: backward or forward.") var direction: Direction?
    @Flag(help: "Print the result as JSON (the imported sessions' ids and fingerprints).") var json = false
    @OptionGroup public var options: DatabaseOptions

    public init() {}

    /// One file found under the paths.
    struct Candidate {
        var path: String
        var size: Int?
    }

    /// Every file under the paths, in a stable order; paths that don't exist are reported as skipped.
    static func walk(_ paths: [String]) -> (files: [Candidate], missing: [String]) {
        var files: [Candidate] = []
        var missing: [String] = []
        let manager = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                missing.append(path)
                continue
            }
            guard isDirectory.boolValue else {
                let size = (try? manager.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
                files.append(Candidate(path: path, size: size))
                continue
            }
            let root = URL(fileURLWithPath: path)
            guard
                let enumerator = manager.enumerator(
                    at: root, includingPropertiesForKeys: [.isRegularFileKey, .fileSizeKey],
                    options: [.skipsHiddenFiles])
            else {
                missing.append(path)
                continue
            }
            var found: [Candidate] = []
            for case let url as URL in enumerator {
                let values = try? url.resourceValues(forKeys: [.isRegularFileKey, .fileSizeKey])
                guard values?.isRegularFile == true else { continue }
                found.append(Candidate(path: url.path, size: values?.fileSize))
            }
            files += found.sorted { $0.path < $1.path }
        }
        return (files, missing)
    }

    /// Imports everything into a sink, reporting progress.
    /// - Parameters:
    ///   - sink: where new sessions go.
    ///   - progress: called after each file with (done, total, result so far).
    ///   - askDirection: asked once, when files need a direction and none was given; nil leaves them skipped.
    func importAll(
        into sink: inout some SessionSink, progress: (Int, Int, ImportBatchResult) -> Void = { _, _, _ in },
        askDirection: ((Int) -> Direction?)? = nil
    ) async throws -> ImportBatchResult {
        let (files, missing) = Self.walk(paths)
        let options = ImportOptions(direction: direction)
        var planner: ImportPlanner
        do {
            planner = ImportPlanner(existing: try await sink.existingFingerprints(), options: options)
        } catch {
            throw CLIFileError(description: "cannot read the stored sessions: \(error)")
        }
        var result = ImportBatchResult()
        for path in missing {
            result.record(planner.unreadable(name: path, problem: "no such file or folder"), file: path)
        }
        func process(_ candidate: Candidate) async {
            var outcome: ImportOutcome
            if let size = candidate.size, size > options.maximumBytes {
                outcome = .skipped(
                    InteropError(
                        .tooLarge, format: nil, "\(size) bytes is more than the \(options.maximumBytes) accepted"))
            } else if let data = FileManager.default.contents(atPath: candidate.path) {
                outcome = planner.add(name: candidate.path, bytes: [UInt8](data))
            } else {
                outcome = planner.unreadable(name: candidate.path, problem: "permission denied or unreadable")
            }
            outcome = await ImportBatch.store(outcome, into: &sink)
            // The store has the samples; the summary doesn't need them.
            if case .imported(var imported) = outcome {
                imported.session.samples = []
                outcome = .imported(imported)
            }
            result.record(outcome, file: candidate.path)
        }
        for (index, candidate) in files.enumerated() {
            await process(candidate)
            progress(index + 1, files.count, result)
        }
        // Files that need a direction: ask once, then import them with the answer.
        let undecided = result.skipped.filter { $0.kind == .directionUnknown }
        if direction == nil, !undecided.isEmpty, let askDirection, let answer = askDirection(undecided.count) {
            result.skipped.removeAll { $0.kind == .directionUnknown }
            planner.options.direction = answer
            let retry = Set(undecided.compactMap(\.file))
            for candidate in files where retry.contains(candidate.path) { await process(candidate) }
        }
        return result
    }

    /// The summary as text: the headline, then every duplicate and skipped file with its reason.
    static func text(_ result: ImportBatchResult) -> String {
        var lines = ["Import: \(result.headline)."]
        for item in result.imported {
            let session = item.session.session
            lines.append(
                "  imported   \(item.file): \(session.workout.name), \(item.session.fingerprint.key)\(item.session.warnings.isEmpty ? "" : " (\(item.session.warnings.joined(separator: "; ")))")"
            )
        }
        for item in result.duplicates {
            lines.append(
                "  duplicate  \(item.file): \(item.fingerprint.key) \(item.earlierFile.map { "(same as \($0))" } ?? "(already stored)")"
            )
        }
        for error in result.skipped {
            var copy = error
            copy.file = nil
            lines.append("  skipped    \(error.file ?? "?"): \(copy.description)")
        }
        return lines.joined(separator: "\n")
    }

    static func json(_ result: ImportBatchResult, userId: UserID) throws -> String {
        try CLIJSON.encode(ImportReport(result, userId: userId))
    }

    public func render() async throws -> String {
        try await options.withStore { store in
            let user = try await store.localAthlete(now: Date())
            var sink = StoreSessionSink(storage: store, userId: user.id)
            let result = try await importWithProgress(into: &sink)
            return json ? try Self.json(result, userId: user.id) : Self.text(result)
        }
    }

    /// Imports with a progress bar on a terminal (plain progress lines otherwise), asking for the direction when
    /// stdin and stderr are a terminal.
    func importWithProgress(into sink: inout some SessionSink) async throws -> ImportBatchResult {
        let terminal = isatty(STDERR_FILENO) == 1
        let interactive = isatty(STDIN_FILENO) == 1 && terminal && !json
        var lastLine = 0
        return try await importAll(
            into: &sink,
            progress: { done, total, soFar in
                if terminal {
                    let width = 30
                    let filled = total == 0 ? width : done * width / total
                    let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
                    let line = "\r[\(bar)] \(done)/\(total)  \(soFar.headline)"
                    FileHandle.standardError.write(
                        Data((line + String(repeating: " ", count: max(lastLine - line.count, 0))).utf8))
                    lastLine = line.count
                    if done == total { FileHandle.standardError.write(Data("\n".utf8)) }
                } else {
                    FileHandle.standardError.write(Data("import: \(done)/\(total) \(soFar.headline)\n".utf8))
                }
            },
            askDirection: interactive
                ? { count in
                    FileHandle.standardError.write(
                        Data(
                            "\(count) file(s) don't say whether the walk was backward or forward. Direction [backward/forward/skip]: "
                                .utf8))
                    guard let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased() else { return nil }
                    return Direction(rawValue: answer)
                } : nil)
    }
}
