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

    @Test func byteModeDataCodewords() {
        // "Hi" in 1-L: 0100 00000010 01001000 01101001 0000, then pads.
        let data = QRCodewords.dataCodewords(Array("Hi".utf8), version: 1, correction: .low)
        #expect(Array(data.prefix(4)) == [0x40, 0x24, 0x86, 0x90])
        #expect(Array(data.dropFirst(4)) == (0..<15).map { $0 % 2 == 0 ? 0xEC : 0x11 })
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
        let code = try QRCode(encoding: "backstep.example/i", correction: .low, version: version, mask: 3)
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
            let positions1 = (0..<6).map { (8, $0) } + [(8, 7), (8, 8), (7, 8)] + (9..<15).map { (14 - $0, 8) }
            let positions2 = (0..<8).map { (code.size - 1 - $0, 8) } + (8..<15).map { (8, code.size - 15 + $0) }
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
            #expect(Self.penalty(chosen) <= Self.penalty(other))
        }
    }

    static func penalty(_ code: QRCode) -> Int {
        var rows: [[Bool]] = []
        for y in 0..<code.size { rows.append((0..<code.size).map { code.isDark(x: $0, y: y) }) }
        var score = rows.reduce(0) { $0 + QRMatrix.linePenalty($1) }
        for x in 0..<code.size { score += QRMatrix.linePenalty(rows.map { $0[x] }) }
        for y in 0..<(code.size - 1) {
            for x in 0..<(code.size - 1) {
                let colour = rows[y][x]
                if rows[y][x + 1] == colour && rows[y + 1][x] == colour && rows[y + 1][x + 1] == colour { score += 3 }
            }
        }
        let dark = rows.joined().filter { $0 }.count
        let total = code.size * code.size
        return score + 10 * (abs(dark * 100 - total * 50) / (total * 5))
    }

    @Test func linePenaltyRules() {
        // A run of 7 light modules: N1 = 3 + 2.
        #expect(QRMatrix.linePenalty([false, false, false, false, false, false, false, true]) == 5)
        // 1:1:3:1:1 with light beyond the edge on both sides: N3 twice.
        #expect(QRMatrix.linePenalty([true, false, true, true, true, false, true]) == 80)
        #expect(QRMatrix.linePenalty([true, false, true, false]) == 0)
    }
}
