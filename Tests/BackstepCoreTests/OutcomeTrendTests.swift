import Foundation
import Testing

@testable import BackstepCore

/// Day `n` after 2026-01-05 00:00 UTC.
private func outcomeDay(_ n: Int) -> Date {
    Date(timeIntervalSince1970: 1_767_571_200 + Double(n) * 86_400)
}

@Suite("Outcome results and trends: changes against the MCID or MDC")
struct OutcomeTrendTests {
    @Test(
        "Change decisions honour each measure's threshold and better direction",
        arguments: [
            // 3MBWT, lower is better, MDC 2.1 s (no MCID published): 6.1 → 4.0 is 2.1 s despite binary rounding.
            (OutcomeMeasureID.threeMetreBackwardWalk, 6.1, 4.0, OutcomeChangeSignificance.importantImprovement),
            (.threeMetreBackwardWalk, 6.0, 4.0, .withinThreshold),
            (.threeMetreBackwardWalk, 4.0, 6.1, .importantWorsening),
            (.threeMetreBackwardWalk, 4.0, 5.9, .withinThreshold),
            // 10MWT, higher is better, MCID 0.1 m/s.
            (.tenMetreWalk, 0.7, 0.8, .importantImprovement),
            (.tenMetreWalk, 0.7, 0.79, .withinThreshold),
            (.tenMetreWalk, 0.8, 0.7, .importantWorsening),
            (.tenMetreWalk, 0.8, 0.71, .withinThreshold),
            // 6MWT, higher is better, MCID 30 m.
            (.sixMinuteWalk, 300, 330, .importantImprovement),
            (.sixMinuteWalk, 300, 329, .withinThreshold),
            (.sixMinuteWalk, 330, 300, .importantWorsening),
            (.sixMinuteWalk, 330, 301, .withinThreshold),
            // NPRS, lower is better, MCID 2 points or 30 % of the earlier rating (either).
            (.numericPainRating, 6, 4, .importantImprovement),  // 2 points
            (.numericPainRating, 6, 5, .withinThreshold),  // 1 point, 16.7 %
            (.numericPainRating, 4, 6, .importantWorsening),  // 2 points
            (.numericPainRating, 3, 2, .importantImprovement),  // 1 point but 33.3 %
            (.numericPainRating, 2, 3, .importantWorsening),  // 1 point but 50 %
            (.numericPainRating, 8, 7, .withinThreshold),  // 1 point, 12.5 %
            (.numericPainRating, 0, 1, .withinThreshold),  // from 0 no relative change; 1 point
            (.numericPainRating, 0, 2, .importantWorsening),
            (.numericPainRating, 5, 5, .withinThreshold),
            // TUG and FSST: no adopted MCID or MDC, so no judgement.
            (.timedUpAndGo, 20, 10, .noThreshold),
            (.fourSquareStep, 10, 20, .noThreshold),
        ])
    func changeDecisions(
        id: OutcomeMeasureID, from: Double, to: Double, expected: OutcomeChangeSignificance
    ) throws {
        let change = try id.measure.change(from: from, to: to)
        #expect(change.significance == expected)
        #expect(change.isClinicallyImportant == (expected == .importantImprovement || expected == .importantWorsening))
        #expect(change.difference == to - from)
    }

    @Test("The relative difference is measured against the earlier value")
    func relativeDifference() throws {
        let change = try OutcomeMeasure.numericPainRating.change(from: 8, to: 6)
        #expect(change.relativeDifference == -0.25)
        #expect(change.improvement == 2)
        #expect(try OutcomeMeasure.numericPainRating.change(from: 0, to: 3).relativeDifference == nil)
    }

    @Test("Comparing invalid values names which one")
    func changeValidates() {
        #expect(throws: InputError.self) { try OutcomeMeasure.sixMinuteWalk.change(from: -5, to: 300) }
        do throws(InputError) {
            _ = try OutcomeMeasure.sixMinuteWalk.change(from: 300, to: 1200)
            Issue.record("expected an error")
        } catch {
            #expect(error.field == "later")
        }
    }

