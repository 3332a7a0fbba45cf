/// A fatal problem in FIT input: the decoder cannot go on past it.
///
/// Equality compares `kind` and `offset`, so tests can match precisely.
public struct FITDecodingError: Error, Sendable, Equatable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Sendable, Equatable, Hashable {
        /// The header size byte is below 12.
        case headerTooShort(size: UInt8)
        /// Bytes 8–11 of the header are not ".FIT".
        case badSignature
        /// The header CRC doesn't match bytes 0–11 (strict CRC policy only).
        case headerCRCMismatch(stored: UInt16, computed: UInt16)
        /// The file CRC doesn't match the header and records (strict CRC policy only).
        case fileCRCMismatch(stored: UInt16, computed: UInt16)
        /// The input ended inside a file (header, record or CRC).
        case unexpectedEndOfInput
        /// The input held no FIT file at all.
        case emptyInput
        /// A data message used a local message type with no definition in this file.
        case undefinedLocalMessageType(UInt8)
        /// A definition's architecture byte was neither 0 nor 1.
        case invalidArchitecture(UInt8)
        /// A normal record header had its reserved bit 4 set.
        case reservedHeaderBit(UInt8)
        /// A record extends past the data size the header announced.
        case recordExceedsDataSize(recordSize: Int, remaining: Int)
    }

    /// What went wrong.
    public var kind: Kind
    /// The byte offset from the start of the input at which the problem begins.
    public var offset: Int

    /// Creates an error.
    /// - Parameters:
    ///   - kind: what went wrong.
    ///   - offset: byte offset in the input.
    public init(_ kind: Kind, offset: Int) {
        self.kind = kind
        self.offset = offset
    }

    /// A human-readable description with the offset.
    public var description: String { "FIT decoding error at byte \(offset): \(kind)" }
}

/// A problem found while encoding: the message can't be written as given.
public enum FITEncodingError: Error, Sendable, Equatable, Hashable {
    /// A field's value can't be written with its base type (for example a string in a uint16 field).
    case valueDoesNotMatchBaseType(globalMessageNumber: UInt16, field: UInt8, baseType: FITBaseType)
    /// A field's size is zero or not a multiple of its base type's size, or too small for its value.
    case invalidFieldSize(globalMessageNumber: UInt16, field: UInt8, size: UInt8)
    /// A message has more than 255 fields or 255 developer fields.
    case tooManyFields(globalMessageNumber: UInt16)
    /// The data records exceed the 4 GiB a header can describe.
    case fileTooLarge
}

/// A recoverable problem: decoding goes on, and the caller may show or ignore it.
public struct FITDiagnostic: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// What was noticed.
    public enum Kind: Sendable, Equatable, Hashable {
        /// The header CRC didn't match (lenient CRC policy).
        case headerCRCMismatch(stored: UInt16, computed: UInt16)
        /// The file CRC didn't match (lenient CRC policy).
        case fileCRCMismatch(stored: UInt16, computed: UInt16)
        /// A field definition named a base type number this codec doesn't know; its bytes are kept raw.
        case unknownBaseType(globalMessageNumber: UInt16, field: UInt8, baseTypeByte: UInt8)
        /// A field's size is not a multiple of its base type's size; its bytes are kept raw.
        case fieldSizeMismatch(globalMessageNumber: UInt16, field: UInt8, size: UInt8, baseType: FITBaseType)
        /// A developer field arrived without a matching `field_description`; its bytes are kept raw.
        case undescribedDeveloperField(developerDataIndex: UInt8, field: UInt8)
        /// A compressed-timestamp record arrived before any full timestamp; its timestamp is unknown.
        case compressedTimestampWithoutReference
        /// A message the typed profile layer doesn't know; it is kept raw.
        case unknownMessage(globalMessageNumber: UInt16)
        /// A field the typed profile layer doesn't know; it is kept raw in the typed message.
        case unknownField(globalMessageNumber: UInt16, field: UInt8)
        /// A known field had a value of an unexpected type; it is kept raw in the typed message.
        case unexpectedFieldValue(globalMessageNumber: UInt16, field: UInt8)
        /// More diagnostics were found than the decoder keeps; the rest were counted, not stored.
        case diagnosticsTruncated
    }

    /// What was noticed.
    public var kind: Kind
    /// The byte offset in the input, when known.
    public var offset: Int?

    /// Creates a diagnostic.
    /// - Parameters:
    ///   - kind: what was noticed.
    ///   - offset: byte offset in the input, if known.
    public init(_ kind: Kind, offset: Int? = nil) {
        self.kind = kind
        self.offset = offset
    }

    /// A human-readable description.
    public var description: String {
        if let offset { return "FIT diagnostic at byte \(offset): \(kind)" }
        return "FIT diagnostic: \(kind)"
    }
}
