/// What the streaming decoder produces, in file order.
public enum FITStreamEvent: Sendable, Equatable {
    /// A file header was read (once per file; chained files repeat it).
    case fileHeader(FITFileHeader)
    /// A definition message was read; it now occupies its local message type.
    case definition(FITMessageDefinition)
    /// A data message was read.
    case message(FITMessage)
    /// A file's trailing CRC was read.
    case fileEnd(storedCRC: UInt16, computedCRC: UInt16)
}

/// A streaming FIT decoder: feed it chunks of any size and pull events as records complete.
///
/// It is a state machine (header → records → file CRC → header of the next chained file …). `next()` returns
/// nil when it needs more bytes and throws a `FITDecodingError` with the byte offset when the input is
/// malformed; after an error it keeps throwing that error. Recoverable problems (CRC mismatches under the
/// lenient policy, unknown base types, undescribed developer fields) are collected in `diagnostics`.
///
/// Memory is bounded: the decoder keeps only unread input. If the caller drains `next()` after each
/// `append(_:)`, it holds at most one incomplete record — at most 1 + 255 × 255 × 2 bytes for a data message,
/// 1 537 bytes for a definition — plus the latest chunk, the 16-slot local definition table and the
/// developer field descriptions of the current file (at most 65 536 entries). Diagnostics are capped by
/// `Options.maximumDiagnostics`.
public struct FITStreamDecoder: Sendable {
    /// What to do when a stored CRC doesn't match.
    public enum CRCPolicy: Sendable, Equatable, Hashable {
        /// Throw `headerCRCMismatch` / `fileCRCMismatch`.
        case strict
        /// Record a diagnostic and go on.
        case lenient
    }

    /// Decoder settings.
    public struct Options: Sendable, Equatable, Hashable {
        /// CRC mismatch handling; strict by default.
        public var crcPolicy: CRCPolicy
        /// The most diagnostics kept; further ones are dropped after one `diagnosticsTruncated`.
        public var maximumDiagnostics: Int

        /// Creates options.
        /// - Parameters:
        ///   - crcPolicy: CRC mismatch handling.
        ///   - maximumDiagnostics: cap on stored diagnostics.
        public init(crcPolicy: CRCPolicy = .strict, maximumDiagnostics: Int = 1000) {
            self.crcPolicy = crcPolicy
            self.maximumDiagnostics = maximumDiagnostics
        }
    }

    private enum State: Sendable {
        case header
        case records
        case fileCRC
        case failed(FITDecodingError)
    }

    private struct DeveloperDescription: Sendable {
        var baseType: FITBaseType?
        var name: String?
        var units: String?
    }

    /// The settings in use.
    public let options: Options
    /// Recoverable problems seen so far.
    public private(set) var diagnostics: [FITDiagnostic] = []
    /// The number of complete files (header, records and CRC) read so far.
    public private(set) var completedFiles = 0

    private var buffer: [UInt8] = []
    private var position = 0
    private var bufferStartOffset = 0
    private var state = State.header
    private var inputEnded = false
    private var remainingData = 0
    private var crc = FITCRC()
    private var definitions: [FITMessageDefinition?] = Array(repeating: nil, count: 16)
    private var developerDescriptions: [UInt16: DeveloperDescription] = [:]
    private var lastTimestamp: UInt32?
    private var diagnosticsDropped = false

    /// Creates a decoder.
    /// - Parameter options: settings.
    public init(options: Options = Options()) {
        self.options = options
    }

    /// The number of input bytes received but not yet consumed.
    public var bufferedByteCount: Int { buffer.count - position }

    /// The offset, from the start of the input, of the next unread byte.
    public var offset: Int { bufferStartOffset + position }

