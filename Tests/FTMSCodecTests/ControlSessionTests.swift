import Testing

@testable import FTMSCodec

/// Rule tables for the control point state machine (FTMP v1.0 §4.4.14; FTMS v1.0.1 §4.16).
@Suite struct ControlSessionTests {
    typealias Action = ControlSession.Action

    static let speed3 = Speed(hundredthsOfKilometrePerHour: 300)
    static let t0 = Duration.zero

    func session(_ quirks: QuirkProfile = .standard, attempts: Int = 3) -> ControlSession {
        ControlSession(configuration: .init(responseTimeout: .seconds(2), maximumAttempts: attempts, quirks: quirks))
    }

    func ok(_ op: ControlPointOpCode) -> [UInt8] { ControlPointResponse(to: op, result: .success).encode() }

    /// A session that already holds control.
    func controlled() -> ControlSession {
        var s = session()
        _ = s.submit(.startOrResume, now: Self.t0)
        _ = s.receivedIndication(ok(.requestControl), now: .seconds(1))
        _ = s.receivedIndication(ok(.startOrResume), now: .seconds(1))
        return s
    }

    @Test func requestControlGoesFirst() {
        var s = session()
        let actions = s.submit(.setTargetSpeed(Self.speed3), now: Self.t0)
        #expect(actions == [.write([0x00]), .scheduleTimeout(at: .seconds(2))])
        #expect(s.queuedRequests == [.setTargetSpeed(Self.speed3)])
        let next = s.receivedIndication(ok(.requestControl), now: .seconds(1))
        #expect(next == [.controlAcquired(.granted), .write([0x02, 0x2C, 0x01]), .scheduleTimeout(at: .seconds(3))])
        #expect(s.control == .granted)
        let done = s.receivedIndication(ok(.setTargetSpeed), now: .seconds(2))
        #expect(done == [.completed(.setTargetSpeed(Self.speed3), .succeeded)])
        #expect(s.state == .idle)
    }

