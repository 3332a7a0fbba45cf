import FTMSCodec

/// A simulated FTMS treadmill: the peripheral side, as a state machine with no clock and no I/O.
///
/// It speaks real FTMS bytes through `FTMSCodec`, so the driver that runs against it runs unchanged against a
/// real machine. Time is whatever monotonic `Duration` since a fixed origin the caller passes as `now`.
///
/// Inputs:
/// - ``write(_:at:)``: a control point write (0x2AD9). Returns the response indication `80 <op> <result>`
///   (unless the imitated machine never indicates), plus any notifications that fell due first.
/// - ``advance(to:)``: moves the belt physics on and returns the notifications due: Treadmill Data (0x2ACD) about
///   once per ``Configuration/notificationInterval``, split into fragments when a record exceeds
///   ``Configuration/maximumPayloadLength``; Fitness Machine Status (0x2ADA) when something changes.
/// - ``read(_:)``: the readable characteristics (Feature, Supported Speed and Inclination Range, Training Status).
/// - ``apply(_:at:)`` and ``schedule(_:at:)``: faults (``Fault``), at once or at a time.
///
/// Behaviour, as a real machine (FTMS v1.0.1 §4.16):
/// - Control point writes other than Request Control get `Control Not Permitted` (0x05) until control is granted.
/// - Targets outside the supported ranges get `Invalid Parameter` (0x03); unknown op codes `Op Code Not
///   Supported` (0x02).
/// - The belt only ever moves after a Start (0x07) was written. Start without a target speed runs the belt at
///   the minimum supported speed, as treadmills do. Targets set while stopped are kept for the next Start.
/// - The belt ramps towards its target: ``Configuration/accelerationKilometresPerHourPerSecond`` (default
///   0.5 km/h per s, a cautious walking-pad figure) up, ``Configuration/decelerationKilometresPerHourPerSecond``
///   (default 1.0 km/h per s) down, and the incline moves at ``Configuration/inclineRatePercentPerSecond``
///   (default 0.15 % per s). It never jumps, except that a pulled safety key stops it at once (status `03`).
/// - Stop (`08 01`) ramps the belt down, ends the workout and clears the target; the next Start begins a new
///   workout (distance and elapsed time from zero). Stop when already stopped succeeds (its goal holds).
///   Pause (`08 02`) ramps down and keeps the target for Resume (Start). Start while running fails with
///   `Operation Failed` (0x04), or pauses the belt on machines whose Start toggles pause.
/// - Changes made through the control point are not echoed in Fitness Machine Status (FTMS v1.0.1 §4.17.1
///   only asks for that towards *other* clients), except on machines that never indicate, which echo target
///   changes as KingSmith pads do (``Configuration/echoesTargetChanges``). Console buttons (``Fault/consoleStop``,
///   ``Fault/consolePause``) and the safety key are notified.
/// - Distance, elapsed time, average speed and elevation gain are counted and reported in Treadmill Data.
public struct SimulatedTreadmill: Sendable {
    /// The machine being simulated.
    public struct Configuration: Hashable, Sendable {
        /// The speeds the machine accepts and reports in 0x2AD4. Default 1.00…12.00 km/h in 0.10 km/h steps.
        public var speedRange: SupportedSpeedRange
        /// The inclinations the machine accepts. Default 0.0…10.0 % in 0.5 % steps.
        public var inclinationRange: SupportedInclinationRange
        /// How fast the belt speeds up, in km/h per second (> 0). Default 0.5.
        public var accelerationKilometresPerHourPerSecond: Double
        /// How fast the belt slows down on a lower target, Pause or Stop, in km/h per second (> 0). Default 1.0.
        public var decelerationKilometresPerHourPerSecond: Double
        /// How fast the incline moves, in percent per second (> 0). Default 0.15.
        public var inclineRatePercentPerSecond: Double
        /// How often Treadmill Data is notified (> 0). Default 1 s, as FTMS v1.0.1 §4.4 says is typical.
        public var notificationInterval: Duration
        /// The largest notification payload, ATT_MTU − 3. Default 20 (the default MTU of 23).
        public var maximumPayloadLength: Int
        /// The deviations from FTMS the machine shows: it refuses Request Control (`80 00 04`) and then needs no
        /// control (``RequestControlHandling/proceedWithoutGrant``), never indicates, toggles pause on Start,
        /// reads target speeds in mph, or reports a 0…0 inclination range although incline works.
        public var quirks: QuirkProfile
        /// Whether target speed and incline changes made through the control point are also notified as
        /// Fitness Machine Status `05`/`06`. Default: only when the machine never indicates.
        public var echoesTargetChanges: Bool
        /// What the belt does when the link drops. Default ``BeltOnDisconnect/keepsRunning``, the worst case.
        public var beltOnDisconnect: BeltOnDisconnect
        /// The seed of the generator behind random notification drops.
        public var seed: UInt64

