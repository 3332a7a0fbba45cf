import Foundation
import Testing

@testable import BackstepCore

@Suite("Outcome measures: catalog, ranges and cut-off bands")
struct OutcomeMeasureTests {
    @Test("The catalog holds each identifier once, under its own id")
    func catalogIdentity() {
        #expect(OutcomeMeasure.all.map(\.id) == OutcomeMeasureID.allCases)
        for id in OutcomeMeasureID.allCases {
            #expect(id.measure.id == id)
        }
        #expect(Set(OutcomeMeasure.all.map(\.abbreviation)).count == OutcomeMeasure.all.count)
    }

    @Test("Every measure cites a source, states a licence, and questionnaires are the client's")
    func catalogCompleteness() {
        for measure in OutcomeMeasure.all {
            #expect(!measure.citations.isEmpty, "\(measure.abbreviation)")
            #expect(!measure.licence.isEmpty, "\(measure.abbreviation)")
            #expect((measure.questionnaire != nil) == (measure.recordedBy == .client), "\(measure.abbreviation)")
        }
    }

    @Test(
        "Stable ids, units and better direction",
        arguments: [
            (OutcomeMeasureID.threeMetreBackwardWalk, "3mbwt", OutcomeUnit.seconds, OutcomeDirection.lowerIsBetter),
            (.timedUpAndGo, "tug", .seconds, .lowerIsBetter),
            (.tenMetreWalk, "10mwt", .metersPerSecond, .higherIsBetter),
            (.sixMinuteWalk, "6mwt", .meters, .higherIsBetter),
            (.fourSquareStep, "fsst", .seconds, .lowerIsBetter),
            (.numericPainRating, "nprs", .points, .lowerIsBetter),
        ])
    func identity(id: OutcomeMeasureID, raw: String, unit: OutcomeUnit, direction: OutcomeDirection) throws {
        #expect(id.rawValue == raw)
        #expect(try OutcomeMeasureID(parsing: raw.uppercased()) == id)
        #expect(id.measure.unit == unit)
        #expect(id.measure.betterDirection == direction)
    }

    @Test("An unknown measure name is refused with the accepted names")
    func unknownMeasure() {
        #expect(throws: InputError.self) { try OutcomeMeasureID(parsing: "koos") }
        do {
            _ = try OutcomeMeasureID(parsing: "koos", field: "goal.measure")
            Issue.record("expected an error")
        } catch {
            #expect(error.field == "goal.measure")
            #expect(error.problem.contains("3mbwt"))
        }
    }

    @Test(
        "Valid ranges: accepted at the edges, refused just outside",
        arguments: [
            // 3MBWT: above 0, at most 120 s (ThreeMetreBackwardWalkTest.maximumSeconds).
            (OutcomeMeasureID.threeMetreBackwardWalk, 0.0, false),
            (.threeMetreBackwardWalk, 0.01, true),
            (.threeMetreBackwardWalk, 120, true),
            (.threeMetreBackwardWalk, 120.01, false),
            (.threeMetreBackwardWalk, -3, false),
            // TUG: above 0, at most 180 s.
            (.timedUpAndGo, 0, false),
            (.timedUpAndGo, 0.5, true),
            (.timedUpAndGo, 180, true),
            (.timedUpAndGo, 180.1, false),
            // 10MWT: above 0, at most 3 m/s.
            (.tenMetreWalk, 0, false),
            (.tenMetreWalk, 0.05, true),
            (.tenMetreWalk, 3, true),
            (.tenMetreWalk, 3.01, false),
            // 6MWT: 0–1000 m, 0 allowed (could not walk).
            (.sixMinuteWalk, -0.1, false),
            (.sixMinuteWalk, 0, true),
            (.sixMinuteWalk, 1000, true),
            (.sixMinuteWalk, 1000.5, false),
            // FSST: above 0, at most 120 s.
            (.fourSquareStep, 0, false),
            (.fourSquareStep, 4, true),
            (.fourSquareStep, 120, true),
            (.fourSquareStep, 121, false),
            // NPRS: whole numbers 0–10.
            (.numericPainRating, -1, false),
            (.numericPainRating, 0, true),
            (.numericPainRating, 10, true),
            (.numericPainRating, 11, false),
            (.numericPainRating, 4.5, false),
        ])
    func ranges(id: OutcomeMeasureID, value: Double, accepted: Bool) {
        do {
            try id.measure.validate(value, field: "results[2].value")
            #expect(accepted, "\(id.rawValue) \(value) should have been refused")
        } catch {
            #expect(!accepted, "\(id.rawValue) \(value) should have been accepted: \(error)")
            #expect(error.field == "results[2].value")
        }
    }

