import BackstepCore
import Foundation

/// Where imported sessions go: storage implements this (the server's `StoreSessionSink` over a `BackstepStore`,
/// used by the command line and the web app). The planner never changes what is already stored; it only adds new
/// sessions, each in one step that either stores the whole session or nothing.
public protocol SessionSink {
    /// The fingerprints of every session already stored, for duplicate detection.
    func existingFingerprints() async throws -> Set<SessionFingerprint>
    /// Stores one new session, whole or not at all.
    /// - Parameters:
    ///   - session: the session.
    ///   - fingerprint: its fingerprint.
    /// - Returns: true when stored; false when the sink already holds a session with this fingerprint (one stored
    ///   since `existingFingerprints()` was read), so nothing was stored.
    mutating func store(_ session: PerformedSession, fingerprint: SessionFingerprint) async throws -> Bool
}

/// A sink that keeps sessions in memory.
public struct InMemorySessionSink: SessionSink, Sendable {
    /// The stored sessions, in the order they arrived.
    public private(set) var sessions: [PerformedSession] = []
    private var fingerprints: Set<SessionFingerprint>

    /// Creates a sink.
    /// - Parameter existing: fingerprints to treat as already stored.
    public init(existing: Set<SessionFingerprint> = []) {
        fingerprints = existing
    }

    /// The fingerprints stored so far, including the initial ones.
    public func existingFingerprints() -> Set<SessionFingerprint> { fingerprints }

    /// Keeps the session unless its fingerprint is already held.
    public mutating func store(_ session: PerformedSession, fingerprint: SessionFingerprint) -> Bool {
        guard fingerprints.insert(fingerprint).inserted else { return false }
        sessions.append(session)
        return true
    }
}

/// What happened to one file of a batch.
public enum ImportOutcome: Sendable, Hashable {
    /// A new session.
    case imported(ImportedSession)
    /// A session already stored (or earlier in the same batch); `of` names the earlier file when it was in
    /// this batch.
    case duplicate(SessionFingerprint, of: String?)
    /// Not imported, and why.
    case skipped(InteropError)
}

/// Plans a batch import file by file: parses each file, checks its fingerprint against those already stored
/// and those earlier in the batch, and says what to do. Pure: the caller reads the files and stores the
/// sessions, so one bad file never stops a batch or touches stored data.
public struct ImportPlanner: Sendable {
    /// Settings for every file.
    public var options: ImportOptions
    private var known: Set<SessionFingerprint>
    private var seenInBatch: [SessionFingerprint: String] = [:]

    /// Creates a planner.
    /// - Parameters:
    ///   - existing: fingerprints already stored.
    ///   - options: the fallback direction and limits.
    public init(existing: Set<SessionFingerprint>, options: ImportOptions = ImportOptions()) {
        known = existing
        self.options = options
    }

    /// Decides about one file.
    /// - Parameters:
    ///   - name: the file's name (or path) for messages.
    ///   - bytes: its content.
    /// - Returns: imported, duplicate or skipped.
    public mutating func add(name: String, bytes: [UInt8]) -> ImportOutcome {
        let imported: ImportedSession
        do {
            imported = try SessionImport.read(name: name, bytes: bytes, options: options)
        } catch {
            return .skipped(error)
        }
        return add(imported, name: name)
    }

    /// Decides about a session already read.
    /// - Parameters:
    ///   - imported: the session.
    ///   - name: the file it came from.
    public mutating func add(_ imported: ImportedSession, name: String) -> ImportOutcome {
        if let earlier = seenInBatch[imported.fingerprint] { return .duplicate(imported.fingerprint, of: earlier) }
        if known.contains(imported.fingerprint) { return .duplicate(imported.fingerprint, of: nil) }
        seenInBatch[imported.fingerprint] = name
        return .imported(imported)
    }

    /// Records a file that couldn't be read at all (the caller's I/O error), so it appears in the summary.
    /// - Parameters:
    ///   - name: the file.
    ///   - problem: what went wrong.
    public func unreadable(name: String, problem: String) -> ImportOutcome {
        .skipped(InteropError(.malformed, format: nil, "cannot read the file: \(problem)", file: name))
    }
}

