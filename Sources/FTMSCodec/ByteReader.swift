/// A bounds-checked little-endian reader over a byte slice.
///
/// Every read either returns a value or throws ``FTMSDecodingError/truncated(field:offset:needed:available:)``
/// naming the field and the byte offset (counted from the start of the payload) where it was expected.
/// Nothing here traps on hostile input.
struct ByteReader {
    private let bytes: [UInt8]
    /// The offset of the next unread byte, from the start of the payload.
    private(set) var offset: Int = 0

    init(_ bytes: some Collection<UInt8>) {
        self.bytes = Array(bytes)
    }

    /// The number of bytes not yet read.
    var remaining: Int { bytes.count - offset }

    /// Whether every byte has been read.
    var isAtEnd: Bool { offset >= bytes.count }

    /// Reads `count` bytes (1 to 4) as a little-endian unsigned integer.
    mutating func readUnsigned(byteCount count: Int, field: String) throws(FTMSDecodingError) -> UInt32 {
        guard remaining >= count else {
            throw .truncated(field: field, offset: offset, needed: count, available: max(0, remaining))
        }
        var value: UInt32 = 0
        for index in 0..<count {
            value |= UInt32(bytes[offset + index]) << (8 * UInt32(index))
        }
        offset += count
        return value
    }

    mutating func readUInt8(_ field: String) throws(FTMSDecodingError) -> UInt8 {
        UInt8(truncatingIfNeeded: try readUnsigned(byteCount: 1, field: field))
    }

    mutating func readUInt16(_ field: String) throws(FTMSDecodingError) -> UInt16 {
        UInt16(truncatingIfNeeded: try readUnsigned(byteCount: 2, field: field))
    }

    mutating func readInt16(_ field: String) throws(FTMSDecodingError) -> Int16 {
        Int16(bitPattern: try readUInt16(field))
    }

    mutating func readUInt24(_ field: String) throws(FTMSDecodingError) -> UInt32 {
        try readUnsigned(byteCount: 3, field: field)
    }

    mutating func readUInt32(_ field: String) throws(FTMSDecodingError) -> UInt32 {
        try readUnsigned(byteCount: 4, field: field)
    }

    /// Reads every remaining byte.
    mutating func readRest() -> [UInt8] {
        guard offset < bytes.count else { return [] }
        let rest = Array(bytes[offset...])
        offset = bytes.count
        return rest
    }

    /// Throws ``FTMSDecodingError/unexpectedTrailingBytes(offset:count:)`` unless every byte was read.
    func expectEnd() throws(FTMSDecodingError) {
        if remaining > 0 {
            throw .unexpectedTrailingBytes(offset: offset, count: remaining)
        }
    }
}

/// An append-only little-endian byte writer.
struct ByteWriter {
    private(set) var bytes: [UInt8] = []

    init() {}

    mutating func writeUInt8(_ value: UInt8) {
        bytes.append(value)
    }

    mutating func writeUInt16(_ value: UInt16) {
        bytes.append(UInt8(truncatingIfNeeded: value))
        bytes.append(UInt8(truncatingIfNeeded: value >> 8))
    }

    mutating func writeInt16(_ value: Int16) {
        writeUInt16(UInt16(bitPattern: value))
    }

    /// Writes the low 24 bits of `value`.
    mutating func writeUInt24(_ value: UInt32) {
        bytes.append(UInt8(truncatingIfNeeded: value))
        bytes.append(UInt8(truncatingIfNeeded: value >> 8))
        bytes.append(UInt8(truncatingIfNeeded: value >> 16))
    }

    mutating func writeUInt32(_ value: UInt32) {
        writeUInt24(value)
        bytes.append(UInt8(truncatingIfNeeded: value >> 24))
    }

    mutating func write(_ other: [UInt8]) {
        bytes.append(contentsOf: other)
    }
}
