import BackstepCore
import FTMSCodec

/// The FTMS treadmill driver: the central side, as a state machine with no clock and no I/O.
///
/// It turns the engine's `TreadmillCommand`s into control point writes through `FTMSCodec.ControlSession` (which
/// owns the procedure rules and the machine's quirks), and the machine's notifications into
/// `TreadmillObservation`s. A thin shell owns the Bluetooth link: it feeds events in (``connected(feature:speedRange:inclinationRange:now:)``,
/// ``send(_:now:)``, ``receive(_:_:now:)``, ``tick(now:)``, ``disconnected(now:)``) and carries out the returned
/// ``Action``s in order.
///
/// Observations:
/// - `.reading` for every complete Treadmill Data record (fragments are reassembled).
///   **Implausible speeds are never passed on as valid:** a speed above ``Configuration/maximumPlausibleSpeed``
///   (by default the machine's maximum plus 25 %, or 30 km/h when the range is unknown) is reported as
///   `speed: nil` in the reading, with ``Diagnostic/implausibleSpeed(_:)``. FTMS speeds are unsigned, so a
///   firmware's negative speed arrives as a value near 655 km/h and is caught by the same rule. A plausible speed
///   that differs from the target (ramping, or a belt running away) passes through unchanged: the engine compares
///   it with the user's cap and reacts; hiding it would hide a runaway belt.
/// - `.commandSucceeded` / `.commandFailed` when a command's procedure ends. On machines that never indicate
///   (quirk profile), `.commandSucceeded` means "written" (``Diagnostic/unconfirmed(_:)``); confirm with readings.
///   A Start skipped because the belt already moves on a start/pause-toggle machine also succeeds (its goal holds).
/// - `.safetyKeyPulled`, `.stoppedByMachine`, `.startedByMachine` from Fitness Machine Status `03`, `02 xx`, `04`.
/// - `.linkLost` once when the link drops (``disconnected(now:)``), when `ControlSession` gives up on the link
///   (no response after every retry), or when no notification at all arrived for ``Configuration/dataTimeout``.
///   In the last two cases the driver first writes a best-effort Stop (`08 01`, unless
///   ``Configuration/stopsBeltOnLinkLoss`` is off) and then asks the shell to ``Action/disconnect``.
///   After `.linkLost` everything is ignored until ``connected(feature:speedRange:inclinationRange:now:)``,
///   which reports `.linkRestored`.
///
/// Speed targets are made safe before they reach `ControlSession`: they are clamped to the machine's maximum
/// and rounded **down** to its increment (never up, so a user's cap is never exceeded by rounding); a target below
/// the machine's minimum fails instead of being raised. For machines that read targets in mph the value is also
/// chosen so that the mph figure `ControlSession` writes, as the machine reads it, is not above the request.
public struct FTMSTreadmillDriver: Sendable {
    /// Tuning and machine knowledge.
    public struct Configuration: Hashable, Sendable {
        /// The machine's deviations from FTMS (passed to `ControlSession`).
        public var quirks: QuirkProfile
        /// How long to wait for each control point response. Default 2 s.
        public var responseTimeout: Duration
        /// Writes per procedure, counting the first. Default 3.
        public var maximumAttempts: Int
        /// The most commands waiting behind the outstanding one. Default 8.
        public var queueLimit: Int
        /// The link counts as lost when nothing at all was received for this long (nil: never). Default 5 s;
        /// machines notify Treadmill Data about once a second.
        public var dataTimeout: Duration?
        /// Readings above this speed are implausible and reported without a speed. Nil (the default): the
        /// machine's maximum plus 25 %, or 30 km/h when the machine does not report its range.
        public var maximumPlausibleSpeed: FTMSCodec.Speed?
        /// Whether to write a last Stop (`08 01`) when giving up on a link that may still reach the machine.
        public var stopsBeltOnLinkLoss: Bool

        /// Creates a configuration.
        public init(
            quirks: QuirkProfile = .standard, responseTimeout: Duration = .seconds(2), maximumAttempts: Int = 3,
            queueLimit: Int = 8, dataTimeout: Duration? = .seconds(5), maximumPlausibleSpeed: FTMSCodec.Speed? = nil,
            stopsBeltOnLinkLoss: Bool = true
        ) {
            self.quirks = quirks
            self.responseTimeout = responseTimeout
            self.maximumAttempts = maximumAttempts
            self.queueLimit = queueLimit
            self.dataTimeout = dataTimeout
            self.maximumPlausibleSpeed = maximumPlausibleSpeed
            self.stopsBeltOnLinkLoss = stopsBeltOnLinkLoss
        }
    }

