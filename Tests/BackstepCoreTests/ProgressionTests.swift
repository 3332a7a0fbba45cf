import BackstepTreadmill
import Foundation
import Testing

@testable import BackstepCore

// MARK: - Fixtures

let day: TimeInterval = 86_400
/// 2026-01-05, a Monday.
let start = Date(timeIntervalSince1970: 1_767_571_200)

func on(_ dayNumber: Double) -> Date { start.addingTimeInterval(dayNumber * day) }

enum Person: String, CaseIterable, Sendable {
    case general, knee, older, balance, parkinsons, stroke, athlete, uncleared

    var profile: Profile {
        switch self {
        case .general: Profile(age: 35, mass: Mass(kilograms: 70), goal: .fitness)
        case .knee: Profile(age: 50, mass: Mass(kilograms: 80), goal: .knee, conditions: [.kneeOsteoarthritis])
        case .older: Profile(age: 72, mass: Mass(kilograms: 65), goal: .balance)
        case .balance: Profile(age: 55, mass: Mass(kilograms: 65), goal: .balance, conditions: [.fallHistory])
        case .parkinsons: Profile(age: 66, mass: Mass(kilograms: 70), goal: .balance, conditions: [.parkinsons])
        case .stroke:
            Profile(
                age: 61, mass: Mass(kilograms: 75), goal: .stroke, conditions: [.stroke],
                overgroundWalkingSpeed: .metersPerSecond(0.8))
        case .athlete: Profile(age: 28, mass: Mass(kilograms: 75), goal: .running, experience: .advanced)
        case .uncleared: Profile(age: 40, mass: Mass(kilograms: 90), goal: .fitness)
        }
    }

    var engine: ProgressionEngine {
        ProgressionEngine(profile: profile, clearance: self == .uncleared ? .seeProfessionalFirst : .cleared)
    }
}

func rx(
    _ speed: Double, grade: Double = 0, minutes: Double = 10, handrail: HandrailLevel = .twoHands,
    gait: Gait = .walk, stage: TrainingStage = .novice
) -> Prescription {
    Prescription(
        speed: .metersPerSecond(speed), grade: .percent(grade), duration: minutes * 60, handrail: handrail, gait: gait,
        stage: stage)
}

func feedback(
    _ dayNumber: Double, completed: Bool = true, rpe: PerceivedExertion? = .borg(11), during: Int = 0, after: Int = 0,
    morning: Int? = 0, used: HandrailLevel = .twoHands, lostBalance: Bool = false, nearFall: Bool = false,
    redFlags: Set<RedFlagSymptom> = []
) -> SessionFeedback {
    SessionFeedback(
        date: on(dayNumber), completed: completed, exertion: rpe, painDuring: during, painAfter: after,
        painNextMorning: morning, handrailUsed: used, lostBalance: lostBalance, nearFall: nearFall, redFlags: redFlags)
}

/// Good sessions at `prescription` every other day, the last one on `lastDay`.
func goodHistory(_ count: Int, at prescription: Prescription, lastDay: Double) -> [SessionRecord] {
    (0..<count).map { index in
        let dayNumber = lastDay - Double(count - 1 - index) * 2
        return SessionRecord(prescription: prescription, feedback: feedback(dayNumber, used: prescription.handrail))
    }
}

// MARK: - Rule table

struct RuleCase: Sendable, CustomTestStringConvertible {
    var name: String
    fileprivate var person: Person
    var current: Prescription
    var latest: SessionFeedback
    var history: [SessionRecord]
    var action: ProgressionAction
    var rule: ProgressionRule
    var variable: ProgressionVariable?

    var testDescription: String { name }
}

let novice = rx(0.6, minutes: 15)
let noviceOneHand = rx(0.6, minutes: 15, handrail: .oneHand)

