/// The per-version facts of ISO/IEC 18004:2015: error-correction block structure (Table 9), alignment pattern
/// positions (Annex E) and the byte-mode capacity that follows from them.
enum QRTables {
    /// Every version.
    static let versions = 1...40

    /// Error-correction codewords per block, by level (L, M, Q, H), then version (index 0 unused).
    static let ecCodewordsPerBlock: [[Int]] = [
        [
            0, 7, 10, 15, 20, 26, 18, 20, 24, 30, 18, 20, 24, 26, 30, 22, 24, 28, 30, 28, 28,
            28, 28, 30, 30, 26, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
        ],
        [
            0, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26,
            26, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28,
        ],
        [
            0, 13, 22, 18, 26, 18, 24, 18, 22, 20, 24, 28, 26, 24, 20, 30, 24, 28, 28, 26, 30,
            28, 30, 30, 30, 30, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
        ],
        [
            0, 17, 28, 22, 16, 22, 28, 26, 26, 24, 28, 24, 28, 22, 24, 24, 30, 28, 28, 26, 28,
            30, 24, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
        ],
    ]

    /// Error-correction blocks, by level (L, M, Q, H), then version (index 0 unused).
    static let blockCounts: [[Int]] = [
        [
            0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 4, 4, 4, 4, 4, 6, 6, 6, 6, 7, 8,
            8, 9, 9, 10, 12, 12, 12, 13, 14, 15, 16, 17, 18, 19, 19, 20, 21, 22, 24, 25,
        ],
        [
            0, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16,
            17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49,
        ],
        [
            0, 1, 1, 2, 2, 4, 4, 6, 6, 8, 8, 8, 10, 12, 16, 12, 17, 16, 18, 21, 20,
            23, 23, 25, 27, 29, 34, 34, 35, 38, 40, 43, 45, 48, 51, 53, 56, 59, 62, 65, 68,
        ],
        [
            0, 1, 1, 2, 4, 4, 4, 5, 6, 8, 8, 11, 11, 16, 16, 18, 16, 19, 21, 25, 25,
            25, 34, 30, 32, 35, 37, 40, 42, 45, 48, 51, 54, 57, 60, 63, 66, 70, 74, 77, 81,
        ],
    ]

    /// Modules per side.
    static func size(version: Int) -> Int { 4 * version + 17 }

    /// The row and column centres of the alignment patterns (Annex E): 6, the last at `size − 7`, the ones between
    /// evenly spaced by an even step (26 for version 32, the one exception to rounding up).
    static func alignmentCentres(version: Int) -> [Int] {
        guard version >= 2 else { return [] }
        let count = version / 7 + 2
        let last = size(version: version) - 7
        let span = last - 6
        var step = (span + count - 2) / (count - 1)  // rounded up …
        if step % 2 == 1 { step += 1 }  // … to even
        if version == 32 { step = 26 }
        var centres = [6]
        for index in (0..<(count - 1)).reversed() { centres.append(last - index * step) }
        return centres
    }

    /// Modules left for codewords once every function pattern and the format and version information are drawn.
    static func dataModules(version: Int) -> Int {
        let side = size(version: version)
        var modules = side * side
        modules -= 3 * 64  // finders with their separators
        modules -= 2 * (side - 16)  // timing patterns between the separators
        let alignments = alignmentCentres(version: version).count
        if alignments > 0 {
            let total = alignments * alignments - 3
            modules -= 25 * total
            modules += 2 * 5 * (alignments - 2)  // alignment patterns sitting on the timing patterns
        }
        modules -= 31  // two copies of the format information and the dark module
        if version >= 7 { modules -= 36 }
        return modules
    }

    /// All codewords of a version (data and error correction); leftover modules are remainder bits.
    static func totalCodewords(version: Int) -> Int { dataModules(version: version) / 8 }

