/// The FIT CRC-16.
///
/// FIT uses CRC-16/ARC: reflected polynomial 0xA001, initial value 0, no final XOR. Garmin's reference
/// computes it with a 16-entry nibble table (`garmin_fit_sdk/crc_calculator.py`); this implementation
/// uses an equivalent 256-entry byte table built from the same polynomial. The check value of ASCII
/// "123456789" is 0xBB3D, and running the CRC over a whole file including its trailing CRC yields 0
/// (`protocols-formats.md` §2.1).
public struct FITCRC: Sendable, Equatable, Hashable {
    /// The CRC of the bytes seen so far.
    public private(set) var value: UInt16

    /// Creates a CRC with the FIT initial value 0, or with a running value to continue from.
    /// - Parameter value: the value to continue from.
    public init(value: UInt16 = 0) {
        self.value = value
    }

    /// Feeds bytes into the CRC.
    /// - Parameter bytes: the bytes, in file order.
    public mutating func update(_ bytes: some Sequence<UInt8>) {
        var crc = value
        for byte in bytes {
            crc = (crc >> 8) ^ FITCRC.table[Int(UInt8(truncatingIfNeeded: crc) ^ byte)]
        }
        value = crc
    }

    /// Feeds one byte into the CRC.
    /// - Parameter byte: the byte.
    public mutating func update(byte: UInt8) {
        value = (value >> 8) ^ FITCRC.table[Int(UInt8(truncatingIfNeeded: value) ^ byte)]
    }

    /// The FIT CRC of a byte sequence.
    /// - Parameter bytes: the bytes.
    /// - Returns: the CRC-16/ARC of the bytes.
    public static func checksum(_ bytes: some Sequence<UInt8>) -> UInt16 {
        var crc = FITCRC()
        crc.update(bytes)
        return crc.value
    }

    /// The byte-wise lookup table for the reflected polynomial 0xA001.
    private static let table: [UInt16] = (0..<256).map { index in
        var crc = UInt16(index)
        for _ in 0..<8 {
            crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xA001 : crc >> 1
        }
        return crc
    }
}
