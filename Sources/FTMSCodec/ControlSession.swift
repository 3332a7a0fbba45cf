/// The Fitness Machine Control Point procedure state machine, with no I/O and no clock.
///
/// A thin shell owns the Bluetooth link: it feeds events in (``submit(_:now:)``, ``receivedIndication(_:now:)``,
/// ``receivedStatus(_:now:)``, ``receivedTreadmillData(_:)``, ``writeFailed(attErrorCode:now:)``,
/// ``tick(now:)``, ``disconnected()``) and carries out the returned ``Action``s in order: write bytes to 0x2AD9
/// (with response), arm a timer, report outcomes. Time is whatever monotonic `Duration` since a fixed origin the
/// shell passes as `now`.
///
/// Rules (FTMP v1.0 §4.4.14, FTMS v1.0.1 §4.16):
/// - Request Control (`00`) goes first; the session sends it by itself before the first procedure, and again
///   after Reset, after a Control Permission Lost status, or after a `Control Not Permitted` result.
/// - One procedure at a time: further requests queue (up to ``Configuration/queueLimit``). A newer target
///   speed or inclination replaces one still queued (rapid writes coalesce on real machines anyway).
/// - A response must arrive within ``Configuration/responseTimeout``; the write is retried up to
///   ``Configuration/maximumAttempts`` in all. Then the session gives up and reports the link unusable:
///   FTMP §4.4.14.3 says start no new procedure on a link after a timeout; disconnect and reconnect, then call
///   ``disconnected()`` to start over. (The spec's ATT timeout is 30 s; pyftms waits 2 s, as the default here.
///   Set `maximumAttempts` to 1 for the strict spec behaviour.)
/// - Result codes map to ``ProcedureOutcome``s; `Control Not Permitted` re-requests control and retries once.
/// - ``QuirkProfile`` adapts it to machines that refuse Request Control, never indicate, toggle pause on Start,
///   read target speed in mph, or report a zero inclination range.
public struct ControlSession: Sendable {
    /// Tuning and machine knowledge.
    public struct Configuration: Hashable, Sendable {
        /// How long to wait for the response indication after each write. Default 2 s (pyftms's wait).
        public var responseTimeout: Duration
        /// Writes per procedure, counting the first (at least 1). Default 3.
        public var maximumAttempts: Int
        /// The most requests waiting behind the outstanding one. Default 8.
        public var queueLimit: Int
        /// The machine's deviations from the spec.
        public var quirks: QuirkProfile
        /// The Supported Speed Range read from 0x2AD4: speed targets are clamped and rounded to it.
        public var speedRange: SupportedSpeedRange?
        /// The Supported Inclination Range read from 0x2AD5: inclination targets are clamped and rounded to it,
        /// unless it is all zero or the quirk profile says to ignore it.
        public var inclinationRange: SupportedInclinationRange?

        /// Creates a configuration.
        public init(
            responseTimeout: Duration = .seconds(2), maximumAttempts: Int = 3, queueLimit: Int = 8,
            quirks: QuirkProfile = .standard, speedRange: SupportedSpeedRange? = nil,
            inclinationRange: SupportedInclinationRange? = nil
        ) {
            self.responseTimeout = responseTimeout
            self.maximumAttempts = max(1, maximumAttempts)
            self.queueLimit = max(0, queueLimit)
            self.quirks = quirks
            self.speedRange = speedRange
            self.inclinationRange = inclinationRange
        }
    }

    /// Whether this client holds control of the machine.
    public enum Control: Hashable, Sendable {
        /// Not requested, refused, lost, or dropped by Reset.
        case none
        /// Request Control succeeded.
        case granted
        /// Request Control failed or went unanswered, but the quirk profile says to carry on.
        case assumed
    }

    /// The session's phase.
    public enum State: Hashable, Sendable {
        /// No procedure outstanding.
        case idle
        /// One procedure written, its response awaited.
        case awaitingResponse(Outstanding)
        /// The session gave up; nothing more is written until ``ControlSession/disconnected()``.
        case linkUnusable(LinkFailure)
    }

    /// The procedure in flight.
    public struct Outstanding: Hashable, Sendable {
        /// The request as submitted, or `.requestControl` when the session asked for control by itself.
        public var request: ControlPointRequest
        /// Whether the session sent this on its own (Request Control before a queued procedure).
        public var isInternal: Bool
        /// The bytes written (after clamping and unit quirks).
        public var bytes: [UInt8]
        /// Writes so far.
        public var attempts: Int
        /// When the response is due.
        public var deadline: Duration
        /// Whether this is already the retry after a `Control Not Permitted` result.
        public var retriedAfterControlLoss: Bool
    }