private let ruleCases: [RuleCase] = [
    RuleCase(
        name: "chest pain stops", person: .general, current: novice,
        latest: feedback(20, redFlags: [.chestPain]), history: goodHistory(3, at: novice, lastDay: 18),
        action: .stopAndSeeProfessional, rule: .redFlag, variable: nil),
    RuleCase(
        name: "dizziness stops even on a good day", person: .athlete, current: novice,
        latest: feedback(20, redFlags: [.dizziness]), history: [], action: .stopAndSeeProfessional, rule: .redFlag,
        variable: nil),
    RuleCase(
        name: "pain 7 during stops", person: .knee, current: novice, latest: feedback(20, during: 7),
        history: goodHistory(2, at: novice, lastDay: 18), action: .stopAndSeeProfessional, rule: .severePain,
        variable: nil),
    RuleCase(
        name: "pain 8 next morning stops", person: .knee, current: novice, latest: feedback(20, during: 3, morning: 8),
        history: [], action: .stopAndSeeProfessional, rule: .severePain, variable: nil),
    RuleCase(
        name: "speed above the first-steps cap comes down", person: .general, current: rx(1.2, stage: .firstSteps),
        latest: feedback(20), history: [], action: .regress, rule: .overCap, variable: .speed),
    RuleCase(
        name: "running for an older adult goes back to walking", person: .older,
        current: rx(0.8, minutes: 15, handrail: .handsFree, gait: .run, stage: .advanced),
        latest: feedback(20, used: .handsFree), history: [], action: .regress, rule: .overCap, variable: .gait),
    RuleCase(
        name: "near-fall with one hand: more rail support", person: .general, current: noviceOneHand,
        latest: feedback(20, used: .oneHand, nearFall: true), history: goodHistory(2, at: noviceOneHand, lastDay: 18),
        action: .regress, rule: .balanceEvent, variable: .handrail),
    RuleCase(
        name: "loss of balance with two hands: lower speed", person: .older, current: novice,
        latest: feedback(20, lostBalance: true), history: [], action: .regress, rule: .balanceEvent, variable: .speed),
    RuleCase(
        name: "near-fall at the easiest dose: see a professional", person: .balance, current: rx(0.2235, minutes: 2),
        latest: feedback(20, nearFall: true), history: [], action: .stopAndSeeProfessional, rule: .balanceEvent,
        variable: nil),
    RuleCase(
        name: "pain 6 during undoes the recent incline step", person: .knee, current: rx(0.6, grade: 2, minutes: 15),
        latest: feedback(20, during: 6, morning: 2),
        history: goodHistory(2, at: rx(0.6, grade: 1, minutes: 15), lastDay: 18), action: .regress,
        rule: .painAboveAcceptable, variable: .grade),
    RuleCase(
        name: "pain 6 after with no recent change lowers speed on level ground", person: .knee, current: novice,
        latest: feedback(20, during: 4, after: 6), history: goodHistory(2, at: novice, lastDay: 18),
        action: .regress, rule: .painAboveAcceptable, variable: .speed),
    RuleCase(
        name: "next-morning pain 6 steps back", person: .knee, current: rx(0.6, grade: 3, minutes: 15),
        latest: feedback(20, during: 3, morning: 6),
        history: goodHistory(2, at: rx(0.6, grade: 3, minutes: 15), lastDay: 18),
        action: .regress, rule: .painAboveAcceptable, variable: .grade),
    RuleCase(
        name: "pain rising two weeks running steps back", person: .knee, current: novice,
        latest: feedback(20, during: 5, morning: 2),
        history: [
            SessionRecord(prescription: novice, feedback: feedback(6, during: 1, morning: 0)),
            SessionRecord(prescription: novice, feedback: feedback(10, during: 3, morning: 1)),
            SessionRecord(prescription: novice, feedback: feedback(17, during: 5, morning: 2)),
        ], action: .regress, rule: .painRisingTwoWeeks, variable: .speed),
    RuleCase(
        name: "missed week steps back duration", person: .general, current: novice, latest: feedback(30),
        history: goodHistory(2, at: novice, lastDay: 21), action: .regress, rule: .missedWeek, variable: .duration),
    RuleCase(
        name: "exactly 7 days is not a missed week", person: .general, current: novice, latest: feedback(25),
        history: goodHistory(2, at: novice, lastDay: 18), action: .progress, rule: .oneVariable, variable: .handrail),
    RuleCase(
        name: "one unfinished session holds", person: .general, current: novice, latest: feedback(20, completed: false),
        history: goodHistory(2, at: novice, lastDay: 18), action: .hold, rule: .notCompleted, variable: nil),
    RuleCase(
        name: "two unfinished sessions step back", person: .general, current: novice,
        latest: feedback(20, completed: false),
        history: [SessionRecord(prescription: novice, feedback: feedback(18, completed: false))], action: .regress,
        rule: .notCompletedTwice, variable: .duration),
    RuleCase(
        name: "next-morning pain 3 holds", person: .knee, current: novice, latest: feedback(20, during: 3, morning: 3),
        history: goodHistory(2, at: novice, lastDay: 18), action: .hold, rule: .painNotSettled, variable: nil),
    RuleCase(
        name: "pain 4 with no morning report holds", person: .knee, current: novice,
        latest: feedback(20, during: 4, morning: nil), history: goodHistory(2, at: novice, lastDay: 18),
        action: .hold, rule: .morningPainUnknown, variable: nil),
    RuleCase(
        name: "pain 2 with no morning report may progress", person: .knee, current: novice,
        latest: feedback(20, during: 2, morning: nil), history: goodHistory(2, at: novice, lastDay: 18),
        action: .progress, rule: .oneVariable, variable: .handrail),
    RuleCase(
        name: "pain rising one week holds", person: .knee, current: novice, latest: feedback(20, during: 4, morning: 2),
        history: [
            SessionRecord(prescription: novice, feedback: feedback(10, during: 1, morning: 0)),
            SessionRecord(prescription: novice, feedback: feedback(18, during: 4, morning: 1)),
        ], action: .hold, rule: .painRising, variable: nil),
    RuleCase(
        name: "Borg 15 holds", person: .general, current: novice, latest: feedback(20, rpe: .borg(15)),
        history: goodHistory(2, at: novice, lastDay: 18), action: .hold, rule: .highEffort, variable: nil),
    RuleCase(
        name: "Borg 14 holds", person: .general, current: novice, latest: feedback(20, rpe: .borg(14)),
        history: goodHistory(2, at: novice, lastDay: 18), action: .hold, rule: .highEffort, variable: nil),
    RuleCase(
        name: "CR10 5 holds", person: .general, current: novice, latest: feedback(20, rpe: .cr10(5)),
        history: goodHistory(2, at: novice, lastDay: 18), action: .hold, rule: .highEffort, variable: nil),
    RuleCase(
        name: "CR10 4 may progress", person: .general, current: novice, latest: feedback(20, rpe: .cr10(4)),
        history: goodHistory(2, at: novice, lastDay: 18), action: .progress, rule: .oneVariable, variable: .handrail),
    RuleCase(
        name: "needing two hands when one was planned holds", person: .general, current: noviceOneHand,
        latest: feedback(20, used: .twoHands), history: goodHistory(2, at: noviceOneHand, lastDay: 18), action: .hold,
        rule: .moreSupportUsed, variable: nil),
    RuleCase(
        name: "a first good session holds", person: .general, current: novice, latest: feedback(20), history: [],
        action: .hold, rule: .oneGoodSession, variable: nil),
    RuleCase(
        name: "a good session after a dose change holds", person: .general, current: novice, latest: feedback(20),
        history: goodHistory(2, at: rx(0.6, minutes: 13), lastDay: 18), action: .hold, rule: .oneGoodSession,
        variable: nil),
    RuleCase(
        name: "general below the duration target: duration", person: .general, current: rx(0.6, minutes: 10),
        latest: feedback(20), history: goodHistory(2, at: rx(0.6, minutes: 10), lastDay: 18), action: .progress,
        rule: .oneVariable, variable: .duration),
    RuleCase(
        name: "general at target: handrail weaning before incline", person: .general, current: novice,
        latest: feedback(20), history: goodHistory(1, at: novice, lastDay: 18), action: .progress, rule: .oneVariable,
        variable: .handrail),
    RuleCase(
        name: "general hands free: incline before speed", person: .general,
        current: rx(0.6, minutes: 15, handrail: .handsFree), latest: feedback(20, used: .handsFree),
        history: goodHistory(1, at: rx(0.6, minutes: 15, handrail: .handsFree), lastDay: 18), action: .progress,
        rule: .oneVariable, variable: .grade),
    RuleCase(
        name: "general at first steps, no incline allowed: speed", person: .general,
        current: rx(0.6, minutes: 10, handrail: .handsFree, stage: .firstSteps), latest: feedback(20, used: .handsFree),
        history: goodHistory(1, at: rx(0.6, minutes: 10, handrail: .handsFree, stage: .firstSteps), lastDay: 18),
        action: .progress, rule: .oneVariable, variable: .speed),
    RuleCase(
        name: "older adult at target: incline before handrail weaning", person: .older, current: novice,
        latest: feedback(20), history: goodHistory(1, at: novice, lastDay: 18), action: .progress, rule: .oneVariable,
        variable: .grade),
    RuleCase(
        name: "older adult at the incline cap: handrail weaning", person: .older,
        current: rx(0.6, grade: 4, minutes: 15),
        latest: feedback(20), history: goodHistory(1, at: rx(0.6, grade: 4, minutes: 15), lastDay: 18),
        action: .progress, rule: .oneVariable, variable: .handrail),
    RuleCase(
        name: "stroke below 30 minutes: duration", person: .stroke, current: rx(0.8, minutes: 20), latest: feedback(20),
        history: goodHistory(1, at: rx(0.8, minutes: 20), lastDay: 18), action: .progress, rule: .oneVariable,
        variable: .duration),
    RuleCase(
        name: "stroke at 30 minutes: weekly speed step", person: .stroke, current: rx(0.8, minutes: 30),
        latest: feedback(20), history: goodHistory(3, at: rx(0.8, minutes: 30), lastDay: 18), action: .progress,
        rule: .strokeWeeklySpeed, variable: .speed),
    RuleCase(
        name: "stroke within 7 days of the last step holds", person: .stroke, current: rx(0.8, minutes: 30),
        latest: feedback(20),
        history: goodHistory(1, at: rx(0.72, minutes: 30), lastDay: 15)
            + goodHistory(1, at: rx(0.8, minutes: 30), lastDay: 18),
        action: .hold, rule: .strokeWeeklySpeed, variable: nil),
    RuleCase(
        name: "balance population at every cap holds", person: .balance,
        current: rx(0.894, grade: 4, minutes: 15, handrail: .handsFree), latest: feedback(20, used: .handsFree),
        history: goodHistory(1, at: rx(0.894, grade: 4, minutes: 15, handrail: .handsFree), lastDay: 18),
        action: .hold, rule: .atCeiling, variable: nil),
    RuleCase(
        name: "the open running gate introduces running", person: .athlete,
        current: rx(1.52, grade: 0, minutes: 20, handrail: .handsFree, stage: .advanced),
        latest: feedback(60, used: .handsFree),
        history: goodHistory(25, at: rx(1.52, minutes: 20, handrail: .handsFree, stage: .advanced), lastDay: 58),
        action: .readyForBackwardRunning, rule: .runningGate, variable: .gait),
    RuleCase(
        name: "a knee goal keeps walking past the running speed", person: .knee,
        current: rx(1.52, grade: 15, minutes: 15, handrail: .handsFree, stage: .advanced),
        latest: feedback(60, used: .handsFree),
        history: goodHistory(
            25, at: rx(1.52, grade: 15, minutes: 15, handrail: .handsFree, stage: .advanced), lastDay: 58),
        action: .progress, rule: .oneVariable, variable: .speed),
]