    @Test("A trend sorts by date and reports bands and changes from baseline and from the previous result")
    func trend() throws {
        // 3MBWT for a community-dwelling older adult: 6.0 → 5.0 → 3.8 → 3.0 s, given out of order.
        let results = try [
            OutcomeResult.recorded(.threeMetreBackwardWalk, value: 3.8, date: outcomeDay(42)),
            OutcomeResult.recorded(.threeMetreBackwardWalk, value: 6.0, date: outcomeDay(0), note: "first visit"),
            OutcomeResult.recorded(.threeMetreBackwardWalk, value: 3.0, date: outcomeDay(84)),
            OutcomeResult.recorded(.threeMetreBackwardWalk, value: 5.0, date: outcomeDay(21)),
        ]
        let trend = try OutcomeTrend(measure: .threeMetreBackwardWalk, results: results)
        #expect(trend.points.map(\.result.value) == [6.0, 5.0, 3.8, 3.0])
        #expect(trend.points.map(\.band?.id) == ["high", "high", "intermediate", "low"])
        #expect(trend.baseline?.result.note == "first visit")
        #expect(trend.baseline?.changeFromBaseline == nil)
        #expect(trend.baseline?.isClinicallyImportant == false)
        // From baseline: −1.0 (within), −2.2 (important), −3.0 (important).
        #expect(
            trend.points.dropFirst().map(\.significance) == [
                .withinThreshold, .importantImprovement, .importantImprovement,
            ])
        #expect(trend.points.map(\.isClinicallyImportant) == [false, false, true, true])
        // From the previous result: −1.0, −1.2, −0.8: none reaches 2.1 s.
        let previous = trend.points.dropFirst().compactMap(\.changeFromPrevious)
        #expect(previous.map(\.significance) == [.withinThreshold, .withinThreshold, .withinThreshold])
        #expect(abs((previous.last?.difference ?? 0) - -0.8) < 1e-12)
        #expect(trend.latest?.changeFromBaseline?.basis == .mdc)
    }

    @Test("A trend for a higher-is-better measure flags worsening")
    func worseningTrend() throws {
        let results = try [
            OutcomeResult.recorded(.sixMinuteWalk, value: 420, date: outcomeDay(0)),
            OutcomeResult.recorded(.sixMinuteWalk, value: 400, date: outcomeDay(30)),
            OutcomeResult.recorded(.sixMinuteWalk, value: 385, date: outcomeDay(60)),
        ]
        let trend = try OutcomeTrend(measure: .sixMinuteWalk, results: results)
        #expect(trend.points.map(\.significance) == [nil, .withinThreshold, .importantWorsening])
        #expect(trend.points.map(\.changeFromPrevious?.significance) == [nil, .withinThreshold, .withinThreshold])
        #expect(trend.cutoffs == nil)
    }

    @Test("Results on the same date keep their given order")
    func sameDate() throws {
        let results = try [
            OutcomeResult.recorded(.tenMetreWalk, value: 0.9, date: outcomeDay(3)),
            OutcomeResult.recorded(.tenMetreWalk, value: 1.0, date: outcomeDay(3)),
        ]
        let trend = try OutcomeTrend(measure: .tenMetreWalk, results: results)
        #expect(trend.points.map(\.result.value) == [0.9, 1.0])
        #expect(trend.latest?.significance == .importantImprovement)
    }

    @Test("A trend refuses results of another measure, naming the index")
    func wrongMeasure() throws {
        let results = try [
            OutcomeResult.recorded(.tenMetreWalk, value: 0.9, date: outcomeDay(0)),
            OutcomeResult.recorded(.sixMinuteWalk, value: 300, date: outcomeDay(1)),
        ]
        #expect(throws: InputError(field: "results[1].measure", problem: "is 6mwt, expected 10mwt")) {
            try OutcomeTrend(measure: .tenMetreWalk, results: results)
        }
    }

    @Test("A trend uses the requested population's cut-offs")
    func trendPopulation() throws {
        let results = [try OutcomeResult.recorded(.threeMetreBackwardWalk, value: 4.3, date: outcomeDay(0))]
        let parkinsons = try OutcomeTrend(measure: .threeMetreBackwardWalk, results: results, population: "parkinsons")
        #expect(parkinsons.points.first?.band?.id == "high")
        #expect(throws: InputError.self) {
            try OutcomeTrend(measure: .threeMetreBackwardWalk, results: results, population: "athletes")
        }
    }

    @Test("Recording refuses out-of-range values and the wrong way of recording")
    func recordingRules() {
        #expect(throws: InputError.self) { try OutcomeResult.recorded(.timedUpAndGo, value: 0, date: outcomeDay(0)) }
        do throws(InputError) {
            _ = try OutcomeResult.recorded(.numericPainRating, value: 4, date: outcomeDay(0))
            Issue.record("expected an error")
        } catch {
            #expect(error.field == "measure")
        }
        do throws(InputError) {
            _ = try OutcomeResult.answered(.sixMinuteWalk, answers: ["pain": 3], date: outcomeDay(0))
            Issue.record("expected an error")
        } catch {
            #expect(error.field == "measure")
        }
    }

    @Test("Results survive a JSON round trip; decoding validates")
    func resultCoding() throws {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let results = try [
            OutcomeResult.recorded(.fourSquareStep, value: 12.4, date: outcomeDay(0), note: "no shoes"),
            OutcomeResult.answered(.numericPainRating, answers: ["pain": 6], date: outcomeDay(1)),
        ]
        #expect(try decoder.decode([OutcomeResult].self, from: encoder.encode(results)) == results)

        let outOfRange = Data(#"{"measure":"fsst","value":0,"date":"2026-01-05T00:00:00Z"}"#.utf8)
        #expect(throws: DecodingError.self) { try decoder.decode(OutcomeResult.self, from: outOfRange) }
        let mismatch = Data(#"{"measure":"nprs","value":2,"answers":{"pain":6},"date":"2026-01-05T00:00:00Z"}"#.utf8)
        #expect(throws: DecodingError.self) { try decoder.decode(OutcomeResult.self, from: mismatch) }
        let noAnswers = Data(#"{"measure":"nprs","value":2,"date":"2026-01-05T00:00:00Z"}"#.utf8)
        #expect(throws: DecodingError.self) { try decoder.decode(OutcomeResult.self, from: noAnswers) }
    }
}