    /// What the shell must do.
    public enum Action: Hashable, Sendable {
        /// Write these bytes to the control point (0x2AD9), with response. Carry out writes in order.
        case write([UInt8])
        /// Call ``ControlSession/tick(now:)`` at (or after) this time.
        case scheduleTimeout(at: Duration)
        /// A submitted request finished.
        case completed(ControlPointRequest, ProcedureOutcome)
        /// Control was granted (or assumed, per the quirk profile).
        case controlAcquired(Control)
        /// Control was lost (status 0xFF, Reset, or a `Control Not Permitted` result).
        case controlLost
        /// A decoded Fitness Machine Status, passed on for the app (e.g. safety key, console changes).
        case machineStatus(FitnessMachineStatus)
        /// Something arrived that was ignored; for logs.
        case ignored(IgnoredInput)
        /// The session gave up on this link: disconnect, reconnect and call ``ControlSession/disconnected()``.
        case linkUnusable(LinkFailure)
    }

    /// Input the session ignored, for logs.
    public enum IgnoredInput: Hashable, Sendable {
        /// An indication that did not decode.
        case malformedIndication([UInt8], FTMSDecodingError)
        /// A status notification that did not decode.
        case malformedStatus([UInt8], FTMSDecodingError)
        /// A response when none was awaited, or for another op code.
        case unexpectedResponse(ControlPointResponse)
    }

    private(set) public var configuration: Configuration
    /// The current phase.
    private(set) public var state: State = .idle
    /// Whether control is held.
    private(set) public var control: Control = .none
    /// Whether the last Treadmill Data showed a moving belt.
    private(set) public var beltMoving = false
    private var queue: [Queued] = []

    private struct Queued: Hashable, Sendable {
        var request: ControlPointRequest
        var retriedAfterControlLoss = false
    }

    /// Creates an idle session without control.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// The requests waiting behind the outstanding one, oldest first.
    public var queuedRequests: [ControlPointRequest] { queue.map(\.request) }

    /// Updates the supported ranges (for example after reading 0x2AD4 and 0x2AD5).
    public mutating func setRanges(speed: SupportedSpeedRange?, inclination: SupportedInclinationRange?) {
        configuration.speedRange = speed
        configuration.inclinationRange = inclination
    }

    // MARK: Events

    /// Asks for a procedure. It runs now if nothing is outstanding, else it queues.
    public mutating func submit(_ request: ControlPointRequest, now: Duration) -> [Action] {
        if case .linkUnusable = state { return [.completed(request, .failed(.linkUnusable))] }
        var actions: [Action] = []
        if let index = queue.firstIndex(where: { Self.supersedes(request, $0.request) }) {
            actions.append(.completed(queue[index].request, .failed(.superseded)))
            queue[index] = Queued(request: request)
            return actions
        }
        let busy = state != .idle
        if busy && queue.count >= configuration.queueLimit {
            return [.completed(request, .failed(.queueFull))]
        }
        queue.append(Queued(request: request))
        actions += pump(now: now)
        return actions
    }

    /// Feeds a control point indication (0x2AD9).
    public mutating func receivedIndication(_ bytes: [UInt8], now: Duration) -> [Action] {
        let response: ControlPointResponse
        do {
            response = try ControlPointResponse(decoding: bytes)
        } catch {
            return [.ignored(.malformedIndication(bytes, error))]
        }
        guard case .awaitingResponse(let outstanding) = state,
            response.requestOpCode == outstanding.request.opCode.rawValue
        else { return [.ignored(.unexpectedResponse(response))] }
        state = .idle
        var actions: [Action] = []
        if outstanding.request == .requestControl {
            if response.result == .success {
                control = .granted
                actions.append(.controlAcquired(.granted))
                if !outstanding.isInternal { actions.append(.completed(.requestControl, .succeeded)) }
            } else {
                actions += controlRequestFailed(outstanding, result: response.result)
            }
            return actions + pump(now: now)
        }
        switch response.result {
        case .success:
            actions.append(.completed(outstanding.request, .succeeded))
            if outstanding.request == .reset { actions += loseControl() }
        case .controlNotPermitted where !outstanding.retriedAfterControlLoss:
            actions += loseControl()
            queue.insert(Queued(request: outstanding.request, retriedAfterControlLoss: true), at: 0)
        case .controlNotPermitted:
            actions += loseControl()
            actions.append(.completed(outstanding.request, .failed(.rejected(.controlNotPermitted))))
        default:
            actions.append(.completed(outstanding.request, .failed(.rejected(response.result))))
        }
        return actions + pump(now: now)
    }

