import BackstepTreadmill
import FITCodec
import Testing

@Suite("Streaming decoder")
struct StreamingTests {
    /// Feeds `bytes` in chunks chosen by `nextSize`, draining events after each chunk.
    static func events(
        _ bytes: [UInt8], options: FITStreamDecoder.Options = .init(), chunkSize nextSize: () -> Int
    ) throws -> (events: [FITStreamEvent], maximumBuffered: Int) {
        var decoder = FITStreamDecoder(options: options)
        var events: [FITStreamEvent] = []
        var index = 0
        var maximumBuffered = 0
        while index < bytes.count {
            let end = min(bytes.count, index + max(1, nextSize()))
            decoder.append(bytes[index..<end])
            index = end
            while let event = try decoder.next() { events.append(event) }
            maximumBuffered = max(maximumBuffered, decoder.bufferedByteCount)
        }
        decoder.finish()
        while let event = try decoder.next() { events.append(event) }
        return (events, maximumBuffered)
    }

    static let samples: [(String, [UInt8])] = {
        let workout = (try? Fixtures.encode(Fixtures.workoutMessages())) ?? []
        let activity = (try? Fixtures.encode(Fixtures.activityMessages())) ?? []
        let compressed =
            (try? Fixtures.encode(
                Fixtures.activityMessages(),
                options: FITEncoder.Options(architecture: .bigEndian, compressTimestamps: true)))
            ?? []
        return [
            ("workout", workout), ("activity", activity), ("compressed big-endian", compressed),
            ("chained", workout + compressed),
        ]
    }()

    @Test("Whole, byte by byte and random chunks give identical events", arguments: samples.indices)
    func chunkingInvariance(sample: Int) throws {
        let (_, bytes) = Self.samples[sample]
        try #require(!bytes.isEmpty)
        let whole = try Self.events(bytes) { bytes.count }.events
        #expect(whole.count > 5)
        let byteByByte = try Self.events(bytes) { 1 }.events
        #expect(byteByByte == whole)
        var generator = SplitMix64(seed: UInt64(sample) + 42)
        for _ in 0..<20 {
            let random = try Self.events(bytes) { Int.random(in: 1...300, using: &generator) }.events
            #expect(random == whole)
        }
    }

    @Test("next() returns nil while a record is incomplete, then the record")
    func needMoreData() throws {
        let bytes = try Fixtures.encode(Fixtures.workoutMessages())
        var decoder = FITStreamDecoder()
        decoder.append(bytes[0..<13])
        #expect(try decoder.next() == nil)
        decoder.append(bytes[13..<14])
        guard case .fileHeader(let header) = try decoder.next() else {
            Issue.record("expected a header")
            return
        }
        #expect(header.dataSize == UInt32(bytes.count - 16))
        decoder.append(bytes[14..<16])
        #expect(try decoder.next() == nil)
        #expect(decoder.offset == 14)
    }

    @Test("Memory stays bounded: a large file fed in 4 KiB chunks never buffers more than one chunk plus a record")
    func boundedMemory() throws {
        let bytes = try Fixtures.encode(Fixtures.activityMessages(seconds: 20_000, lapSeconds: 600))
        #expect(bytes.count > 400_000)
        let (events, maximumBuffered) = try Self.events(bytes) { 4096 }
        #expect(maximumBuffered < 4096 + 256)
        #expect(events.filter { if case .message = $0 { true } else { false } }.count > 20_000)
    }

    @Test("finish() turns an incomplete file into unexpectedEndOfInput at the end of the input")
    func finishTruncated() throws {
        let bytes = try Fixtures.encode(Fixtures.workoutMessages())
        var decoder = FITStreamDecoder()
        decoder.append(bytes.dropLast(3))
        while try decoder.next() != nil {}
        decoder.finish()
        #expect(throws: FITDecodingError(.unexpectedEndOfInput, offset: bytes.count - 3)) { try decoder.next() }
        // The error sticks.
        #expect(throws: FITDecodingError(.unexpectedEndOfInput, offset: bytes.count - 3)) { try decoder.next() }
    }

    @Test("Empty input is an error, not an empty file list")
    func emptyInput() {
        #expect(throws: FITDecodingError(.emptyInput, offset: 0)) { try FIT.decode([UInt8]()) }
    }
}
