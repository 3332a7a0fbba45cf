import Testing

@testable import BackstepCore

/// A calibration point typed in by hand from the sources, independent of the model's own constants.
struct EnergyCalibrationCase: Sendable, CustomTestStringConvertible {
    var source: String
    var gait: Gait
    var speed: Speed
    var gradePercent: Double
    /// Target backward VO2, mL·kg⁻¹·min⁻¹.
    var targetVO2: Double
    /// Allowed relative error, percent.
    var tolerancePercent: Double

    var testDescription: String { source }
}

/// Hand-computed ACSM forward values at 2.5 mph (67.056 m/min), used for the Hooper et al. targets.
private let hooperForward5 = 3.5 + 6.7056 + 1.8 * 67.056 * 0.05  // 16.24064
private let hooperForward7 = 3.5 + 6.7056 + 1.8 * 67.056 * 0.075  // 19.25816
private let hooperForward10 = 3.5 + 6.7056 + 1.8 * 67.056 * 0.10  // 22.27568

private let calibrationCases: [EnergyCalibrationCase] = [
    .init(
        source: "Compendium 2011: backward 3.5 mph level = 6.0 MET",
        gait: .walk, speed: .milesPerHour(3.5), gradePercent: 0, targetVO2: 6.0 * 3.5, tolerancePercent: 4.5),
    .init(
        source: "Compendium 2011: backward 3.5 mph 5 % = 8.0 MET",
        gait: .walk, speed: .milesPerHour(3.5), gradePercent: 5, targetVO2: 8.0 * 3.5, tolerancePercent: 4.5),
    .init(
        source: "Hooper 2004: 2.5 mph 5 %, backward = forward × 1.185",
        gait: .walk, speed: .milesPerHour(2.5), gradePercent: 5, targetVO2: hooperForward5 * 1.185,
        tolerancePercent: 4.5),
    .init(
        source: "Hooper 2004: 2.5 mph 7.5 %, backward = forward × 1.185",
        gait: .walk, speed: .milesPerHour(2.5), gradePercent: 7.5, targetVO2: hooperForward7 * 1.185,
        tolerancePercent: 4.5),
    .init(
        source: "Hooper 2004: 2.5 mph 10 %, backward = forward × 1.185",
        gait: .walk, speed: .milesPerHour(2.5), gradePercent: 10, targetVO2: hooperForward10 * 1.185,
        tolerancePercent: 4.5),
    .init(
        source: "Wright & Weyand 2001: backward running 3.0 m/s = forward × 1.35",
        gait: .run, speed: .metersPerSecond(3.0), gradePercent: 0, targetVO2: (3.5 + 0.2 * 180) * 1.35,
        tolerancePercent: 0.1),
]

private let walkingCalibration = calibrationCases.filter { $0.gait == .walk }

private func input(
    _ direction: Direction = .backward,
    _ gait: Gait = .walk,
    mps: Double,
    grade: Double = 0,
    kg: Double = 70,
    weeks: Double? = nil,
    handrail: HandrailLevel? = nil
) -> EnergyInput {
    EnergyInput(
        direction: direction, gait: gait, speed: .metersPerSecond(mps), grade: .percent(grade),
        mass: Mass(kilograms: kg), practiceWeeks: weeks, handrail: handrail)
}

@Suite("Energy model")
struct EnergyModelTests {
    // MARK: Calibration

    @Test("Calibration points are reproduced within tolerance", arguments: calibrationCases)
    func calibrationPoint(_ point: EnergyCalibrationCase) throws {
        // Given a calibration condition, When the model estimates it backward (practised, hands-free)
        let estimate = try EnergyModel.estimate(
            EnergyInput(
                direction: .backward, gait: point.gait, speed: point.speed, grade: .percent(point.gradePercent),
                mass: Mass(kilograms: 70)))
        // Then the error against the published target is inside the tolerance
        let errorPercent = (estimate.vo2 / point.targetVO2 - 1) * 100
        #expect(abs(errorPercent) <= point.tolerancePercent, "error \(errorPercent) %")
    }

