/// The FIT file header (12 or 14 bytes, possibly longer in future protocol versions).
///
/// Layout (`protocols-formats.md` §2.1, from developer.garmin.com/fit/protocol and `garmin_fit_sdk`):
/// byte 0 header size; 1 protocol version (high nibble major); 2–3 profile version (uint16 LE);
/// 4–7 data size (uint32 LE, records only); 8–11 ".FIT"; 12–13 header CRC of bytes 0–11
/// (0 means "not computed"). All header integers are little-endian regardless of record architecture.
public struct FITFileHeader: Sendable, Equatable, Hashable {
    /// The header length in bytes (12 legacy, 14 preferred).
    public var headerSize: UInt8
    /// The protocol version byte (0x10 = 1.0, 0x20 = 2.0).
    public var protocolVersion: UInt8
    /// The profile version as stored (21218 = 21.218; older files used ×100).
    public var profileVersion: UInt16
    /// The number of bytes of data records that follow the header.
    public var dataSize: UInt32
    /// The stored header CRC; nil for 12-byte headers, 0 when the writer didn't compute it.
    public var crc: UInt16?

    /// Creates a header.
    /// - Parameters:
    ///   - headerSize: 12 or 14.
    ///   - protocolVersion: protocol version byte.
    ///   - profileVersion: profile version.
    ///   - dataSize: size of the data records.
    ///   - crc: the stored header CRC, if any (`encode(into:)` computes it afresh for 14-byte headers).
    public init(
        headerSize: UInt8 = 14, protocolVersion: UInt8 = FIT.protocolVersion2,
        profileVersion: UInt16 = FIT.profileVersion, dataSize: UInt32, crc: UInt16? = nil
    ) {
        self.headerSize = headerSize
        self.protocolVersion = protocolVersion
        self.profileVersion = profileVersion
        self.dataSize = dataSize
        self.crc = crc
    }

    /// Reads a header from its first `headerSize` bytes.
    ///
    /// The header CRC is not checked here; see `computedCRC(of:)` and the stream decoder's CRC policy.
    /// - Parameter bytes: at least the header's bytes; the header size byte comes first.
    /// - Throws: `.headerTooShort`, `.badSignature`, or `.unexpectedEndOfInput` (offset relative to `bytes`).
    public init(decoding bytes: ArraySlice<UInt8>) throws(FITDecodingError) {
        let base = bytes.startIndex
        guard let size = bytes.first else { throw FITDecodingError(.unexpectedEndOfInput, offset: 0) }
        guard size >= 12 else { throw FITDecodingError(.headerTooShort(size: size), offset: 0) }
        guard bytes.count >= Int(size) else { throw FITDecodingError(.unexpectedEndOfInput, offset: bytes.count) }
        guard bytes[(base + 8)..<(base + 12)].elementsEqual(FIT.signature) else {
            throw FITDecodingError(.badSignature, offset: 8)
        }
        headerSize = size
        protocolVersion = bytes[base + 1]
        profileVersion = UInt16(bytes[base + 2]) | UInt16(bytes[base + 3]) << 8
        dataSize =
            UInt32(bytes[base + 4]) | UInt32(bytes[base + 5]) << 8 | UInt32(bytes[base + 6]) << 16
            | UInt32(bytes[base + 7]) << 24
        crc = size >= 14 ? UInt16(bytes[base + 12]) | UInt16(bytes[base + 13]) << 8 : nil
    }

    /// The CRC of the first 12 header bytes as they would be written.
    public var computedCRC: UInt16 {
        var bytes: [UInt8] = []
        writeFirstTwelve(into: &bytes)
        return FITCRC.checksum(bytes)
    }

    /// Appends the header: `headerSize` bytes, with a freshly computed header CRC when there is room for one.
    /// - Parameter bytes: the output.
    public func encode(into bytes: inout [UInt8]) {
        let start = bytes.count
        writeFirstTwelve(into: &bytes)
        if headerSize >= 14 {
            let crc = FITCRC.checksum(bytes[start...])
            bytes.append(UInt8(truncatingIfNeeded: crc))
            bytes.append(UInt8(truncatingIfNeeded: crc >> 8))
            bytes.append(contentsOf: repeatElement(0, count: Int(headerSize) - 14))
        }
    }

    private func writeFirstTwelve(into bytes: inout [UInt8]) {
        bytes.append(max(headerSize, 12) == headerSize ? headerSize : 12)
        bytes.append(protocolVersion)
        bytes.append(UInt8(truncatingIfNeeded: profileVersion))
        bytes.append(UInt8(truncatingIfNeeded: profileVersion >> 8))
        for shift in stride(from: 0, to: 32, by: 8) {
            bytes.append(UInt8(truncatingIfNeeded: dataSize >> UInt32(shift)))
        }
        bytes.append(contentsOf: FIT.signature)
    }
}