/// The result of a batch: imported sessions, duplicates, and skipped files with the reason for each.
public struct ImportBatchResult: Sendable, Hashable {
    /// One imported file.
    public struct Imported: Sendable, Hashable {
        /// The file.
        public var file: String
        /// What it held.
        public var session: ImportedSession
    }
    /// One duplicate file.
    public struct Duplicate: Sendable, Hashable {
        /// The file.
        public var file: String
        /// Its fingerprint.
        public var fingerprint: SessionFingerprint
        /// The earlier file in this batch with the same session, if any (nil: already stored).
        public var earlierFile: String?
    }

    /// Imported files, in batch order.
    public var imported: [Imported] = []
    /// Duplicates, in batch order.
    public var duplicates: [Duplicate] = []
    /// Skipped files with their reasons, in batch order.
    public var skipped: [InteropError] = []

    /// Creates an empty result.
    public init() {}

    /// Adds one file's outcome.
    /// - Parameters:
    ///   - outcome: what happened.
    ///   - file: the file.
    public mutating func record(_ outcome: ImportOutcome, file: String) {
        switch outcome {
        case .imported(let session): imported.append(Imported(file: file, session: session))
        case .duplicate(let fingerprint, let earlier):
            duplicates.append(Duplicate(file: file, fingerprint: fingerprint, earlierFile: earlier))
        case .skipped(let error): skipped.append(error.file == nil ? error.inFile(file) : error)
        }
    }

    /// "12 imported, 3 duplicates, 2 skipped".
    public var headline: String {
        "\(imported.count) imported, \(duplicates.count) duplicate\(duplicates.count == 1 ? "" : "s"), \(skipped.count) skipped"
    }
}

/// Plans a whole batch held in memory (tests, small uploads). For folders with thousands of files, drive an
/// `ImportPlanner` file by file instead.
public enum ImportBatch {
    /// Plans a batch.
    /// - Parameters:
    ///   - files: file names and contents, in order.
    ///   - existing: fingerprints already stored.
    ///   - options: the fallback direction and limits.
    /// - Returns: imported sessions, duplicates, and skipped files with reasons.
    public static func plan(
        _ files: [(name: String, bytes: [UInt8])], existing: Set<SessionFingerprint>,
        options: ImportOptions = ImportOptions()
    ) -> ImportBatchResult {
        var planner = ImportPlanner(existing: existing, options: options)
        var result = ImportBatchResult()
        for file in files { result.record(planner.add(name: file.name, bytes: file.bytes), file: file.name) }
        return result
    }

    /// Plans a batch and stores the new sessions in a sink. A store failure is recorded against its file and
    /// the batch goes on.
    /// - Parameters:
    ///   - files: file names and contents.
    ///   - sink: where new sessions go.
    ///   - options: the fallback direction and limits.
    /// - Throws: only when the sink can't list its fingerprints (nothing is imported then).
    public static func run(
        _ files: [(name: String, bytes: [UInt8])], into sink: inout some SessionSink,
        options: ImportOptions = ImportOptions()
    ) async throws -> ImportBatchResult {
        var planner = ImportPlanner(existing: try await sink.existingFingerprints(), options: options)
        var result = ImportBatchResult()
        for file in files {
            let outcome = await store(planner.add(name: file.name, bytes: file.bytes), into: &sink)
            result.record(outcome, file: file.name)
        }
        return result
    }

    /// Stores an `.imported` outcome in a sink: a duplicate found at store time becomes `.duplicate`, a store
    /// failure `.skipped` with the reason; other outcomes pass through.
    /// - Parameters:
    ///   - outcome: the planner's decision about one file.
    ///   - sink: where new sessions go.
    public static func store(_ outcome: ImportOutcome, into sink: inout some SessionSink) async -> ImportOutcome {
        guard case .imported(let imported) = outcome else { return outcome }
        do {
            guard try await sink.store(imported.session, fingerprint: imported.fingerprint) else {
                return .duplicate(imported.fingerprint, of: nil)
            }
            return outcome
        } catch {
            return .skipped(InteropError(.malformed, format: imported.format, "storing failed: \(error)"))
        }
    }
}
