import BackstepCore
import FITCodec
import Foundation
import Testing

@testable import BackstepInterop

@Suite("Import rules")
struct ImportRuleTests {
    /// A plain treadmill walk as another app writes it: no Backstep developer fields.
    static func foreignFIT(
        sport: FITSport = .walking, subSport: FITSubSport = .treadmill, type: FITFileType = .activity
    )
        throws -> [UInt8]
    {
        let start = try #require(FITDateTime(unixSeconds: Int64(InteropFixtures.start.timeIntervalSince1970)))
        var messages: [FITMessage] = []
        var fileId = FileIdMessage()
        fileId.type = type
        fileId.manufacturer = 1
        fileId.timeCreated = start
        messages.append(fileId.fitMessage())
        for second in 0..<30 {
            var record = RecordMessage()
            record.timestamp = FITDateTime(rawValue: start.rawValue + UInt32(second))
            record.distance = Double(second) * 0.8
            record.enhancedSpeed = 0.8
            record.heartRate = 100
            messages.append(record.fitMessage())
        }
        var session = SessionMessage()
        session.startTime = start
        session.sport = sport
        session.subSport = subSport
        session.totalElapsedTime = 30
        session.totalDistance = 23.2
        messages.append(session.fitMessage())
        return try FIT.encode(messages)
    }

    @Test("Without Backstep's direction field the direction must be given, else the import asks")
    func direction() throws {
        let bytes = try Self.foreignFIT()
        do {
            _ = try FITActivityImport.read(bytes)
            Issue.record("expected directionUnknown")
        } catch {
            #expect(error.kind == .directionUnknown)
        }
        let read = try FITActivityImport.read(bytes, options: ImportOptions(direction: .backward))
        #expect(read.session.samples.count == 30 && read.session.samples.allSatisfy { $0.direction == .backward })
        #expect(read.session.summary?.distance.meters == 23.2)
        // Backstep's own files say the direction, and it wins over the caller's.
        let ours = try FITActivityExport.encode(InteropFixtures.session())
        let read2 = try FITActivityImport.read(ours, options: ImportOptions(direction: .forward))
        #expect(read2.session.samples.allSatisfy { $0.direction == .backward })
    }

    @Test(
        "Sport and sub-sport are checked",
        arguments: [
            (FITSport(rawValue: 2), FITSubSport.generic, false),
            (FITSport.fitnessEquipment, FITSubSport(rawValue: 15), false),
            (FITSport.fitnessEquipment, FITSubSport.treadmill, true),
            (FITSport.running, FITSubSport.indoorRunning, true),
            (FITSport.walking, FITSubSport.treadmill, true),
        ])
    func sport(sport: FITSport, subSport: FITSubSport, accepted: Bool) throws {
        let bytes = try Self.foreignFIT(sport: sport, subSport: subSport)
        do {
            let read = try FITActivityImport.read(bytes, options: ImportOptions(direction: .backward))
            #expect(accepted)
            #expect(read.session.samples.first?.gait == (sport == .running ? .run : .walk))
        } catch {
            #expect(!accepted && error.kind == .unsupported, "\(error)")
        }
    }

    @Test("A FIT workout file is not an activity")
    func workoutIsNotActivity() throws {
        let bytes = try FITWorkoutExport.encode(
            InteropFixtures.workout, options: .init(createdAt: InteropFixtures.start))
        #expect(throws: InteropError.self) { try FITActivityImport.read(bytes) }
        #expect(SessionImport.detectFormat(name: "x.bin", bytes: bytes) == .fit)
    }

