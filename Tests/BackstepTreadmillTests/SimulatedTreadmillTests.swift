import BackstepTreadmill
import FTMSCodec
import Testing

/// The simulator on its own, byte level: physics, procedure rules, statuses.
@Suite struct SimulatedTreadmillTests {
    @Test func neverStartsWithoutStart() {
        // Given control, a target speed and an incline, but no Start
        var machine = SimulatedTreadmill.controlled()
        #expect(machine.request(.setTargetSpeed(wire(500)), at: .seconds(1)) == [response(.setTargetSpeed, .success)])
        _ = machine.request(.setTargetInclination(Inclination(tenthsOfPercent: 20)), at: .seconds(1))
        // When a minute passes
        let messages = machine.advance(to: .seconds(61))
        // Then the belt never moved and every record says 0 km/h
        #expect(machine.beltSpeedKilometresPerHour == 0)
        #expect(machine.distanceMetres == 0)
        #expect(!machine.hasAcceptedStart)
        let speeds = messages.filter { $0.characteristic == .treadmillData }
            .compactMap { try? TreadmillData(decoding: $0.bytes).instantaneousSpeed }
        #expect(speeds.count == 60)  // the record due at 1 s came with the write at 1 s
        #expect(speeds.allSatisfy { $0 == .zero })
    }

    @Test func beltRampsUpAndDownAtTheConfiguredRates() {
        var machine = SimulatedTreadmill.controlled()
        _ = machine.request(.setTargetSpeed(wire(400)), at: .zero)
        #expect(machine.request(.startOrResume, at: .zero) == [response(.startOrResume, .success)])
        // 0.5 km/h per second up
        _ = machine.advance(to: .seconds(1))
        #expect(abs(machine.beltSpeedKilometresPerHour - 0.5) < 1e-9)
        _ = machine.advance(to: .seconds(4))
        #expect(abs(machine.beltSpeedKilometresPerHour - 2.0) < 1e-9)
        _ = machine.advance(to: .seconds(20))
        #expect(machine.beltSpeedKilometresPerHour == 4.0)
        // 1.0 km/h per second down
        _ = machine.request(.setTargetSpeed(wire(200)), at: .seconds(20))
        _ = machine.advance(to: .seconds(21))
        #expect(abs(machine.beltSpeedKilometresPerHour - 3.0) < 1e-9)
        _ = machine.request(.stopOrPause(.stop), at: .seconds(21))
        _ = machine.advance(to: .milliseconds(22_500))
        #expect(abs(machine.beltSpeedKilometresPerHour - 1.5) < 1e-9)
        _ = machine.advance(to: .seconds(30))
        #expect(machine.beltSpeedKilometresPerHour == 0)
        #expect(machine.beltState == .stopped)
    }

    @Test func beltNeverJumps() {
        var machine = SimulatedTreadmill.controlled()
        _ = machine.request(.startOrResume, at: .zero)
        var previous = machine.beltSpeedKilometresPerHour
        for tenth in 1...600 {
            let now = Duration.milliseconds(100 * tenth)
            if tenth % 70 == 0 {
                let target = UInt16(100 + (tenth * 37) % 1100)
                _ = machine.request(.setTargetSpeed(wire(target)), at: now)
            }
            _ = machine.advance(to: now)
            let change = machine.beltSpeedKilometresPerHour - previous
            #expect(change <= 0.05 + 1e-9 && change >= -0.1 - 1e-9, "jump of \(change) km/h at \(now)")
            previous = machine.beltSpeedKilometresPerHour
        }
    }

    @Test func inclineMovesAtItsRate() {
        var machine = SimulatedTreadmill.controlled()
        _ = machine.request(.setTargetInclination(Inclination(tenthsOfPercent: 30)), at: .zero)
        _ = machine.advance(to: .seconds(10))
        #expect(abs(machine.inclinePercent - 1.5) < 1e-9)
        _ = machine.advance(to: .seconds(30))
        #expect(machine.inclinePercent == 3.0)
    }

    @Test func startWithoutTargetRunsAtTheMinimum() {
        var machine = SimulatedTreadmill.controlled()
        _ = machine.request(.startOrResume, at: .zero)
        _ = machine.advance(to: .seconds(10))
        #expect(machine.beltSpeedKilometresPerHour == 1.0)
        #expect(machine.highestAcceptedTargetSpeed == nil)
    }