    /// What the shell must do, in order.
    public enum Action: Hashable, Sendable {
        /// Write these bytes to the Fitness Machine Control Point (0x2AD9), with response.
        case write([UInt8])
        /// Call ``FTMSTreadmillDriver/tick(now:)`` at (or after) this time.
        case scheduleTick(at: Duration)
        /// Tell the session engine.
        case observe(TreadmillObservation)
        /// Give up on the link: disconnect, then call ``FTMSTreadmillDriver/disconnected(now:)``.
        case disconnect
        /// Something for the logs.
        case diagnostic(Diagnostic)
    }

    /// Details for logs; the engine needs none of them to stay safe.
    public enum Diagnostic: Hashable, Sendable {
        /// A reading's speed was implausible and dropped from the reading.
        case implausibleSpeed(FTMSCodec.Speed)
        /// A characteristic value did not decode and was ignored.
        case malformed(FTMSCharacteristic, [UInt8], FTMSDecodingError)
        /// A notification on a characteristic the driver does not use.
        case unexpected(FTMSCharacteristic, [UInt8])
        /// The speed actually submitted for a target (clamped, rounded down, mph-adjusted).
        case speedAdjusted(requested: BackstepCore.Speed, submitted: FTMSCodec.Speed)
        /// The command was written, but the machine never confirms (quirk profile).
        case unconfirmed(TreadmillCommand)
        /// The command was not written.
        case skipped(TreadmillCommand, SkipReason)
        /// Nothing was received for this long; the link counts as lost.
        case silentFor(Duration)
        /// The control session gave up on the link.
        case linkUnusable(LinkFailure)
        /// A control session event that needs no observation (control acquired or lost, statuses, ignored input,
        /// outcomes of the requests the session sent by itself).
        case session(ControlSession.Action)
    }

    /// Where the driver stands.
    public enum Phase: Hashable, Sendable {
        /// No link (the initial state, and after ``FTMSTreadmillDriver/disconnected(now:)``).
        case disconnected
        /// Connected: commands go out, notifications come in.
        case connected
        /// The driver gave up on the link and is waiting for the shell to disconnect.
        case linkLost
    }

    /// The configuration.
    public let configuration: Configuration
    /// Where the driver stands.
    private(set) public var phase: Phase = .disconnected
    /// What the machine can do, from its Feature and Supported Range characteristics; nil before connecting.
    private(set) public var capabilities: TreadmillCapabilities?
    /// The control point procedure state machine.
    private(set) public var session: ControlSession
    /// The Supported Speed Range read at connection, if it decoded and is known.
    private(set) public var speedRange: SupportedSpeedRange?
    /// The Fitness Machine Feature read at connection, if it decoded.
    private(set) public var feature: FitnessMachineFeature?

    private var reassembler = TreadmillDataReassembler()
    private var pending: [(request: ControlPointRequest, command: TreadmillCommand)] = []
    private var lastHeard: Duration = .zero
    private var hasConnectedBefore = false

