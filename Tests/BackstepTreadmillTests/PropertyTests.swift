import BackstepCore
import BackstepTreadmill
import FTMSCodec
import Testing

/// Seeded random command sequences with random faults, through the loop.
@Suite struct PropertyTests {
    /// One random run's bookkeeping.
    struct Run {
        var highestCommanded = 0.0
        var startSent = false
        var beltMoved = false
    }

    static let runs = 2_000

    @Test func beltNeverExceedsTheHighestCommandedSpeedAndNeverMovesBeforeStart() {
        var started = 0
        var moved = 0
        var faults = 0
        for seed in 0..<UInt64(Self.runs) {
            var random = SplitMix64(seed: seed)
            let quirks = QuirkProfile.presets.randomElement(using: &random) ?? .standard
            var loop = TreadmillLoop(
                treadmill: SimulatedTreadmill(
                    configuration: .init(
                        maximumPayloadLength: Bool.random(using: &random) ? 20 : 7, quirks: quirks, seed: seed)),
                driver: FTMSTreadmillDriver(
                    configuration: .init(quirks: quirks, dataTimeout: Bool.random(using: &random) ? .seconds(5) : nil)),
                latency: .milliseconds(Int.random(in: 0...60, using: &random)),
                supervisionTimeout: Bool.random(using: &random) ? .seconds(4) : nil)
            var run = Run()
            for _ in 0..<30 {
                var observed = loop.advance(by: .milliseconds(Int.random(in: 0...4_000, using: &random)))
                let roll = Double.random(in: 0..<1, using: &random)
                if roll < 0.45 {
                    let command = Self.randomCommand(using: &random)
                    if case .setTargetSpeed(let speed) = command {
                        run.highestCommanded = max(run.highestCommanded, speed.kilometersPerHour)
                    }
                    if command == .start { run.startSent = true }
                    observed += loop.send(command)
                } else if roll < 0.6 {
                    faults += 1
                    observed += Self.randomFault(into: &loop, using: &random)
                }
                if let problem = Self.violation(in: loop, run: run, observed: observed) {
                    Issue.record("seed \(seed), quirks \(quirks.name), t = \(loop.now): \(problem)")
                    return
                }
                run.beltMoved = run.beltMoved || loop.treadmill.beltSpeedKilometresPerHour > 0
            }
            if run.startSent { started += 1 }
            if run.beltMoved { moved += 1 }
        }
        // The sample exercises both sides of the property.
        #expect(started > Self.runs / 3 && started < Self.runs * 9 / 10)
        #expect(moved > Self.runs / 4)
        #expect(faults > Self.runs * 2)
    }

    /// The first broken invariant, if any.
    static func violation(in loop: TreadmillLoop, run: Run, observed: [TreadmillLoop.Observed]) -> String? {
        let machine = loop.treadmill
        let belt = machine.beltSpeedKilometresPerHour
        if !run.startSent && (machine.hasAcceptedStart || belt != 0) {
            return "belt at \(belt) km/h although the engine never sent Start"
        }
        if !machine.hasAcceptedStart && belt != 0 { return "belt at \(belt) km/h before a Start was written" }
        // Start without a target runs at the machine's minimum (1.0 km/h), as real machines do.
        let bound = max(run.highestCommanded, machine.hasAcceptedStart ? 1.0 : 0)
        if belt > bound + 1e-9 { return "belt at \(belt) km/h above the highest commanded \(bound)" }
        if let accepted = machine.highestAcceptedTargetSpeed, accepted.kilometresPerHour > run.highestCommanded + 1e-9 {
            return "machine accepted \(accepted.kilometresPerHour) km/h, above \(run.highestCommanded)"
        }
        for reading in observed.readings {
            if let speed = reading.speed?.kilometersPerHour, !(speed >= 0 && speed <= 15) {
                return "reading of \(speed) km/h passed as valid"
            }
        }
        return nil
    }

    static func randomCommand(using random: inout SplitMix64) -> TreadmillCommand {
        switch Int.random(in: 0..<20, using: &random) {
        case 0: .start
        case 1...8: .setTargetSpeed(.kilometersPerHour(Double.random(in: 0.3...14, using: &random)))
        case 9...11: .setTargetIncline(.percent(Double.random(in: -2...12, using: &random)))
        case 12...13: .pause
        case 14...16: .stop
        default: .requestControl
        }
    }

    static func randomFault(into loop: inout TreadmillLoop, using random: inout SplitMix64) -> [TreadmillLoop.Observed]
    {
        let fault: SimulatedTreadmill.Fault
        switch Int.random(in: 0..<12, using: &random) {
        case 0: fault = .disconnect
        case 1:
            let results: [ControlPointResultCode] = [.operationFailed, .controlNotPermitted, .invalidParameter]
            fault = .refuseCommands(
                count: Int.random(in: 1...4, using: &random),
                result: results.randomElement(using: &random) ?? .operationFailed)
        case 2: fault = .dropNotifications(.probability(Double.random(in: 0...0.5, using: &random)))
        case 3: fault = .dropNotifications(.everyNth(Int.random(in: 1...5, using: &random)))
        case 4: fault = .pullSafetyKey
        case 5: fault = .insertSafetyKey
        case 6:
            fault = .reportNonsense(
                [.negative, .absurd, .offset(hundredthsOfKilometrePerHour: 250)][Int.random(in: 0..<3, using: &random)])
        case 7: fault = .reportTruthfully
        case 8: fault = .revokeControl
        case 9: fault = .consoleStop
        case 10: fault = .consolePause
        default:
            return loop.driver.phase == .connected && loop.treadmill.isConnected ? [] : loop.reconnect()
        }
        if Bool.random(using: &random) {
            loop.schedule(fault, at: loop.now + .milliseconds(Int.random(in: 1...3_000, using: &random)))
            return []
        }
        return loop.inject(fault)
    }
}
