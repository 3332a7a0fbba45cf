import Foundation

/// One answer a client can pick: the score it carries and its label.
public struct QuestionnaireOption: Hashable, Sendable, Codable {
    /// The score the answer carries.
    public var score: Int
    /// The label shown next to it, or nil for a bare number (e.g. the middle points of a 0–10 scale).
    public var label: String?

    /// Creates an option.
    public init(score: Int, label: String? = nil) {
        self.score = score
        self.label = label
    }
}

/// One question.
public struct QuestionnaireItem: Hashable, Sendable, Codable {
    /// Stable identifier, used as the key of an answer.
    public var id: String
    /// The question as shown. For a licensed instrument this is its published wording; for a public-domain scale
    /// it is Backstep's own wording.
    public var text: String
    /// The answers the client can pick.
    public var options: [QuestionnaireOption]

    /// Creates an item.
    public init(id: String, text: String, options: [QuestionnaireOption]) {
        self.id = id
        self.text = text
        self.options = options
    }

    /// The lowest and the highest score an answer can carry.
    public var scoreRange: ClosedRange<Int> {
        let scores = options.map(\.score)
        return (scores.min() ?? 0)...(scores.max() ?? 0)
    }
}

/// How a subscale turns its item scores into one number.
public enum QuestionnaireScoring: Hashable, Sendable, Codable {
    /// The sum of the item scores.
    case sum
    /// The sum rescaled to 0–100: `100 × (sum − lowest) / (highest − lowest)`, where lowest and highest are the
    /// smallest and largest possible sums. With `reversed`, `100 −` that, for scales whose items score problems
    /// (so 100 stays the best state).
    case transformed(reversed: Bool)
}

/// A group of items scored together.
public struct QuestionnaireSubscale: Hashable, Sendable, Codable {
    /// Stable identifier, e.g. `"pain"`.
    public var id: String
    /// Name shown in reports.
    public var name: String
    /// The items it sums, by id.
    public var itemIDs: [String]
    /// How the sum is turned into the score.
    public var scoring: QuestionnaireScoring

    /// Creates a subscale.
    public init(id: String, name: String, itemIDs: [String], scoring: QuestionnaireScoring) {
        self.id = id
        self.name = name
        self.itemIDs = itemIDs
        self.scoring = scoring
    }
}

/// A questionnaire the client answers in the app: items with scored answers and subscales.
///
/// Scoring never imputes: every item of a scored subscale must be answered with one of its options, and a missing
/// or unknown answer is refused with the item named.
public struct Questionnaire: Hashable, Sendable, Codable {
    /// The items, in the order shown.
    public var items: [QuestionnaireItem]
    /// The subscales; the first one is the measure's value.
    public var subscales: [QuestionnaireSubscale]

    /// Creates a questionnaire.
    public init(items: [QuestionnaireItem], subscales: [QuestionnaireSubscale]) {
        self.items = items
        self.subscales = subscales
    }

    /// Scores a set of answers (item id → score).
    /// - Returns: each subscale's score by subscale id.
    /// - Throws: `InputError` for `answers.<item id>` when an item is unanswered or the answer is not one of its
    ///   options, or for `answers` when an answer names an item the questionnaire does not have.
    public func score(_ answers: [String: Int]) throws(InputError) -> [String: Double] {
        let known = Set(items.map(\.id))
        if let stray = answers.keys.sorted().first(where: { !known.contains($0) }) {
            throw InputError(field: "answers", problem: "unknown item '\(stray)'")
        }
        for item in items {
            guard let answer = answers[item.id] else {
                throw InputError(field: "answers.\(item.id)", problem: "is not answered; every item needs an answer")
            }
            guard item.options.contains(where: { $0.score == answer }) else {
                let range = item.scoreRange
                throw InputError(
                    field: "answers.\(item.id)",
                    problem: "\(answer) is not one of the answers, allowed \(range.lowerBound)–\(range.upperBound)")
            }
        }
        var scores: [String: Double] = [:]
        for subscale in subscales {
            scores[subscale.id] = score(subscale, answers)
        }
        return scores
    }

    /// The first subscale's score: the value recorded for the measure.
    /// - Throws: as `score(_:)`, and `InputError` for `questionnaire` when it has no subscale.
    public func primaryScore(_ answers: [String: Int]) throws(InputError) -> Double {
        let scores = try score(answers)
        guard let first = subscales.first, let value = scores[first.id] else {
            throw InputError(field: "questionnaire", problem: "has no subscale to score")
        }
        return value
    }

    private func score(_ subscale: QuestionnaireSubscale, _ answers: [String: Int]) -> Double {
        let members = items.filter { subscale.itemIDs.contains($0.id) }
        let sum = members.reduce(0) { $0 + (answers[$1.id] ?? 0) }
        switch subscale.scoring {
        case .sum:
            return Double(sum)
        case .transformed(let reversed):
            let lowest = members.reduce(0) { $0 + $1.scoreRange.lowerBound }
            let highest = members.reduce(0) { $0 + $1.scoreRange.upperBound }
            guard highest > lowest else { return 0 }
            let scaled = 100 * Double(sum - lowest) / Double(highest - lowest)
            return reversed ? 100 - scaled : scaled
        }
    }
}