    @Test("Not-a-number and infinity are refused by every measure", arguments: OutcomeMeasureID.allCases)
    func nonFinite(id: OutcomeMeasureID) {
        #expect(throws: InputError.self) { try id.measure.validate(.nan) }
        #expect(throws: InputError.self) { try id.measure.validate(.infinity) }
    }

    @Test(
        "Bands at and around each cut-off",
        arguments: [
            // 3MBWT, community older adults: ≤ 3.0 low, ≥ 4.5 high (Carter et al. 2019).
            (OutcomeMeasureID.threeMetreBackwardWalk, "community-older-adults", 3.0, "low"),
            (.threeMetreBackwardWalk, "community-older-adults", 3.01, "intermediate"),
            (.threeMetreBackwardWalk, "community-older-adults", 4.49, "intermediate"),
            (.threeMetreBackwardWalk, "community-older-adults", 4.5, "high"),
            (.threeMetreBackwardWalk, "community-older-adults", 4.51, "high"),
            // 3MBWT, Parkinson's disease: 4.2 s; nursing home: 8.15 s.
            (.threeMetreBackwardWalk, "parkinsons", 4.19, "below-cutoff"),
            (.threeMetreBackwardWalk, "parkinsons", 4.2, "high"),
            (.threeMetreBackwardWalk, "nursing-home", 8.14, "below-cutoff"),
            (.threeMetreBackwardWalk, "nursing-home", 8.15, "high"),
            // TUG: ≥ 13.5 s fall risk (Shumway-Cook et al. 2000).
            (.timedUpAndGo, "community-older-adults", 13.49, "below-cutoff"),
            (.timedUpAndGo, "community-older-adults", 13.5, "fall-risk"),
            (.timedUpAndGo, "community-older-adults", 13.51, "fall-risk"),
            // 10MWT: < 0.4 household, 0.4–< 0.8 limited community, ≥ 0.8 community (Perry et al. 1995).
            (.tenMetreWalk, "stroke", 0.39, "household"),
            (.tenMetreWalk, "stroke", 0.4, "limited-community"),
            (.tenMetreWalk, "stroke", 0.79, "limited-community"),
            (.tenMetreWalk, "stroke", 0.8, "community"),
            (.tenMetreWalk, "stroke", 0.81, "community"),
            // FSST: > 15 s fall risk (Dite & Temple 2002).
            (.fourSquareStep, "older-adults", 14.99, "below-cutoff"),
            (.fourSquareStep, "older-adults", 15, "below-cutoff"),
            (.fourSquareStep, "older-adults", 15.01, "fall-risk"),
        ])
    func bands(id: OutcomeMeasureID, population: String, value: Double, band: String) throws {
        #expect(try id.measure.band(for: value, population: population)?.id == band)
    }

    @Test("The default population is the first scheme")
    func defaultPopulation() throws {
        // 4.3 s is intermediate for community older adults (the default) but high for Parkinson's disease.
        let measure = OutcomeMeasure.threeMetreBackwardWalk
        #expect(try measure.band(for: 4.3)?.id == "intermediate")
        #expect(try measure.band(for: 4.3, population: "parkinsons")?.id == "high")
    }

    @Test("3MBWT bands agree with the assessment module for every population")
    func agreesWithAssessment() throws {
        for population in BackwardWalkTestPopulation.allCases {
            for step in 1...1200 {
                let seconds = Double(step) / 100
                let assessed = try ThreeMetreBackwardWalkTest.interpret(seconds: seconds, population: population)
                let band = try OutcomeMeasure.threeMetreBackwardWalk.band(
                    for: seconds, population: population.rawValue)
                #expect(band?.id == assessed.band.rawValue, "\(population) \(seconds)")
            }
        }
    }

