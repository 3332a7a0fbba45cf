import ArgumentParser
import BackstepCore
import BackstepInterop
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `backstep import <files or folders…>`: FIT activities, TCX and CSV become sessions.
public struct ImportCommand: RenderingCommand {
    public static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Import FIT, TCX and CSV sessions from files or whole folders.",
        discussion: """
            Folders are walked recursively (hidden files skipped), so a watch vendor's bulk export can be imported in \
            one go. Each file is imported, found to be a duplicate (same start second, duration and distance as a \
            stored session or an earlier file), or skipped with the reason. Files that don't say whether the walk \
            was backward or forward need --direction; on a terminal you are asked. Until storage lands, sessions \
            are kept in memory and printed with --json.
            """)

    @Argument(help: "Files or folders to import.") var paths: [String]
    @Option(help: "The direction for files that don't say: backward or forward.") var direction: Direction?
    @Flag(help: "Print the result as JSON (sessions included).") var json = false

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

    /// Imports everything into a sink, reporting progress; storage calls this with its own sink.
    /// - Parameters:
    ///   - sink: where new sessions go.
    ///   - progress: called after each file with (done, total, result so far).
    ///   - askDirection: asked once, when files need a direction and none was given; nil leaves them skipped.
    ///   - keepSamples: keep each imported session's samples in the result (off for big batches: the sink has them).
    func importAll(
        into sink: inout some SessionSink, progress: (Int, Int, ImportBatchResult) -> Void = { _, _, _ in },
        askDirection: ((Int) -> Direction?)? = nil, keepSamples: Bool = true
    ) throws -> ImportBatchResult {
        let (files, missing) = Self.walk(paths)
        let options = ImportOptions(direction: direction)
        var planner: ImportPlanner
        do {
            planner = ImportPlanner(existing: try sink.existingFingerprints(), options: options)
        } catch {
            throw CLIFileError(description: "cannot read the stored sessions: \(error)")
        }
        var result = ImportBatchResult()
        for path in missing {
            result.record(planner.unreadable(name: path, problem: "no such file or folder"), file: path)
        }
        func process(_ candidate: Candidate) {
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
            if case .imported(var imported) = outcome {
                do {
                    try sink.store(imported.session, fingerprint: imported.fingerprint)
                    if !keepSamples {
                        imported.session.samples = []
                        outcome = .imported(imported)
                    }
                } catch {
                    outcome = .skipped(InteropError(.malformed, format: imported.format, "storing failed: \(error)"))
                }
            }
            result.record(outcome, file: candidate.path)
        }
        for (index, candidate) in files.enumerated() {
            process(candidate)
            progress(index + 1, files.count, result)
        }
        // Files that need a direction: ask once, then import them with the answer.
        let undecided = result.skipped.filter { $0.kind == .directionUnknown }
        if direction == nil, !undecided.isEmpty, let askDirection, let answer = askDirection(undecided.count) {
            result.skipped.removeAll { $0.kind == .directionUnknown }
            planner.options.direction = answer
            let retry = Set(undecided.compactMap(\.file))
            for candidate in files where retry.contains(candidate.path) { process(candidate) }
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

    struct JSONResult: Encodable {
        struct Imported: Encodable {
            var file: String
            var fingerprint: String
            var warnings: [String]
            var session: PerformedSession
        }
        struct Duplicate: Encodable {
            var file: String
            var fingerprint: String
            var sameAs: String?
        }
        struct Skipped: Encodable {
            var file: String?
            var kind: String
            var format: String?
            var location: String?
            var problem: String
        }
        var imported: [Imported]
        var duplicates: [Duplicate]
        var skipped: [Skipped]
    }

    static func json(_ result: ImportBatchResult) throws -> String {
        try CLIJSON.encode(
            JSONResult(
                imported: result.imported.map {
                    .init(
                        file: $0.file, fingerprint: $0.session.fingerprint.key, warnings: $0.session.warnings,
                        session: $0.session.session)
                },
                duplicates: result.duplicates.map {
                    .init(file: $0.file, fingerprint: $0.fingerprint.key, sameAs: $0.earlierFile)
                },
                skipped: result.skipped.map {
                    .init(
                        file: $0.file, kind: $0.kind.rawValue, format: $0.format?.rawValue, location: $0.location,
                        problem: $0.problem)
                }))
    }

    /// Keeps only fingerprints: enough to find duplicates within a batch without holding every session.
    struct FingerprintSink: SessionSink {
        var fingerprints: Set<SessionFingerprint> = []
        func existingFingerprints() -> Set<SessionFingerprint> { fingerprints }
        mutating func store(_ session: PerformedSession, fingerprint: SessionFingerprint) {
            fingerprints.insert(fingerprint)
        }
    }

    public func render() throws -> String {
        // Until storage lands: --json keeps the sessions to print them; otherwise only their fingerprints.
        var sink = FingerprintSink()
        let terminal = isatty(STDERR_FILENO) == 1
        let interactive = isatty(STDIN_FILENO) == 1 && terminal && !json
        var lastLine = 0
        let result = try importAll(
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
                } : nil, keepSamples: json)
        return json ? try Self.json(result) : Self.text(result)
    }
}
