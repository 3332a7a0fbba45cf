import BackstepCore
import BackstepServer
import BackstepStorage
import Foundation
import Testing

@testable import BackstepInterop
@testable import BackstepStorageSQL

/// Fingerprints of stored sessions and imports into storage, on every engine.
@Suite struct ImportIntoStorageTests {
    /// A finished session with 1 Hz samples, as an importer would read it.
    static func walk(on date: Date, seconds: Int = 120) -> PerformedSession {
        PerformedSession(
            startedAt: date, endedAt: date.addingTimeInterval(Double(seconds)), workout: Fixture.workout,
            status: .completed, source: .simulated, summary: Fixture.summary(minutes: Double(seconds) / 60),
            samples: Fixture.samples(0..<(seconds + 1)).map {
                var sample = $0
                sample.segment = 0
                return sample
            })
    }

    @Test(arguments: Engine.available)
    func everyFinishedSessionHasItsFingerprint(engine: Engine) async throws {
        try await withStore(engine) { store in
            let user = try await store.localAthlete(now: Fixture.day(0))
            // Logged (no samples), recorded live, closed as interrupted, and one still running.
            let logged = Fixture.finished(on: Fixture.day(0))
            try await store.saveFinishedSession(logged, for: user.id, prescription: nil)
            let live = PerformedSession(
                startedAt: Fixture.day(1), workout: Fixture.workout, status: .inProgress, source: .live)
            let recorder = try await SessionRecorder.begin(live, for: user.id, store: store)
            try await recorder.record(Fixture.samples(0..<61))
            try await recorder.finish(
                summary: Fixture.summary(minutes: 1), status: .completed, endedAt: Fixture.day(1).addingTimeInterval(61)
            )
            let crashed = PerformedSession(
                startedAt: Fixture.day(2), workout: Fixture.workout, status: .inProgress, source: .live)
            try await store.beginSession(crashed, for: user.id, prescription: nil)
            try await store.appendSamples(Fixture.samples(0..<31), to: crashed.id)
            try await store.closeInterrupted(crashed.id, at: nil)
            let running = PerformedSession(
                startedAt: Fixture.day(3), workout: Fixture.workout, status: .inProgress, source: .live)
            try await store.beginSession(running, for: user.id, prescription: nil)

            var liveDone = live
            liveDone.samples = Fixture.samples(0..<61)
            var crashedDone = crashed
            crashedDone.samples = Fixture.samples(0..<31)
            let expected: Set = [
                SessionFingerprint(logged), SessionFingerprint(liveDone), SessionFingerprint(crashedDone),
            ]
            #expect(try await store.sessionFingerprints(for: user.id) == expected)
            #expect(SessionFingerprint(logged).durationSeconds == 1200)
            #expect(
                SessionFingerprint(liveDone).durationSeconds == 60 && SessionFingerprint(liveDone).distanceMeters == 50)

            // An import of the live run is a duplicate; nothing is written for it.
            var again = Self.walk(on: Fixture.day(1), seconds: 60)
            again.source = .fit
            #expect(SessionFingerprint(again) == SessionFingerprint(liveDone))
            #expect(try await store.saveImportedSession(again, for: user.id) == false)
            #expect(try await store.session(id: again.id) == nil)
            // A new one is stored whole, with its samples.
            let new = Self.walk(on: Fixture.day(5))
            #expect(try await store.saveImportedSession(new, for: user.id))
            #expect(try await store.session(id: new.id)?.samples.count == 121)
            #expect(try await store.sessionFingerprints(for: user.id).count == 4)
            // Another user has fingerprints of their own.
            let other = User(name: "Other", role: .athlete, createdAt: Fixture.day(0))
            try await store.createUser(other)
            var theirs = new
            theirs.id = SessionID()
            #expect(try await store.saveImportedSession(theirs, for: other.id))
            #expect(try await store.sessionFingerprints(for: other.id) == [SessionFingerprint(new)])
        }
    }

    /// Files of a watch's bulk export: FIT, TCX and CSV, with a corrupted and a truncated file in the middle.
    static func folder() throws -> [(name: String, bytes: [UInt8])] {
        let a = walk(on: Fixture.day(0))
        let b = walk(on: Fixture.day(1), seconds: 300)
        let c = walk(on: Fixture.day(2), seconds: 90)
        let fit = try FITActivityExport.encode(a)
        var corrupted = try FITActivityExport.encode(b)
        corrupted[corrupted.count / 2] ^= 0xFF
        return [
            ("2026/a.fit", fit),
            ("2026/b-corrupted.fit", corrupted),
            ("2026/b-truncated.tcx", Array(try TCXExport.document(b).utf8.prefix(2000))),
            ("2026/b.tcx", Array(try TCXExport.document(b).utf8)),
            ("2026/hostile.tcx", Array(#"<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>"#.utf8)),
            ("2026/c.csv", Array(CSVExport.document(c).utf8)),
            ("2026/a-again.csv", Array(CSVExport.document(a).utf8)),
        ]
    }

    @Test(arguments: Engine.available)
    func aFolderImportsIntoStorageAndASecondRunFindsOnlyDuplicates(engine: Engine) async throws {
        try await withStore(engine) { store in
            let user = try await store.localAthlete(now: Fixture.day(0))
            let logged = Fixture.finished(on: Fixture.day(6))
            try await store.saveFinishedSession(logged, for: user.id, prescription: nil)
            let before = try #require(try await store.session(id: logged.id))

            var sink = StoreSessionSink(storage: store, userId: user.id)
            let files = try Self.folder()
            let first = try await ImportBatch.run(files, into: &sink)
            #expect(first.imported.map(\.file) == ["2026/a.fit", "2026/b.tcx", "2026/c.csv"])
            #expect(first.duplicates.map(\.file) == ["2026/a-again.csv"])
            #expect(first.skipped.map(\.file) == ["2026/b-corrupted.fit", "2026/b-truncated.tcx", "2026/hostile.tcx"])
            #expect(first.skipped.allSatisfy { !$0.problem.isEmpty })
            // Every imported session is stored whole; the skipped files left nothing behind.
            let sessions = try await store.sessions(for: user.id, limit: nil)
            #expect(sessions.count == 4)
            for item in first.imported {
                let id = StoreSessionSink.storedId(userId: user.id, fingerprint: item.session.fingerprint)
                let stored = try #require(try await store.session(id: id))
                #expect(stored.samples.count == item.session.session.samples.count)
                #expect(stored.source == item.session.session.source)
            }
            #expect(try await store.session(id: logged.id) == before)
            #expect(try await store.statistics(for: user.id, now: Fixture.day(7)).sessionCount == 4)

            // A second run (a new sink, as a new process would make) finds every session already stored.
            var again = StoreSessionSink(storage: store, userId: user.id)
            let second = try await ImportBatch.run(files, into: &again)
            #expect(second.imported.isEmpty)
            #expect(second.duplicates.count == 4)
            #expect(second.duplicates.allSatisfy { $0.earlierFile == nil })
            #expect(try await store.sessions(for: user.id, limit: nil).count == 4)
        }
    }

    @Test(arguments: Engine.available)
    func aDuplicateStoredSinceTheFingerprintsWereReadIsStillADuplicate(engine: Engine) async throws {
        try await withStore(engine) { store in
            let user = try await store.localAthlete(now: Fixture.day(0))
            var sink = StoreSessionSink(storage: store, userId: user.id)
            let fingerprints = try await sink.existingFingerprints()
            #expect(fingerprints.isEmpty)
            let walk = Self.walk(on: Fixture.day(0))
            // Another process stores the same walk in between.
            #expect(try await store.saveImportedSession(walk, for: user.id))
            let outcome = await ImportBatch.store(
                .imported(
                    ImportedSession(session: walk, fingerprint: SessionFingerprint(walk), format: .fit, warnings: [])),
                into: &sink)
            guard case .duplicate(let fingerprint, let earlier) = outcome else {
                Issue.record("expected a duplicate, got \(outcome)")
                return
            }
            #expect(fingerprint == SessionFingerprint(walk) && earlier == nil)
            #expect(try await store.sessions(for: user.id, limit: nil).count == 1)
        }
    }

    /// The same file imported by several processes at the same moment is stored once: on PostgreSQL the
    /// imports run in concurrent transactions of the pool, and each must see the others' commits.
    @Test(arguments: Engine.available)
    func concurrentImportsOfOneFileStoreItOnce(engine: Engine) async throws {
        try await withStore(engine) { store in
            let user = try await store.localAthlete(now: Fixture.day(0))
            for round in 0..<4 {
                let walk = Self.walk(on: Fixture.day(round))
                let stored = try await withThrowingTaskGroup(of: Bool.self) { group in
                    for _ in 0..<6 {
                        var copy = walk
                        copy.id = SessionID()
                        group.addTask { try await store.saveImportedSession(copy, for: user.id) }
                    }
                    return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
                }
                #expect(stored == 1, "round \(round): stored \(stored) times")
            }
            #expect(try await store.sessions(for: user.id, limit: nil).count == 4)
        }
    }

    /// A session invalid for storage (a sample at 40 km/h) fails as a whole: no row, no samples.
    @Test(arguments: Engine.available)
    func aSessionThatCannotBeStoredLeavesNothing(engine: Engine) async throws {
        try await withStore(engine) { store in
            let user = try await store.localAthlete(now: Fixture.day(0))
            var bad = Self.walk(on: Fixture.day(0))
            bad.samples[100].speed = .kilometersPerHour(40)
            var sink = StoreSessionSink(storage: store, userId: user.id)
            let outcome = await ImportBatch.store(
                .imported(
                    ImportedSession(session: bad, fingerprint: SessionFingerprint(bad), format: .csv, warnings: [])),
                into: &sink)
            guard case .skipped(let error) = outcome else {
                Issue.record("expected skipped, got \(outcome)")
                return
            }
            #expect(error.problem.contains("storing failed"))
            #expect(try await store.sessions(for: user.id, limit: nil).isEmpty)
            #expect(try await store.sessionFingerprints(for: user.id).isEmpty)
        }
    }
}