        /// Creates a configuration. Non-positive rates and intervals are replaced by the defaults.
        public init(
            speedRange: SupportedSpeedRange = SupportedSpeedRange(
                minimum: Speed(hundredthsOfKilometrePerHour: 100), maximum: Speed(hundredthsOfKilometrePerHour: 1200),
                minimumIncrement: Speed(hundredthsOfKilometrePerHour: 10)),
            inclinationRange: SupportedInclinationRange = SupportedInclinationRange(
                minimum: Inclination(tenthsOfPercent: 0), maximum: Inclination(tenthsOfPercent: 100),
                minimumIncrementTenthsOfPercent: 5),
            accelerationKilometresPerHourPerSecond: Double = 0.5,
            decelerationKilometresPerHourPerSecond: Double = 1.0,
            inclineRatePercentPerSecond: Double = 0.15,
            notificationInterval: Duration = .seconds(1),
            maximumPayloadLength: Int = 20,
            quirks: QuirkProfile = .standard,
            echoesTargetChanges: Bool? = nil,
            beltOnDisconnect: BeltOnDisconnect = .keepsRunning,
            seed: UInt64 = 0
        ) {
            self.speedRange = speedRange
            self.inclinationRange = inclinationRange
            self.accelerationKilometresPerHourPerSecond =
                accelerationKilometresPerHourPerSecond > 0 ? accelerationKilometresPerHourPerSecond : 0.5
            self.decelerationKilometresPerHourPerSecond =
                decelerationKilometresPerHourPerSecond > 0 ? decelerationKilometresPerHourPerSecond : 1.0
            self.inclineRatePercentPerSecond = inclineRatePercentPerSecond > 0 ? inclineRatePercentPerSecond : 0.15
            self.notificationInterval = notificationInterval > .zero ? notificationInterval : .seconds(1)
            self.maximumPayloadLength = maximumPayloadLength
            self.quirks = quirks
            self.echoesTargetChanges = echoesTargetChanges ?? !quirks.sendsIndications
            self.beltOnDisconnect = beltOnDisconnect
            self.seed = seed
        }

        /// Whether control must be granted before other procedures.
        var requiresControl: Bool { quirks.requestControl == .required }
    }

    /// What the belt does when the link drops.
    public enum BeltOnDisconnect: Hashable, Sendable {
        /// The belt keeps its speed (many machines; the worst case for the app).
        case keepsRunning
        /// The belt ramps down and the workout stops.
        case stops
    }

    /// The belt's state as the machine sees it.
    public enum BeltState: Hashable, Sendable {
        /// Not running (possibly still ramping down after Stop). The initial state.
        case stopped
        /// Running towards the target speed.
        case running
        /// Paused: ramping down or standing, target kept for Resume.
        case paused
        /// The safety key is out: the belt stands and Start fails until it is put back.
        case safetyKeyPulled
    }

