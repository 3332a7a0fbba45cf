import BackstepCore
import BackstepTreadmill
import FTMSCodec

/// A wire speed in hundredths of a km/h.
func wire(_ hundredths: UInt16) -> FTMSCodec.Speed { FTMSCodec.Speed(hundredthsOfKilometrePerHour: hundredths) }

/// A domain speed in km/h.
func kmh(_ value: Double) -> BackstepCore.Speed { .kilometersPerHour(value) }

/// The indication `80 <op> <result>`.
func response(_ op: ControlPointOpCode, _ result: ControlPointResultCode) -> [UInt8] {
    ControlPointResponse(to: op, result: result).encode()
}

extension SimulatedTreadmill {
    /// A machine that already granted control (written at `at`).
    static func controlled(_ configuration: Configuration = Configuration(), at: Duration = .zero) -> SimulatedTreadmill
    {
        var machine = SimulatedTreadmill(configuration: configuration)
        _ = machine.write([0x00], at: at)
        return machine
    }

    /// Writes a request and returns only the indications among the messages.
    mutating func request(_ request: ControlPointRequest, at now: Duration) -> [[UInt8]] {
        write(request.encode(), at: now).filter { $0.characteristic == .controlPoint }.map(\.bytes)
    }
}

extension Array where Element == TreadmillLoop.Observed {
    /// The readings among the observations.
    var readings: [TreadmillReading] {
        compactMap {
            if case .reading(let reading) = $0.observation { return reading }
            return nil
        }
    }

    /// The observations other than readings.
    var events: [TreadmillObservation] {
        compactMap {
            if case .reading = $0.observation { return nil }
            return $0.observation
        }
    }

    /// When `observation` first occurs.
    func firstTime(of observation: TreadmillObservation) -> Duration? {
        first { $0.observation == observation }?.time
    }

    /// Whether a command failure for `command` occurs.
    func containsFailure(of command: TreadmillCommand) -> Bool {
        contains {
            if case .commandFailed(command, _) = $0.observation { return true }
            return false
        }
    }
}

/// A loop over a simulator and a driver with the same quirks.
func makeLoop(
    quirks: QuirkProfile = .standard, simulator: SimulatedTreadmill.Configuration? = nil,
    driver: FTMSTreadmillDriver.Configuration? = nil, latency: Duration = .milliseconds(20),
    supervisionTimeout: Duration? = nil
) -> TreadmillLoop {
    TreadmillLoop(
        treadmill: SimulatedTreadmill(configuration: simulator ?? .init(quirks: quirks)),
        driver: FTMSTreadmillDriver(configuration: driver ?? .init(quirks: quirks)), latency: latency,
        supervisionTimeout: supervisionTimeout, keepsDiagnostics: true)
}
