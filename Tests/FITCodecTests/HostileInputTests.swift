import BackstepTreadmill
import FITCodec
import Testing

@Suite("Hostile input: truncation, CRC corruption, lies and mutations")
struct HostileInputTests {
    static let activity: [UInt8] = (try? Fixtures.encode(Fixtures.activityMessages(seconds: 120))) ?? []
    static let compressed: [UInt8] =
        (try? Fixtures.encode(
            Fixtures.activityMessages(seconds: 120), options: FITEncoder.Options(compressTimestamps: true))) ?? []

    @Test("Every truncation of a valid file throws unexpectedEndOfInput (or emptyInput), never crashes")
    func everyTruncation() throws {
        let bytes = try Fixtures.encode(Fixtures.activityMessages(seconds: 20))
        for length in 0..<bytes.count {
            do {
                _ = try FIT.decode(bytes[0..<length])
                Issue.record("prefix of length \(length) decoded without error")
            } catch {
                let expected: FITDecodingError.Kind = length == 0 ? .emptyInput : .unexpectedEndOfInput
                #expect(error.kind == expected, "prefix \(length)")
                #expect(error.offset <= length)
            }
        }
    }

    @Test("A corrupted file CRC throws in strict mode and is a diagnostic in lenient mode")
    func fileCRC() throws {
        var bytes = Self.activity
        bytes[bytes.count - 1] ^= 0x01
        let stored = UInt16(bytes[bytes.count - 2]) | UInt16(bytes[bytes.count - 1]) << 8
        let computed = FITCRC.checksum(bytes.dropLast(2))
        #expect(throws: FITDecodingError(.fileCRCMismatch(stored: stored, computed: computed), offset: bytes.count - 2))
        {
            try FIT.decode(bytes)
        }
        let lenient = try FIT.decode(bytes, options: .init(crcPolicy: .lenient))
        #expect(lenient.files.first?.crcIsValid == false)
        #expect(
            lenient.diagnostics == [
                FITDiagnostic(.fileCRCMismatch(stored: stored, computed: computed), offset: bytes.count - 2)
            ])
    }

    @Test("A corrupted header CRC throws in strict mode and is a diagnostic in lenient mode; 0 means not computed")
    func headerCRC() throws {
        var bytes = Self.activity
        bytes[12] ^= 0xFF
        do {
            _ = try FIT.decode(bytes)
            Issue.record("expected a header CRC error")
        } catch {
            guard case .headerCRCMismatch = error.kind else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(error.offset == 12)
        }
        // Lenient: the header diagnostic, and the file CRC now mismatches too (it covers the header).
        let lenient = try FIT.decode(bytes, options: .init(crcPolicy: .lenient))
        #expect(lenient.diagnostics.count == 2)
        // A zero header CRC is accepted silently, once the file CRC is fixed up.
        var zeroed = Self.activity
        zeroed[12] = 0
        zeroed[13] = 0
        let crc = FITCRC.checksum(zeroed.dropLast(2))
        zeroed[zeroed.count - 2] = UInt8(crc & 0xFF)
        zeroed[zeroed.count - 1] = UInt8(crc >> 8)
        #expect(try FIT.decode(zeroed).diagnostics.isEmpty)
    }

    @Test(
        "Precise errors for structural lies",
        arguments: [
            // Data message for an undefined local type.
            ([0x03, 0x00], FITDecodingError.Kind.undefinedLocalMessageType(3), 14),
            // Architecture byte 7.
            ([0x40, 0, 7, 0, 0, 0], .invalidArchitecture(7), 16),
            // Reserved bit 4 set in a normal header.
            ([0x10, 0, 0, 0, 0, 0], .reservedHeaderBit(0x10), 14),
            // A definition whose field list runs past the data size.
            ([0x40, 0, 0, 0, 0, 200], .recordExceedsDataSize(recordSize: 606, remaining: 6), 14),
            // A data message whose size runs past the data size.
            (
                [0x40, 0, 0, 0, 0, 1, 0, 255, 0x0D, 0x00, 1, 2], .recordExceedsDataSize(recordSize: 256, remaining: 3),
                23
            ),
        ] as [([UInt8], FITDecodingError.Kind, Int)])
    func structuralLies(records: [UInt8], kind: FITDecodingError.Kind, offset: Int) {
        #expect(throws: FITDecodingError(kind, offset: offset)) { try FIT.decode(VectorTests.wrap(records)) }
    }

    @Test("A header whose data size lies (too large) ends in unexpectedEndOfInput, too small in a size error")
    func lyingDataSize() throws {
        var tooLarge = Self.activity
        tooLarge[4] = 0xFF
        tooLarge[5] = 0xFF
        tooLarge[6] = 0xFF
        tooLarge[7] = 0x7F
        tooLarge[12] = 0
        tooLarge[13] = 0
        #expect(throws: FITDecodingError(.unexpectedEndOfInput, offset: tooLarge.count)) { try FIT.decode(tooLarge) }
        var tooSmall = Self.activity
        tooSmall[4] = 30
        tooSmall[5] = 0
        tooSmall[6] = 0
        tooSmall[7] = 0
        tooSmall[12] = 0
        tooSmall[13] = 0
        #expect(throws: FITDecodingError.self) { try FIT.decode(tooSmall) }
    }

    @Test("Endless redefinitions and maximal field counts decode in bounded time and memory")
    func endlessRedefinitions() throws {
        // 2 000 definitions of local type 0 with 255 fields of 255 bytes each, never used, then one data message
        // using the last (65 025 bytes of payload).
        var records: [UInt8] = []
        var definition: [UInt8] = [0x40, 0, 0, 0x14, 0, 255]
        for number in 0..<255 { definition += [UInt8(number), 255, 0x0D] }
        for _ in 0..<2000 { records += definition }
        records.append(0x00)
        records += [UInt8](repeating: 0xAB, count: 255 * 255)
        let result = try FIT.decode(VectorTests.wrap(records))
        #expect(result.messages.count == 1)
        #expect(result.messages.first?.fields.count == 255)
    }

    @Test("Diagnostics are capped")
    func diagnosticsCap() throws {
        var records: [UInt8] = [0x40, 0, 0, 0x14, 0, 1, 7, 1, 0x1F]
        for _ in 0..<50 { records += [0x00, 0x01] }
        let result = try FIT.decode(VectorTests.wrap(records), options: .init(maximumDiagnostics: 10))
        #expect(result.diagnostics.count == 11)
        #expect(result.diagnostics.last?.kind == .diagnosticsTruncated)
        #expect(
            result.diagnostics.first?.kind == .unknownBaseType(globalMessageNumber: 20, field: 7, baseTypeByte: 0x1F))
    }

    @Test(
        "Seeded mutation property: thousands of mutants never crash, hang or decode silently wrong", arguments: [0, 1])
    func mutations(sampleIndex: Int) throws {
        let original = sampleIndex == 0 ? Self.activity : Self.compressed
        try #require(!original.isEmpty)
        var generator = SplitMix64(seed: 0xF17 + UInt64(sampleIndex))
        var errors = 0
        var lenientSuccesses = 0
        for _ in 0..<2500 {
            var mutant = original
            let flips = Int.random(in: 1...4, using: &generator)
            for _ in 0..<flips {
                let index = Int.random(in: 0..<mutant.count, using: &generator)
                switch Int.random(in: 0..<4, using: &generator) {
                case 0: mutant[index] ^= UInt8(1 << Int.random(in: 0..<8, using: &generator))
                case 1: mutant[index] = UInt8.random(in: 0...255, using: &generator)
                case 2:
                    mutant.removeSubrange(index..<min(mutant.count, index + Int.random(in: 1...8, using: &generator)))
                default:
                    mutant.insert(
                        contentsOf: (0..<Int.random(in: 1...8, using: &generator)).map { _ in
                            UInt8.random(in: 0...255, using: &generator)
                        }, at: index)
                }
                if mutant.isEmpty { mutant = [0] }
            }
            // Strict: any change to the bytes must be caught (by structure or CRC).
            do {
                let result = try FIT.decode(mutant)
                // A mutation can cancel out (e.g. a byte set to its own value); then the file is unchanged.
                #expect(mutant == original || result.files.allSatisfy(\.crcIsValid))
            } catch {
                errors += 1
                #expect(error.offset >= 0 && error.offset <= mutant.count)
            }
            // Lenient: must still terminate without crashing; drip-feed a few to exercise the streaming path.
            var decoder = FITStreamDecoder(options: .init(crcPolicy: .lenient))
            decoder.append(mutant)
            decoder.finish()
            var steps = 0
            do {
                while try decoder.next() != nil {
                    steps += 1
                    #expect(steps <= mutant.count + 1)
                }
                lenientSuccesses += 1
            } catch {}
        }
        #expect(errors > 2000)
        #expect(lenientSuccesses > 0)
    }
}
