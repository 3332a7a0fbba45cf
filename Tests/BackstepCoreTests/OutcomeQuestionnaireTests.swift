import Foundation
import Testing

@testable import BackstepCore

@Suite("Outcome questionnaires: scoring and refused answers")
struct OutcomeQuestionnaireTests {
    /// A made-up instrument (not a published one) with four items scored 0–4 for problems, one subscale of the
    /// first three reversed to 0–100 and one plain sum of all four.
    static let problemScale = Questionnaire(
        items: (1...4).map { index in
            QuestionnaireItem(
                id: "q\(index)", text: "Test question \(index)",
                options: (0...4).map { QuestionnaireOption(score: $0) })
        },
        subscales: [
            QuestionnaireSubscale(
                id: "first", name: "First three", itemIDs: ["q1", "q2", "q3"], scoring: .transformed(reversed: true)),
            QuestionnaireSubscale(id: "total", name: "Total", itemIDs: ["q1", "q2", "q3", "q4"], scoring: .sum),
        ])

    /// A made-up instrument with three items scored 1–5 where higher is better, transformed without reversal.
    static let abilityScale = Questionnaire(
        items: (1...3).map { index in
            QuestionnaireItem(
                id: "a\(index)", text: "Ability \(index)", options: (1...5).map { QuestionnaireOption(score: $0) })
        },
        subscales: [
            QuestionnaireSubscale(
                id: "ability", name: "Ability", itemIDs: ["a1", "a2", "a3"], scoring: .transformed(reversed: false))
        ])

    @Test("NPRS: the value is the rating itself (0–10, one item)", arguments: 0...10)
    func painRating(rating: Int) throws {
        let result = try OutcomeResult.answered(
            .numericPainRating, answers: ["pain": rating], date: Date(timeIntervalSince1970: 0))
        #expect(result.value == Double(rating))
        #expect(result.answers == ["pain": rating])
    }

    @Test("NPRS offers 11 answers, anchored at 0 and 10")
    func painItem() throws {
        let questionnaire = try #require(OutcomeMeasure.numericPainRating.questionnaire)
        let item = try #require(questionnaire.items.first)
        #expect(questionnaire.items.count == 1)
        #expect(item.options.map(\.score) == Array(0...10))
        #expect(item.options.first?.label == "No pain")
        #expect(item.options.last?.label == "Worst pain imaginable")
        #expect(item.options.dropFirst().dropLast().allSatisfy { $0.label == nil })
    }

    @Test("A missing answer is refused with the item named")
    func missingAnswer() {
        #expect(throws: InputError(field: "answers.pain", problem: "is not answered; every item needs an answer")) {
            try OutcomeResult.answered(.numericPainRating, answers: [:], date: Date(timeIntervalSince1970: 0))
        }
        #expect(throws: InputError(field: "answers.q3", problem: "is not answered; every item needs an answer")) {
            try Self.problemScale.score(["q1": 1, "q2": 2, "q4": 0])
        }
    }

    @Test("An answer outside the item's options is refused with the item named", arguments: [-1, 11, 100])
    func outOfRangeAnswer(answer: Int) {
        #expect(throws: InputError(field: "answers.pain", problem: "\(answer) is not one of the answers, allowed 0–10"))
        {
            try OutcomeResult.answered(
                .numericPainRating, answers: ["pain": answer], date: Date(timeIntervalSince1970: 0))
        }
    }

    @Test("An answer to an item the questionnaire does not have is refused")
    func strayAnswer() {
        #expect(throws: InputError(field: "answers", problem: "unknown item 'mood'")) {
            try OutcomeMeasure.numericPainRating.questionnaire?.score(["pain": 3, "mood": 2])
        }
    }

    @Test("Reversed 0–100 transformation, worked by hand")
    func reversedTransformation() throws {
        // Items q1–q3 answered 1, 2, 0 (0 = no problem, 4 = extreme): sum 3.
        // Lowest possible sum 0, highest 3 × 4 = 12. Scaled: 100 × (3 − 0) / (12 − 0) = 25.
        // Reversed so 100 is the best state: 100 − 25 = 75.
        // (The same as the summated-rating rule 100 − mean × 25: mean 1.0, 100 − 25 = 75.)
        // Total (plain sum of q1–q4 with q4 = 3): 1 + 2 + 0 + 3 = 6.
        let scores = try Self.problemScale.score(["q1": 1, "q2": 2, "q3": 0, "q4": 3])
        #expect(scores["first"] == 75)
        #expect(scores["total"] == 6)
        #expect(try Self.problemScale.primaryScore(["q1": 1, "q2": 2, "q3": 0, "q4": 3]) == 75)
    }

    @Test(
        "Transformation endpoints: no problems is 100, extreme problems 0",
        arguments: [(0, 100.0), (4, 0.0), (2, 50.0)])
    func transformationEndpoints(answer: Int, expected: Double) throws {
        let answers = ["q1": answer, "q2": answer, "q3": answer, "q4": answer]
        #expect(try Self.problemScale.score(answers)["first"] == expected)
    }

    @Test("0–100 transformation of items scored from 1, worked by hand")
    func forwardTransformation() throws {
        // Answers 5, 3, 4 on items scored 1–5: sum 12. Lowest possible 3 × 1 = 3, highest 3 × 5 = 15.
        // 100 × (12 − 3) / (15 − 3) = 100 × 9 / 12 = 75.
        #expect(try Self.abilityScale.primaryScore(["a1": 5, "a2": 3, "a3": 4]) == 75)
        // All lowest: 100 × (3 − 3) / 12 = 0; answer 0 is not an option on a 1–5 item.
        #expect(try Self.abilityScale.primaryScore(["a1": 1, "a2": 1, "a3": 1]) == 0)
        #expect(throws: InputError(field: "answers.a2", problem: "0 is not one of the answers, allowed 1–5")) {
            try Self.abilityScale.primaryScore(["a1": 1, "a2": 0, "a3": 1])
        }
    }
}
