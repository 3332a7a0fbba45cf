/// The module grid while a symbol is built: function patterns (§6.3), codeword placement (§7.7.3), data masks
/// and their penalty scores (§7.8), format (§7.9) and version information (§7.10).
struct QRMatrix {
    let version: Int
    let size: Int
    /// Row by row; `true` is dark.
    private(set) var dark: [Bool]
    /// Modules of function patterns and format or version information, which data and masks leave alone.
    private(set) var isFunction: [Bool]

    /// A grid with every function pattern drawn and the format information reserved (light).
    init(version: Int) {
        self.version = version
        size = QRTables.size(version: version)
        dark = [Bool](repeating: false, count: size * size)
        isFunction = dark
        drawFunctionPatterns()
    }

    subscript(x: Int, y: Int) -> Bool { dark[y * size + x] }

    private mutating func setFunction(_ x: Int, _ y: Int, _ value: Bool) {
        dark[y * size + x] = value
        isFunction[y * size + x] = true
    }

    // MARK: Function patterns

    private mutating func drawFunctionPatterns() {
        for index in 0..<size {
            setFunction(6, index, index % 2 == 0)
            setFunction(index, 6, index % 2 == 0)
        }
        drawFinder(centreX: 3, centreY: 3)
        drawFinder(centreX: size - 4, centreY: 3)
        drawFinder(centreX: 3, centreY: size - 4)
        let centres = QRTables.alignmentCentres(version: version)
        let last = centres.count - 1
        for (row, y) in centres.enumerated() {
            for (column, x) in centres.enumerated() {
                let overlapsFinder =
                    (row == 0 && column == 0) || (row == 0 && column == last) || (row == last && column == 0)
                if !overlapsFinder { drawAlignment(centreX: x, centreY: y) }
            }
        }
        drawFormatBits(0)  // reserve the modules; the real bits come once the mask is known
        setFunction(8, size - 8, true)  // the dark module
        drawVersion()
    }

    /// A 7×7 finder and its light separator, clipped to the symbol.
    private mutating func drawFinder(centreX: Int, centreY: Int) {
        for dy in -4...4 {
            for dx in -4...4 {
                let x = centreX + dx
                let y = centreY + dy
                guard (0..<size).contains(x), (0..<size).contains(y) else { continue }
                let ring = max(abs(dx), abs(dy))
                setFunction(x, y, ring != 2 && ring != 4)
            }
        }
    }

    /// A 5×5 alignment pattern: dark centre, light ring, dark ring.
    private mutating func drawAlignment(centreX: Int, centreY: Int) {
        for dy in -2...2 {
            for dx in -2...2 { setFunction(centreX + dx, centreY + dy, max(abs(dx), abs(dy)) != 1) }
        }
    }

    // MARK: Format and version information

    /// The 15 format bits for a level and mask: 5 data bits, their BCH(15,5) remainder, XOR 101010000010010.
    static func formatBits(correction: QRErrorCorrection, mask: Int) -> Int {
        let data = correction.formatBits << 3 | mask
        return (data << 10 | bchRemainder(data << 10, generator: 0x537, degree: 10)) ^ 0x5412
    }

    /// The 18 version bits: 6 version bits and their BCH(18,6) remainder.
    static func versionBits(version: Int) -> Int {
        version << 12 | bchRemainder(version << 12, generator: 0x1F25, degree: 12)
    }

    /// The remainder of a binary polynomial divided by a generator of the given degree.
    private static func bchRemainder(_ value: Int, generator: Int, degree: Int) -> Int {
        var remainder = value
        var bit = Int.bitWidth - 1 - remainder.leadingZeroBitCount
        while bit >= degree {
            if remainder & (1 << bit) != 0 { remainder ^= generator << (bit - degree) }
            bit -= 1
        }
        return remainder
    }

    /// Draws the format information for a level and mask in both copies.
    mutating func drawFormat(correction: QRErrorCorrection, mask: Int) {
        drawFormatBits(Self.formatBits(correction: correction, mask: mask))
    }

