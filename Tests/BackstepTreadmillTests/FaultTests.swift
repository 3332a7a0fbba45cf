import BackstepCore
import BackstepTreadmill
import FTMSCodec
import Testing

/// Faults injected into the simulator, seen through the driver.
@Suite struct FaultTests {
    /// A loop with the belt running at `speed` km/h after `warmUp`.
    func running(
        _ speed: Double = 3, driver: FTMSTreadmillDriver.Configuration? = nil,
        simulator: SimulatedTreadmill.Configuration? = nil, supervisionTimeout: Duration? = nil
    ) -> TreadmillLoop {
        var loop = makeLoop(simulator: simulator, driver: driver, supervisionTimeout: supervisionTimeout)
        _ = loop.send(.start)
        _ = loop.send(.setTargetSpeed(kmh(speed)))
        _ = loop.advance(by: .seconds(10))
        return loop
    }

    @Test func disconnectGivesLinkLostWithinTheDataTimeout() throws {
        var loop = running()
        let cut = loop.now + .milliseconds(300)
        loop.schedule(.disconnect, at: cut)
        let observed = loop.advance(by: .seconds(10))
        let lost = try #require(observed.firstTime(of: .linkLost))
        #expect(lost > cut && lost - cut <= .seconds(5), "linkLost \(lost - cut) after the cut")
        #expect(observed.events.filter { $0 == .linkLost }.count == 1)
        #expect(loop.driver.phase == .disconnected)
        // Commands after the loss fail at once
        #expect(loop.send(.stop).events == [.commandFailed(.stop, reason: "not connected")])
    }

    @Test func disconnectWithACommandOutstandingTimesOutWithoutTheWatchdog() throws {
        var loop = running(driver: .init(dataTimeout: nil))
        _ = loop.inject(.disconnect)
        let sent = loop.now
        let observed = loop.send(.setTargetSpeed(kmh(2))) + loop.advance(by: .seconds(10))
        #expect(observed.containsFailure(of: .setTargetSpeed(kmh(2))))
        let lost = try #require(observed.firstTime(of: .linkLost))
        // Three attempts of 2 s each.
        #expect(lost - sent == .seconds(6))
    }

    @Test func supervisionTimeoutReportsTheDisconnection() throws {
        var loop = running(driver: .init(dataTimeout: nil), supervisionTimeout: .seconds(4))
        let cut = loop.now
        let observed = loop.inject(.disconnect) + loop.advance(by: .seconds(10))
        #expect(observed.firstTime(of: .linkLost) == cut + .seconds(4))
    }

    @Test func silentDataWhileConnectedStopsTheBeltAndReportsLinkLost() throws {
        // The link is up, but Treadmill Data stops arriving while the belt runs
        var loop = running()
        let observed = loop.inject(.dropNotifications(.probability(1))) + loop.advance(by: .seconds(20))
        #expect(observed.events.contains(.linkLost))
        // The driver's last Stop reached the machine before it disconnected
        #expect(loop.treadmill.lastResult == ControlPointResponse(to: .stopOrPause, result: .success))
        #expect(loop.treadmill.beltSpeedKilometresPerHour == 0)
    }

    @Test func machineThatNeverAnswersIsGivenUpOn() throws {
        // A machine that never indicates, driven as if it were standard
        var loop = makeLoop(simulator: .init(quirks: .kingSmith), driver: .init(quirks: .standard))
        let observed = loop.send(.start) + loop.advance(by: .seconds(10))
        #expect(observed.containsFailure(of: .start))
        let lost = try #require(observed.firstTime(of: .linkLost))
        #expect(lost <= .seconds(7))
        #expect(!loop.treadmill.hasAcceptedStart)
    }

    @Test(arguments: [ControlPointResultCode.operationFailed, .invalidParameter, .opCodeNotSupported])
    func refusedCommandsGiveCommandFailed(result: ControlPointResultCode) throws {
        var loop = running()
        _ = loop.inject(.refuseCommands(count: 1, result: result))
        var observed = loop.send(.setTargetSpeed(kmh(4))) + loop.advance(by: .seconds(2))
        let failure = try #require(observed.events.first)
        guard case .commandFailed(.setTargetSpeed(kmh(4)), let reason) = failure else {
            Issue.record("expected a failure, got \(failure)")
            return
        }
        #expect(reason.hasPrefix("rejected by the machine"))
        #expect(loop.treadmill.targetSpeed == wire(300))
        // The next one goes through
        observed = loop.send(.setTargetSpeed(kmh(4))) + loop.advance(by: .seconds(2))
        #expect(observed.events == [.commandSucceeded(.setTargetSpeed(kmh(4)))])
    }