    @Test func safetyKeyStopsTheBeltAtOnce() {
        var machine = SimulatedTreadmill.controlled()
        _ = machine.request(.setTargetSpeed(wire(400)), at: .zero)
        _ = machine.request(.startOrResume, at: .zero)
        _ = machine.advance(to: .seconds(10))
        #expect(machine.beltSpeedKilometresPerHour == 4.0)
        // When the key is pulled
        let messages = machine.apply(.pullSafetyKey, at: .milliseconds(10_500))
        // Then the belt stands at that very instant and status 03 is notified
        #expect(machine.beltSpeedKilometresPerHour == 0)
        #expect(messages.last == FTMSMessage(.fitnessMachineStatus, [0x03]))
        // and Start fails until the key is back
        #expect(machine.request(.startOrResume, at: .seconds(11)) == [response(.startOrResume, .operationFailed)])
        _ = machine.apply(.insertSafetyKey, at: .seconds(12))
        #expect(machine.request(.startOrResume, at: .seconds(13)) == [response(.startOrResume, .success)])
    }

    @Test(arguments: [
        (ControlPointRequest.setTargetSpeed(wire(1500)).encode(), response(.setTargetSpeed, .invalidParameter)),
        (ControlPointRequest.setTargetSpeed(wire(50)).encode(), response(.setTargetSpeed, .invalidParameter)),
        (
            ControlPointRequest.setTargetInclination(Inclination(tenthsOfPercent: 200)).encode(),
            response(.setTargetInclination, .invalidParameter)
        ),
        (
            ControlPointRequest.setTargetInclination(Inclination(tenthsOfPercent: -10)).encode(),
            response(.setTargetInclination, .invalidParameter)
        ),
        ([0x02, 0x01], response(.setTargetSpeed, .invalidParameter)),
        ([0x15], [0x80, 0x15, 0x02]),
        ([0x05, 0x64, 0x00], response(.setTargetPower, .opCodeNotSupported)),
        ([0x08, 0x02], response(.stopOrPause, .operationFailed)),
    ])
    func rejectsWhatAMachineWould(write: [UInt8], expected: [UInt8]) {
        var machine = SimulatedTreadmill.controlled()
        let indications = machine.write(write, at: .seconds(1)).filter { $0.characteristic == .controlPoint }
        #expect(indications.map(\.bytes) == [expected])
        #expect(machine.targetSpeed == nil)
        #expect(machine.targetInclination == .zero)
    }

    @Test func refusesControlPointWritesUntilControlIsGranted() {
        var machine = SimulatedTreadmill()
        #expect(machine.request(.startOrResume, at: .zero) == [response(.startOrResume, .controlNotPermitted)])
        #expect(machine.request(.requestControl, at: .zero) == [response(.requestControl, .success)])
        #expect(machine.request(.startOrResume, at: .zero) == [response(.startOrResume, .success)])
        #expect(machine.request(.startOrResume, at: .zero) == [response(.startOrResume, .operationFailed)])
    }

    @Test func countsDistanceAndElapsedTimeAndStartsAFreshWorkoutAfterStop() throws {
        var machine = SimulatedTreadmill.controlled()
        _ = machine.request(.setTargetSpeed(wire(360)), at: .zero)
        _ = machine.request(.startOrResume, at: .zero)
        let messages = machine.advance(to: .seconds(100))
        // 7.2 s ramp to 3.6 km/h (1 m/s) covers 3.6 m instead of 7.2 m.
        #expect(abs(machine.distanceMetres - 96.4) < 1e-6)
        #expect(machine.elapsedSeconds == 100)
        let last = try #require(messages.last)
        let record = try TreadmillData(decoding: last.bytes)
        #expect(record.totalDistance?.metres == 96)
        #expect(record.elapsedTimeSeconds == 100)
        #expect(record.instantaneousSpeed == wire(360))
        _ = machine.request(.stopOrPause(.stop), at: .seconds(100))
        _ = machine.advance(to: .seconds(110))
        _ = machine.request(.startOrResume, at: .seconds(110))
        #expect(machine.distanceMetres == 0)
        #expect(machine.elapsedSeconds == 0)
    }

    @Test func pauseKeepsTheTargetForResume() {
        var machine = SimulatedTreadmill.controlled()
        _ = machine.request(.setTargetSpeed(wire(300)), at: .zero)
        _ = machine.request(.startOrResume, at: .zero)
        _ = machine.advance(to: .seconds(10))
        _ = machine.request(.stopOrPause(.pause), at: .seconds(10))
        _ = machine.advance(to: .seconds(20))
        #expect(machine.beltSpeedKilometresPerHour == 0)
        #expect(machine.beltState == .paused)
        _ = machine.request(.startOrResume, at: .seconds(20))
        _ = machine.advance(to: .seconds(30))
        #expect(machine.beltSpeedKilometresPerHour == 3.0)
    }

    @Test func notifiesTreadmillDataOncePerInterval() {
        var machine = SimulatedTreadmill()
        let messages = machine.advance(to: .milliseconds(10_500))
        #expect(messages.count == 10)
        #expect(messages.allSatisfy { $0.characteristic == .treadmillData })
    }