    /// The machine.
    public let configuration: Configuration
    /// The time the machine was last advanced to.
    internal(set) public var time: Duration
    /// The belt's state.
    internal(set) public var beltState: BeltState = .stopped
    /// The belt's actual speed in km/h (what a tachometer would show, not what is reported).
    internal(set) public var beltSpeedKilometresPerHour: Double = 0
    /// The actual incline in percent.
    internal(set) public var inclinePercent: Double = 0
    /// The target speed as the machine understood it (after its unit quirk), or nil before one is set.
    internal(set) public var targetSpeed: Speed?
    /// The target incline as the machine understood it.
    internal(set) public var targetInclination: Inclination = .zero
    /// The highest target speed the machine ever accepted through Set Target Speed (after its unit quirk).
    internal(set) public var highestAcceptedTargetSpeed: Speed?
    /// Whether a Start or Resume was ever accepted. The belt never moves before.
    internal(set) public var hasAcceptedStart = false
    /// Whether a client holds control.
    internal(set) public var controlGranted = false
    /// Whether the link is up. While down nothing is notified or indicated and writes are lost.
    internal(set) public var isConnected = true
    /// The result of the last control point write, whether or not it was indicated.
    internal(set) public var lastResult: ControlPointResponse?
    /// Distance counted in this workout, in metres.
    internal(set) public var distanceMetres: Double = 0
    /// Elapsed time of this workout (running or paused), in seconds.
    internal(set) public var elapsedSeconds: Double = 0
    /// Positive elevation gain in this workout, in metres.
    internal(set) public var elevationGainMetres: Double = 0
    /// Notifications withheld by the drop fault.
    internal(set) public var droppedNotificationCount = 0

    var nextDataAt: Duration
    var workoutEnded = false
    var scheduled: [(at: Duration, fault: Fault)] = []
    var refusalsLeft = 0
    var refusalResult: ControlPointResultCode = .operationFailed
    var drop: DropPattern = .none
    var dropCounter = 0
    var nonsense: NonsenseSpeed?
    var random: SplitMix64

    /// Creates a machine at rest, with its belt stopped and no client in control.
    /// - Parameters:
    ///   - configuration: the machine.
    ///   - start: the time origin; the first Treadmill Data is due one interval later.
    public init(configuration: Configuration = Configuration(), start: Duration = .zero) {
        self.configuration = configuration
        self.time = start
        self.nextDataAt = start + configuration.notificationInterval
        self.random = SplitMix64(seed: configuration.seed)
    }

    // MARK: Reads

    /// The Fitness Machine Feature the machine serves: average speed, total distance, inclination, elevation
    /// gain and elapsed time; speed and inclination targets.
    public var feature: FitnessMachineFeature {
        FitnessMachineFeature(
            machineFeatures: [.averageSpeed, .totalDistance, .inclination, .elevationGain, .elapsedTime],
            targetSettingFeatures: [.speed, .inclination])
    }

    /// The value of a readable characteristic, or nil for one that is only notified or indicated.
    /// Machines with ``QuirkProfile/ignoresInclinationRange`` report a 0…0 inclination range (JTX Sprint 8).
    public func read(_ characteristic: FTMSCharacteristic) -> [UInt8]? {
        switch characteristic {
        case .fitnessMachineFeature: return feature.encode()
        case .supportedSpeedRange: return configuration.speedRange.encode()
        case .supportedInclinationRange:
            if configuration.quirks.ignoresInclinationRange {
                return SupportedInclinationRange(
                    minimum: .zero, maximum: .zero, minimumIncrementTenthsOfPercent: 0
                ).encode()
            }
            return configuration.inclinationRange.encode()
        case .trainingStatus:
            return TrainingStatus(status: beltState == .running ? .manualMode : .idle).encode()
        case .treadmillData, .controlPoint, .fitnessMachineStatus: return nil
        }
    }

    /// The next time something happens by itself (a notification or a scheduled fault), for event-driven callers.
    public var nextEventTime: Duration {
        min(nextDataAt, scheduled.first?.at ?? nextDataAt)
    }

    // MARK: Writes

    /// Handles a control point write.
    ///
    /// First moves time on to `now` (the notifications that fell due come first in the result). Then the write
    /// is carried out and answered with the indication `80 <op> <result>` on ``FTMSCharacteristic/controlPoint``,
    /// unless the machine never indicates or the link is down (then the write is lost). ``lastResult`` keeps the
    /// result either way.
    public mutating func write(_ bytes: [UInt8], at now: Duration) -> [FTMSMessage] {
        var messages = advance(to: now)
        guard isConnected else { return messages }
        var statuses: [FitnessMachineStatus] = []
        let response = handle(bytes, statuses: &statuses)
        lastResult = response
        if let response, configuration.quirks.sendsIndications {
            messages.append(FTMSMessage(.controlPoint, response.encode()))
        }
        messages += statuses.map { FTMSMessage(.fitnessMachineStatus, $0.encode()) }
        return messages
    }