    @Test func controlNotPermittedIsRecoveredByRequestingControlAgain() {
        var loop = running()
        _ = loop.inject(.revokeControl)
        let observed = loop.send(.setTargetSpeed(kmh(4))) + loop.advance(by: .seconds(2))
        #expect(observed.events == [.commandSucceeded(.setTargetSpeed(kmh(4)))])
        var again = running()
        _ = again.inject(.refuseCommands(count: 1, result: .controlNotPermitted))
        let retried = again.send(.pause) + again.advance(by: .seconds(2))
        #expect(retried.events == [.commandSucceeded(.pause)])
        #expect(again.treadmill.beltState == .paused)
    }

    @Test(arguments: [
        SimulatedTreadmill.DropPattern.everyNth(2), .everyNth(3), .probability(0.1), .probability(0.25),
    ])
    func droppedNotificationsAreSurvived(pattern: SimulatedTreadmill.DropPattern) throws {
        var loop = running(simulator: .init(seed: 7))
        var observed = loop.inject(.dropNotifications(pattern))
        for step in 1...12 {
            observed += loop.send(.setTargetSpeed(kmh(Double(20 + step % 4 * 5) / 10)))
            observed += loop.advance(by: .seconds(10))
        }
        #expect(!observed.events.contains(.linkLost))
        #expect(!observed.events.contains { if case .commandFailed = $0 { true } else { false } })
        #expect(observed.readings.count > 40)
        #expect(observed.readings.count < 120)
        // the last command asked for 2.0 km/h
        #expect(abs((observed.readings.last?.speed?.kilometersPerHour ?? 0) - 2.0) < 1e-9)
    }

    @Test func pulledSafetyKeyIsObservedAndTheBeltStops() throws {
        var loop = running()
        let pulled = loop.now
        var observed = loop.inject(.pullSafetyKey)
        observed += loop.advance(by: .seconds(5))
        #expect(observed.events.first == .safetyKeyPulled)
        #expect(loop.treadmill.beltSpeedKilometresPerHour == 0)
        // (the record sent just before the pull is still in flight; skip it)
        let speeds = observed.filter { $0.time > pulled + loop.latency }.readings.compactMap(\.speed)
        #expect(!speeds.isEmpty && speeds.allSatisfy { $0 == .zero })
        // Start fails while the key is out
        observed = loop.send(.start) + loop.advance(by: .seconds(2))
        #expect(observed.containsFailure(of: .start))
    }

    @Test(arguments: [SimulatedTreadmill.NonsenseSpeed.negative, .absurd])
    func nonsenseSpeedsAreFlaggedAndNeverReportedAsValid(nonsense: SimulatedTreadmill.NonsenseSpeed) throws {
        var loop = running()
        let start = loop.now
        var observed = loop.inject(.reportNonsense(nonsense))
        observed += loop.advance(by: .seconds(10))
        // Readings keep coming (distance, grade) but without a speed
        let readings = observed.filter { $0.time > start + loop.latency }.readings
        #expect(readings.count == 9)  // the tenth is still in flight
        #expect(readings.allSatisfy { $0.speed == nil && $0.distance != nil })
        #expect(observed.readings.allSatisfy { ($0.speed?.kilometersPerHour ?? 0) <= 3 })
        #expect(loop.diagnostics.contains { if case .implausibleSpeed = $0 { true } else { false } })
        #expect(!observed.events.contains(.linkLost))
        // and once the machine talks sense again, so do the readings
        observed = loop.inject(.reportTruthfully) + loop.advance(by: .seconds(2))
        #expect(observed.readings.last?.speed == kmh(3))
    }

    @Test func aPlausibleSpeedFarFromTheTargetPassesThroughForTheEngineToJudge() throws {
        var loop = running()
        let observed =
            loop.inject(.reportNonsense(.offset(hundredthsOfKilometrePerHour: 400))) + loop.advance(by: .seconds(3))
        let speed = try #require(observed.readings.last?.speed?.kilometersPerHour)
        #expect(abs(speed - 7) < 1e-9)
        #expect(loop.treadmill.beltSpeedKilometresPerHour == 3)
    }
}