    @Test("The backward-walking coefficient is the least-squares fit of the calibration points")
    func coefficientIsLeastSquaresFit() {
        // d minimising Σ(forward + d·v² − target)² is Σ v²·(target − forward) / Σ v⁴.
        var numerator = 0.0
        var denominator = 0.0
        for point in walkingCalibration {
            let v2 = point.speed.metersPerSecond * point.speed.metersPerSecond
            let forward = EnergyModel.forwardWalkingVO2(speed: point.speed, grade: .percent(point.gradePercent))
            numerator += v2 * (point.targetVO2 - forward)
            denominator += v2 * v2
        }
        let fitted = numerator / denominator
        #expect(abs(fitted - 2.9713) < 0.001)
        #expect(abs(EnergyModel.backwardWalkingCoefficient - fitted) < 0.005)
    }

    @Test("The documented RMS residual matches the calibration table")
    func rmsResidual() throws {
        var sum = 0.0
        for point in walkingCalibration {
            let estimate = try EnergyModel.estimate(
                EnergyInput(
                    direction: .backward, gait: .walk, speed: point.speed, grade: .percent(point.gradePercent),
                    mass: Mass(kilograms: 70)))
            let relative = estimate.vo2 / point.targetVO2 - 1
            sum += relative * relative
        }
        let rms = (sum / Double(walkingCalibration.count)).squareRoot() * 100
        #expect(abs(rms - EnergyModel.calibrationResidualPercent) < 0.1, "RMS \(rms) %")
    }

    @Test("A novice at Heath et al.'s speed costs 2.05 / 1.66 times a practised walker")
    func heathNoviceRatio() throws {
        let speed = Speed.milesPerHour(3.45).metersPerSecond
        let novice = try EnergyModel.estimate(input(mps: speed, weeks: 0))
        let practised = try EnergyModel.estimate(input(mps: speed, weeks: 4))
        #expect(abs(novice.vo2 / practised.vo2 - 2.05 / 1.66) < 0.0005)
        #expect(abs(EnergyModel.noviceExtraFactor - 1.659) < 0.01)
    }

    // MARK: ACSM forward equations

    @Test(
        "Forward VO2 follows the ACSM equations",
        arguments: [
            // (gait, m/s, grade %, hand-computed VO2)
            (Gait.walk, 1.0, 10.0, 20.3),  // 3.5 + 0.1·60 + 1.8·60·0.10
            (Gait.walk, 1.5, 0.0, 12.5),  // 3.5 + 0.1·90
            (Gait.walk, 1.0, -5.0, 9.5),  // downhill: grade term held at 0
            (Gait.walk, 0.5, 15.0, 14.6),  // 3.5 + 3 + 1.8·30·0.15
            (Gait.run, 3.0, 5.0, 47.6),  // 3.5 + 0.2·180 + 0.9·180·0.05
            (Gait.run, 2.5, 0.0, 33.5),  // 3.5 + 0.2·150
            (Gait.run, 2.0, -3.0, 27.5),  // 3.5 + 0.2·120, grade held at 0
        ])
    func acsmForward(gait: Gait, mps: Double, grade: Double, expected: Double) throws {
        let forward = try EnergyModel.estimate(input(.forward, gait, mps: mps, grade: grade))
        #expect(abs(forward.vo2 - expected) < 1e-9)
        #expect(abs(forward.forwardVO2 - expected) < 1e-9)
        #expect(abs(forward.met - expected / 3.5) < 1e-9)
        let backward = try EnergyModel.estimate(input(.backward, gait, mps: mps, grade: grade))
        #expect(abs(backward.forwardVO2 - expected) < 1e-9)
    }

    @Test("kcal/min is MET × 3.5 × mass / 200")
    func kcalFormula() throws {
        // 1.5 m/s level forward: 12.5 mL/kg/min; 80 kg → 12.5 × 80 / 200 = 5.0 kcal/min
        let estimate = try EnergyModel.estimate(input(.forward, mps: 1.5, kg: 80))
        #expect(abs(estimate.kcalPerMinute - 5.0) < 1e-9)
        #expect(abs(estimate.kilocalories(minutes: 30) - 150) < 1e-9)
        #expect(abs(estimate.kilocalories(seconds: 60) - 5.0) < 1e-9)
        #expect(estimate.kilocalories(minutes: -3) == 0)
        #expect(estimate.kilocalories(minutes: .nan) == 0)
    }