    /// Feeds a Fitness Machine Status notification (0x2ADA).
    public mutating func receivedStatus(_ bytes: [UInt8], now: Duration) -> [Action] {
        let status: FitnessMachineStatus
        do {
            status = try FitnessMachineStatus(decoding: bytes)
        } catch {
            return [.ignored(.malformedStatus(bytes, error))]
        }
        var actions: [Action] = [.machineStatus(status)]
        switch status {
        case .controlPermissionLost, .reset:
            // FTMS v1.0.1 §4.16.2.1: control lasts until disconnect, Reset, or Control Permission Lost.
            if control != .none { actions += loseControl() }
        case .stoppedBySafetyKey, .stoppedOrPausedByUser:
            beltMoving = false
        default:
            break
        }
        return actions
    }

    /// Feeds a complete Treadmill Data record; the session only notes whether the belt moves.
    public mutating func receivedTreadmillData(_ record: TreadmillData) {
        if let speed = record.instantaneousSpeed { beltMoving = speed > .zero }
    }

    /// Reports that the GATT write of the outstanding procedure failed with an ATT error
    /// (e.g. 0xFE Procedure Already In Progress, 0xFD CCCD Improperly Configured; CSS Part B §1.2).
    /// Such a write started no procedure (FTMS v1.0.1 §4.16.3).
    public mutating func writeFailed(attErrorCode: UInt8, now: Duration) -> [Action] {
        guard case .awaitingResponse(var outstanding) = state else { return [] }
        if attErrorCode == 0xFD {
            return giveUp(
                outstanding, outcome: .failed(.writeRejected(attErrorCode: attErrorCode)),
                failure: .indicationsNotEnabled)
        }
        guard outstanding.attempts < configuration.maximumAttempts else {
            return giveUp(
                outstanding, outcome: .failed(.writeRejected(attErrorCode: attErrorCode)),
                failure: .writeRejected(attErrorCode: attErrorCode))
        }
        outstanding.attempts += 1
        outstanding.deadline = now + configuration.responseTimeout
        state = .awaitingResponse(outstanding)
        return [.write(outstanding.bytes), .scheduleTimeout(at: outstanding.deadline)]
    }

    /// Lets time pass: retries or gives up on an overdue response.
    public mutating func tick(now: Duration) -> [Action] {
        guard case .awaitingResponse(var outstanding) = state, now >= outstanding.deadline else { return [] }
        if outstanding.attempts < configuration.maximumAttempts {
            outstanding.attempts += 1
            outstanding.deadline = now + configuration.responseTimeout
            state = .awaitingResponse(outstanding)
            return [.write(outstanding.bytes), .scheduleTimeout(at: outstanding.deadline)]
        }
        if outstanding.request == .requestControl, configuration.quirks.requestControl == .proceedWithoutGrant {
            state = .idle
            return controlRequestFailed(outstanding, result: nil) + pump(now: now)
        }
        return giveUp(
            outstanding, outcome: .failed(.timedOut),
            failure: .noResponse(opCode: outstanding.request.opCode))
    }

    /// The link dropped: everything pending fails, control is gone, and the session starts over.
    public mutating func disconnected() -> [Action] {
        var actions: [Action] = []
        if case .awaitingResponse(let outstanding) = state, !outstanding.isInternal {
            actions.append(.completed(outstanding.request, .failed(.disconnected)))
        }
        actions += queue.map { .completed($0.request, .failed(.disconnected)) }
        queue = []
        state = .idle
        control = .none
        beltMoving = false
        return actions
    }

    // MARK: Internals

    /// Whether `new` replaces the queued `old` (same kind of target).
    private static func supersedes(_ new: ControlPointRequest, _ old: ControlPointRequest) -> Bool {
        switch (new, old) {
        case (.setTargetSpeed, .setTargetSpeed), (.setTargetInclination, .setTargetInclination): true
        default: false
        }
    }

    private mutating func loseControl() -> [Action] {
        control = .none
        return [.controlLost]
    }

    /// Request Control got a non-success result (or, with `result == nil`, no answer at all).
    private mutating func controlRequestFailed(_ outstanding: Outstanding, result: ControlPointResultCode?) -> [Action]
    {
        var actions: [Action] = []
        if !outstanding.isInternal {
            actions.append(.completed(.requestControl, .failed(result.map { .rejected($0) } ?? .timedOut)))
        }
        if configuration.quirks.requestControl == .proceedWithoutGrant {
            control = .assumed
            actions.append(.controlAcquired(.assumed))
        } else {
            control = .none
            actions += queue.map { .completed($0.request, .failed(.controlNotGranted(result))) }
            queue = []
        }
        return actions
    }

