import Foundation
import Testing

@testable import BackstepCore

@Suite("3-metre backward walk test")
struct AssessmentTests {
    @Test(
        "Cut-offs at and around each threshold",
        arguments: [
            // Community older adults: ≤ 3.0 low, ≥ 4.5 high (Carter et al. 2019).
            (BackwardWalkTestPopulation.communityOlderAdults, 2.0, FallRiskBand.low),
            (.communityOlderAdults, 2.99, .low),
            (.communityOlderAdults, 3.0, .low),
            (.communityOlderAdults, 3.01, .intermediate),
            (.communityOlderAdults, 4.49, .intermediate),
            (.communityOlderAdults, 4.5, .high),
            (.communityOlderAdults, 4.51, .high),
            // Older cohort: 5.5 s (Polo-Ferrero et al. 2025).
            (.olderCohort, 3.0, .belowCutoff),
            (.olderCohort, 5.49, .belowCutoff),
            (.olderCohort, 5.5, .high),
            (.olderCohort, 5.51, .high),
            // Nursing home: 8.15 s (Kapan et al. 2025).
            (.nursingHome, 5.0, .belowCutoff),
            (.nursingHome, 8.14, .belowCutoff),
            (.nursingHome, 8.15, .high),
            (.nursingHome, 8.16, .high),
            // Parkinson's disease: 4.2 s (Carter et al. 2020).
            (.parkinsons, 3.0, .belowCutoff),
            (.parkinsons, 4.19, .belowCutoff),
            (.parkinsons, 4.2, .high),
            (.parkinsons, 4.21, .high),
        ])
    func cutoffs(population: BackwardWalkTestPopulation, seconds: Double, band: FallRiskBand) throws {
        let result = try ThreeMetreBackwardWalkTest.interpret(seconds: seconds, population: population)
        #expect(result.band == band)
        #expect(result.population == population)
        #expect(result.summary.contains(population.source))
        #expect(result.summary.contains(population.label))
    }

    @Test("Each population's cut-off matches the brief")
    func cutoffValues() {
        #expect(BackwardWalkTestPopulation.communityOlderAdults.highRiskCutoff == 4.5)
        #expect(BackwardWalkTestPopulation.communityOlderAdults.lowRiskCutoff == 3.0)
        #expect(BackwardWalkTestPopulation.olderCohort.highRiskCutoff == 5.5)
        #expect(BackwardWalkTestPopulation.nursingHome.highRiskCutoff == 8.15)
        #expect(BackwardWalkTestPopulation.parkinsons.highRiskCutoff == 4.2)
        #expect(BackwardWalkTestPopulation.olderCohort.lowRiskCutoff == nil)
    }

    @Test(
        "Minimal detectable change bands",
        arguments: [
            (8.0, 5.9, TestChangeBand.real),
            (6.1, 4.0, .real),
            (4.0, 6.1, .real),
            (6.0, 3.0, .real),
            (6.09, 4.0, .possible),
            (5.6, 4.0, .possible),
            (4.0, 5.6, .possible),
            (5.59, 4.0, .withinError),
            (5.0, 4.0, .withinError),
            (5.0, 5.0, .withinError),
        ])
    func changeBands(previous: Double, current: Double, band: TestChangeBand) throws {
        let change = try ThreeMetreBackwardWalkTest.compare(previous: previous, current: current)
        #expect(change.band == band)
        #expect(change.isFaster == (current < previous))
    }

    @Test("A real improvement says so")
    func realImprovementText() throws {
        let change = try ThreeMetreBackwardWalkTest.compare(previous: 7.0, current: 4.5)
        #expect(change.summary.contains("faster"))
        #expect(change.summary.contains("real improvement"))
    }