    @Test("Backward running is forward running × 1.35 at every speed and grade")
    func backwardRunningFactor() throws {
        for mps in [1.0, 2.0, 3.0, 4.5] {
            for grade in [0.0, 5, 10] {
                let estimate = try EnergyModel.estimate(input(.backward, .run, mps: mps, grade: grade))
                #expect(abs(estimate.vo2 / estimate.forwardVO2 - 1.35) < 1e-12)
            }
        }
    }

    // MARK: Properties over the calibrated grid

    static let gridSpeeds = stride(from: 0.4, through: 2.0001, by: 0.1).map { $0 }
    static let gridGrades = stride(from: 0.0, through: 15.0001, by: 1.0).map { $0 }

    @Test(
        "Backward costs more than forward, and cost rises with speed and grade",
        arguments: [Gait.walk, .run], [nil, 0.0, 2.0, 4.0] as [Double?])
    func gridProperties(gait: Gait, weeks: Double?) throws {
        var previousRow: [Double] = []
        for grade in Self.gridGrades {
            var row: [Double] = []
            var previous = -Double.infinity
            for mps in Self.gridSpeeds {
                let estimate = try EnergyModel.estimate(input(.backward, gait, mps: mps, grade: grade, weeks: weeks))
                #expect(estimate.vo2 > estimate.forwardVO2, "\(gait) \(mps) m/s \(grade) %")
                #expect(estimate.met > estimate.forwardMET)
                #expect(estimate.kcalPerMinute > estimate.forwardKcalPerMinute)
                #expect(estimate.vo2 > previous, "not rising with speed at \(mps) m/s \(grade) %")
                #expect(!estimate.extrapolated)
                previous = estimate.vo2
                row.append(estimate.vo2)
            }
            if !previousRow.isEmpty {
                for (lower, higher) in zip(previousRow, row) {
                    #expect(higher > lower, "not rising with grade at \(grade) %")
                }
            }
            previousRow = row
        }
    }

    @Test("Downhill never costs less than level", arguments: [Gait.walk, .run], [Direction.backward, .forward])
    func downhillFloor(gait: Gait, direction: Direction) throws {
        for mps in Self.gridSpeeds {
            let level = try EnergyModel.estimate(input(direction, gait, mps: mps, grade: 0))
            let downhill = try EnergyModel.estimate(input(direction, gait, mps: mps, grade: -5))
            #expect(downhill.vo2 == level.vo2)
        }
    }

    @Test("kcal is proportional to mass and to minutes", arguments: [Gait.walk, .run])
    func kcalProportional(gait: Gait) throws {
        for mps in [0.4, 1.2, 2.0] {
            for grade in [0.0, 7.5, 15] {
                let light = try EnergyModel.estimate(input(.backward, gait, mps: mps, grade: grade, kg: 50))
                let heavy = try EnergyModel.estimate(input(.backward, gait, mps: mps, grade: grade, kg: 100))
                #expect(abs(heavy.kcalPerMinute - 2 * light.kcalPerMinute) < 1e-9)
                #expect(abs(heavy.forwardKcalPerMinute - 2 * light.forwardKcalPerMinute) < 1e-9)
                #expect(heavy.vo2 == light.vo2)
                #expect(abs(light.kilocalories(minutes: 20) - 2 * light.kilocalories(minutes: 10)) < 1e-9)
                #expect(abs(light.forwardKilocalories(minutes: 20) - 20 * light.forwardKcalPerMinute) < 1e-9)
            }
        }
    }

    // MARK: Practice

    @Test("The practice factor falls linearly from the novice level to 1 at four weeks")
    func practiceFactor() {
        let novice = EnergyModel.noviceExtraFactor
        #expect(EnergyModel.practiceFactor(weeks: 0) == novice)
        #expect(abs(EnergyModel.practiceFactor(weeks: 2) - (1 + novice) / 2) < 1e-12)
        #expect(EnergyModel.practiceFactor(weeks: 4) == 1)
        #expect(EnergyModel.practiceFactor(weeks: 52) == 1)
        #expect(EnergyModel.practiceFactor(weeks: nil) == 1)
        #expect(EnergyModel.practiceFactor(weeks: 1) > EnergyModel.practiceFactor(weeks: 3))
    }