    @Test func oneProcedureAtATime() {
        var s = controlled()
        let first = s.submit(.startOrResume, now: .seconds(10))
        #expect(first == [.write([0x07]), .scheduleTimeout(at: .seconds(12))])
        // While 07 is outstanding, nothing else is written.
        #expect(s.submit(.setTargetSpeed(Self.speed3), now: .seconds(10)) == [])
        #expect(s.submit(.stopOrPause(.pause), now: .seconds(10)) == [])
        #expect(s.queuedRequests == [.setTargetSpeed(Self.speed3), .stopOrPause(.pause)])
        // A response for another op code is not ours.
        let stray = ControlPointResponse(to: .reset, result: .success)
        #expect(s.receivedIndication(stray.encode(), now: .seconds(11)) == [.ignored(.unexpectedResponse(stray))])
        let next = s.receivedIndication(ok(.startOrResume), now: .seconds(11))
        #expect(
            next == [
                .completed(.startOrResume, .succeeded), .write([0x02, 0x2C, 0x01]), .scheduleTimeout(at: .seconds(13)),
            ])
    }

    @Test func newerTargetSupersedesQueuedOne() {
        var s = controlled()
        _ = s.submit(.startOrResume, now: .seconds(10))
        _ = s.submit(.setTargetSpeed(Self.speed3), now: .seconds(10))
        let newer = Speed(hundredthsOfKilometrePerHour: 350)
        #expect(
            s.submit(.setTargetSpeed(newer), now: .seconds(10)) == [
                .completed(.setTargetSpeed(Self.speed3), .failed(.superseded))
            ])
        #expect(s.queuedRequests == [.setTargetSpeed(newer)])
    }

    @Test func queueIsBounded() {
        var s = ControlSession(configuration: .init(queueLimit: 2))
        _ = s.submit(.startOrResume, now: Self.t0)  // request control outstanding, start queued
        _ = s.submit(.stopOrPause(.pause), now: Self.t0)
        #expect(s.submit(.reset, now: Self.t0) == [.completed(.reset, .failed(.queueFull))])
    }

    @Test func timeoutRetriesThenGivesUp() {
        var s = controlled()
        _ = s.submit(.setTargetSpeed(Self.speed3), now: .seconds(10))
        _ = s.submit(.stopOrPause(.stop), now: .seconds(10))
        #expect(s.tick(now: .seconds(11)) == [])  // not yet due
        #expect(s.tick(now: .seconds(12)) == [.write([0x02, 0x2C, 0x01]), .scheduleTimeout(at: .seconds(14))])
        #expect(s.tick(now: .seconds(14)) == [.write([0x02, 0x2C, 0x01]), .scheduleTimeout(at: .seconds(16))])
        let last = s.tick(now: .seconds(16))
        #expect(
            last == [
                .completed(.setTargetSpeed(Self.speed3), .failed(.timedOut)),
                .completed(.stopOrPause(.stop), .failed(.linkUnusable)),
                .linkUnusable(.noResponse(opCode: .setTargetSpeed)),
            ])
        #expect(s.state == .linkUnusable(.noResponse(opCode: .setTargetSpeed)))
        // Nothing more is written on this link.
        #expect(s.submit(.startOrResume, now: .seconds(17)) == [.completed(.startOrResume, .failed(.linkUnusable))])
        // A late response is ignored.
        #expect(s.receivedIndication(ok(.setTargetSpeed), now: .seconds(18)).count == 1)
        // Reconnecting starts over, without control.
        #expect(s.disconnected() == [])
        #expect(s.state == .idle && s.control == .none)
        #expect(s.submit(.startOrResume, now: .seconds(20)) == [.write([0x00]), .scheduleTimeout(at: .seconds(22))])
    }

    @Test func answerAfterARetryCompletes() {
        var s = controlled()
        _ = s.submit(.startOrResume, now: .seconds(10))
        _ = s.tick(now: .seconds(12))
        #expect(s.receivedIndication(ok(.startOrResume), now: .seconds(13)) == [.completed(.startOrResume, .succeeded)])
    }

    /// Every result code, for an ordinary procedure.
    @Test(arguments: [
        (ControlPointResultCode.success, ProcedureOutcome.succeeded),
        (.opCodeNotSupported, .failed(.rejected(.opCodeNotSupported))),
        (.invalidParameter, .failed(.rejected(.invalidParameter))),
        (.operationFailed, .failed(.rejected(.operationFailed))),
    ])
    func resultCodes(_ result: ControlPointResultCode, _ outcome: ProcedureOutcome) {
        var s = controlled()
        _ = s.submit(.stopOrPause(.pause), now: .seconds(10))
        let actions = s.receivedIndication(
            ControlPointResponse(to: .stopOrPause, result: result).encode(), now: .seconds(11))
        #expect(actions == [.completed(.stopOrPause(.pause), outcome)])
        #expect(s.control == .granted)
    }

    @Test func controlNotPermittedReRequestsControlAndRetriesOnce() {
        var s = controlled()
        _ = s.submit(.stopOrPause(.pause), now: .seconds(10))
        let notPermitted = ControlPointResponse(to: .stopOrPause, result: .controlNotPermitted).encode()
        #expect(
            s.receivedIndication(notPermitted, now: .seconds(11)) == [
                .controlLost, .write([0x00]), .scheduleTimeout(at: .seconds(13)),
            ])
        #expect(
            s.receivedIndication(ok(.requestControl), now: .seconds(12)) == [
                .controlAcquired(.granted), .write([0x08, 0x02]), .scheduleTimeout(at: .seconds(14)),
            ])
        // A second refusal is final.
        #expect(
            s.receivedIndication(notPermitted, now: .seconds(13)) == [
                .controlLost, .completed(.stopOrPause(.pause), .failed(.rejected(.controlNotPermitted))),
            ])
    }

    @Test(arguments: [
        ControlPointResultCode.opCodeNotSupported, .invalidParameter, .operationFailed, .controlNotPermitted,
    ])
    func refusedRequestControlFailsQueuedProcedures(result: ControlPointResultCode) {
        var s = session()
        _ = s.submit(.startOrResume, now: Self.t0)
        _ = s.submit(.setTargetSpeed(Self.speed3), now: Self.t0)
        let actions = s.receivedIndication(
            ControlPointResponse(to: .requestControl, result: result).encode(), now: .seconds(1))
        #expect(
            actions == [
                .completed(.startOrResume, .failed(.controlNotGranted(result))),
                .completed(.setTargetSpeed(Self.speed3), .failed(.controlNotGranted(result))),
            ])
        #expect(s.control == .none && s.state == .idle)
    }

    @Test func explicitRequestControlReportsItsOwnOutcome() {
        var s = session()
        #expect(s.submit(.requestControl, now: Self.t0) == [.write([0x00]), .scheduleTimeout(at: .seconds(2))])
        #expect(
            s.receivedIndication(ok(.requestControl), now: .seconds(1)) == [
                .controlAcquired(.granted), .completed(.requestControl, .succeeded),
            ])
    }

    @Test func resetDropsControl() {
        var s = controlled()
        _ = s.submit(.reset, now: .seconds(10))
        #expect(s.receivedIndication(ok(.reset), now: .seconds(11)) == [.completed(.reset, .succeeded), .controlLost])
        #expect(s.submit(.startOrResume, now: .seconds(12)).first == .write([0x00]))
    }

    @Test func controlPermissionLostStatus() {
        var s = controlled()
        #expect(s.receivedStatus([0xFF], now: .seconds(10)) == [.machineStatus(.controlPermissionLost), .controlLost])
        #expect(s.control == .none)
        #expect(
            s.receivedStatus([0x05, 0x69, 0x00], now: .seconds(10)) == [
                .machineStatus(.targetSpeedChanged(Speed(hundredthsOfKilometrePerHour: 105)))
            ])
        #expect(
            s.receivedStatus([0x42], now: .seconds(10)) == [
                .ignored(.malformedStatus([0x42], .unknownOpCode(0x42, offset: 0)))
            ])
    }

    @Test func malformedIndicationIsIgnoredAndTheTimeoutStillRuns() {
        var s = controlled()
        _ = s.submit(.startOrResume, now: .seconds(10))
        #expect(
            s.receivedIndication([0x80, 0x07], now: .seconds(11)) == [
                .ignored(
                    .malformedIndication(
                        [0x80, 0x07], .truncated(field: "Result Code", offset: 2, needed: 1, available: 0)))
            ])
        #expect(s.tick(now: .seconds(12)).first == .write([0x07]))
    }

    @Test func writeErrors() {
        var s = controlled()
        _ = s.submit(.startOrResume, now: .seconds(10))
        // 0xFE Procedure Already In Progress: retried.
        #expect(
            s.writeFailed(attErrorCode: 0xFE, now: .seconds(10)) == [
                .write([0x07]), .scheduleTimeout(at: .seconds(12)),
            ])
        // 0xFD CCCD Improperly Configured: indications are off, give up.
        #expect(
            s.writeFailed(attErrorCode: 0xFD, now: .seconds(10)) == [
                .completed(.startOrResume, .failed(.writeRejected(attErrorCode: 0xFD))),
                .linkUnusable(.indicationsNotEnabled),
            ])
    }

    @Test func disconnectFailsEverything() {
        var s = controlled()
        _ = s.submit(.startOrResume, now: .seconds(10))
        _ = s.submit(.setTargetSpeed(Self.speed3), now: .seconds(10))
        #expect(
            s.disconnected() == [
                .completed(.startOrResume, .failed(.disconnected)),
                .completed(.setTargetSpeed(Self.speed3), .failed(.disconnected)),
            ])
        #expect(s.control == .none)
    }

    @Test func speedAndInclinationAreClampedToTheRanges() {
        var s = ControlSession(
            configuration: .init(
                speedRange: SupportedSpeedRange(
                    minimum: Speed(hundredthsOfKilometrePerHour: 100),
                    maximum: Speed(hundredthsOfKilometrePerHour: 600),
                    minimumIncrement: Speed(hundredthsOfKilometrePerHour: 10)),
                inclinationRange: SupportedInclinationRange(
                    minimum: Inclination(tenthsOfPercent: -30), maximum: Inclination(tenthsOfPercent: 150),
                    minimumIncrementTenthsOfPercent: 5)))
        #expect(
            s.wireRequest(for: .setTargetSpeed(Speed(hundredthsOfKilometrePerHour: 50)))
                == .setTargetSpeed(Speed(hundredthsOfKilometrePerHour: 100)))
        #expect(
            s.wireRequest(for: .setTargetSpeed(Speed(hundredthsOfKilometrePerHour: 323)))
                == .setTargetSpeed(Speed(hundredthsOfKilometrePerHour: 320)))
        #expect(
            s.wireRequest(for: .setTargetInclination(Inclination(tenthsOfPercent: 12)))
                == .setTargetInclination(Inclination(tenthsOfPercent: 10)))
        #expect(
            s.wireRequest(for: .setTargetInclination(Inclination(tenthsOfPercent: 400)))
                == .setTargetInclination(Inclination(tenthsOfPercent: 150)))
        // An all-zero inclination range is "unknown", not "unsupported": no clamping.
        s.setRanges(
            speed: nil,
            inclination: SupportedInclinationRange(minimum: .zero, maximum: .zero, minimumIncrementTenthsOfPercent: 0))
        #expect(
            s.wireRequest(for: .setTargetInclination(Inclination(tenthsOfPercent: 55)))
                == .setTargetInclination(Inclination(tenthsOfPercent: 55)))
    }

    // MARK: Quirk profiles

    @Test func kingSmithRefusesControlAndNeverIndicates() {
        var s = session(.kingSmith)
        // No indications: each write completes at once as unconfirmed; control is assumed.
        #expect(
            s.submit(.startOrResume, now: Self.t0) == [
                .write([0x00]), .controlAcquired(.assumed), .write([0x07]), .completed(.startOrResume, .unconfirmed),
            ])
        #expect(s.control == .assumed)
        #expect(
            s.submit(.setTargetSpeed(Self.speed3), now: .seconds(1)) == [
                .write([0x02, 0x2C, 0x01]), .completed(.setTargetSpeed(Self.speed3), .unconfirmed),
            ])
        #expect(s.state == .idle)
    }

    @Test func proceedWithoutGrantSurvivesRefusalAndSilence() {
        let quirks = QuirkProfile(name: "refuses", requestControl: .proceedWithoutGrant)
        // Refused with 80 00 04: carry on.
        var refused = session(quirks)
        _ = refused.submit(.startOrResume, now: Self.t0)
        let refusal = ControlPointResponse(to: .requestControl, result: .operationFailed).encode()
        #expect(
            refused.receivedIndication(refusal, now: .seconds(1)) == [
                .controlAcquired(.assumed), .write([0x07]), .scheduleTimeout(at: .seconds(3)),
            ])
        // Never answered: after every attempt, carry on too.
        var silent = session(quirks, attempts: 2)
        _ = silent.submit(.startOrResume, now: Self.t0)
        #expect(silent.tick(now: .seconds(2)) == [.write([0x00]), .scheduleTimeout(at: .seconds(4))])
        #expect(
            silent.tick(now: .seconds(4)) == [
                .controlAcquired(.assumed), .write([0x07]), .scheduleTimeout(at: .seconds(6)),
            ])
    }

    @Test func standardMachineThatNeverAnswersRequestControlMakesTheLinkUnusable() {
        var s = session(attempts: 1)
        _ = s.submit(.startOrResume, now: Self.t0)
        #expect(
            s.tick(now: .seconds(2)) == [
                .completed(.startOrResume, .failed(.controlNotGranted(nil))),
                .linkUnusable(.noResponse(opCode: .requestControl)),
            ])
    }

    @Test func startTogglesPauseIsNeverSentWhileTheBeltMoves() {
        var s = session(.vitalwalkTM11GY)
        _ = s.submit(.requestControl, now: Self.t0)
        _ = s.receivedIndication(ok(.requestControl), now: .seconds(1))
        s.receivedTreadmillData(TreadmillData(instantaneousSpeed: Self.speed3))
        #expect(s.beltMoving)
        #expect(
            s.submit(.startOrResume, now: .seconds(2)) == [.completed(.startOrResume, .skipped(.beltAlreadyMoving))])
        s.receivedTreadmillData(TreadmillData(instantaneousSpeed: .zero))
        #expect(s.submit(.startOrResume, now: .seconds(3)) == [.write([0x07]), .scheduleTimeout(at: .seconds(5))])
        // The standard profile sends Start regardless (the machine answers Operation Failed if running).
        var standard = controlled()
        standard.receivedTreadmillData(TreadmillData(instantaneousSpeed: Self.speed3))
        #expect(standard.submit(.startOrResume, now: .seconds(2)).first == .write([0x07]))
    }

    @Test(arguments: [QuirkProfile.vitalwalkTM11GY, .milesPerHourTargets])
    func milesPerHourTargets(quirks: QuirkProfile) {
        let s = session(quirks)
        // 1.61 km/h is 1.00 mph: written as 02 64 00 (issue cagnulein/qdomyos-zwift#5100).
        let request = s.wireRequest(for: .setTargetSpeed(Speed(hundredthsOfKilometrePerHour: 161)))
        #expect(request.encode() == [0x02, 0x64, 0x00])
        #expect(session().wireRequest(for: .setTargetSpeed(Self.speed3)).encode() == [0x02, 0x2C, 0x01])
    }

    @Test func zeroInclinationRangeQuirkIgnoresTheRange() {
        let range = SupportedInclinationRange(
            minimum: .zero, maximum: Inclination(tenthsOfPercent: 1), minimumIncrementTenthsOfPercent: 1)
        let target = ControlPointRequest.setTargetInclination(Inclination(tenthsOfPercent: 50))
        let jtx = ControlSession(configuration: .init(quirks: .jtxSprint8, inclinationRange: range))
        #expect(jtx.wireRequest(for: target) == target)
        let standard = ControlSession(configuration: .init(inclinationRange: range))
        #expect(standard.wireRequest(for: target) == .setTargetInclination(Inclination(tenthsOfPercent: 1)))
    }

    @Test func presetsAreDistinct() {
        #expect(Set(QuirkProfile.presets.map(\.name)).count == QuirkProfile.presets.count)
        #expect(QuirkProfile.presets.filter { !$0.sendsIndications }.count == 2)
    }
}