    /// Carries out one write and returns the response (nil when there is nothing to answer).
    private mutating func handle(_ bytes: [UInt8], statuses: inout [FitnessMachineStatus]) -> ControlPointResponse? {
        guard let opByte = bytes.first else { return nil }
        if refusalsLeft > 0 {
            refusalsLeft -= 1
            return ControlPointResponse(requestOpCode: opByte, result: refusalResult)
        }
        let request: ControlPointRequest
        do {
            request = try ControlPointRequest(decoding: bytes)
        } catch .unknownOpCode {
            return ControlPointResponse(requestOpCode: opByte, result: .opCodeNotSupported)
        } catch {
            return ControlPointResponse(requestOpCode: opByte, result: .invalidParameter)
        }
        let result = carryOut(request, statuses: &statuses)
        return ControlPointResponse(to: request.opCode, result: result)
    }

    private mutating func carryOut(
        _ request: ControlPointRequest, statuses: inout [FitnessMachineStatus]
    ) -> ControlPointResultCode {
        if request == .requestControl {
            guard configuration.requiresControl else { return .operationFailed }
            controlGranted = true
            return .success
        }
        if configuration.requiresControl && !controlGranted { return .controlNotPermitted }
        switch request {
        case .reset:
            beltState = .stopped
            targetSpeed = nil
            targetInclination = .zero
            resetWorkout()
            controlGranted = false
            return .success
        case .setTargetSpeed(let wire):
            guard beltState != .safetyKeyPulled else { return .operationFailed }
            guard let speed = understood(wire), speed >= configuration.speedRange.minimum,
                speed <= configuration.speedRange.maximum
            else { return .invalidParameter }
            targetSpeed = speed
            highestAcceptedTargetSpeed = max(highestAcceptedTargetSpeed ?? speed, speed)
            if configuration.echoesTargetChanges { statuses.append(.targetSpeedChanged(speed)) }
            return .success
        case .setTargetInclination(let inclination):
            guard beltState != .safetyKeyPulled else { return .operationFailed }
            guard inclination >= configuration.inclinationRange.minimum,
                inclination <= configuration.inclinationRange.maximum
            else { return .invalidParameter }
            targetInclination = inclination
            if configuration.echoesTargetChanges { statuses.append(.targetInclineChanged(inclination)) }
            return .success
        case .startOrResume:
            switch beltState {
            case .safetyKeyPulled: return .operationFailed
            case .running:
                guard configuration.quirks.startTogglesPause else { return .operationFailed }
                beltState = .paused
                return .success
            case .stopped, .paused:
                if beltState == .stopped && workoutEnded { resetWorkout() }
                hasAcceptedStart = true
                if targetSpeed == nil { targetSpeed = configuration.speedRange.minimum }
                beltState = .running
                return .success
            }
        case .stopOrPause(.stop):
            if beltState != .safetyKeyPulled { beltState = .stopped }
            targetSpeed = nil
            workoutEnded = true
            return .success
        case .stopOrPause(.pause):
            switch beltState {
            case .running, .paused:
                beltState = .paused
                return .success
            case .stopped, .safetyKeyPulled:
                return .operationFailed
            }
        default:
            return .opCodeNotSupported
        }
    }

    /// A target speed as the machine reads it: in mph hundredths on machines with that quirk.
    private func understood(_ wire: Speed) -> Speed? {
        switch configuration.quirks.targetSpeedUnit {
        case .kilometresPerHour: return wire
        case .milesPerHour:
            return Speed(kilometresPerHour: Double(wire.hundredthsOfKilometrePerHour) / 100 * Speed.kilometresPerMile)
        }
    }

    private mutating func resetWorkout() {
        distanceMetres = 0
        elapsedSeconds = 0
        elevationGainMetres = 0
        workoutEnded = false
    }

    // MARK: Time

    /// Moves time on to `now`: runs the belt physics, applies the faults scheduled up to `now`, and returns the
    /// notifications due, in order. Nothing is returned while the link is down, but the belt keeps moving.
    /// A `now` earlier than ``time`` changes nothing.
    public mutating func advance(to now: Duration) -> [FTMSMessage] {
        var messages: [FTMSMessage] = []
        while true {
            var step = now
            if let fault = scheduled.first, fault.at < step { step = fault.at }
            if nextDataAt < step { step = nextDataAt }
            integrate(to: step)
            while let fault = scheduled.first, fault.at <= step {
                scheduled.removeFirst()
                messages += applyNow(fault.fault)
            }
            if nextDataAt <= step {
                messages += treadmillDataMessages()
                nextDataAt += configuration.notificationInterval
            }
            if step >= now { break }
        }
        return messages
    }