    private mutating func giveUp(
        _ outstanding: Outstanding, outcome: ProcedureOutcome, failure: LinkFailure
    ) -> [Action] {
        var actions: [Action] = []
        if outstanding.isInternal {
            actions += queue.map { .completed($0.request, .failed(.controlNotGranted(nil))) }
        } else {
            actions.append(.completed(outstanding.request, outcome))
            actions += queue.map { .completed($0.request, .failed(.linkUnusable)) }
        }
        queue = []
        state = .linkUnusable(failure)
        actions.append(.linkUnusable(failure))
        return actions
    }

    /// Starts queued procedures while nothing is outstanding.
    private mutating func pump(now: Duration) -> [Action] {
        var actions: [Action] = []
        while state == .idle, let next = queue.first {
            if control == .none && next.request != .requestControl {
                actions += write(.requestControl, isInternal: true, retried: false, now: now)
                continue
            }
            queue.removeFirst()
            if next.request == .startOrResume && configuration.quirks.startTogglesPause && beltMoving {
                actions.append(.completed(next.request, .skipped(.beltAlreadyMoving)))
                continue
            }
            actions += write(next.request, isInternal: false, retried: next.retriedAfterControlLoss, now: now)
        }
        return actions
    }

    /// Writes a procedure; without indications it completes at once as unconfirmed.
    private mutating func write(
        _ request: ControlPointRequest, isInternal: Bool, retried: Bool, now: Duration
    )
        -> [Action]
    {
        let bytes = wireRequest(for: request).encode()
        guard configuration.quirks.sendsIndications else {
            if request == .requestControl {
                control = .assumed
                var actions: [Action] = [.write(bytes), .controlAcquired(.assumed)]
                if !isInternal { actions.append(.completed(request, .unconfirmed)) }
                return actions
            }
            if request == .reset { control = .none }
            return [.write(bytes), .completed(request, .unconfirmed)]
        }
        let deadline = now + configuration.responseTimeout
        state = .awaitingResponse(
            Outstanding(
                request: request, isInternal: isInternal, bytes: bytes, attempts: 1, deadline: deadline,
                retriedAfterControlLoss: retried))
        return [.write(bytes), .scheduleTimeout(at: deadline)]
    }

    /// The request as it goes on the wire: clamped to the supported ranges, in the machine's speed unit.
    func wireRequest(for request: ControlPointRequest) -> ControlPointRequest {
        switch request {
        case .setTargetSpeed(var speed):
            if let range = configuration.speedRange { speed = range.clamp(speed) }
            if configuration.quirks.targetSpeedUnit == .milesPerHour {
                let hundredths = (speed.milesPerHour * 100).rounded()
                speed = Speed(hundredthsOfKilometrePerHour: UInt16(clamping: Int(hundredths)))
            }
            return .setTargetSpeed(speed)
        case .setTargetInclination(var inclination):
            if let range = configuration.inclinationRange, !configuration.quirks.ignoresInclinationRange {
                inclination = range.clamp(inclination)
            }
            return .setTargetInclination(inclination)
        default:
            return request
        }
    }
}

/// How a submitted procedure ended.
public enum ProcedureOutcome: Hashable, Sendable {
    /// The machine answered Success.
    case succeeded
    /// Written, but the machine never indicates (quirk profile), so success is unknown; watch Status and Data.
    case unconfirmed
    /// Deliberately not sent.
    case skipped(SkipReason)
    /// It did not happen.
    case failed(ProcedureFailure)
}

/// Why a procedure was not sent.
public enum SkipReason: Hashable, Sendable {
    /// Start on a machine whose Start toggles pause, while the belt already moves.
    case beltAlreadyMoving
}

/// Why a procedure failed.
public enum ProcedureFailure: Hashable, Sendable {
    /// The machine answered with this result code (FTMS v1.0.1 §4.16.2.22).
    case rejected(ControlPointResultCode)
    /// Request Control was refused (with this result) or went unanswered (`nil`), so it was never sent.
    case controlNotGranted(ControlPointResultCode?)
    /// No response after every attempt.
    case timedOut
    /// A newer request of the same kind replaced it while queued.
    case superseded
    /// Too many requests were waiting.
    case queueFull
    /// The session had given up on the link.
    case linkUnusable
    /// The link dropped first.
    case disconnected
    /// The write itself was rejected with this ATT error code.
    case writeRejected(attErrorCode: UInt8)
}

/// Why the session gave up on a link.
public enum LinkFailure: Hashable, Sendable {
    /// No response to this op code after every attempt (FTMP v1.0 §4.4.14.3).
    case noResponse(opCode: ControlPointOpCode)
    /// Writes fail with "Client Characteristic Configuration Descriptor Improperly Configured" (0xFD):
    /// indications on 0x2AD9 were not enabled (FTMS v1.0.1 §4.16.3).
    case indicationsNotEnabled
    /// Every write attempt failed with this ATT error code.
    case writeRejected(attErrorCode: UInt8)
}
