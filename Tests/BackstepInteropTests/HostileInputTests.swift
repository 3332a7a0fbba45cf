import BackstepCore
import BackstepTreadmill
import FITCodec
import Foundation
import Testing

@testable import BackstepInterop

/// Truncated, corrupted and hostile files: every importer gives a per-file error (or, for a harmless change,
/// a session) and never crashes or hangs.
@Suite("Hostile input")
struct HostileInputTests {
    static let small = InteropFixtures.session(seconds: [6, 3, 5])

    static func files() throws -> [(name: String, bytes: [UInt8])] {
        [
            ("walk.fit", try FITActivityExport.encode(small)),
            ("walk.tcx", Array(try TCXExport.document(small).utf8)),
            ("walk.csv", Array(CSVExport.document(small).utf8)),
        ]
    }

    /// Reads one file; returns the error, or nil when it imported.
    static func outcome(_ name: String, _ bytes: [UInt8]) -> InteropError? {
        do {
            let read = try SessionImport.read(name: name, bytes: bytes, options: ImportOptions(direction: .backward))
            #expect(!read.session.samples.isEmpty)
            return nil
        } catch {
            #expect(error.file == name && !error.problem.isEmpty)
            return error
        }
    }

    @Test("Every truncation of every format gives an error or a shorter session, never a crash")
    func truncations() throws {
        let clock = ContinuousClock()
        let started = clock.now
        for (name, bytes) in try Self.files() {
            var errors = 0
            for length in 0..<bytes.count {
                if Self.outcome(name, Array(bytes.prefix(length))) != nil { errors += 1 }
            }
            if name.hasSuffix(".fit") {
                // A FIT file is all or nothing: its sizes and CRC cover every byte.
                #expect(errors == bytes.count, "\(name)")
            } else if name.hasSuffix(".csv") {
                // Backstep's CSV ends every row with CRLF and has a fixed number of cells: only a cut right after
                // a data row's line end imports (as the shorter session it is).
                let rowEnds = bytes.indices.filter { bytes[$0] == 0x0A && $0 + 1 < bytes.count }.count
                #expect(errors == bytes.count - (rowEnds - 1), "\(name)")
            } else {
                #expect(errors > bytes.count * 9 / 10, "\(name): \(errors) errors of \(bytes.count)")
            }
        }
        #expect(clock.now - started < .seconds(60))
    }

    @Test("A wrong CRC, a lying data size and a wrong signature are clear errors with a byte offset")
    func fitCorruptions() throws {
        let bytes = try FITActivityExport.encode(Self.small)
        var crc = bytes
        crc[crc.count - 1] ^= 0x01
        #expect(Self.outcome("crc.fit", crc)?.problem.contains("file CRC doesn't match") == true)
        var size = bytes
        size[4] = 0xFF
        size[5] = 0xFF
        size[6] = 0xFF
        size[12] = 0
        size[13] = 0
        let lying = Self.outcome("size.fit", size)
        #expect(lying?.kind == .malformed && lying?.location?.hasPrefix("byte ") == true)
        var signature = bytes
        signature[9] = 0x00
        #expect(Self.outcome("sig.fit", signature)?.problem.contains("signature") == true)
    }

    @Test("Endless definitions end in a clear error, quickly")
    func endlessDefinitions() throws {
        // 200,000 definition messages and no data: a file that never says anything.
        var records: [UInt8] = []
        for _ in 0..<200_000 { records += [0x40, 0, 0, 20, 0, 1, 253, 4, 0x86] }
        var file: [UInt8] = [14, 0x20, 0x62, 0x52]
        let size = UInt32(records.count)
        file += [UInt8(size & 0xFF), UInt8(size >> 8 & 0xFF), UInt8(size >> 16 & 0xFF), UInt8(size >> 24)]
        file += [0x2E, 0x46, 0x49, 0x54, 0, 0]
        file += records
        let crc = FITCRC.checksum(file)
        file += [UInt8(crc & 0xFF), UInt8(crc >> 8)]
        let clock = ContinuousClock()
        let started = clock.now
        let error = Self.outcome("defs.fit", file)
        #expect(error?.problem.contains("file_id") == true)
        #expect(clock.now - started < .seconds(20))
    }

    @Test("Random mutations never crash any importer", arguments: [0, 1, 2])
    func mutations(format: Int) throws {
        let (name, bytes) = try Self.files()[format]
        var generator = SplitMix64(seed: 0xBAC5_7E90 + UInt64(format))
        var imported = 0
        for _ in 0..<600 {
            var mutated = bytes
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                let index = Int.random(in: 0..<mutated.count, using: &generator)
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: mutated[index] = UInt8.random(in: 0...255, using: &generator)
                case 1: mutated.remove(at: index)
                default: mutated.insert(UInt8.random(in: 0...255, using: &generator), at: index)
                }
            }
            if mutated == bytes { continue }
            if Self.outcome(name, mutated) == nil { imported += 1 }
        }
        if name.hasSuffix(".fit") { #expect(imported == 0, "a FIT mutation passed the CRC") }
    }

    @Test("A batch with every kind of bad file goes on to the good ones")
    func batchContinues() throws {
        var files: [(name: String, bytes: [UInt8])] = []
        for (name, bytes) in try Self.files() {
            files.append(("cut-" + name, Array(bytes.prefix(bytes.count / 3))))
            files.append(("empty-" + name, []))
        }
        files.append(("good.fit", try FITActivityExport.encode(Self.small)))
        files.append(("garbage.fit", (0..<5000).map { UInt8(truncatingIfNeeded: $0 &* 7919) }))
        let result = ImportBatch.plan(files, existing: [], options: ImportOptions(direction: .backward))
        #expect(result.imported.map(\.file) == ["good.fit"])
        #expect(result.skipped.count == files.count - 1)
        #expect(result.skipped.allSatisfy { $0.file != nil && !$0.description.isEmpty })
    }
}