    @Test(
        "Bad times name the field",
        arguments: [(0.0, "seconds"), (-1.0, "seconds"), (120.5, "seconds"), (Double.nan, "seconds")])
    func badSeconds(seconds: Double, field: String) {
        #expect(throws: InputError.self) {
            try ThreeMetreBackwardWalkTest.interpret(seconds: seconds, population: .parkinsons)
        }
        do {
            _ = try ThreeMetreBackwardWalkTest.interpret(seconds: seconds, population: .parkinsons)
        } catch {
            #expect(error.field == field)
        }
    }

    @Test("A bad previous time names the previous field")
    func badPrevious() {
        do {
            _ = try ThreeMetreBackwardWalkTest.compare(previous: 0, current: 4)
            Issue.record("expected an error")
        } catch {
            #expect(error.field == "previous")
        }
    }

    @Test("120 s is accepted and is high risk everywhere")
    func longestTime() throws {
        for population in BackwardWalkTestPopulation.allCases {
            #expect(try ThreeMetreBackwardWalkTest.interpret(seconds: 120, population: population).band == .high)
        }
    }

    @Test("Populations parse by name, and unknown names are an input error")
    func populationParsing() throws {
        #expect(try BackwardWalkTestPopulation(parsing: "nursing-home") == .nursingHome)
        #expect(try BackwardWalkTestPopulation(parsing: "Parkinsons") == .parkinsons)
        do {
            _ = try BackwardWalkTestPopulation(parsing: "astronauts")
            Issue.record("expected an error")
        } catch {
            #expect(error.field == "population")
            #expect(error.problem.contains("community-older-adults"))
        }
    }
}

@Suite("Backward walking speed")
struct AssessmentSpeedTests {
    @Test(
        "The 0.6 m/s flag (Fritz et al. 2013)",
        arguments: [(0.3, true), (0.59, true), (0.599, true), (0.6, false), (0.61, false), (1.2, false)])
    func fallerFlag(speed: Double, flagged: Bool) throws {
        let result = try BackwardWalkingSpeed.assess(.metersPerSecond(speed))
        #expect(result.isBelowFallerThreshold == flagged)
        #expect(result.summary.contains("Fritz"))
    }

    @Test("Bad speeds name the field", arguments: [0.0, -0.5, 3.5, Double.infinity])
    func badSpeeds(speed: Double) {
        do {
            _ = try BackwardWalkingSpeed.assess(.metersPerSecond(speed))
            Issue.record("expected an error")
        } catch {
            #expect(error.field == "speed")
        }
    }

    private static let origin = Date(timeIntervalSince1970: 1_767_571_200)
    private static func sample(_ day: Double, _ speed: Double) -> SpeedSample {
        SpeedSample(date: origin.addingTimeInterval(day * 86_400), speed: .metersPerSecond(speed))
    }

    @Test("A steady weekly gain gives its slope and an improving direction")
    func improvingTrend() throws {
        let trend = try ComfortableSpeedTrend(samples: [
            Self.sample(14, 0.7), Self.sample(0, 0.5), Self.sample(7, 0.6), Self.sample(21, 0.8),
        ])
        #expect(abs(trend.slopePerWeek - 0.1) < 1e-9)
        #expect(abs(trend.changeSinceFirst - 0.3) < 1e-9)
        #expect(trend.direction == .improving)
        #expect(trend.samples.first?.speed == .metersPerSecond(0.5))
    }

    @Test("A decline and a flat series")
    func decliningAndStable() throws {
        let declining = try ComfortableSpeedTrend(samples: [Self.sample(0, 0.9), Self.sample(14, 0.8)])
        #expect(declining.direction == .declining)
        #expect(declining.slopePerWeek < 0)
        let stable = try ComfortableSpeedTrend(samples: [
            Self.sample(0, 0.8), Self.sample(7, 0.81), Self.sample(14, 0.79), Self.sample(21, 0.8),
        ])
        #expect(stable.direction == .stable)
        #expect(abs(stable.changeSinceFirst) < 1e-9)
    }

    @Test("A trend needs two measurements on different dates")
    func trendInputErrors() {
        for samples in [[Self.sample(0, 0.5)], [Self.sample(3, 0.5), Self.sample(3, 0.7)]] {
            do {
                _ = try ComfortableSpeedTrend(samples: samples)
                Issue.record("expected an error")
            } catch {
                #expect(error.field == "samples")
            }
        }
        do {
            _ = try ComfortableSpeedTrend(samples: [Self.sample(0, 0.5), Self.sample(3, -1)])
            Issue.record("expected an error")
        } catch {
            #expect(error.field == "samples[1].speed")
        }
    }
}
