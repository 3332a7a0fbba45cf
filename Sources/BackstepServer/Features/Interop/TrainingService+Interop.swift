import BackstepCore
import BackstepInterop
import BackstepStorage
import Foundation

/// Imported sessions go into one user's storage: duplicates are found by `SessionFingerprint` against every stored
/// session of the user (live runs, logged sessions, earlier imports), and each session is stored whole, with its
/// samples, in one transaction (`saveImportedSession`), so a failing file never leaves half a session. The command
/// line (`backstep import`) and the web app (the upload form and `POST /api/v1/sessions/import`) both use it.
public struct StoreSessionSink: SessionSink, Sendable {
    /// Where sessions go.
    public let storage: any BackstepStore
    /// Whose sessions they are.
    public let userId: UserID

    /// Creates a sink for a user's sessions.
    public init(storage: any BackstepStore, userId: UserID) {
        self.storage = storage
        self.userId = userId
    }

    /// The fingerprints of the user's finished sessions.
    public func existingFingerprints() async throws -> Set<SessionFingerprint> {
        try await storage.sessionFingerprints(for: userId)
    }

    /// Stores the session under an id derived from the user and the fingerprint (two users may import the same
    /// file); false when the user already has a session with this fingerprint.
    public func store(_ session: PerformedSession, fingerprint: SessionFingerprint) async throws -> Bool {
        var owned = session
        owned.id = Self.storedId(userId: userId, fingerprint: fingerprint)
        return try await storage.saveImportedSession(owned, for: userId)
    }

    /// The id an imported session is stored under.
    public static func storedId(userId: UserID, fingerprint: SessionFingerprint) -> SessionID {
        var hash = StableHash()
        hash.combine("backstep-import")
        hash.combine(userId.uuidString)
        hash.combine(fingerprint.key)
        return SessionID(hash.uuid)
    }
}

/// A file to import, as uploaded.
struct UploadedFile: Sendable {
    /// The file's name (for messages and format detection).
    var name: String
    /// Its content.
    var bytes: [UInt8]
}

extension TrainingService {
    /// One of the subject's sessions as a FIT activity, TCX or CSV file (404 for anyone else's).
    func sessionFile(_ id: SessionID, of access: Access, format: InteropFormat) async throws -> ExportedFile {
        try await authorize(.read, access)
        let (session, _) = try await session(id, of: access)
        do {
            return try ExportedFile.session(session, format: format)
        } catch {
            throw ExportError.format(error)
        }
    }

    /// The subject's current plan as an iCalendar file (404 without a plan). Event UIDs depend only on the plan's
    /// content, so downloading the same stored plan again updates calendar events instead of duplicating them.
    func planCalendar(for access: Access, now: Date) async throws -> ExportedFile {
        try await authorize(.read, access)
        guard let stored = try await plan(for: access) else { throw ExportError.noPlan }
        let units = try await profile(for: access)?.units.speedUnit ?? .kilometersPerHour
        do {
            return try ExportedFile.calendar(
                stored.plan,
                options: .init(
                    startDate: stored.startDate ?? TrainingStatistics.startOfDay(stored.createdAt), stamp: now,
                    units: units))
        } catch {
            throw ExportError.calendar(error)
        }
    }

    /// For each program of a plan, in plan order, the workout of its next planned session (the last one once all
    /// are past): what the plan page offers as FIT workout and ZWO downloads.
    static func planWorkouts(_ stored: StoredPlan, now: Date) -> [(programId: String, workout: Workout)] {
        let today = TrainingStatistics.startOfDay(now)
        var order: [String] = []
        var chosen: [String: (workout: Workout, upcoming: Bool)] = [:]
        for session in stored.plan.sessions {
            let upcoming = (session.date ?? .distantFuture) >= today
            if let existing = chosen[session.programId] {
                if !existing.upcoming { chosen[session.programId] = (session.workout, upcoming) }
            } else {
                order.append(session.programId)
                chosen[session.programId] = (session.workout, upcoming)
            }
        }
        return order.compactMap { id in chosen[id].map { (id, $0.workout) } }
    }