    @Test("Every scheme's bands cover the valid range without overlap")
    func bandsPartition() {
        for measure in OutcomeMeasure.all {
            for scheme in measure.cutoffs {
                for step in 1...3000 {
                    let value = Double(step) / 100
                    guard measure.validRange.contains(value) else { continue }
                    let matches = scheme.bands.filter { $0.interval.contains(value) }
                    #expect(matches.count == 1, "\(measure.abbreviation) \(scheme.population.id) \(value)")
                }
            }
        }
    }

    @Test("Measures without cut-offs give no band; an unknown population is refused")
    func missingCutoffs() throws {
        #expect(try OutcomeMeasure.sixMinuteWalk.band(for: 400) == nil)
        #expect(try OutcomeMeasure.numericPainRating.band(for: 4) == nil)
        do {
            _ = try OutcomeMeasure.timedUpAndGo.band(for: 12, population: "stroke")
            Issue.record("expected an error")
        } catch {
            #expect(error.field == "population")
            #expect(error.problem.contains("community-older-adults"))
        }
    }

    @Test("A band lookup validates the value first")
    func bandValidates() {
        #expect(throws: InputError(field: "value", problem: "0 is out of range for the FSST, allowed above 0–120 s")) {
            try OutcomeMeasure.fourSquareStep.band(for: 0)
        }
    }

    @Test(
        "10MWT times convert to gait speed over 10 m",
        arguments: [(10.0, 1.0), (12.5, 0.8), (25.0, 0.4), (4.0, 2.5)])
    func tenMetreWalkSpeed(seconds: Double, metersPerSecond: Double) throws {
        let speed = try OutcomeMeasure.tenMetreWalkSpeed(seconds: seconds)
        #expect(abs(speed.metersPerSecond - metersPerSecond) < 1e-12)
        try OutcomeMeasure.tenMetreWalk.validate(speed.metersPerSecond)
    }

    @Test(
        "10MWT times that are zero, negative, not a number or faster than 3 m/s are refused",
        arguments: [
            0.0, -2, .nan, 3.0, 3.33,
        ])
    func tenMetreWalkBadTimes(seconds: Double) {
        #expect(throws: InputError.self) { try OutcomeMeasure.tenMetreWalkSpeed(seconds: seconds) }
    }

    @Test("The 3MBWT catalog entry reuses the assessment module's figures")
    func reusesAssessment() {
        let measure = OutcomeMeasure.threeMetreBackwardWalk
        #expect(measure.validRange.upper?.value == ThreeMetreBackwardWalkTest.maximumSeconds)
        #expect(measure.mdc?.absolute == ThreeMetreBackwardWalkTest.realChange)
        #expect(measure.mcid == nil)
        #expect(measure.changeThreshold?.basis == .mdc)
        #expect(measure.cutoffs.map(\.population.id) == BackwardWalkTestPopulation.allCases.map(\.rawValue))
    }

    @Test("MCIDs adopted in the catalog")
    func mcidValues() {
        #expect(OutcomeMeasure.tenMetreWalk.mcid?.absolute == 0.1)
        #expect(OutcomeMeasure.sixMinuteWalk.mcid?.absolute == 30)
        #expect(OutcomeMeasure.numericPainRating.mcid?.absolute == 2)
        #expect(OutcomeMeasure.numericPainRating.mcid?.relative == 0.3)
        #expect(OutcomeMeasure.timedUpAndGo.changeThreshold == nil)
        #expect(OutcomeMeasure.fourSquareStep.changeThreshold == nil)
    }

    @Test("Catalog entries survive a JSON round trip")
    func measureCoding() throws {
        let data = try JSONEncoder().encode(OutcomeMeasure.all)
        #expect(try JSONDecoder().decode([OutcomeMeasure].self, from: data) == OutcomeMeasure.all)
    }
}