@Suite("Progression rules")
struct ProgressionRuleTests {
    @Test("Rule table", arguments: ruleCases)
    func ruleTable(_ testCase: RuleCase) {
        let decision = testCase.person.engine.decide(
            current: testCase.current, latest: testCase.latest, history: testCase.history)
        #expect(decision.action == testCase.action, "\(decision.reasons.map(\.sentence))")
        #expect(decision.rule == testCase.rule, "\(decision.reasons.map(\.sentence))")
        #expect(decision.changedVariable == testCase.variable)
        #expect(decision.changedVariables.count == (testCase.variable == nil ? 0 : 1))
        #expect(decision.reasons.first?.rule == testCase.rule)
    }

    @Test("Every reason names its rule, cites its source, and is one sentence")
    func reasonSentences() {
        for testCase in ruleCases {
            let decision = testCase.person.engine.decide(
                current: testCase.current, latest: testCase.latest, history: testCase.history)
            #expect(!decision.reasons.isEmpty)
            for reason in decision.reasons {
                #expect(reason.sentence.hasPrefix(reason.rule.title + ": "))
                #expect(reason.sentence.hasSuffix("."))
                if let source = reason.rule.source { #expect(reason.sentence.contains(source)) }
            }
        }
    }

    @Test("Speed steps come from SafetyPolicy.speedIncrement")
    func speedStepSize() {
        let current = rx(0.6, minutes: 10, handrail: .handsFree, stage: .firstSteps)
        let decision = Person.general.engine.decide(
            current: current, latest: feedback(20, used: .handsFree), history: goodHistory(1, at: current, lastDay: 18))
        let expected = 0.6 + SafetyPolicy.speedIncrement(from: .metersPerSecond(0.6)).metersPerSecond
        #expect(abs(decision.next.speed.metersPerSecond - expected) < 1e-9)
    }

    @Test("A speed step stops at the cap")
    func speedClampedToCap() {
        let cap = SafetyPolicy.beginnerCap.metersPerSecond
        let current = rx(cap - 0.01, minutes: 10, handrail: .handsFree, stage: .firstSteps)
        let decision = Person.general.engine.decide(
            current: current, latest: feedback(20, used: .handsFree), history: goodHistory(1, at: current, lastDay: 18))
        #expect(decision.changedVariable == .speed)
        #expect(decision.next.speed.metersPerSecond == cap)
    }

    @Test("Uncleared screening keeps the beginner cap and incline limit")
    func unclearedCaps() {
        let current = rx(0.894, grade: 5, minutes: 20, handrail: .handsFree, stage: .established)
        let decision = Person.uncleared.engine.decide(
            current: current, latest: feedback(20, used: .handsFree), history: goodHistory(1, at: current, lastDay: 18))
        #expect(decision.action == .hold)
        #expect(decision.rule == .atCeiling)
        #expect(decision.runningGate.missing.contains { $0.contains("screening") })
    }

    @Test("The stroke step is 10 % of the baseline")
    func strokeStep() {
        let current = rx(0.8, minutes: 30)
        let decision = Person.stroke.engine.decide(
            current: current, latest: feedback(20), history: goodHistory(1, at: current, lastDay: 18))
        #expect(abs(decision.next.speed.metersPerSecond - 0.88) < 1e-9)
    }

    @Test("Without a baseline the stroke protocol holds speed and says why")
    func strokeWithoutBaseline() {
        var profile = Person.stroke.profile
        profile.overgroundWalkingSpeed = nil
        let engine = ProgressionEngine(profile: profile, clearance: .cleared)
        let current = rx(0.6, minutes: 30)
        let decision = engine.decide(
            current: current, latest: feedback(20), history: goodHistory(1, at: current, lastDay: 18))
        #expect(decision.action == .hold)
        #expect(decision.rule == .strokeWeeklySpeed)
        #expect(decision.reasons[0].message.contains("baseline"))
    }

    @Test("The first-steps stage moves to novice after 4 good sessions at 10 minutes")
    func firstStepsPromotion() {
        let current = rx(0.5, minutes: 10, stage: .firstSteps)
        let decision = Person.general.engine.decide(
            current: current, latest: feedback(20), history: goodHistory(3, at: current, lastDay: 18))
        #expect(decision.newStage == .novice)
        #expect(decision.action == .progress)
        #expect(decision.changedVariable == .duration)  // the novice target is 15 minutes
        #expect(decision.reasons.contains { $0.rule == .stagePromotion })
    }

    @Test("No promotion with pain above 3 in the last 4 weeks")
    func noPromotionWithPain() {
        let current = rx(0.5, minutes: 10, stage: .firstSteps)
        var history = goodHistory(3, at: current, lastDay: 18)
        history[0].feedback.painDuring = 4
        let decision = Person.general.engine.decide(current: current, latest: feedback(20), history: history)
        #expect(decision.newStage == nil)
    }

    @Test("Novice to established needs fingertip support or less and 12 sessions")
    func establishedPromotion() {
        let current = rx(0.8, grade: 4, minutes: 15, handrail: .fingertips)
        let decision = Person.general.engine.decide(
            current: current, latest: feedback(40, used: .fingertips),
            history: goodHistory(11, at: current, lastDay: 38))
        #expect(decision.newStage == .established)
        let fewer = Person.general.engine.decide(
            current: current, latest: feedback(40, used: .fingertips),
            history: goodHistory(10, at: current, lastDay: 38))
        #expect(fewer.newStage == nil)
    }

    @Test("The closed running gate lists what is missing")
    func runningGateMissing() {
        let current = rx(1.3, minutes: 20, handrail: .fingertips, stage: .established)
        let decision = Person.athlete.engine.decide(
            current: current, latest: feedback(20, during: 3, morning: 1, used: .fingertips),
            history: goodHistory(3, at: current, lastDay: 18))
        let missing = decision.runningGate.missing.joined(separator: "\n")
        #expect(!decision.runningGate.isOpen)
        #expect(missing.contains("advanced stage"))
        #expect(missing.contains("hands-free"))
        #expect(missing.contains("1.5 m/s"))
        #expect(missing.contains("no pain above 2/10"))
        #expect(missing.contains("24 finished sessions"))
    }

    @Test("Running is never proposed for older adults, even at every other criterion")
    func runningGateExcludesOlderAdults() {
        var profile = Person.older.profile
        profile.goal = .running
        let engine = ProgressionEngine(profile: profile, clearance: .cleared)
        let current = rx(1.34, grade: 5, minutes: 15, handrail: .handsFree, stage: .advanced)
        let decision = engine.decide(
            current: current, latest: feedback(60, used: .handsFree), history: goodHistory(25, at: current, lastDay: 58)
        )
        #expect(decision.action != .readyForBackwardRunning)
        #expect(decision.runningGate.missing.contains { $0.contains("not part of") })
    }

    @Test("History entries after the latest session are ignored")
    func futureHistoryIgnored() {
        let history =
            goodHistory(1, at: novice, lastDay: 18) + [
                SessionRecord(prescription: novice, feedback: feedback(40, redFlags: [.chestPain]))
            ]
        let decision = Person.general.engine.decide(current: novice, latest: feedback(20), history: history)
        #expect(decision.action == .progress)
    }

    @Test("Feedback and prescriptions survive a JSON round trip")
    func codableRoundTrip() throws {
        let record = SessionRecord(
            prescription: Prescription(
                speed: .metersPerSecond(0.7), grade: .percent(2), duration: 600, handrail: .oneHand, stage: .novice,
                targetDuration: 900),
            feedback: SessionFeedback(
                date: on(3), completed: true, exertion: .cr10(3), painDuring: 2, painAfter: 1, painNextMorning: nil,
                handrailUsed: .oneHand, nearFall: true, redFlags: [.dizziness], notes: "windy"))
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let decoded = try decoder.decode(SessionRecord.self, from: encoder.encode(record))
        #expect(decoded == record)
    }

    @Test(
        "Out-of-range JSON names the field",
        arguments: [
            (#"{"speedMps":0.5,"durationSeconds":-60,"stage":"novice"}"#, "durationSeconds"),
            (#"{"speedMps":99,"durationSeconds":600,"stage":"novice"}"#, "speedMps"),
            (#"{"speedMps":0.5,"durationSeconds":600,"stage":"novice","gradePercent":60}"#, "gradePercent"),
        ])
    func prescriptionRanges(json: String, field: String) {
        #expect {
            try JSONDecoder().decode(Prescription.self, from: Data(json.utf8))
        } throws: { error in
            guard case DecodingError.dataCorrupted(let context) = error else { return false }
            return context.codingPath.last?.stringValue == field
        }
    }

    @Test(
        "Out-of-range feedback names the field",
        arguments: [
            (#""painDuring":11,"painAfter":0"#, "painDuring"),
            (#""painDuring":0,"painAfter":-1"#, "painAfter"),
            (#""painDuring":0,"painAfter":0,"painNextMorning":12"#, "painNextMorning"),
            (#""painDuring":0,"painAfter":0,"rpe":30"#, "rpe"),
            (#""painDuring":0,"painAfter":0,"rpe":11,"rpeScale":"cr10""#, "rpe"),
        ])
    func feedbackRanges(fields: String, field: String) {
        let json = #"{"date":"2026-01-05T10:00:00Z","completed":true,"handrailUsed":"two-hands","# + fields + "}"
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        #expect {
            try decoder.decode(SessionFeedback.self, from: Data(json.utf8))
        } throws: { error in
            guard case DecodingError.dataCorrupted(let context) = error else { return false }
            return context.codingPath.last?.stringValue == field
        }
    }
}