    /// Runs the belt and incline physics from ``time`` to `end`.
    private mutating func integrate(to end: Duration) {
        let dt = (end - time).inSeconds
        guard dt > 0 else { return }
        time = end
        let target = beltState == .running ? (targetSpeed?.kilometresPerHour ?? 0) : 0
        let start = beltSpeedKilometresPerHour
        let rate =
            target >= start
            ? configuration.accelerationKilometresPerHourPerSecond
            : configuration.decelerationKilometresPerHourPerSecond
        let rampTime = abs(target - start) / rate
        let metres: Double
        if dt >= rampTime {
            metres = ((start + target) / 2 * rampTime + target * (dt - rampTime)) / 3.6
            beltSpeedKilometresPerHour = target
        } else {
            let end = start + (target > start ? rate : -rate) * dt
            metres = (start + end) / 2 * dt / 3.6
            beltSpeedKilometresPerHour = end
        }
        distanceMetres += metres
        if inclinePercent > 0 { elevationGainMetres += metres * inclinePercent / 100 }
        if beltState == .running || beltState == .paused { elapsedSeconds += dt }
        if beltState != .safetyKeyPulled {
            let inclineTarget = targetInclination.percent
            let maximumStep = configuration.inclineRatePercentPerSecond * dt
            let difference = inclineTarget - inclinePercent
            let direction = difference > 0 ? 1.0 : -1.0
            inclinePercent = abs(difference) <= maximumStep ? inclineTarget : inclinePercent + maximumStep * direction
        }
    }

    /// The Treadmill Data record now due, as notifications (fragments when it exceeds the payload length).
    private mutating func treadmillDataMessages() -> [FTMSMessage] {
        guard isConnected else { return [] }
        let record = TreadmillData(
            instantaneousSpeed: reportedSpeed(),
            averageSpeed: Speed(
                kilometresPerHour: elapsedSeconds > 0 ? distanceMetres / elapsedSeconds * 3.6 : 0),
            totalDistance: Distance(metres: UInt32(clamping: Int(distanceMetres.rounded(.down)))),
            inclinationAndRampAngle: InclinationAndRampAngle(
                inclination: Inclination(percent: inclinePercent), rampAngle: nil),
            elevationGain: ElevationGain(
                positive: Elevation(metres: min(elevationGainMetres, 6553.5)) ?? Elevation(decimetres: 0),
                negative: Elevation(decimetres: 0)),
            elapsedTimeSeconds: UInt16(clamping: Int(elapsedSeconds.rounded(.down))))
        var messages: [FTMSMessage] = []
        for fragment in record.encodeNotifications(maximumPayloadLength: configuration.maximumPayloadLength) {
            if dropsNext() {
                droppedNotificationCount += 1
            } else {
                messages.append(FTMSMessage(.treadmillData, fragment))
            }
        }
        return messages
    }

    /// The speed put in Treadmill Data: the belt's, unless a nonsense fault is active.
    private func reportedSpeed() -> Speed {
        let belt = Speed(kilometresPerHour: beltSpeedKilometresPerHour) ?? .zero
        switch nonsense {
        case nil: return belt
        case .negative:
            // A firmware that computes a negative speed and sends its two's complement: −1.00 km/h → 655.36 − 1.
            return Speed(hundredthsOfKilometrePerHour: UInt16(bitPattern: -100))
        case .absurd: return Speed(hundredthsOfKilometrePerHour: UInt16.max)
        case .offset(let hundredths):
            let value = Int(belt.hundredthsOfKilometrePerHour) + hundredths
            return Speed(hundredthsOfKilometrePerHour: UInt16(clamping: value))
        }
    }

    private mutating func dropsNext() -> Bool {
        switch drop {
        case .none: return false
        case .everyNth(let n):
            dropCounter += 1
            return n > 0 && dropCounter % n == 0
        case .probability(let p):
            return Double.random(in: 0..<1, using: &random) < p
        }
    }
}
