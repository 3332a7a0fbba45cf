import Foundation
import Testing

@testable import BackstepQR

#if canImport(FoundationXML)
import FoundationXML
#endif

/// Facts from ISO/IEC 18004:2015 (Tables 7, 9 and 12, Annexes C, D, E and I) and Thonky's QR tutorial.
@Suite struct QRCodeTests {
    /// Byte-mode capacities (Table 7).
    static let capacities: [(Int, QRErrorCorrection, Int)] = [
        (1, .low, 17), (1, .medium, 14), (1, .quartile, 11), (1, .high, 7),
        (2, .low, 32), (2, .medium, 26), (2, .quartile, 20), (2, .high, 14),
        (5, .low, 106), (5, .medium, 84), (5, .quartile, 60), (5, .high, 44),
        (7, .low, 154), (7, .medium, 122), (7, .quartile, 86), (7, .high, 64),
        (10, .low, 271), (10, .medium, 213), (10, .quartile, 151), (10, .high, 119),
        (40, .low, 2953), (40, .medium, 2331), (40, .quartile, 1663), (40, .high, 1273),
    ]

    @Test(arguments: capacities)
    func byteCapacity(version: Int, correction: QRErrorCorrection, bytes: Int) {
        #expect(QRCode.byteCapacity(version: version, correction: correction) == bytes)
    }

    @Test(arguments: [(1, 26), (2, 44), (6, 172), (7, 196), (14, 581), (21, 1156), (40, 3706)])
    func totalCodewords(version: Int, codewords: Int) {
        #expect(QRTables.totalCodewords(version: version) == codewords)
    }

    @Test(arguments: [
        (1, [Int]()), (2, [6, 18]), (7, [6, 22, 38]), (15, [6, 26, 48, 70]), (32, [6, 34, 60, 86, 112, 138]),
        (36, [6, 24, 50, 76, 102, 128, 154]), (40, [6, 30, 58, 86, 114, 142, 170]),
    ])
    func alignmentCentres(version: Int, centres: [Int]) {
        #expect(QRTables.alignmentCentres(version: version) == centres)
    }

    /// Annex I: "01234567" as 1-M, and Thonky's "HELLO WORLD" as 1-M.
    @Test(
        arguments: [
            (
                [0x10, 0x20, 0x0C, 0x56, 0x61, 0x80, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11],
                [0xA5, 0x24, 0xD4, 0xC1, 0xED, 0x36, 0xC7, 0x87, 0x2C, 0x55]
            ),
            (
                [32, 91, 11, 120, 209, 114, 220, 77, 67, 64, 236, 17, 236, 17, 236, 17],
                [196, 35, 39, 119, 235, 215, 231, 226, 93, 23]
            ),
        ] as [([UInt8], [UInt8])])
    func reedSolomon(data: [UInt8], ec: [UInt8]) {
        #expect(ReedSolomon.remainder(of: data, degree: 10) == ec)
        #expect(QRCodewords.interleaved(data, version: 1, correction: .medium) == data + ec)
    }

    /// §7.4: mode 0100, the character count (8 bits to version 9, 16 from version 10, Table 3), the bytes, the
    /// terminator 0000, zero bits only up to a codeword boundary (§7.4.10), then 0xEC and 0x11 alternately.
    @Test func byteModeDataCodewords() {
        // "Hi" in 1-L: 0100 00000010 01001000 01101001 0000 ends on a codeword boundary: the pad codewords follow
        // at once, with no zero codeword before them.
        let data = QRCodewords.dataCodewords(Array("Hi".utf8), version: 1, correction: .low)
        #expect(data.count == 19)
        #expect(Array(data.prefix(4)) == [0x40, 0x24, 0x86, 0x90])
        #expect(Array(data.dropFirst(4)) == (0..<15).map { $0 % 2 == 0 ? 0xEC : 0x11 })
        // The same in 10-L: a 16-bit count, 0100 0000000000000010 01001000 01101001 0000.
        let ten = QRCodewords.dataCodewords(Array("Hi".utf8), version: 10, correction: .low)
        #expect(ten.count == 274)
        #expect(Array(ten.prefix(6)) == [0x40, 0x00, 0x24, 0x86, 0x90, 0xEC])
        // 17 bytes fill 1-L exactly: 4 + 8 + 136 bits and the 4-bit terminator make all 19 codewords.
        let full = QRCodewords.dataCodewords(Array(repeating: 0x61, count: 17), version: 1, correction: .low)
        #expect(full.count == 19)
        #expect(full.first == 0x41 && full.last == 0x10)
        #expect(!full.contains(0xEC))
        // 16 bytes leave one codeword for padding: a single 0xEC.
        let one = QRCodewords.dataCodewords(Array(repeating: 0x61, count: 16), version: 1, correction: .low)
        #expect(one.count == 19 && one.last == 0xEC && one[17] == 0x10)
    }