    @Test("A generic CSV: semicolons, km/h, decimal commas, no distance column")
    func genericCSV() throws {
        var text = "Timestamp;Speed (km/h);HR\n"
        for second in 0..<10 {
            text += "2025-01-06T08:00:\(String(format: "%02d", second))+01:00;3,6;\(100 + second)\n"
        }
        let read = try CSVImport.read(Array(text.utf8), options: ImportOptions(direction: .forward))
        #expect(read.session.startedAt == InteropFixtures.start)
        #expect(read.session.samples.count == 10)
        #expect(abs((read.session.samples.last?.distance.meters ?? 0) - 9) < 1e-9)
        #expect(read.session.samples.last?.heartRate == 109)
        #expect(
            read.session.samples.allSatisfy {
                $0.direction == .forward && abs(($0.speed?.metersPerSecond ?? 0) - 1) < 1e-9
            })
    }

    @Test(
        "Bad CSV cells name their line and column",
        arguments: [
            ("time,speed\n2025-01-06T07:00:00Z,fast\n", "line 2, column speed"),
            ("time,speed\nyesterday,1\n", "line 2, column time"),
            ("speed,distance\n1,2\n", "line 1"),
            ("time,speed,direction\n2025-01-06T07:00:00Z,1,sideways\n", "line 2, column direction"),
            ("time,speed\n2025-01-06T07:00:00Z,\"1\n", "line 2"),
        ])
    func badCSV(text: String, location: String) {
        do {
            _ = try CSVImport.read(Array(text.utf8), options: ImportOptions(direction: .backward))
            Issue.record("expected an error for \(text)")
        } catch {
            #expect(error.location == location, "\(error)")
        }
    }

    @Test("TCX: DOCTYPEs are refused, mismatched tags name their line, foreign sports are refused")
    func badTCX() throws {
        let bomb = "<?xml version=\"1.0\"?><!DOCTYPE lol [<!ENTITY a \"aaaa\">]><TrainingCenterDatabase/>"
        #expect(throws: InteropError.self) { try TCXImport.read(Array(bomb.utf8)) }
        let mismatched = "<TrainingCenterDatabase>\n<Activities>\n</Activity>\n</TrainingCenterDatabase>"
        do {
            _ = try TCXImport.read(Array(mismatched.utf8))
        } catch {
            #expect(error.location == "line 3" && error.kind == .malformed)
        }
        let biking = try TCXExport.document(InteropFixtures.session()).replacingOccurrences(
            of: "Sport=\"Other\"", with: "Sport=\"Biking\"")
        do {
            _ = try TCXImport.read(Array(biking.utf8))
        } catch {
            #expect(error.kind == .unsupported)
        }
        let deep = String(repeating: "<a>", count: 10_000)
        #expect(throws: InteropError.self) { try TCXImport.read(Array(deep.utf8)) }
    }

    @Test("Fingerprints: stable keys, the same across formats, different for different walks")
    func fingerprints() throws {
        let session = InteropFixtures.session()
        let fingerprint = SessionFingerprint(session)
        #expect(SessionFingerprint(key: fingerprint.key) == fingerprint)
        #expect(fingerprint.key == "2025-01-06T07:00:00Z/89s/60m")
        let later = InteropFixtures.session(start: InteropFixtures.start.addingTimeInterval(1))
        #expect(SessionFingerprint(later) != fingerprint)
        let longer = InteropFixtures.session(seconds: [40, 20, 45])
        #expect(SessionFingerprint(longer) != fingerprint)
    }
}

@Suite("Batch import")
struct BatchImportTests {
    @Test("Imported, duplicates (stored and within the batch) and skipped files with reasons; stored data untouched")
    func batch() async throws {
        let session = InteropFixtures.session()
        let other = InteropFixtures.session(start: InteropFixtures.start.addingTimeInterval(86_400))
        let third = InteropFixtures.session(start: InteropFixtures.start.addingTimeInterval(2 * 86_400))
        let fit = try FITActivityExport.encode(session)
        var corrupted = fit
        corrupted[corrupted.count / 2] ^= 0xFF
        let files: [(name: String, bytes: [UInt8])] = [
            ("a.fit", fit),
            ("broken.fit", Array(fit.prefix(fit.count - 7))),
            ("b.tcx", Array(try TCXExport.document(other).utf8)),
            ("a-again.csv", Array(CSVExport.document(session).utf8)),
            ("crc.fit", corrupted),
            ("notes.txt", Array("hello".utf8)),
            ("export.fit.gz", [0x1F, 0x8B, 0x08, 0]),
            ("c.csv", Array(CSVExport.document(third).utf8)),
        ]
        var sink = InMemorySessionSink(existing: [SessionFingerprint(third)])
        let before = sink.sessions
        let result = try await ImportBatch.run(files, into: &sink)
        #expect(result.imported.map(\.file) == ["a.fit", "b.tcx"])
        #expect(result.duplicates.map(\.file) == ["a-again.csv", "c.csv"])
        #expect(result.duplicates.map(\.earlierFile) == ["a.fit", nil])
        #expect(result.skipped.map(\.file) == ["broken.fit", "crc.fit", "notes.txt", "export.fit.gz"])
        #expect(result.skipped[0].description.contains("broken.fit: FIT, byte"))
        #expect(result.skipped[1].description.contains("CRC"))
        #expect(result.skipped[3].problem.contains("unpack"))
        #expect(result.headline == "2 imported, 2 duplicates, 4 skipped")
        #expect(before.isEmpty && sink.sessions.count == 2)
        #expect(sink.existingFingerprints().count == 3)

        // Running the same batch again imports nothing new.
        let again = try await ImportBatch.run(files, into: &sink)
        #expect(again.imported.isEmpty && again.duplicates.count == 4 && sink.sessions.count == 2)
    }

    @Test("Files that need a direction are skipped with that reason, and import once it is given")
    func needsDirection() throws {
        let bytes = try ImportRuleTests.foreignFIT()
        let asked = ImportBatch.plan([("watch.fit", bytes)], existing: [])
        #expect(asked.skipped.first?.kind == .directionUnknown)
        let given = ImportBatch.plan([("watch.fit", bytes)], existing: [], options: ImportOptions(direction: .backward))
        #expect(given.imported.count == 1)
    }
}