    /// Adds input bytes.
    /// - Parameter bytes: the next chunk, of any size.
    public mutating func append(_ bytes: some Collection<UInt8>) {
        if position == buffer.count {
            bufferStartOffset += position
            buffer.removeAll(keepingCapacity: true)
            position = 0
        } else if position >= 4096 && position * 2 >= buffer.count {
            bufferStartOffset += position
            buffer.removeSubrange(0..<position)
            position = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// Declares that no more input will come: `next()` then throws `unexpectedEndOfInput` instead of
    /// returning nil when a file is incomplete, and `emptyInput` if no file was seen at all.
    public mutating func finish() {
        inputEnded = true
    }

    /// Decodes the next event.
    /// - Returns: the next event, or nil when more bytes are needed (or, after `finish()`, when all input
    ///   has been decoded cleanly).
    /// - Throws: `FITDecodingError` with the byte offset of the problem.
    public mutating func next() throws(FITDecodingError) -> FITStreamEvent? {
        switch state {
        case .failed(let error):
            throw error
        case .header:
            return try step { (decoder) throws(FITDecodingError) in try decoder.readHeader() }
        case .records:
            return try step { (decoder) throws(FITDecodingError) in try decoder.readRecord() }
        case .fileCRC:
            return try step { (decoder) throws(FITDecodingError) in try decoder.readFileCRC() }
        }
    }

    private mutating func step(
        _ body: (inout FITStreamDecoder) throws(FITDecodingError) -> FITStreamEvent?
    ) throws(FITDecodingError) -> FITStreamEvent? {
        do throws(FITDecodingError) {
            if let event = try body(&self) { return event }
            if inputEnded {
                if case .header = state, bufferedByteCount == 0 {
                    if completedFiles > 0 { return nil }
                    throw FITDecodingError(.emptyInput, offset: offset)
                }
                throw FITDecodingError(.unexpectedEndOfInput, offset: bufferStartOffset + buffer.count)
            }
            return nil
        } catch {
            state = .failed(error)
            throw error
        }
    }

    private mutating func diagnose(_ kind: FITDiagnostic.Kind, at offset: Int?) {
        if diagnostics.count < options.maximumDiagnostics {
            diagnostics.append(FITDiagnostic(kind, offset: offset))
        } else if !diagnosticsDropped {
            diagnosticsDropped = true
            diagnostics.append(FITDiagnostic(.diagnosticsTruncated, offset: offset))
        }
    }

    /// Marks `count` bytes from `position` as read, feeding them to the file CRC.
    private mutating func consume(_ count: Int) {
        crc.update(buffer[position..<(position + count)])
        position += count
    }

    private mutating func readHeader() throws(FITDecodingError) -> FITStreamEvent? {
        let start = offset
        guard let size = buffer[position...].first else { return nil }
        guard size >= 12 else { throw FITDecodingError(.headerTooShort(size: size), offset: start) }
        guard bufferedByteCount >= Int(size) else {
            // Check the signature as soon as it's there, so garbage fails early.
            if bufferedByteCount >= 12,
                !buffer[(position + 8)..<(position + 12)].elementsEqual(FIT.signature)
            {
                throw FITDecodingError(.badSignature, offset: start + 8)
            }
            return nil
        }
        let header: FITFileHeader
        do {
            header = try FITFileHeader(decoding: buffer[position..<(position + Int(size))])
        } catch {
            throw FITDecodingError(error.kind, offset: start + error.offset)
        }
        if let stored = header.crc, stored != 0 {
            let computed = FITCRC.checksum(buffer[position..<(position + 12)])
            if stored != computed {
                if options.crcPolicy == .strict {
                    throw FITDecodingError(.headerCRCMismatch(stored: stored, computed: computed), offset: start + 12)
                }
                diagnose(.headerCRCMismatch(stored: stored, computed: computed), at: start + 12)
            }
        }
        crc = FITCRC()
        consume(Int(size))
        remainingData = Int(header.dataSize)
        definitions = Array(repeating: nil, count: 16)
        developerDescriptions = [:]
        lastTimestamp = nil
        state = remainingData == 0 ? .fileCRC : .records
        return .fileHeader(header)
    }

    private mutating func readFileCRC() throws(FITDecodingError) -> FITStreamEvent? {
        guard bufferedByteCount >= 2 else { return nil }
        let start = offset
        let stored = UInt16(buffer[position]) | UInt16(buffer[position + 1]) << 8
        let computed = crc.value
        position += 2
        if stored != computed {
            if options.crcPolicy == .strict {
                throw FITDecodingError(.fileCRCMismatch(stored: stored, computed: computed), offset: start)
            }
            diagnose(.fileCRCMismatch(stored: stored, computed: computed), at: start)
        }
        completedFiles += 1
        state = .header
        return .fileEnd(storedCRC: stored, computedCRC: computed)
    }

    private mutating func readRecord() throws(FITDecodingError) -> FITStreamEvent? {
        guard position < buffer.count else { return nil }
        let start = offset
        let header = buffer[position]
        if header & 0x80 == 0 && header & 0x10 != 0 {
            throw FITDecodingError(.reservedHeaderBit(header), offset: start)
        }
        if header & 0xC0 == 0x40 {
            guard let size = FITMessageDefinition.recordSize(of: buffer[position...]) else {
                if remainingData < 6 {
                    throw FITDecodingError(
                        .recordExceedsDataSize(recordSize: 6, remaining: remainingData), offset: start)
                }
                return nil
            }
            guard size <= remainingData else {
                throw FITDecodingError(
                    .recordExceedsDataSize(recordSize: size, remaining: remainingData), offset: start)
            }
            guard bufferedByteCount >= size else { return nil }
            let definition: FITMessageDefinition
            do {
                definition = try FITMessageDefinition(decoding: buffer[position..<(position + size)])
            } catch {
                throw FITDecodingError(error.kind, offset: start + error.offset)
            }
            definitions[Int(definition.localMessageType)] = definition
            consumeRecord(size)
            return .definition(definition)
        }
        let compressed = header & 0x80 != 0
        let local = compressed ? (header >> 5) & 0x03 : header & 0x0F
        guard let definition = definitions[Int(local)] else {
            throw FITDecodingError(.undefinedLocalMessageType(local), offset: start)
        }
        let size = 1 + definition.dataSize
        guard size <= remainingData else {
            throw FITDecodingError(.recordExceedsDataSize(recordSize: size, remaining: remainingData), offset: start)
        }
        guard bufferedByteCount >= size else { return nil }
        var message = decodeData(definition, at: position + 1, recordOffset: start)
        if compressed {
            let timeOffset = UInt32(header & 0x1F)
            if let last = lastTimestamp {
                var timestamp = (last & ~0x1F) &+ timeOffset
                if timeOffset < last & 0x1F { timestamp &+= 0x20 }
                lastTimestamp = timestamp
                message.fields.append(
                    FITField(number: 253, baseType: .uint32, size: 4, value: .unsigned(UInt64(timestamp))))
            } else {
                diagnose(.compressedTimestampWithoutReference, at: start)
            }
        }
        consumeRecord(size)
        return .message(message)
    }

    private mutating func consumeRecord(_ size: Int) {
        consume(size)
        remainingData -= size
        if remainingData == 0 { state = .fileCRC }
    }

    private mutating func decodeData(
        _ definition: FITMessageDefinition, at start: Int, recordOffset: Int
    ) -> FITMessage {
        let bigEndian = definition.architecture == .bigEndian
        let global = definition.globalMessageNumber
        var fields: [FITField] = []
        fields.reserveCapacity(definition.fields.count)
        var index = start
        for fieldDefinition in definition.fields {
            let size = Int(fieldDefinition.size)
            var baseType = FITBaseType(fileByte: fieldDefinition.baseTypeByte) ?? .byte
            if baseType == .byte && fieldDefinition.baseTypeByte & 0x1F != 0x0D {
                diagnose(
                    .unknownBaseType(
                        globalMessageNumber: global, field: fieldDefinition.number,
                        baseTypeByte: fieldDefinition.baseTypeByte),
                    at: recordOffset)
            }
            let (value, mismatch) = FITValueReader.field(
                buffer, at: index, size: size, baseType: baseType, bigEndian: bigEndian)
            if mismatch {
                diagnose(
                    .fieldSizeMismatch(
                        globalMessageNumber: global, field: fieldDefinition.number, size: fieldDefinition.size,
                        baseType: baseType),
                    at: recordOffset)
                baseType = .byte
            }
            if fieldDefinition.number == 253, let timestamp = value?.unsignedValue, timestamp <= UInt32.max {
                lastTimestamp = UInt32(timestamp)
            }
            fields.append(
                FITField(number: fieldDefinition.number, baseType: baseType, size: fieldDefinition.size, value: value))
            index += size
        }
        var developerFields: [FITDeveloperField] = []
        if !definition.developerFields.isEmpty {
            developerFields.reserveCapacity(definition.developerFields.count)
            for fieldDefinition in definition.developerFields {
                let size = Int(fieldDefinition.size)
                let key = UInt16(fieldDefinition.developerDataIndex) << 8 | UInt16(fieldDefinition.number)
                let description = developerDescriptions[key]
                var baseType = description?.baseType ?? .byte
                if description == nil {
                    diagnose(
                        .undescribedDeveloperField(
                            developerDataIndex: fieldDefinition.developerDataIndex, field: fieldDefinition.number),
                        at: recordOffset)
                }
                let (value, mismatch) = FITValueReader.field(
                    buffer, at: index, size: size, baseType: baseType, bigEndian: bigEndian)
                if mismatch { baseType = .byte }
                developerFields.append(
                    FITDeveloperField(
                        developerDataIndex: fieldDefinition.developerDataIndex, number: fieldDefinition.number,
                        baseType: baseType, size: fieldDefinition.size, value: value, name: description?.name,
                        units: description?.units))
                index += size
            }
        }
        let message = FITMessage(globalMessageNumber: global, fields: fields, developerFields: developerFields)
        if global == FieldDescriptionMessage.globalMessageNumber { learnDescription(message) }
        return message
    }

    /// Remembers a `field_description` (mesg 206) so later developer fields decode with its base type.
    private mutating func learnDescription(_ message: FITMessage) {
        guard let index = message[field: 0]?.unsignedValue, index <= 255,
            let number = message[field: 1]?.unsignedValue, number <= 255
        else { return }
        let baseType = message[field: 2]?.unsignedValue.flatMap { UInt8(exactly: $0) }.flatMap {
            FITBaseType(fileByte: $0)
        }
        developerDescriptions[UInt16(index) << 8 | UInt16(number)] = DeveloperDescription(
            baseType: baseType, name: message[field: 3]?.stringValue, units: message[field: 8]?.stringValue)
    }
}
