/// Why a payload could not be decoded, and where.
///
/// Every case carries the byte offset, counted from the first byte of the payload (or, for
/// ``TreadmillDataReassembler``, of the notification being fed), so a log line can point at the culprit.
/// Field names are the ones FTMS v1.0.1 uses (for example `"Total Distance"`).
public enum FTMSDecodingError: Error, Equatable, Hashable, Sendable, Codable {
    /// The payload ended before `field`: `needed` bytes were required at `offset` but only `available` remained.
    case truncated(field: String, offset: Int, needed: Int, available: Int)
    /// An op code byte (control point request, response or status) that FTMS v1.0.1 does not define.
    case unknownOpCode(UInt8, offset: Int)
    /// A value FTMS v1.0.1 marks Reserved for Future Use, or outside the field's defined range.
    case reservedValue(field: String, value: UInt32, offset: Int)
    /// Bytes left over after the last field of a fixed-layout payload.
    case unexpectedTrailingBytes(offset: Int, count: Int)
    /// The Training Status string is not valid UTF-8 (FTMS v1.0.1 §4.10.1.3 says UTF-8).
    case invalidUTF8(offset: Int)
    /// A fragment of a multi-notification Treadmill Data record repeats a field group an earlier fragment
    /// already carried (FTMS v1.0.1 §4.19 sends each field once per record).
    case fieldRepeatedInRecord(field: String, fragment: Int)
    /// More than `limit` notifications with More Data = 1 arrived without the closing one.
    case tooManyFragments(limit: Int)
}

extension FTMSDecodingError: CustomStringConvertible {
    /// A one-line English explanation, naming the field and offset.
    public var description: String {
        switch self {
        case .truncated(let field, let offset, let needed, let available):
            return "truncated payload: \(field) needs \(needed) byte(s) at offset \(offset), only \(available) left"
        case .unknownOpCode(let code, let offset):
            return "unknown op code 0x\(hex(code)) at offset \(offset)"
        case .reservedValue(let field, let value, let offset):
            return "reserved or out-of-range value \(value) for \(field) at offset \(offset)"
        case .unexpectedTrailingBytes(let offset, let count):
            return "\(count) unexpected trailing byte(s) at offset \(offset)"
        case .invalidUTF8(let offset):
            return "training status string at offset \(offset) is not valid UTF-8"
        case .fieldRepeatedInRecord(let field, let fragment):
            return "fragment \(fragment) repeats \(field), already carried by an earlier fragment of the record"
        case .tooManyFragments(let limit):
            return "more than \(limit) fragments without a closing notification (More Data = 0)"
        }
    }
}

/// Two upper-case hex digits.
func hex(_ byte: UInt8) -> String {
    let digits = Array("0123456789ABCDEF")
    return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
}