    /// A program's workout from the subject's current plan as a FIT workout or ZWO file.
    func planWorkoutFile(
        program: String, format: InteropFormat, for access: Access, now: Date
    ) async throws
        -> ExportedFile
    {
        try await authorize(.read, access)
        guard let stored = try await plan(for: access),
            let workout = Self.planWorkouts(stored, now: now).first(where: { $0.programId == program })?.workout
        else { throw ExportError.programNotInPlan(program) }
        let units = try await profile(for: access)?.units.speedUnit ?? .kilometersPerHour
        do {
            return try ExportedFile.workout(workout, format: format, createdAt: now, zwo: .init(units: units))
        } catch {
            throw ExportError.format(error)
        }
    }

    /// Imports files into the subject's storage (their own sessions: recorded, not prescribed): each file is imported (whole, in one transaction), a duplicate of a
    /// stored session or of an earlier file, or skipped with the reason. A bad file never stops the batch.
    /// - Parameters:
    ///   - files: the uploaded files.
    ///   - direction: the direction for files that don't say; nil leaves them skipped with that reason.
    func importFiles(
        _ files: [UploadedFile], direction: Direction?, for access: Access
    ) async throws
        -> ImportBatchResult
    {
        try await authorize(.record, access)
        var sink = StoreSessionSink(storage: store, userId: access.subject)
        let options = ImportOptions(direction: direction, maximumBytes: settings.maxUploadBytes)
        var result = try await ImportBatch.run(files.map { ($0.name, $0.bytes) }, into: &sink, options: options)
        // Nobody needs the samples back; the store has them.
        for index in result.imported.indices { result.imported[index].session.session.samples = [] }
        return result
    }
}

/// The summary of an import as JSON (the API's `ImportSummary` and `backstep import --json`): each imported file
/// with the stored session's id, each duplicate with the earlier file of the batch (absent: already stored), and each
/// skipped file with the kind of problem, the format, where and what.
public struct ImportReport: Encodable, Sendable {
    /// One imported file.
    public struct Imported: Encodable, Sendable {
        /// The file (path or upload name).
        public var file: String
        /// The stored session's id.
        public var sessionId: SessionID
        /// The session's workout name.
        public var name: String
        /// `fit`, `tcx` or `csv`.
        public var format: String
        /// `SessionFingerprint.key`.
        public var fingerprint: String
        /// What didn't stop the import.
        public var warnings: [String]
    }
    /// One duplicate file.
    public struct Duplicate: Encodable, Sendable {
        /// The file.
        public var file: String
        /// `SessionFingerprint.key`.
        public var fingerprint: String
        /// The earlier file of the batch with the same session; nil: already stored.
        public var sameAs: String?
    }
    /// One skipped file.
    public struct Skipped: Encodable, Sendable {
        /// The file.
        public var file: String?
        /// `InteropError.Kind` (`malformed`, `too-large`, …).
        public var kind: String
        /// The format it was read as, if known.
        public var format: String?
        /// Where in the file (`byte 1234`, `line 12`).
        public var location: String?
        /// What is wrong.
        public var problem: String
    }
    /// Imported files, in batch order.
    public var imported: [Imported]
    /// Duplicates, in batch order.
    public var duplicates: [Duplicate]
    /// Skipped files, in batch order.
    public var skipped: [Skipped]

    /// The report of a batch imported for a user.
    public init(_ result: ImportBatchResult, userId: UserID) {
        imported = result.imported.map {
            Imported(
                file: $0.file,
                sessionId: StoreSessionSink.storedId(userId: userId, fingerprint: $0.session.fingerprint),
                name: $0.session.session.workout.name, format: $0.session.format.rawValue,
                fingerprint: $0.session.fingerprint.key, warnings: $0.session.warnings)
        }
        duplicates = result.duplicates.map {
            Duplicate(file: $0.file, fingerprint: $0.fingerprint.key, sameAs: $0.earlierFile)
        }
        skipped = result.skipped.map {
            Skipped(
                file: $0.file, kind: $0.kind.rawValue, format: $0.format?.rawValue, location: $0.location,
                problem: $0.problem)
        }
    }
}