    /// Creates a disconnected driver.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        self.session = ControlSession(configuration: Self.sessionConfiguration(configuration, inclination: nil))
    }

    private static func sessionConfiguration(
        _ configuration: Configuration, inclination: SupportedInclinationRange?
    ) -> ControlSession.Configuration {
        // The speed range is deliberately not given to ControlSession: it rounds to the nearest increment, which
        // can go above a user's cap. The driver clamps and rounds down itself (see `submittedSpeed`).
        ControlSession.Configuration(
            responseTimeout: configuration.responseTimeout, maximumAttempts: configuration.maximumAttempts,
            queueLimit: configuration.queueLimit, quirks: configuration.quirks, speedRange: nil,
            inclinationRange: inclination)
    }

    /// When ``tick(now:)`` is next needed: the outstanding response's deadline or the data watchdog, whichever
    /// is first; nil when nothing is pending. Shells may also simply tick periodically.
    public var nextDeadline: Duration? {
        guard phase == .connected else { return nil }
        var deadline: Duration?
        if case .awaitingResponse(let outstanding) = session.state { deadline = outstanding.deadline }
        if let timeout = configuration.dataTimeout {
            let watchdog = lastHeard + timeout
            deadline = min(deadline ?? watchdog, watchdog)
        }
        return deadline
    }

    // MARK: Events

    /// The link is up and the readable characteristics were read. Malformed or missing values make the machine
    /// uncontrollable (`capabilities.controllable == false`: the engine shows targets for the user to set by
    /// hand) rather than failing: FTMS makes the speed range mandatory for speed targets, and pyftms likewise
    /// drops a target feature whose range is missing.
    /// - Parameters:
    ///   - feature: the Fitness Machine Feature value (0x2ACC).
    ///   - speedRange: the Supported Speed Range value (0x2AD4), nil if the machine has none.
    ///   - inclinationRange: the Supported Inclination Range value (0x2AD5), nil if the machine has none.
    ///   - now: the current time.
    public mutating func connected(
        feature featureBytes: [UInt8], speedRange speedBytes: [UInt8]?, inclinationRange inclinationBytes: [UInt8]?,
        now: Duration
    ) -> [Action] {
        var actions: [Action] = []
        if phase != .disconnected { actions += dropLink(now: now, report: phase == .connected) }
        feature = decode(.fitnessMachineFeature, featureBytes, into: &actions) { (bytes) throws(FTMSDecodingError) in
            try FitnessMachineFeature(decoding: bytes)
        }
        var speed: SupportedSpeedRange?
        if let speedBytes {
            speed = decode(.supportedSpeedRange, speedBytes, into: &actions) { (bytes) throws(FTMSDecodingError) in
                try SupportedSpeedRange(decoding: bytes)
            }
        }
        var inclination: SupportedInclinationRange?
        if let inclinationBytes {
            inclination = decode(.supportedInclinationRange, inclinationBytes, into: &actions) {
                (bytes) throws(FTMSDecodingError) in try SupportedInclinationRange(decoding: bytes)
            }
        }
        speedRange = speed.flatMap { $0.isUnknown ? nil : $0 }
        let targets = feature?.targetSettingFeatures ?? []
        let knownInclination = inclination.flatMap { $0.isUnknown ? nil : $0 }
        capabilities = TreadmillCapabilities(
            minimumSpeed: .kilometersPerHour(speedRange?.minimum.kilometresPerHour ?? 0),
            maximumSpeed: .kilometersPerHour(speedRange?.maximum.kilometresPerHour ?? 0),
            speedIncrement: .kilometersPerHour(speedRange?.minimumIncrement.kilometresPerHour ?? 0.1),
            minimumGrade: .percent(knownInclination?.minimum.percent ?? 0),
            maximumGrade: .percent(knownInclination?.maximum.percent ?? 0),
            controllable: targets.contains(.speed) && speedRange != nil)
        session = ControlSession(configuration: Self.sessionConfiguration(configuration, inclination: inclination))
        reassembler.reset()
        pending = []
        lastHeard = now
        phase = .connected
        if hasConnectedBefore { actions.append(.observe(.linkRestored)) }
        hasConnectedBefore = true
        return actions
    }

    /// The link dropped (the Bluetooth stack said so, or the shell disconnected as asked). Pending commands fail
    /// and `.linkLost` is reported, unless it already was.
    public mutating func disconnected(now: Duration) -> [Action] {
        guard phase != .disconnected else { return [] }
        let actions = dropLink(now: now, report: phase == .connected)
        phase = .disconnected
        return actions
    }

    /// Asks the machine to carry out `command`. The outcome arrives later as `.commandSucceeded` or
    /// `.commandFailed` (at once when the command cannot be sent at all).
    public mutating func send(_ command: TreadmillCommand, now: Duration) -> [Action] {
        guard phase == .connected else { return [.observe(.commandFailed(command, reason: "not connected"))] }
        var actions: [Action] = []
        let request: ControlPointRequest
        switch command {
        case .requestControl: request = .requestControl
        case .start: request = .startOrResume
        case .pause: request = .stopOrPause(.pause)
        case .stop: request = .stopOrPause(.stop)
        case .setTargetSpeed(let speed):
            switch submittedSpeed(for: speed) {
            case .failure(let reason): return [.observe(.commandFailed(command, reason: reason.text))]
            case .success(let wire):
                if Self.hundredths(speed) != Int(wire.hundredthsOfKilometrePerHour) {
                    actions.append(.diagnostic(.speedAdjusted(requested: speed, submitted: wire)))
                }
                request = .setTargetSpeed(wire)
            }
        case .setTargetIncline(let grade):
            guard feature?.targetSettingFeatures.contains(.inclination) == true else {
                return [.observe(.commandFailed(command, reason: "the machine does not accept incline targets"))]
            }
            guard let inclination = Inclination(percent: grade.percent) else {
                return [.observe(.commandFailed(command, reason: "incline \(grade.percent) % cannot be sent"))]
            }
            request = .setTargetInclination(inclination)
        }
        pending.append((request: request, command: command))
        return actions + handle(session.submit(request, now: now), now: now)
    }

    /// A notification or indication arrived.
    public mutating func receive(_ characteristic: FTMSCharacteristic, _ bytes: [UInt8], now: Duration) -> [Action] {
        guard phase == .connected else { return [] }
        lastHeard = max(lastHeard, now)
        switch characteristic {
        case .controlPoint:
            return handle(session.receivedIndication(bytes, now: now), now: now)
        case .fitnessMachineStatus:
            return handle(session.receivedStatus(bytes, now: now), now: now)
        case .treadmillData:
            let record: TreadmillData?
            do {
                record = try reassembler.feed(bytes)
            } catch {
                return [.diagnostic(.malformed(.treadmillData, bytes, error))]
            }
            guard let record else { return [] }
            return reading(from: record)
        case .trainingStatus, .fitnessMachineFeature, .supportedSpeedRange, .supportedInclinationRange:
            return [.diagnostic(.unexpected(characteristic, bytes))]
        }
    }

    /// Lets time pass: response timeouts and retries, and the data watchdog.
    public mutating func tick(now: Duration) -> [Action] {
        guard phase == .connected else { return [] }
        var actions = handle(session.tick(now: now), now: now)
        if phase == .connected, let timeout = configuration.dataTimeout, now - lastHeard >= timeout {
            actions.append(.diagnostic(.silentFor(now - lastHeard)))
            actions += giveUp(now: now)
        }
        return actions
    }

    // MARK: Internals

    private func decode<T>(
        _ characteristic: FTMSCharacteristic, _ bytes: [UInt8], into actions: inout [Action],
        _ decoder: ([UInt8]) throws(FTMSDecodingError) -> T
    ) -> T? {
        do {
            return try decoder(bytes)
        } catch {
            actions.append(.diagnostic(.malformed(characteristic, bytes, error)))
            return nil
        }
    }

    /// A speed in whole hundredths of a km/h, rounded down, tolerating binary noise (3.0 km/h stays 300).
    private static func hundredths(_ speed: BackstepCore.Speed) -> Int {
        let value = (speed.kilometersPerHour * 100 + 1e-6).rounded(.down)
        return value >= Double(Int(UInt16.max)) ? Int(UInt16.max) : Int(value)
    }

    /// The speed to submit for a target: clamped to the maximum, rounded down to the increment, never raised.
    private func submittedSpeed(for speed: BackstepCore.Speed) -> Result<FTMSCodec.Speed, Reason> {
        guard capabilities?.controllable == true else {
            return .failure(Reason("the machine does not accept speed targets"))
        }
        let kmh = speed.kilometersPerHour
        guard kmh.isFinite, kmh > 0 else { return .failure(Reason("target speed \(kmh) km/h is not a positive speed")) }
        var value = Self.hundredths(speed)
        if let range = speedRange {
            let low = Int(range.minimum.hundredthsOfKilometrePerHour)
            let high = Int(range.maximum.hundredthsOfKilometrePerHour)
            let step = Int(range.minimumIncrement.hundredthsOfKilometrePerHour)
            guard value >= low else {
                return .failure(Reason("target speed \(kmh) km/h is below the machine's minimum \(Double(low) / 100)"))
            }
            value = min(value, high)
            if step > 0 { value = low + (value - low) / step * step }
        }
        if configuration.quirks.targetSpeedUnit == .milesPerHour {
            // ControlSession writes round(k / 1.609344) mph hundredths for k km/h hundredths. Pick k so that
            // figure is the largest mph value not above the target: k = round(m · 1.609344) maps back to m.
            let mph = (Double(value) / FTMSCodec.Speed.kilometresPerMile + 1e-9).rounded(.down)
            value = Int((mph * FTMSCodec.Speed.kilometresPerMile).rounded())
        }
        guard value > 0 else { return .failure(Reason("target speed \(kmh) km/h rounds to zero")) }
        return .success(FTMSCodec.Speed(hundredthsOfKilometrePerHour: UInt16(clamping: value)))
    }

    /// A failure reason that can travel in a `Result`.
    private struct Reason: Error {
        var text: String
        init(_ text: String) { self.text = text }
    }

    /// The limit above which a reported speed is nonsense.
    private var plausibleSpeedLimit: FTMSCodec.Speed {
        if let limit = configuration.maximumPlausibleSpeed { return limit }
        guard let range = speedRange else { return FTMSCodec.Speed(hundredthsOfKilometrePerHour: 3000) }
        let maximum = Int(range.maximum.hundredthsOfKilometrePerHour)
        return FTMSCodec.Speed(hundredthsOfKilometrePerHour: UInt16(clamping: maximum + maximum / 4))
    }

    /// A reading from a complete record; an implausible speed is left out.
    private mutating func reading(from record: TreadmillData) -> [Action] {
        var actions: [Action] = []
        var speed: BackstepCore.Speed?
        if let wire = record.instantaneousSpeed {
            if wire > plausibleSpeedLimit {
                actions.append(.diagnostic(.implausibleSpeed(wire)))
            } else {
                speed = .kilometersPerHour(wire.kilometresPerHour)
                session.receivedTreadmillData(record)
            }
        }
        let reading = TreadmillReading(
            speed: speed,
            grade: record.inclination.map { .percent($0.percent) },
            distance: record.totalDistance.map { BackstepCore.Distance(meters: Double($0.metres)) },
            heartRate: record.heartRateBeatsPerMinute.map { Int($0) })
        actions.append(.observe(.reading(reading)))
        return actions
    }

    /// Turns control session actions into driver actions.
    private mutating func handle(_ sessionActions: [ControlSession.Action], now: Duration) -> [Action] {
        var actions: [Action] = []
        for action in sessionActions {
            switch action {
            case .write(let bytes): actions.append(.write(bytes))
            case .scheduleTimeout(let at): actions.append(.scheduleTick(at: at))
            case .completed(let request, let outcome):
                guard let index = pending.firstIndex(where: { $0.request == request }) else {
                    actions.append(.diagnostic(.session(action)))
                    continue
                }
                let command = pending.remove(at: index).command
                actions += completion(of: command, outcome)
            case .machineStatus(let status):
                actions.append(.diagnostic(.session(action)))
                switch status {
                case .stoppedBySafetyKey: actions.append(.observe(.safetyKeyPulled))
                case .stoppedOrPausedByUser: actions.append(.observe(.stoppedByMachine))
                case .startedOrResumedByUser: actions.append(.observe(.startedByMachine))
                default: break
                }
            case .controlAcquired, .controlLost, .ignored:
                actions.append(.diagnostic(.session(action)))
            case .linkUnusable(let failure):
                actions.append(.diagnostic(.linkUnusable(failure)))
                if phase == .connected { actions += giveUp(now: now) }
            }
        }
        return actions
    }

    private func completion(of command: TreadmillCommand, _ outcome: ProcedureOutcome) -> [Action] {
        switch outcome {
        case .succeeded: return [.observe(.commandSucceeded(command))]
        case .unconfirmed: return [.diagnostic(.unconfirmed(command)), .observe(.commandSucceeded(command))]
        case .skipped(let reason):
            return [.diagnostic(.skipped(command, reason)), .observe(.commandSucceeded(command))]
        case .failed(let failure): return [.observe(.commandFailed(command, reason: Self.describe(failure)))]
        }
    }

    /// Gives up on a link that may still reach the machine: last Stop, fail everything, report, disconnect.
    private mutating func giveUp(now: Duration) -> [Action] {
        var actions: [Action] = []
        if configuration.stopsBeltOnLinkLoss { actions.append(.write(ControlPointRequest.stopOrPause(.stop).encode())) }
        actions += dropLink(now: now, report: true)
        phase = .linkLost
        actions.append(.disconnect)
        return actions
    }

    /// Fails what is pending, resets the session, and reports `.linkLost` if asked.
    private mutating func dropLink(now: Duration, report: Bool) -> [Action] {
        var actions = handle(session.disconnected(), now: now)
        actions += pending.map { .observe(.commandFailed($0.command, reason: "link lost")) }
        pending = []
        reassembler.reset()
        if report { actions.append(.observe(.linkLost)) }
        return actions
    }

    /// A short English reason for a failed procedure.
    static func describe(_ failure: ProcedureFailure) -> String {
        switch failure {
        case .rejected(let code): "rejected by the machine: \(describe(code))"
        case .controlNotGranted(let code?): "control not granted: \(describe(code))"
        case .controlNotGranted(nil): "control not granted: no response"
        case .timedOut: "no response from the machine"
        case .superseded: "replaced by a newer target"
        case .queueFull: "too many commands waiting"
        case .linkUnusable: "link unusable"
        case .disconnected: "link lost"
        case .writeRejected(let code): "write rejected with ATT error 0x\(String(code, radix: 16, uppercase: true))"
        }
    }

    private static func describe(_ code: ControlPointResultCode) -> String {
        switch code {
        case .success: "success"
        case .opCodeNotSupported: "op code not supported (0x02)"
        case .invalidParameter: "invalid parameter (0x03)"
        case .operationFailed: "operation failed (0x04)"
        case .controlNotPermitted: "control not permitted (0x05)"
        }
    }
}