    /// Data codewords of a version at a level.
    static func dataCodewords(version: Int, correction: QRErrorCorrection) -> Int {
        let level = correction.rawValue
        return totalCodewords(version: version) - ecCodewordsPerBlock[level][version] * blockCounts[level][version]
    }

    /// Bits of the byte-mode character count indicator (Table 3).
    static func countBits(version: Int) -> Int { version <= 9 ? 8 : 16 }

    /// The most bytes a version holds in byte mode at a level: mode indicator, count and 8 bits a byte.
    static func byteCapacity(version: Int, correction: QRErrorCorrection) -> Int {
        (dataCodewords(version: version, correction: correction) * 8 - 4 - countBits(version: version)) / 8
    }
}

/// Builds the codeword sequence: the data bit stream (§7.4), its Reed–Solomon blocks and their interleaving (§7.6).
enum QRCodewords {
    /// The data codewords for bytes in byte mode: mode 0100, count, bytes, terminator, zero bits to a byte
    /// boundary, then the pad codewords 0xEC and 0x11 alternately. The bytes must fit (see `byteCapacity`).
    static func dataCodewords(_ bytes: [UInt8], version: Int, correction: QRErrorCorrection) -> [UInt8] {
        let capacity = QRTables.dataCodewords(version: version, correction: correction)
        var bits = BitStream()
        bits.append(0b0100, count: 4)
        bits.append(bytes.count, count: QRTables.countBits(version: version))
        for byte in bytes { bits.append(Int(byte), count: 8) }
        bits.append(0, count: min(4, capacity * 8 - bits.count))
        bits.append(0, count: (8 - bits.count % 8) % 8)
        var codewords = bits.bytes
        var pad: UInt8 = 0xEC
        while codewords.count < capacity {
            codewords.append(pad)
            pad = pad == 0xEC ? 0x11 : 0xEC
        }
        return codewords
    }

    /// Splits data codewords into the version's blocks (shorter blocks first), adds each block's error correction
    /// codewords, and interleaves: the i-th data codeword of every block in turn, then the same for error correction.
    static func interleaved(_ data: [UInt8], version: Int, correction: QRErrorCorrection) -> [UInt8] {
        let level = correction.rawValue
        let blockCount = QRTables.blockCounts[level][version]
        let ecCount = QRTables.ecCodewordsPerBlock[level][version]
        let total = QRTables.totalCodewords(version: version)
        let longBlocks = total % blockCount
        let shortData = total / blockCount - ecCount
        var dataBlocks: [[UInt8]] = []
        var start = 0
        for index in 0..<blockCount {
            let length = shortData + (index >= blockCount - longBlocks ? 1 : 0)
            dataBlocks.append(Array(data[start..<min(start + length, data.count)]))
            start += length
        }
        let ecBlocks = dataBlocks.map { ReedSolomon.remainder(of: $0, degree: ecCount) }
        var result: [UInt8] = []
        result.reserveCapacity(total)
        for column in 0...shortData {
            for block in dataBlocks where column < block.count { result.append(block[column]) }
        }
        for column in 0..<ecCount {
            for block in ecBlocks { result.append(block[column]) }
        }
        return result
    }
}

/// Bits appended most significant first, read back as bytes.
struct BitStream {
    private(set) var bits: [Bool] = []

    var count: Int { bits.count }

    /// Appends the low `count` bits of a value, most significant first.
    mutating func append(_ value: Int, count: Int) {
        guard count > 0 else { return }
        for shift in stride(from: count - 1, through: 0, by: -1) { bits.append((value >> shift) & 1 == 1) }
    }

    /// The bits as bytes; a partial last byte is padded with zero bits.
    var bytes: [UInt8] {
        stride(from: 0, to: bits.count, by: 8).map { start in
            var byte: UInt8 = 0
            for offset in 0..<8 {
                byte <<= 1
                if start + offset < bits.count, bits[start + offset] { byte |= 1 }
            }
            return byte
        }
    }
}
