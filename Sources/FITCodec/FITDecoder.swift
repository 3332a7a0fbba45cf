/// One decoded FIT file of a (possibly chained) input.
public struct FITFile: Sendable, Equatable {
    /// The file header.
    public var header: FITFileHeader
    /// The data messages in file order.
    public var messages: [FITMessage]
    /// The CRC stored at the end of the file.
    public var storedCRC: UInt16
    /// The CRC computed over the header and records.
    public var computedCRC: UInt16

    /// Creates a file value.
    /// - Parameters:
    ///   - header: header.
    ///   - messages: messages.
    ///   - storedCRC: stored CRC.
    ///   - computedCRC: computed CRC.
    public init(header: FITFileHeader, messages: [FITMessage], storedCRC: UInt16, computedCRC: UInt16) {
        self.header = header
        self.messages = messages
        self.storedCRC = storedCRC
        self.computedCRC = computedCRC
    }

    /// True when the stored CRC matches.
    public var crcIsValid: Bool { storedCRC == computedCRC }
}

/// The result of decoding a whole input: one file per chained FIT file, plus the diagnostics.
public struct FITDecodeResult: Sendable, Equatable {
    /// The files, in input order.
    public var files: [FITFile]
    /// Recoverable problems.
    public var diagnostics: [FITDiagnostic]

    /// Creates a result.
    /// - Parameters:
    ///   - files: files.
    ///   - diagnostics: diagnostics.
    public init(files: [FITFile], diagnostics: [FITDiagnostic]) {
        self.files = files
        self.diagnostics = diagnostics
    }

    /// All messages of all files, in order.
    public var messages: [FITMessage] { files.flatMap(\.messages) }
}

extension FIT {
    /// Decodes a complete input held in memory (one FIT file or several chained ones).
    ///
    /// - Parameters:
    ///   - bytes: the input.
    ///   - options: decoder settings (CRC policy).
    /// - Returns: the files and diagnostics.
    /// - Throws: `FITDecodingError` at the first fatal problem.
    public static func decode(
        _ bytes: some Collection<UInt8>, options: FITStreamDecoder.Options = .init()
    ) throws(FITDecodingError) -> FITDecodeResult {
        var decoder = FITStreamDecoder(options: options)
        decoder.append(bytes)
        decoder.finish()
        var files: [FITFile] = []
        var header: FITFileHeader?
        var messages: [FITMessage] = []
        while let event = try decoder.next() {
            switch event {
            case .fileHeader(let value):
                header = value
                messages = []
            case .definition:
                break
            case .message(let message):
                messages.append(message)
            case .fileEnd(let stored, let computed):
                if let header {
                    files.append(FITFile(header: header, messages: messages, storedCRC: stored, computedCRC: computed))
                }
                messages = []
            }
        }
        return FITDecodeResult(files: files, diagnostics: decoder.diagnostics)
    }
}