    @Test func consoleButtonsAreNotified() {
        var machine = SimulatedTreadmill.controlled()
        _ = machine.request(.startOrResume, at: .zero)
        #expect(machine.apply(.consolePause, at: .seconds(5)).last == FTMSMessage(.fitnessMachineStatus, [0x02, 0x02]))
        #expect(machine.apply(.consoleStop, at: .seconds(6)).last == FTMSMessage(.fitnessMachineStatus, [0x02, 0x01]))
        #expect(machine.beltState == .stopped)
    }

    @Test func mphMachineReadsTargetsInMiles() {
        var machine = SimulatedTreadmill.controlled(.init(quirks: .milesPerHourTargets))
        _ = machine.request(.setTargetSpeed(wire(300)), at: .zero)
        #expect(machine.targetSpeed == wire(483))  // 3.00 mph = 4.83 km/h
    }

    @Test func startTogglesPauseOnThatQuirk() {
        var machine = SimulatedTreadmill.controlled(.init(quirks: .vitalwalkTM11GY))
        _ = machine.request(.startOrResume, at: .zero)
        #expect(machine.beltState == .running)
        #expect(machine.request(.startOrResume, at: .seconds(1)) == [response(.startOrResume, .success)])
        #expect(machine.beltState == .paused)
    }

    @Test func silentMachineRefusesControlAndNeverIndicates() {
        var machine = SimulatedTreadmill(configuration: .init(quirks: .kingSmith))
        #expect(machine.write([0x00], at: .zero).isEmpty)
        #expect(machine.lastResult == ControlPointResponse(to: .requestControl, result: .operationFailed))
        // It needs no control, and echoes target changes in Fitness Machine Status instead.
        let messages = machine.write(ControlPointRequest.setTargetSpeed(wire(250)).encode(), at: .zero)
        #expect(messages == [FTMSMessage(.fitnessMachineStatus, [0x05, 0xFA, 0x00])])
        #expect(machine.targetSpeed == wire(250))
    }

    @Test func jtxMachineReportsAZeroInclinationRange() {
        let machine = SimulatedTreadmill(configuration: .init(quirks: .jtxSprint8))
        #expect(machine.read(.supportedInclinationRange) == [0, 0, 0, 0, 0, 0])
        #expect(SimulatedTreadmill().read(.supportedInclinationRange) == [0x00, 0x00, 0x64, 0x00, 0x05, 0x00])
        #expect(SimulatedTreadmill().read(.supportedSpeedRange) == [0x64, 0x00, 0xB0, 0x04, 0x0A, 0x00])
    }

    @Test func disconnectSilencesTheMachine() {
        var machine = SimulatedTreadmill.controlled()
        _ = machine.apply(.disconnect, at: .seconds(1))
        #expect(machine.advance(to: .seconds(10)).isEmpty)
        #expect(machine.write([0x07], at: .seconds(10)).isEmpty)
        #expect(!machine.hasAcceptedStart)
        _ = machine.reconnect(at: .seconds(11))
        #expect(!machine.controlGranted)
        #expect(machine.advance(to: .seconds(12)).count == 1)
    }

    @Test func scheduledFaultsHappenAtTheirTime() {
        var machine = SimulatedTreadmill.controlled()
        _ = machine.request(.startOrResume, at: .zero)
        machine.schedule(.pullSafetyKey, at: .milliseconds(4_200))
        let messages = machine.advance(to: .seconds(10))
        #expect(messages.contains(FTMSMessage(.fitnessMachineStatus, [0x03])))
        #expect(machine.beltState == .safetyKeyPulled)
        // 1.0 km/h reached at 2 s, so 2 s × 0.5 + 2.2 s × 1.0 km/h of belt before the key.
        #expect(abs(machine.distanceMetres - 3.2 / 3.6) < 1e-9)
    }

    @Test func dropsEveryNthNotification() {
        var machine = SimulatedTreadmill()
        _ = machine.apply(.dropNotifications(.everyNth(3)), at: .zero)
        #expect(machine.advance(to: .seconds(30)).count == 20)
        #expect(machine.droppedNotificationCount == 10)
    }

    @Test func nonsenseSpeedsAreReportedButTheBeltIsFine() throws {
        var machine = SimulatedTreadmill.controlled()
        _ = machine.apply(.reportNonsense(.negative), at: .zero)
        let record = try TreadmillData(decoding: try #require(machine.advance(to: .seconds(1)).last).bytes)
        #expect(record.instantaneousSpeed == wire(65_436))
        #expect(machine.beltSpeedKilometresPerHour == 0)
    }
}