    /// Bit 0 is the least significant. First copy: bits 0–5 up column 8 from the top, 6 and 7 skipping the timing
    /// row, 8 left of the corner, 9–14 along row 8 towards the left edge. Second copy: bits 0–7 along row 8 from
    /// the right edge, 8–14 down column 8 to the bottom edge.
    private mutating func drawFormatBits(_ bits: Int) {
        func bit(_ index: Int) -> Bool { (bits >> index) & 1 == 1 }
        for index in 0..<6 { setFunction(8, index, bit(index)) }
        setFunction(8, 7, bit(6))
        setFunction(8, 8, bit(7))
        setFunction(7, 8, bit(8))
        for index in 9..<15 { setFunction(14 - index, 8, bit(index)) }
        for index in 0..<8 { setFunction(size - 1 - index, 8, bit(index)) }
        for index in 8..<15 { setFunction(8, size - 15 + index, bit(index)) }
    }

    /// Version information for versions 7 and up: two 6×3 blocks beside the top-right and bottom-left finders.
    private mutating func drawVersion() {
        guard version >= 7 else { return }
        let bits = Self.versionBits(version: version)
        for index in 0..<18 {
            let value = (bits >> index) & 1 == 1
            let near = index / 3
            let far = size - 11 + index % 3
            setFunction(far, near, value)
            setFunction(near, far, value)
        }
    }

    // MARK: Codewords

    /// Places codewords most significant bit first in two-module columns, from the bottom-right corner, up and
    /// down in turn, skipping the vertical timing column and every function module. Modules left over are the
    /// remainder bits (light before masking).
    mutating func place(_ codewords: [UInt8]) {
        let totalBits = codewords.count * 8
        var bitIndex = 0
        var right = size - 1
        var upward = true
        while right > 0 {
            if right == 6 { right = 5 }
            for step in 0..<size {
                let y = upward ? size - 1 - step : step
                for x in [right, right - 1] where !isFunction[y * size + x] && bitIndex < totalBits {
                    dark[y * size + x] = (codewords[bitIndex / 8] >> (7 - bitIndex % 8)) & 1 == 1
                    bitIndex += 1
                }
            }
            upward.toggle()
            right -= 2
        }
    }

    // MARK: Masks

    /// Whether data mask `mask` inverts the module at column `x`, row `y` (Table 10, i the row and j the column).
    static func masks(_ mask: Int, x j: Int, y i: Int) -> Bool {
        switch mask {
        case 0: (i + j) % 2 == 0
        case 1: i % 2 == 0
        case 2: j % 3 == 0
        case 3: (i + j) % 3 == 0
        case 4: (i / 2 + j / 3) % 2 == 0
        case 5: (i * j) % 2 + (i * j) % 3 == 0
        case 6: ((i * j) % 2 + (i * j) % 3) % 2 == 0
        default: ((i + j) % 2 + (i * j) % 3) % 2 == 0
        }
    }

    /// Inverts the data modules the mask selects; applying the same mask again undoes it.
    mutating func applyMask(_ mask: Int) {
        for y in 0..<size {
            for x in 0..<size where !isFunction[y * size + x] && Self.masks(mask, x: x, y: y) {
                dark[y * size + x].toggle()
            }
        }
    }

    /// The mask with the lowest penalty score, each scored on the complete symbol with its own format information
    /// drawn (§7.8.3.1: "the area to be evaluated is the complete symbol"); the lowest number wins a tie.
    mutating func lowestPenaltyMask(correction: QRErrorCorrection) -> Int {
        var best = 0
        var bestScore = Int.max
        for mask in 0..<8 {
            applyMask(mask)
            drawFormat(correction: correction, mask: mask)
            let score = QRPenalty(dark, size: size).total
            if score < bestScore {
                best = mask
                bestScore = score
            }
            applyMask(mask)
        }
        return best
    }
}

