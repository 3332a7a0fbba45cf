import BackstepCore
import BackstepTreadmill
import FTMSCodec
import Testing

/// The driver against the simulator, through the loop.
@Suite struct DriverLoopTests {
    @Test func capabilitiesComeFromTheCharacteristics() throws {
        let loop = makeLoop()
        let capabilities = try #require(loop.capabilities)
        #expect(capabilities.minimumSpeed == kmh(1))
        #expect(capabilities.maximumSpeed == kmh(12))
        #expect(abs(capabilities.speedIncrement.kilometersPerHour - 0.1) < 1e-12)
        #expect(capabilities.minimumGrade == .level)
        #expect(capabilities.maximumGrade == .percent(10))
        #expect(capabilities.controllable)
    }

    @Test func requestControlStartSetSpeedAndTheReadingsConverge() throws {
        var loop = makeLoop()
        // When the engine asks for control, starts and sets 3 km/h
        var observed = loop.send(.requestControl)
        observed += loop.advance(by: .milliseconds(100))
        observed += loop.send(.start)
        observed += loop.advance(by: .milliseconds(100))
        observed += loop.send(.setTargetSpeed(kmh(3)))
        observed += loop.advance(by: .seconds(20))
        // Then every command is confirmed, in order
        #expect(
            observed.events == [
                .commandSucceeded(.requestControl), .commandSucceeded(.start),
                .commandSucceeded(.setTargetSpeed(kmh(3))),
            ])
        // and the readings ramp up, never past the target, and settle at 3 km/h
        let speeds = observed.readings.compactMap(\.speed?.kilometersPerHour)
        #expect(speeds.count >= 19)
        #expect(zip(speeds, speeds.dropFirst()).allSatisfy { $0 <= $1 + 1e-9 })
        #expect(speeds.allSatisfy { $0 <= 3.0 + 1e-9 })
        let last = try #require(observed.readings.last)
        #expect(abs((last.speed?.kilometersPerHour ?? 0) - 3.0) < 1e-9)
        #expect(last.grade == .level)
        #expect((last.distance?.meters ?? 0) > 5)
        #expect(loop.treadmill.beltSpeedKilometresPerHour == 3.0)
    }

    @Test func commandsQueueBehindEachOtherAndControlIsRequestedImplicitly() {
        var loop = makeLoop(latency: .milliseconds(50))
        // Three commands at the same instant, without an explicit Request Control
        var observed = loop.send(.setTargetSpeed(kmh(2.5)))
        observed += loop.send(.setTargetIncline(.percent(1.5)))
        observed += loop.send(.start)
        observed += loop.advance(by: .seconds(15))
        #expect(
            observed.events == [
                .commandSucceeded(.setTargetSpeed(kmh(2.5))), .commandSucceeded(.setTargetIncline(.percent(1.5))),
                .commandSucceeded(.start),
            ])
        #expect(loop.treadmill.beltSpeedKilometresPerHour == 2.5)
        #expect(loop.treadmill.inclinePercent == 1.5)
    }

    @Test(arguments: QuirkProfile.presets)
    func eachQuirkProfileEndToEnd(quirks: QuirkProfile) throws {
        // Given a machine with these quirks and a driver that knows them
        var loop = makeLoop(quirks: quirks)
        // When the engine starts the belt and asks for 3.0 km/h
        var observed = loop.send(.start)
        observed += loop.advance(by: .seconds(3))
        observed += loop.send(.setTargetSpeed(kmh(3)))
        observed += loop.advance(by: .seconds(20))
        // Then both commands are reported done, the link holds, and the belt runs at about 3.0 km/h, not above
        #expect(observed.events == [.commandSucceeded(.start), .commandSucceeded(.setTargetSpeed(kmh(3)))])
        let belt = loop.treadmill.beltSpeedKilometresPerHour
        #expect(belt <= 3.0 && belt > 2.98, "belt at \(belt) km/h")
        let reported = try #require(observed.readings.last?.speed?.kilometersPerHour)
        #expect(abs(reported - belt) < 0.006)
        // and a second Start neither fails the session nor (on toggle machines) pauses the belt
        observed = loop.send(.start)
        observed += loop.advance(by: .seconds(5))
        if quirks.startTogglesPause {
            #expect(observed.events == [.commandSucceeded(.start)])
        }
        #expect(loop.treadmill.beltSpeedKilometresPerHour == belt)
    }

    @Test func mphMachineGetsTheMphFigureOfTheKilometresPerHourTarget() {
        var loop = makeLoop(quirks: .milesPerHourTargets)
        _ = loop.send(.start)
        _ = loop.send(.setTargetSpeed(kmh(3)))
        _ = loop.advance(by: .seconds(20))
        // 3.0 km/h = 1.864 mph → 1.86 mph written (rounded down) = 2.99 km/h on the belt.
        #expect(loop.treadmill.targetSpeed == wire(299))
        #expect(loop.treadmill.highestAcceptedTargetSpeed == wire(299))
    }

    @Test func inclineWorksOnTheMachineWithAZeroRange() {
        var loop = makeLoop(quirks: .jtxSprint8)
        #expect(loop.capabilities?.maximumGrade == .level)
        let observed = loop.send(.setTargetIncline(.percent(2))) + loop.advance(by: .seconds(20))
        #expect(observed.events == [.commandSucceeded(.setTargetIncline(.percent(2)))])
        #expect(loop.treadmill.inclinePercent == 2)
    }

    @Test func speedTargetsAreRoundedDownNeverUp() {
        var loop = makeLoop()
        _ = loop.send(.setTargetSpeed(kmh(3.29)))
        _ = loop.advance(by: .seconds(1))
        #expect(loop.treadmill.targetSpeed == wire(320))
        #expect(loop.driver.session.queuedRequests.isEmpty)
        // Above the maximum: clamped to it
        _ = loop.send(.setTargetSpeed(kmh(20)))
        _ = loop.advance(by: .seconds(1))
        #expect(loop.treadmill.targetSpeed == wire(1200))
    }

    @Test(arguments: [0.5, 0, -1, Double.nan, Double.infinity])
    func speedTargetsTheMachineCannotTakeFailWithoutBeingSent(kilometresPerHour: Double) {
        var loop = makeLoop()
        let target = TreadmillCommand.setTargetSpeed(kmh(kilometresPerHour))
        let observed = loop.send(target) + loop.advance(by: .seconds(3))
        // (pattern match rather than ==, since NaN never equals itself)
        #expect(
            observed.events.contains {
                if case .commandFailed(.setTargetSpeed, _) = $0 { return true }
                return false
            })
        #expect(loop.treadmill.targetSpeed == nil)
        #expect(loop.treadmill.lastResult == nil)
    }

    @Test func uncontrollableMachineRefusesTargetsButStillTakesStop() {
        var driver = FTMSTreadmillDriver()
        let actions = driver.connected(feature: [0x01, 0x02], speedRange: nil, inclinationRange: nil, now: .zero)
        #expect(
            actions.contains {
                if case .diagnostic(.malformed(.fitnessMachineFeature, _, _)) = $0 { return true }
                return false
            })
        #expect(driver.capabilities?.controllable == false)
        #expect(driver.send(.setTargetSpeed(kmh(2)), now: .zero).count == 1)
        let stop = driver.send(.stop, now: .zero)
        #expect(stop == [.write([0x00]), .scheduleTick(at: .seconds(2))])
    }

    @Test func consoleStopAndStartAreObserved() {
        var loop = makeLoop()
        _ = loop.send(.start)
        _ = loop.advance(by: .seconds(5))
        let observed = loop.inject(.consoleStop) + loop.advance(by: .seconds(1))
        #expect(observed.events == [.stoppedByMachine])
    }

    @Test func reconnectingRestoresTheLinkAndControlIsRequestedAgain() {
        var loop = makeLoop()
        _ = loop.send(.start)
        _ = loop.advance(by: .seconds(5))
        var observed = loop.inject(.disconnect)
        observed += loop.advance(by: .seconds(10))
        #expect(observed.events.contains(.linkLost))
        observed = loop.reconnect()
        #expect(observed.events == [.linkRestored])
        observed = loop.send(.setTargetSpeed(kmh(2))) + loop.advance(by: .seconds(5))
        #expect(observed.events == [.commandSucceeded(.setTargetSpeed(kmh(2)))])
        #expect(loop.treadmill.controlGranted)
    }

    @Test func runsAreDeterministic() {
        func run() -> [TreadmillLoop.Observed] {
            var loop = makeLoop(simulator: .init(seed: 42))
            var observed = loop.inject(.dropNotifications(.probability(0.3)))
            observed += loop.send(.start)
            observed += loop.send(.setTargetSpeed(kmh(4)))
            observed += loop.advance(by: .seconds(60))
            return observed
        }
        let first = run()
        #expect(first == run())
        #expect(first.readings.count < 60)
    }
}
