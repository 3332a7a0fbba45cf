import Foundation

/// One recorded result of an outcome measure: the value (and, for questionnaires, the answers it was scored from),
/// the date and an optional note.
///
/// Build results with `recorded(_:value:date:note:)` or `answered(_:answers:date:note:)`, which validate; decoding
/// validates the same way.
public struct OutcomeResult: Hashable, Sendable, Codable {
    /// Which measure.
    public var measure: OutcomeMeasureID
    /// The value, in the measure's unit (for questionnaires, the first subscale's score).
    public var value: Double
    /// For questionnaires: the answers, item id → score. Nil for clinic-measured tests.
    public var answers: [String: Int]?
    /// When it was measured or answered.
    public var date: Date
    /// A free-text note from the professional or client.
    public var note: String?

    private init(measure: OutcomeMeasureID, value: Double, answers: [String: Int]?, date: Date, note: String?) {
        self.measure = measure
        self.value = value
        self.answers = answers
        self.date = date
        self.note = note
    }

    /// A value entered by a professional.
    /// - Throws: `InputError` for `value` when out of the measure's range, or for `measure` when the measure is a
    ///   questionnaire (its value comes from answers).
    public static func recorded(
        _ measure: OutcomeMeasureID, value: Double, date: Date, note: String? = nil
    ) throws(InputError) -> OutcomeResult {
        let entry = measure.measure
        if entry.questionnaire != nil {
            throw InputError(
                field: "measure", problem: "the \(entry.abbreviation) is a questionnaire; record its answers instead")
        }
        try entry.validate(value)
        return OutcomeResult(measure: measure, value: value, answers: nil, date: date, note: note)
    }

    /// A questionnaire answered by the client, scored as published.
    /// - Throws: `InputError` for `answers.<item>` when an item is unanswered or out of range, or for `measure`
    ///   when the measure has no questionnaire.
    public static func answered(
        _ measure: OutcomeMeasureID, answers: [String: Int], date: Date, note: String? = nil
    ) throws(InputError) -> OutcomeResult {
        let entry = measure.measure
        guard let questionnaire = entry.questionnaire else {
            throw InputError(
                field: "measure",
                problem: "the \(entry.abbreviation) is measured in the clinic; record its value instead")
        }
        let value = try questionnaire.primaryScore(answers)
        try entry.validate(value)
        return OutcomeResult(measure: measure, value: value, answers: answers, date: date, note: note)
    }

    private enum CodingKeys: String, CodingKey {
        case measure, value, answers, date, note
    }

    /// Decodes and validates a result; answers, when present, are scored again and must give the stored value.
    /// - Throws: `DecodingError.dataCorrupted` naming the field for values out of range or inconsistent answers.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let measure = try container.decode(OutcomeMeasureID.self, forKey: .measure)
        let value = try container.decode(Double.self, forKey: .value)
        let answers = try container.decodeIfPresent([String: Int].self, forKey: .answers)
        let date = try container.decode(Date.self, forKey: .date)
        let note = try container.decodeIfPresent(String.self, forKey: .note)
        let checked: OutcomeResult
        do throws(InputError) {
            if let answers {
                checked = try .answered(measure, answers: answers, date: date, note: note)
                if checked.value != value {
                    throw InputError(
                        field: "value",
                        problem:
                            "\(InputError.format(value)) does not match the answers, which score \(InputError.format(checked.value))"
                    )
                }
            } else {
                checked = try .recorded(measure, value: value, date: date, note: note)
            }
        } catch {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(codingPath: decoder.codingPath, debugDescription: error.description))
        }
        self = checked
    }

    /// Encodes the result.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(measure, forKey: .measure)
        try container.encode(value, forKey: .value)
        try container.encodeIfPresent(answers, forKey: .answers)
        try container.encode(date, forKey: .date)
        try container.encodeIfPresent(note, forKey: .note)
    }
}

/// One point of an `OutcomeTrend`: a result, its band and how it changed.
public struct OutcomeTrendPoint: Hashable, Sendable {
    /// The result.
    public var result: OutcomeResult
    /// The cut-off band the value falls in, nil when the measure has no cut-offs.
    public var band: OutcomeBand?
    /// The change from the first (baseline) result; nil for the baseline itself.
    public var changeFromBaseline: OutcomeChange?
    /// The change from the result before; nil for the baseline.
    public var changeFromPrevious: OutcomeChange?

    /// Creates a point.
    public init(
        result: OutcomeResult, band: OutcomeBand?, changeFromBaseline: OutcomeChange?,
        changeFromPrevious: OutcomeChange?
    ) {
        self.result = result
        self.band = band
        self.changeFromBaseline = changeFromBaseline
        self.changeFromPrevious = changeFromPrevious
    }

    /// Whether the change from baseline reaches the measure's MCID (or MDC), either way.
    public var isClinicallyImportant: Bool { changeFromBaseline?.isClinicallyImportant ?? false }

    /// How the change from baseline is judged; nil for the baseline.
    public var significance: OutcomeChangeSignificance? { changeFromBaseline?.significance }
}

/// Dated results of one measure, oldest first, each with its band and its change from the baseline (the first
/// result) and from the previous result, judged against the measure's MCID (or MDC) in its better direction.
///
/// For a trend chart: plot `points` by `result.date` and `result.value`, shade `band`, mark
/// `isClinicallyImportant`. For a report: `latest?.changeFromBaseline`.
public struct OutcomeTrend: Hashable, Sendable {
    /// The measure.
    public var measure: OutcomeMeasure
    /// The cut-offs used for bands, nil when the measure has none.
    public var cutoffs: OutcomeCutoffs?
    /// The points, oldest first; results on the same date keep their given order.
    public var points: [OutcomeTrendPoint]

    /// Builds a trend.
    /// - Parameters:
    ///   - measure: the measure every result must belong to.
    ///   - results: the results, in any order.
    ///   - population: whose cut-offs to use for bands; nil for the measure's default population.
    /// - Throws: `InputError` for `results[i].measure` when a result belongs to another measure, for
    ///   `results[i].value` when a value is out of range, or for `population` when it has no cut-offs.
    public init(
        measure: OutcomeMeasure, results: [OutcomeResult], population: String? = nil
    ) throws(InputError) {
        for (index, result) in results.enumerated() {
            guard result.measure == measure.id else {
                throw InputError(
                    field: "results[\(index)].measure",
                    problem: "is \(result.measure.rawValue), expected \(measure.id.rawValue)")
            }
            try measure.validate(result.value, field: "results[\(index)].value")
        }
        let cutoffs = try measure.cutoffs(for: population)
        let ordered = results.enumerated().sorted {
            $0.element.date != $1.element.date ? $0.element.date < $1.element.date : $0.offset < $1.offset
        }.map(\.element)
        var points: [OutcomeTrendPoint] = []
        for (index, result) in ordered.enumerated() {
            let baseline = index == 0 ? nil : ordered[0]
            let previous = index == 0 ? nil : ordered[index - 1]
            points.append(
                OutcomeTrendPoint(
                    result: result, band: cutoffs?.band(for: result.value),
                    changeFromBaseline: baseline.map {
                        OutcomeChange(measure: measure, from: $0.value, to: result.value)
                    },
                    changeFromPrevious: previous.map {
                        OutcomeChange(measure: measure, from: $0.value, to: result.value)
                    }
                ))
        }
        self.measure = measure
        self.cutoffs = cutoffs
        self.points = points
    }

    /// The first result.
    public var baseline: OutcomeTrendPoint? { points.first }
    /// The most recent result.
    public var latest: OutcomeTrendPoint? { points.last }
}
