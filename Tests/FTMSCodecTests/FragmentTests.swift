import Testing

@testable import FTMSCodec

/// Records split over notifications (FTMS v1.0.1 §4.19) reassemble to the same record, however they are fed.
@Suite struct FragmentTests {
    /// Feeds notifications one at a time; returns every completed record.
    func feedAll(_ notifications: [[UInt8]], into reassembler: inout TreadmillDataReassembler) throws -> [TreadmillData]
    {
        var records: [TreadmillData] = []
        for notification in notifications {
            if let record = try reassembler.feed(notification) { records.append(record) }
        }
        return records
    }

    @Test func fullRecordNeedsTwoNotificationsAtDefaultMTU() throws {
        var random = RandomFTMS(seed: 77)
        var record = random.treadmillData()
        record.averageSpeed = .zero
        record.totalDistance = Distance(metres: 1)
        record.inclinationAndRampAngle = InclinationAndRampAngle(inclination: .zero, rampAngle: nil)
        record.elevationGain = ElevationGain(positive: Elevation(decimetres: 1), negative: Elevation(decimetres: 2))
        record.instantaneousPace = Pace(tenthsOfKilometrePerMinute: 1)
        record.averagePace = Pace(tenthsOfKilometrePerMinute: 1)
        record.expendedEnergy = ExpendedEnergy(totalKilocalories: 1, kilocaloriesPerHour: 2, kilocaloriesPerMinute: 3)
        record.heartRateBeatsPerMinute = 100
        record.metabolicEquivalent = MetabolicEquivalent(tenths: 12)
        record.elapsedTimeSeconds = 5
        record.remainingTimeSeconds = 6
        record.forceOnBeltAndPowerOutput = ForceOnBeltAndPowerOutput(forceOnBeltNewtons: 1, powerOutputWatts: 2)
        record.vendorStepCount = nil
        #expect(record.encode().count == 34)
        let notifications = record.encodeNotifications()
        #expect(notifications.count == 2)
        #expect(notifications.allSatisfy { $0.count <= 20 })
        #expect(notifications[0][0] & 0x01 == 0x01)
        #expect(notifications[1][0] & 0x01 == 0x00)
        var reassembler = TreadmillDataReassembler()
        #expect(try reassembler.feed(notifications[0]) == nil)
        #expect(reassembler.hasPartialRecord)
        #expect(try reassembler.feed(notifications[1]) == record)
        #expect(!reassembler.hasPartialRecord)
    }

    @Test(arguments: [7, 8, 10, 12, 20, 23, 40])
    func randomRecordsSplitAtEveryPayloadSize(maximumPayloadLength: Int) throws {
        var random = RandomFTMS(seed: UInt64(maximumPayloadLength))
        var reassembler = TreadmillDataReassembler()
        for _ in 0..<300 {
            let record = random.treadmillData()
            let notifications = record.encodeNotifications(maximumPayloadLength: maximumPayloadLength)
            #expect(notifications.allSatisfy { $0.count <= maximumPayloadLength })
            #expect(notifications.dropLast().allSatisfy { $0[0] & 0x01 == 0x01 })
            #expect(try feedAll(notifications, into: &reassembler) == [record])
        }
    }

    /// Every way to cut a stream of fields into consecutive notifications gives the same record:
    /// the record's groups are split at every possible boundary into two fragments.
    @Test(arguments: [11, 12, 13])
    func everySplitPointGivesTheSameRecord(seed: UInt64) throws {
        var random = RandomFTMS(seed: seed)
        for _ in 0..<100 {
            let record = random.treadmillData()
            let groups = record.encodeNotifications(maximumPayloadLength: 7)
            // Every boundary between the 7-byte-max fragments: merge the fragments before it and after it.
            for cut in 0..<groups.count {
                let whole = [record.encode()]
                var reassembler = TreadmillDataReassembler()
                let front = try merged(Array(groups[..<cut]), last: false)
                let back = try merged(Array(groups[cut...]), last: true)
                let split = [front, back].compactMap { $0 }
                #expect(try feedAll(split, into: &reassembler) == [record], "cut \(cut)")
                #expect(try feedAll(whole, into: &reassembler) == [record])
            }
        }
    }

    /// Re-encodes a run of fragments as one notification (More Data = 1 unless `last`).
    func merged(_ fragments: [[UInt8]], last: Bool) throws -> [UInt8]? {
        guard !fragments.isEmpty else { return nil }
        var record = TreadmillData()
        for (index, fragment) in fragments.enumerated() {
            try record.merge(try TreadmillData(decoding: fragment), fragmentIndex: index)
        }
        if !last { #expect(record.instantaneousSpeed == nil) }
        return record.encode()
    }

    @Test func recordsKeepComingAfterACompletedOne() throws {
        var random = RandomFTMS(seed: 5)
        let records = (0..<50).map { _ in random.treadmillData() }
        var reassembler = TreadmillDataReassembler()
        let stream = records.flatMap { $0.encodeNotifications(maximumPayloadLength: 9) }
        #expect(try feedAll(stream, into: &reassembler) == records)
    }

    @Test func repeatedGroupIsAnErrorAndDropsThePartialRecord() throws {
        var reassembler = TreadmillDataReassembler()
        // Two More Data = 1 fragments both carrying Total Distance (flags 0x0005).
        #expect(try reassembler.feed(bytes("05 00 0A 00 00")) == nil)
        #expect(throws: FTMSDecodingError.fieldRepeatedInRecord(field: "Total Distance", fragment: 1)) {
            try reassembler.feed(bytes("05 00 0B 00 00"))
        }
        #expect(!reassembler.hasPartialRecord)
        #expect(
            try reassembler.feed(bytes("00 00 2C 01")) == TreadmillData(instantaneousSpeed: Speed(kilometresPerHour: 3))
        )
    }

    @Test func tooManyFragments() throws {
        var reassembler = TreadmillDataReassembler(fragmentLimit: 3)
        for _ in 0..<3 { #expect(try reassembler.feed(bytes("01 00")) == nil) }
        #expect(throws: FTMSDecodingError.tooManyFragments(limit: 3)) { try reassembler.feed(bytes("01 00")) }
        #expect(!reassembler.hasPartialRecord)
    }

    @Test func truncatedFragmentDropsThePartialRecord() throws {
        var reassembler = TreadmillDataReassembler()
        #expect(try reassembler.feed(bytes("05 00 0A 00 00")) == nil)
        #expect(throws: FTMSDecodingError.truncated(field: "Instantaneous Speed", offset: 2, needed: 2, available: 1)) {
            try reassembler.feed(bytes("00 00 2C"))
        }
        #expect(!reassembler.hasPartialRecord)
        reassembler.reset()
        #expect(try reassembler.feed(bytes("00 00 2C 01"))?.totalDistance == nil)
    }
}
