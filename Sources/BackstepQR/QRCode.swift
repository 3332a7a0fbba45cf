/// The error correction level of a QR code: how much of the symbol may be damaged or hidden and still read.
///
/// Higher levels hold fewer bytes in the same version (ISO/IEC 18004:2015 §7.5.1).
public enum QRErrorCorrection: Int, CaseIterable, Sendable, Hashable, CustomStringConvertible {
    /// Level L: about 7 % of the codewords can be restored.
    case low
    /// Level M: about 15 % of the codewords can be restored. The usual choice for links on screen.
    case medium
    /// Level Q: about 25 % of the codewords can be restored.
    case quartile
    /// Level H: about 30 % of the codewords can be restored.
    case high

    /// The level's letter in the standard: "L", "M", "Q" or "H".
    public var description: String {
        switch self {
        case .low: "L"
        case .medium: "M"
        case .quartile: "Q"
        case .high: "H"
        }
    }

    /// The two error-correction bits of the format information (ISO/IEC 18004:2015 Table 12).
    var formatBits: Int {
        switch self {
        case .low: 0b01
        case .medium: 0b00
        case .quartile: 0b11
        case .high: 0b10
        }
    }
}

/// Why a QR code could not be made.
public enum QRError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The text's UTF-8 encoding has `bytes` bytes, more than the `capacity` the symbol holds in byte mode: the
    /// capacity of version 40 at the requested level, or of the forced version.
    case tooLong(bytes: Int, capacity: Int)
    /// A forced version outside 1–40.
    case versionOutOfRange(Int)
    /// A forced mask outside 0–7.
    case maskOutOfRange(Int)

    /// A sentence saying what went wrong.
    public var description: String {
        switch self {
        case .tooLong(let bytes, let capacity):
            "the text is \(bytes) bytes in UTF-8, but the QR code can hold at most \(capacity) bytes "
                + "at this error correction level"
        case .versionOutOfRange(let version):
            "QR code version \(version) does not exist: versions run from 1 to 40"
        case .maskOutOfRange(let mask):
            "QR code mask \(mask) does not exist: masks run from 0 to 7"
        }
    }
}

/// A QR code (ISO/IEC 18004:2015, Model 2) holding text in byte mode as UTF-8.
///
/// The encoder picks the smallest version (1–40) that holds the text at the requested error correction level and
/// the mask (0–7) whose complete symbol has the lowest penalty score (§7.8.3.1). Read the result module by module with
/// ``isDark(x:y:)`` or draw it with ``svg(moduleSize:quietZone:title:)``.
///
/// No extended channel interpretation (ECI) header is written: readers in practice recognise UTF-8 in byte mode,
/// and plain ASCII is the same in every reading.
public struct QRCode: Sendable, Hashable {
    /// The version, 1–40; the symbol is `4 × version + 17` modules wide.
    public let version: Int
    /// The error correction level.
    public let correction: QRErrorCorrection
    /// The data mask applied, 0–7.
    public let mask: Int
    /// Modules per side (without the quiet zone).
    public let size: Int
    /// The modules, row by row: `true` is dark.
    let modules: [Bool]

    /// Encodes text in the smallest version that fits, with the mask of the lowest penalty.
    /// - Parameters:
    ///   - text: the text; its UTF-8 bytes are encoded in byte mode.
    ///   - correction: the error correction level (medium by default).
    /// - Throws: ``QRError/tooLong(bytes:capacity:)`` when the text does not fit in version 40.
    public init(encoding text: String, correction: QRErrorCorrection = .medium) throws(QRError) {
        try self.init(encoding: text, correction: correction, version: nil, mask: nil)
    }

    /// Encodes text, optionally forcing the version or the mask (for tests and for comparing with other encoders).
    /// - Parameters:
    ///   - text: the text; its UTF-8 bytes are encoded in byte mode.
    ///   - correction: the error correction level.
    ///   - forcedVersion: the version to use, 1–40, or nil for the smallest that fits.
    ///   - forcedMask: the mask to use, 0–7, or nil for the lowest penalty.
    /// - Throws: ``QRError/versionOutOfRange(_:)`` or ``QRError/maskOutOfRange(_:)`` for a forced value that does
    ///   not exist, ``QRError/tooLong(bytes:capacity:)`` when the text does not fit.
    public init(
        encoding text: String, correction: QRErrorCorrection, version forcedVersion: Int?, mask forcedMask: Int?
    ) throws(QRError) {
        let bytes = Array(text.utf8)
        let chosenVersion: Int
        if let forcedVersion {
            guard QRTables.versions.contains(forcedVersion) else { throw .versionOutOfRange(forcedVersion) }
            let capacity = QRTables.byteCapacity(version: forcedVersion, correction: correction)
            guard bytes.count <= capacity else { throw .tooLong(bytes: bytes.count, capacity: capacity) }
            chosenVersion = forcedVersion
        } else {
            let fitting = QRTables.versions.first {
                bytes.count <= QRTables.byteCapacity(version: $0, correction: correction)
            }
            guard let fitting else {
                throw .tooLong(bytes: bytes.count, capacity: QRTables.byteCapacity(version: 40, correction: correction))
            }
            chosenVersion = fitting
        }
        if let forcedMask, !(0..<8).contains(forcedMask) { throw .maskOutOfRange(forcedMask) }

        let data = QRCodewords.dataCodewords(bytes, version: chosenVersion, correction: correction)
        let codewords = QRCodewords.interleaved(data, version: chosenVersion, correction: correction)
        var matrix = QRMatrix(version: chosenVersion)
        matrix.place(codewords)
        let chosenMask = forcedMask ?? matrix.lowestPenaltyMask(correction: correction)
        matrix.applyMask(chosenMask)
        matrix.drawFormat(correction: correction, mask: chosenMask)

        version = chosenVersion
        self.correction = correction
        mask = chosenMask
        size = matrix.size
        modules = matrix.dark
    }

    /// Whether the module at column `x`, row `y` is dark; coordinates outside the symbol (the quiet zone) are light.
    /// - Parameters:
    ///   - x: the column, 0 at the left.
    ///   - y: the row, 0 at the top.
    public func isDark(x: Int, y: Int) -> Bool {
        guard (0..<size).contains(x), (0..<size).contains(y) else { return false }
        return modules[y * size + x]
    }

    /// The most UTF-8 bytes a version holds in byte mode at a level (for example 14 for version 1 at medium).
    /// - Parameters:
    ///   - version: the version, 1–40 (0 outside that range).
    ///   - correction: the error correction level.
    public static func byteCapacity(version: Int, correction: QRErrorCorrection) -> Int {
        guard QRTables.versions.contains(version) else { return 0 }
        return QRTables.byteCapacity(version: version, correction: correction)
    }
}