/// The penalty score of a complete symbol (ISO/IEC 18004:2015 §7.8.3.1, Table 11), rule by rule, with the weights
/// N1 = 3, N2 = 3, N3 = 40 and N4 = 10.
///
/// Where the standard leaves room, this follows the reading of Table 11 and its Note 3 ("If the light area of more
/// than 4 module wide exists after or before a 1:1:3:1:1 ratio … pattern, the imposed penalty shall be 40 points")
/// that ZXing's encoder uses, and segno's apart from overlaps: outside the symbol (the quiet zone) counts as light,
/// four light modules are enough (Table 11 says "4 modules wide"), and each pattern scores 40 once when light
/// precedes it, follows it, or both; patterns that share modules each count.
struct QRPenalty: Equatable {
    /// N1: every run of five or more modules of one colour in a row or column, 3 + (length − 5) points.
    var runs = 0
    /// N2: every 2×2 block of one colour (overlapping blocks each count), 3 points; an m × n block scores
    /// 3 × (m − 1) × (n − 1) this way.
    var blocks = 0
    /// N3: every dark–light–dark–light–dark pattern of widths 1:1:3:1:1 in a row or column with four light modules
    /// right before or right after it, 40 points.
    var finderLike = 0
    /// N4: 10 points for each full 5 % the share of dark modules lies away from 50 %.
    var balance = 0

    /// The sum of the four rules.
    var total: Int { runs + blocks + finderLike + balance }

    /// A score from its four parts.
    init(runs: Int, blocks: Int, finderLike: Int, balance: Int) {
        self.runs = runs
        self.blocks = blocks
        self.finderLike = finderLike
        self.balance = balance
    }

    /// Scores a square grid.
    /// - Parameters:
    ///   - dark: the modules row by row, `true` dark.
    ///   - size: modules per side.
    init(_ dark: [Bool], size: Int) {
        var line = [Bool](repeating: false, count: size)
        for y in 0..<size {
            for x in 0..<size { line[x] = dark[y * size + x] }
            runs += Self.runPenalty(line)
            finderLike += Self.finderLikePenalty(line)
        }
        for x in 0..<size {
            for y in 0..<size { line[y] = dark[y * size + x] }
            runs += Self.runPenalty(line)
            finderLike += Self.finderLikePenalty(line)
        }
        for y in 0..<max(0, size - 1) {
            for x in 0..<(size - 1) {
                let colour = dark[y * size + x]
                if dark[y * size + x + 1] == colour && dark[(y + 1) * size + x] == colour
                    && dark[(y + 1) * size + x + 1] == colour
                {
                    blocks += 3
                }
            }
        }
        let darkCount = dark.reduce(0) { $0 + ($1 ? 1 : 0) }
        let total = size * size
        if total > 0 { balance = 10 * (abs(darkCount * 100 - total * 50) / (total * 5)) }
    }

    /// N1 for one row or column: 3 + (length − 5) for every run of five or more modules of one colour.
    static func runPenalty(_ line: [Bool]) -> Int {
        var score = 0
        var runLength = 0
        var runColour = false
        for module in line {
            if module == runColour && runLength > 0 {
                runLength += 1
            } else {
                if runLength >= 5 { score += runLength - 2 }
                runColour = module
                runLength = 1
            }
        }
        if runLength >= 5 { score += runLength - 2 }
        return score
    }

    /// N3 for one row or column: 40 for every 1:1:3:1:1 dark–light–dark–light–dark pattern with four light modules
    /// right before or right after it (beyond the ends of the line is light), overlapping patterns each counted.
    static func finderLikePenalty(_ line: [Bool]) -> Int {
        let light = [Bool](repeating: false, count: 4)
        let padded = light + line + light
        let pattern: [Bool] = [true, false, true, true, true, false, true]
        var score = 0
        var start = 4
        while start + 11 <= padded.count {
            if padded[start..<(start + 7)].elementsEqual(pattern)
                && (!padded[(start - 4)..<start].contains(true) || !padded[(start + 7)..<(start + 11)].contains(true))
            {
                score += 40
            }
            start += 1
        }
        return score
    }
}
