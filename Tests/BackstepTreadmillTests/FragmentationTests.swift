import BackstepCore
import BackstepTreadmill
import FTMSCodec
import Testing

/// Treadmill Data records split over several notifications (small ATT MTU).
@Suite struct FragmentationTests {
    @Test(arguments: [7, 9, 12, 20])
    func smallMTURecordsAreSplitAndReassembled(payload: Int) throws {
        // Given a machine whose notifications carry at most `payload` bytes
        var machine = SimulatedTreadmill.controlled(.init(maximumPayloadLength: payload))
        _ = machine.request(.setTargetSpeed(wire(420)), at: .zero)
        _ = machine.request(.setTargetInclination(Inclination(tenthsOfPercent: 15)), at: .zero)
        _ = machine.request(.startOrResume, at: .zero)
        // When 30 records fall due
        let fragments = machine.advance(to: .seconds(30)).filter { $0.characteristic == .treadmillData }
        // Then it comes as several notifications within the payload size, only the last without More Data
        let perRecord = fragments.count / 30
        #expect(fragments.count % 30 == 0)
        #expect(payload >= 20 ? perRecord == 1 : perRecord > 1)
        #expect(fragments.allSatisfy { $0.bytes.count <= payload })
        let record = Array(fragments.suffix(perRecord))
        let flags = try record.map { try TreadmillData(decoding: $0.bytes).hasMoreData }
        #expect(flags == Array(repeating: true, count: perRecord - 1) + [false])
        // and the reassembler puts them back together, equal to the unsplit record
        var reassembler = TreadmillDataReassembler()
        var complete: [TreadmillData] = []
        for fragment in record { if let done = try reassembler.feed(fragment.bytes) { complete.append(done) } }
        let whole = try #require(complete.first)
        #expect(complete.count == 1)
        #expect(whole.instantaneousSpeed == wire(420))
        #expect(whole.inclination == Inclination(tenthsOfPercent: 15))
        #expect(whole.elapsedTimeSeconds == 30)
        #expect(whole.totalDistance != nil && whole.averageSpeed != nil && whole.elevationGain != nil)
    }

    @Test func driverReassemblesFragmentedRecordsIntoReadings() throws {
        var loop = makeLoop(simulator: .init(maximumPayloadLength: 7))
        _ = loop.send(.start)
        _ = loop.send(.setTargetSpeed(kmh(4.2)))
        _ = loop.send(.setTargetIncline(.percent(1.5)))
        let observed = loop.advance(by: .milliseconds(30_500))
        // One reading per record, each complete
        #expect(observed.readings.count == 30)
        #expect(observed.readings.allSatisfy { $0.speed != nil && $0.grade != nil && $0.distance != nil })
        let last = try #require(observed.readings.last)
        #expect(abs((last.speed?.kilometersPerHour ?? 0) - 4.2) < 1e-9)
        #expect(last.grade == .percent(1.5))
        let metres = try #require(last.distance?.meters)
        #expect(metres >= 29 && metres <= loop.treadmill.distanceMetres)  // 8.4 s ramp, then 1.17 m/s
    }

    @Test func droppedFragmentsCostRecordsButNothingElse() {
        var loop = makeLoop(simulator: .init(maximumPayloadLength: 7, seed: 3))
        _ = loop.send(.start)
        _ = loop.send(.setTargetSpeed(kmh(3)))
        var observed = loop.inject(.dropNotifications(.probability(0.15)))
        observed += loop.advance(by: .seconds(60))
        // Records with a lost fragment are discarded or merged away, never misread
        #expect(observed.readings.count < 60)
        #expect(observed.readings.count > 20)
        #expect(observed.readings.allSatisfy { ($0.speed?.kilometersPerHour ?? 0) <= 3.0 + 1e-9 })
        #expect(!observed.events.contains(.linkLost))
        #expect(loop.diagnostics.contains { if case .malformed(.treadmillData, _, _) = $0 { true } else { false } })
    }
}