    /// Annex C, Table C.1: the 15 format bits after masking, by level then mask.
    static let formatTable: [(QRErrorCorrection, [Int])] = [
        (.low, [0x77C4, 0x72F3, 0x7DAA, 0x789D, 0x662F, 0x6318, 0x6C41, 0x6976]),
        (.medium, [0x5412, 0x5125, 0x5E7C, 0x5B4B, 0x45F9, 0x40CE, 0x4F97, 0x4AA0]),
        (.quartile, [0x355F, 0x3068, 0x3F31, 0x3A06, 0x24B4, 0x2183, 0x2EDA, 0x2BED]),
        (.high, [0x1689, 0x13BE, 0x1CE7, 0x19D0, 0x0762, 0x0255, 0x0D0C, 0x083B]),
    ]

    @Test(
        arguments: formatTable.flatMap { level, values in values.enumerated().map { (level, $0.offset, $0.element) } })
    func formatInformation(correction: QRErrorCorrection, mask: Int, bits: Int) {
        #expect(QRMatrix.formatBits(correction: correction, mask: mask) == bits)
    }

    /// Annex D, Table D.1.
    @Test(arguments: [(7, 0x07C94), (8, 0x085BC), (21, 0x15683), (40, 0x28C69)])
    func versionInformation(version: Int, bits: Int) {
        #expect(QRMatrix.versionBits(version: version) == bits)
    }

    @Test func picksTheSmallestVersion() throws {
        #expect(try QRCode(encoding: String(repeating: "a", count: 14)).version == 1)
        #expect(try QRCode(encoding: String(repeating: "a", count: 15)).version == 2)
        #expect(try QRCode(encoding: String(repeating: "a", count: 7), correction: .high).version == 1)
        #expect(try QRCode(encoding: "", correction: .low).version == 1)
        // "ü" is two bytes in UTF-8: 7 of them are 14 bytes.
        #expect(try QRCode(encoding: String(repeating: "ü", count: 7)).version == 1)
        #expect(try QRCode(encoding: String(repeating: "ü", count: 8)).version == 2)
        #expect(try QRCode(encoding: String(repeating: "x", count: 2331)).version == 40)
    }

