/// Explicit little- and big-endian reads of field values from a byte array.
///
/// Callers check bounds first: every read here stays inside `offset..<offset + size`, and the array's own
/// checked subscript still guards against a caller's mistake (a trap, never a wild read).
enum FITValueReader {
    /// Reads `count` bytes (1…8) as an unsigned integer in the given byte order.
    @inline(__always)
    static func bits(_ bytes: [UInt8], at offset: Int, count: Int, bigEndian: Bool) -> UInt64 {
        var value: UInt64 = 0
        if bigEndian {
            for index in offset..<(offset + count) {
                value = value << 8 | UInt64(bytes[index])
            }
        } else {
            var index = offset + count - 1
            while index >= offset {
                value = value << 8 | UInt64(bytes[index])
                index -= 1
            }
        }
        return value
    }

    /// Converts one element's bits to a value, or nil if they are the invalid value.
    @inline(__always)
    static func element(_ bits: UInt64, _ baseType: FITBaseType) -> FITValue? {
        if bits == baseType.invalidBits { return nil }
        switch baseType {
        case .sint8, .sint16, .sint32, .sint64:
            let shift = UInt64(64 - 8 * baseType.size)
            return .signed(Int64(bitPattern: bits << shift) >> Int64(shift))
        case .float32:
            return .float(Double(Float(bitPattern: UInt32(truncatingIfNeeded: bits))))
        case .float64:
            return .float(Double(bitPattern: bits))
        default:
            return .unsigned(bits)
        }
    }

    /// Reads a whole field: a scalar, an array, a string or bytes.
    ///
    /// - Returns: the value (nil when invalid) and whether the size didn't fit the base type (the bytes are
    ///   then returned raw and the caller reports it).
    static func field(
        _ bytes: [UInt8], at offset: Int, size: Int, baseType: FITBaseType, bigEndian: Bool
    ) -> (value: FITValue?, sizeMismatch: Bool) {
        if size == 0 { return (nil, false) }
        switch baseType {
        case .string:
            var end = offset
            let limit = offset + size
            while end < limit && bytes[end] != 0 { end += 1 }
            if end == offset { return (nil, false) }
            return (.string(String(decoding: bytes[offset..<end], as: UTF8.self)), false)
        case .byte:
            let slice = bytes[offset..<(offset + size)]
            if slice.allSatisfy({ $0 == 0xFF }) { return (nil, false) }
            return (.bytes(Array(slice)), false)
        default:
            let elementSize = baseType.size
            if size == elementSize {
                return (element(bits(bytes, at: offset, count: size, bigEndian: bigEndian), baseType), false)
            }
            guard size % elementSize == 0 else {
                return (.bytes(Array(bytes[offset..<(offset + size)])), true)
            }
            var elements: [FITValue?] = []
            elements.reserveCapacity(size / elementSize)
            var anyValid = false
            var index = offset
            while index < offset + size {
                let value = element(bits(bytes, at: index, count: elementSize, bigEndian: bigEndian), baseType)
                anyValid = anyValid || value != nil
                elements.append(value)
                index += elementSize
            }
            return (anyValid ? .array(elements) : nil, false)
        }
    }
}