    @Test("Practice notes say what was assumed or applied")
    func practiceNotes() throws {
        let unknown = try EnergyModel.estimate(input(mps: 1.2))
        #expect(unknown.notes.contains(.practiceAssumed))
        #expect(unknown.noteMessages.contains { $0.contains("at least 4 weeks") })
        let early = try EnergyModel.estimate(input(mps: 1.2, weeks: 1))
        #expect(early.notes.contains(.noviceAdjustment))
        #expect(
            early.noteMessages == [
                "With 1 week of practice, backward walking still costs more than it will once learned: the backward extra is ×1.49 here."
            ])
        #expect(!early.notes.contains(.practiceAssumed))
        #expect(early.vo2 > unknown.vo2)
        #expect(early.uncertaintyPercent > unknown.uncertaintyPercent)
        let practised = try EnergyModel.estimate(input(mps: 1.2, weeks: 6))
        #expect(practised.notes.isEmpty)
        #expect(practised.vo2 == unknown.vo2)
        let running = try EnergyModel.estimate(input(.backward, .run, mps: 2.5, weeks: 0))
        #expect(running.notes.contains(.practiceNotModelledForRunning))
        #expect(running.practiceFactor == 1)
        let forward = try EnergyModel.estimate(input(.forward, mps: 1.2, weeks: 0))
        #expect(forward.notes.isEmpty)
        #expect(forward.vo2 == forward.forwardVO2)
    }

    // MARK: Extrapolation

    @Test(
        "Extrapolation flags at and beyond the range edges",
        arguments: [
            (0.4, 0.0, [ExtrapolationReason]()),
            (2.0, 15.0, []),
            (1.0, 7.5, []),
            (0.39, 0.0, [.speedBelowRange]),
            (2.01, 0.0, [.speedAboveRange]),
            (1.0, -0.5, [.gradeBelowRange]),
            (1.0, 15.5, [.gradeAboveRange]),
            (0.2, -5.0, [.speedBelowRange, .gradeBelowRange]),
            (3.0, 20.0, [.speedAboveRange, .gradeAboveRange]),
        ])
    func extrapolation(mps: Double, grade: Double, expected: [ExtrapolationReason]) throws {
        for gait in [Gait.walk, .run] {
            let estimate = try EnergyModel.estimate(input(.backward, gait, mps: mps, grade: grade))
            #expect(Array(estimate.extrapolationReasons) == expected)
            #expect(estimate.extrapolated == !expected.isEmpty)
            #expect(estimate.extrapolationMessages.count == expected.count)
        }
    }

    @Test("Extrapolation doubles the uncertainty")
    func extrapolationWidensUncertainty() throws {
        let inside = try EnergyModel.estimate(input(mps: 2.0))
        let outside = try EnergyModel.estimate(input(mps: 2.0, grade: 16))
        #expect(abs(outside.uncertaintyPercent - 2 * inside.uncertaintyPercent) < 1e-9)
    }

    // MARK: Uncertainty and notes

    @Test("Uncertainty is built from the documented components")
    func uncertaintyComponents() throws {
        let forwardBase = EnergyModel.forwardReferenceUncertaintyPercent
        #expect(abs(forwardBase - 8.39) < 0.01)
        let forward = try EnergyModel.estimate(input(.forward, mps: 1.2))
        #expect(abs(forward.uncertaintyPercent - forwardBase) < 1e-9)
        let backward = try EnergyModel.estimate(input(mps: 1.2))
        #expect(abs(backward.uncertaintyPercent - (forwardBase * forwardBase + 2.7 * 2.7).squareRoot()) < 1e-9)
        let running = try EnergyModel.estimate(input(.backward, .run, mps: 2.0))
        let spread = 6.0 / 1.35
        #expect(abs(running.uncertaintyPercent - (forwardBase * forwardBase + spread * spread).squareRoot()) < 1e-9)
    }

    @Test(
        "Holding the rails widens the uncertainty and adds a note",
        arguments: [(HandrailLevel?.none, 0.0), (.handsFree, 0), (.fingertips, 5), (.oneHand, 10), (.twoHands, 20)])
    func handrail(level: HandrailLevel?, widening: Double) throws {
        let base = try EnergyModel.estimate(input(mps: 0.8))
        let held = try EnergyModel.estimate(input(mps: 0.8, handrail: level))
        #expect(abs(held.uncertaintyPercent - base.uncertaintyPercent - widening) < 1e-9)
        #expect(held.vo2 == base.vo2)
        #expect(held.notes.contains(.handrailSupport) == (widening > 0))
        if widening > 0 {
            #expect(held.noteMessages.contains { $0.contains("less reliable") })
        }
    }

    @Test(
        "Unusual gait for the speed earns a note",
        arguments: [
            (Direction.backward, Gait.walk, 2.1, EnergyNote.walkingAboveTransition, true),
            (.forward, .walk, 2.1, .walkingAboveTransition, true),
            (.backward, .walk, 1.9, .walkingAboveTransition, false),
            (.backward, .run, 1.5, .runningBelowTransition, true),
            (.backward, .run, 1.7, .runningBelowTransition, false),
            (.forward, .run, 1.9, .runningBelowTransition, true),
            (.forward, .run, 2.1, .runningBelowTransition, false),
        ])
    func gaitNotes(direction: Direction, gait: Gait, mps: Double, note: EnergyNote, expected: Bool) throws {
        let estimate = try EnergyModel.estimate(input(direction, gait, mps: mps))
        #expect(estimate.notes.contains(note) == expected)
    }

    @Test("Backward running uphill warns that the model may under-count")
    func backwardRunningUphill() throws {
        let uphill = try EnergyModel.estimate(input(.backward, .run, mps: 2.5, grade: 5))
        let level = try EnergyModel.estimate(input(.backward, .run, mps: 2.5))
        let forward = try EnergyModel.estimate(input(.forward, .run, mps: 2.5, grade: 5))
        #expect(uphill.notes.contains(.backwardRunningUphill))
        #expect(!level.notes.contains(.backwardRunningUphill))
        #expect(!forward.notes.contains(.backwardRunningUphill))
    }

    @Test("Flags iterate in declaration order")
    func flags() {
        var flags = EnergyFlags<EnergyNote>(.handrailSupport, .practiceAssumed)
        #expect(Array(flags) == [.practiceAssumed, .handrailSupport])
        #expect(flags.count == 2)
        flags.insert(.practiceAssumed)
        #expect(flags.count == 2)
        #expect(!flags.contains(.noviceAdjustment))
    }

    // MARK: Invalid input

    @Test(
        "Out-of-range input throws naming the field",
        arguments: [
            (input(mps: 0), "speed"),
            (input(mps: -1), "speed"),
            (input(mps: .nan), "speed"),
            (input(mps: 8.4), "speed"),
            (input(mps: 1, grade: -5.1), "grade"),
            (input(mps: 1, grade: 40.5), "grade"),
            (input(mps: 1, grade: .infinity), "grade"),
            (input(mps: 1, kg: 19.9), "mass"),
            (input(mps: 1, kg: 350.1), "mass"),
            (input(mps: 1, kg: .nan), "mass"),
            (input(mps: 1, weeks: -1), "practiceWeeks"),
            (input(mps: 1, weeks: .infinity), "practiceWeeks"),
        ])
    func invalid(_ value: EnergyInput, field: String) {
        #expect {
            _ = try EnergyModel.estimate(value)
        } throws: { error in
            guard let inputError = error as? InputError else { return false }
            return inputError.field == field && inputError.problem.contains("allowed")
        }
    }

    @Test("The edges of the accepted range are accepted")
    func acceptedEdges() throws {
        _ = try EnergyModel.estimate(
            EnergyInput(
                direction: .backward, gait: .run, speed: .kilometersPerHour(30), grade: .percent(40),
                mass: Mass(kilograms: 350), practiceWeeks: 0))
        _ = try EnergyModel.estimate(
            EnergyInput(
                direction: .backward, gait: .walk, speed: .milesPerHour(30 / 1.609344), grade: .percent(-5),
                mass: Mass(kilograms: 20)))
    }

    @Test("Messages name the numbers")
    func messages() throws {
        let estimate = try EnergyModel.estimate(input(mps: 2.5, grade: 20))
        #expect(estimate.extrapolationMessages[0].contains("2.5 m/s"))
        #expect(estimate.extrapolationMessages[0].contains("0.4–2 m/s"))
        #expect(estimate.extrapolationMessages[1].contains("20 %"))
    }
}