    @Test func tooLongIsAPreciseError() {
        #expect(throws: QRError.tooLong(bytes: 2332, capacity: 2331)) {
            try QRCode(encoding: String(repeating: "x", count: 2332))
        }
        #expect(throws: QRError.tooLong(bytes: 1274, capacity: 1273)) {
            try QRCode(encoding: String(repeating: "x", count: 1274), correction: .high)
        }
        #expect(throws: QRError.tooLong(bytes: 15, capacity: 14)) {
            try QRCode(encoding: String(repeating: "x", count: 15), correction: .medium, version: 1, mask: nil)
        }
        #expect(throws: QRError.versionOutOfRange(41)) {
            try QRCode(encoding: "x", correction: .medium, version: 41, mask: nil)
        }
        #expect(throws: QRError.maskOutOfRange(8)) {
            try QRCode(encoding: "x", correction: .medium, version: nil, mask: 8)
        }
        #expect(QRError.tooLong(bytes: 2332, capacity: 2331).description.contains("2332 bytes"))
        #expect(QRError.tooLong(bytes: 2332, capacity: 2331).description.contains("at most 2331"))
    }

    @Test(arguments: [1, 2, 7, 40])
    func functionPatterns(version: Int) throws {
        // 16 bytes: version 1 at L holds 17 (Table 7).
        let code = try QRCode(encoding: "backstep.example", correction: .low, version: version, mask: 3)
        #expect(code.size == 4 * version + 17)
        #expect(code.mask == 3)
        let last = code.size - 1
        for (x, y) in [(0, 0), (last, 0), (0, last)] {
            #expect(code.isDark(x: x, y: y))
        }
        for (cx, cy) in [(3, 3), (last - 3, 3), (3, last - 3)] {
            #expect(code.isDark(x: cx, y: cy))
            #expect(!code.isDark(x: cx + 2, y: cy))
            #expect(code.isDark(x: cx + 3, y: cy))
        }
        #expect(!code.isDark(x: 7, y: 7))  // separator
        for index in 8...(code.size - 9) {
            #expect(code.isDark(x: index, y: 6) == (index % 2 == 0))
            #expect(code.isDark(x: 6, y: index) == (index % 2 == 0))
        }
        #expect(code.isDark(x: 8, y: code.size - 8))  // the dark module
        #expect(!code.isDark(x: -1, y: 0))
        #expect(!code.isDark(x: 0, y: code.size))
    }

    @Test func formatCopiesAgree() throws {
        for mask in 0..<8 {
            let code = try QRCode(encoding: "Grüße 步行", correction: .quartile, version: nil, mask: mask)
            var first = 0
            var second = 0
            let positions = Self.formatPositions(size: code.size)
            let positions1 = positions.prefix(15)
            let positions2 = positions.dropFirst(15)
            for (index, (x, y)) in positions1.enumerated() where code.isDark(x: x, y: y) { first |= 1 << index }
            for (index, (x, y)) in positions2.enumerated() where code.isDark(x: x, y: y) { second |= 1 << index }
            #expect(first == QRMatrix.formatBits(correction: .quartile, mask: mask))
            #expect(second == first)
        }
    }

    @Test func chosenMaskHasTheLowestPenalty() throws {
        let text = "https://backstep.example/invite/3f9a7c21"
        let chosen = try QRCode(encoding: text)
        for mask in 0..<8 {
            let other = try QRCode(encoding: text, correction: .medium, version: nil, mask: mask)
            #expect(Self.penalty(chosen).total <= Self.penalty(other).total)
        }
    }

    static func penalty(_ code: QRCode) -> QRPenalty { QRPenalty(code.modules, size: code.size) }

    /// N1 and N3 on single lines, worked by hand (Table 11; beyond the ends of a line is light).
    @Test func linePenaltyRules() {
        let d = true
        let l = false
        // N1: a run of 7 light modules scores 3 + 2; a run of exactly 5 scores 3; a run of 4 nothing.
        #expect(QRPenalty.runPenalty([l, l, l, l, l, l, l, d]) == 5)
        #expect(QRPenalty.runPenalty([d, d, d, d, d, l]) == 3)
        #expect(QRPenalty.runPenalty([d, d, d, d, l, l, l, l]) == 0)
        // N3: 1:1:3:1:1 alone in a line has light on both sides, and scores 40 once.
        #expect(QRPenalty.finderLikePenalty([d, l, d, d, d, l, d]) == 40)
        // Dark before it and four light after it: 40.
        #expect(QRPenalty.finderLikePenalty([d, d, l, d, d, d, l, d, l, l, l, l]) == 40)
        // Dark on both sides within four modules: nothing.
        #expect(QRPenalty.finderLikePenalty([d, d, l, d, d, d, l, d, l, l, l, d]) == 0)
        // Two patterns sharing a dark module: the first has light before (the line's start), the second four light
        // after; each scores 40.
        #expect(QRPenalty.finderLikePenalty([d, l, d, d, d, l, d, l, d, d, d, l, d, l, l, l, l]) == 80)
        // Not the ratio: nothing.
        #expect(QRPenalty.finderLikePenalty([d, l, d, d, l, d]) == 0)
        #expect(QRPenalty.finderLikePenalty([d, l, d, l, d, l, l, l, l]) == 0)
    }

    /// N1–N4 on two small grids, worked by hand.
    @Test func gridPenaltyRules() {
        // A 5×5 dark ring with a dark centre: rows 0 and 4 and columns 0 and 4 are runs of 5 (N1 = 4 × 3); no 2×2
        // block is one colour; lines of 5 can't hold a 1:1:3:1:1 pattern; 17 of 25 dark is 68 %, three full 5 %
        // steps from 50 % (N4 = 30).
        let d = true
        let l = false
        let ring: [Bool] = [
            d, d, d, d, d,
            d, l, l, l, d,
            d, l, d, l, d,
            d, l, l, l, d,
            d, d, d, d, d,
        ]
        #expect(QRPenalty(ring, size: 5) == QRPenalty(runs: 12, blocks: 0, finderLike: 0, balance: 30))
        #expect(QRPenalty(ring, size: 5).total == 42)
        // A 3×3 light block: runs of 3 (N1 = 0); four overlapping 2×2 blocks, 3 × (3 − 1) × (3 − 1) = 12; no dark
        // module, 50 % away (N4 = 100).
        let light = [Bool](repeating: false, count: 9)
        #expect(QRPenalty(light, size: 3) == QRPenalty(runs: 0, blocks: 12, finderLike: 0, balance: 100))
    }

    /// "HELLO WORLD" in 1-M, each mask scored on the complete symbol (§7.8.3.1), rule by rule. Mask 3 is lowest
    /// (1000 against mask 4's 1011), so it is chosen. Scored instead with the format information and the dark
    /// module left light, as segno does, mask 4 comes out lowest (1103 against mask 3's 1114), which is segno's
    /// choice. The totals were worked out twice: here, and with segno's own penalty function (N1, N2, N4) on segno's
    /// symbols, whose matrices equal ours module for module.
    @Test func helloWorldMaskChoice() throws {
        let complete: [(Int, Int, Int, Int)] = [
            (178, 117, 760, 0), (183, 147, 760, 0), (180, 123, 760, 0), (184, 96, 720, 0),
            (180, 111, 720, 0), (172, 144, 760, 0), (194, 147, 760, 0), (175, 102, 800, 0),
        ]
        let withoutFormat = [1143, 1179, 1162, 1114, 1103, 1135, 1188, 1112]
        for mask in 0..<8 {
            let code = try QRCode(encoding: "HELLO WORLD", correction: .medium, version: 1, mask: mask)
            let (runs, blocks, finderLike, balance) = complete[mask]
            #expect(
                Self.penalty(code) == QRPenalty(runs: runs, blocks: blocks, finderLike: finderLike, balance: balance))
            var modules = code.modules
            for (x, y) in Self.formatPositions(size: code.size) { modules[y * code.size + x] = false }
            modules[(code.size - 8) * code.size + 8] = false  // the dark module
            #expect(QRPenalty(modules, size: code.size).total == withoutFormat[mask])
        }
        #expect(try QRCode(encoding: "HELLO WORLD", correction: .medium).mask == 3)
    }

    /// Both copies of the format information (§7.9.1), first copy then second, bit 0 first.
    static func formatPositions(size: Int) -> [(Int, Int)] {
        let first = (0..<6).map { (8, $0) } + [(8, 7), (8, 8), (7, 8)] + (9..<15).map { (14 - $0, 8) }
        let second = (0..<8).map { (size - 1 - $0, 8) } + (8..<15).map { (8, size - 15 + $0) }
        return first + second
    }
}
