import BackstepCore
import BackstepStorage
import Foundation

/// The body of `POST /clients/{id}/outcomes` and `POST /outcomes` (schema `OutcomeRequest`): a value for a clinic
/// test, or the answers for a questionnaire (item id → score).
struct OutcomeRequest: Codable, Sendable {
    var measure: OutcomeMeasureID
    var value: Double?
    var answers: [String: Int]?
    var date: Date?
    var note: String?
}

/// A band a result falls in (schema `OutcomeBand`).
struct OutcomeBandResponse: Codable, Sendable {
    var id: String
    var label: String
    var meaning: String

    init(_ band: OutcomeBand) {
        id = band.id
        label = band.label
        meaning = band.meaning
    }
}

/// A stored result (schema `Outcome`).
struct OutcomeResponse: Codable, Sendable {
    var id: OutcomeID
    var measure: OutcomeMeasureID
    var value: Double
    var answers: [String: Int]?
    var date: Date
    var note: String?
    var recordedBy: String
    var recordedAt: Date

    init(_ stored: StoredOutcome) {
        id = stored.id
        measure = stored.result.measure
        value = stored.result.value
        answers = stored.result.answers
        date = stored.result.date
        note = stored.result.note
        recordedBy = stored.recorderName
        recordedAt = stored.recordedAt
    }
}

/// One measure's results over time (schema `OutcomeSeries`): the measure, its threshold for a clinically important
/// change, and each result with its band and its change from the first.
struct OutcomeSeriesResponse: Codable, Sendable {
    struct Point: Codable, Sendable {
        var result: OutcomeResponse
        var band: OutcomeBandResponse?
        var changeFromBaseline: Double?
        var significance: OutcomeChangeSignificance?
    }

    var measure: OutcomeMeasureID
    var name: String
    var unit: OutcomeUnit
    var betterDirection: OutcomeDirection
    var importantChange: Double?
    var importantChangeRelative: Double?
    var importantChangeBasis: OutcomeChangeBasis?
    var points: [Point]

    init(_ series: OutcomeSeries) {
        let measure = series.trend.measure
        self.measure = measure.id
        name = measure.name
        unit = measure.unit
        betterDirection = measure.betterDirection
        importantChange = measure.changeThreshold?.absolute
        importantChangeRelative = measure.changeThreshold?.relative
        importantChangeBasis = measure.changeThreshold?.basis
        points = zip(series.trend.points, series.stored).map { point, stored in
            Point(
                result: OutcomeResponse(stored), band: point.band.map(OutcomeBandResponse.init),
                changeFromBaseline: point.changeFromBaseline?.difference, significance: point.significance)
        }
    }
}
