import Foundation
import Testing

@testable import BackstepCore

/// Day `n` after 2026-09-01 00:00 UTC (the day the test goals are set).
private func goalDay(_ n: Double) -> Date {
    Date(timeIntervalSince1970: 1_788_220_800 + n * 86_400)
}

@Suite("Care goals: status from sessions and outcome results")
struct GoalStatusTests {
    /// Set on day 0, due on day 100.
    static let dueDay = 100.0

    /// "Walk backward 10 min at 3 km/h without the handrail."
    static func treadmillGoal(support: HandrailLevel = .handsFree) throws -> CareGoal {
        try CareGoal(
            title: "Walk backward 10 min at 3 km/h without handrail", setOn: goalDay(0), due: goalDay(dueDay),
            target: .treadmill(
                TreadmillGoalTarget(
                    continuousMinutes: 10, minimumSpeed: .kilometersPerHour(3), maximumSupport: support)))
    }

    /// An outcome goal: the measure at `threshold` or better.
    static func outcomeGoal(_ measure: OutcomeMeasureID, _ threshold: Double) throws -> CareGoal {
        try CareGoal(
            title: "\(measure.measure.abbreviation) goal", setOn: goalDay(0), due: goalDay(dueDay),
            target: .outcome(OutcomeGoalTarget(measure: measure, threshold: threshold)))
    }

    static func session(
        _ day: Double, minutes: Double, kmh: Double = 3, handrail: HandrailLevel = .handsFree
    ) -> TreadmillGoalEvidence {
        TreadmillGoalEvidence(
            date: goalDay(day), continuousMinutes: minutes, speed: .kilometersPerHour(kmh), handrail: handrail)
    }

    // MARK: Treadmill goals

    @Test("Exactly on the threshold (10 min at 3 km/h hands free) achieves the goal, dated by that session")
    func treadmillExact() throws {
        let sessions = [Self.session(20, minutes: 6), Self.session(40, minutes: 10), Self.session(50, minutes: 12)]
        let status = try Self.treadmillGoal().status(sessions: sessions, now: goalDay(60))
        guard case .achieved(let achievement) = status else {
            Issue.record("expected achieved, got \(status)")
            return
        }
        #expect(achievement.date == goalDay(40))
        #expect(achievement.evidence == .session(Self.session(40, minutes: 10)))
        #expect(!achievement.isLate)
    }

    @Test(
        "Just short on any one condition is not achieved",
        arguments: [
            (9.99, 3.0, HandrailLevel.handsFree, 0.999),  // minutes short: progress 9.99 / 10
            (10.0, 2.99, .handsFree, 0.0),  // too slow: does not count
            (10.0, 3.0, .fingertips, 0.0),  // more support than allowed: does not count
            (5.0, 3.0, .handsFree, 0.5),
        ])
    func treadmillShort(minutes: Double, kmh: Double, handrail: HandrailLevel, fraction: Double) throws {
        let status = try Self.treadmillGoal().status(
            sessions: [Self.session(30, minutes: minutes, kmh: kmh, handrail: handrail)], now: goalDay(50))
        guard case .inProgress(let progress) = status else {
            Issue.record("expected in progress, got \(status)")
            return
        }
        #expect(abs(progress.fraction - fraction) < 1e-9)
        #expect(progress.expectedFraction == 0.5)
        #expect(progress.latestEvidence == .session(Self.session(30, minutes: minutes, kmh: kmh, handrail: handrail)))
    }

    @Test("Less support than allowed and a faster speed count")
    func lessSupportCounts() throws {
        let goal = try Self.treadmillGoal(support: .fingertips)
        let status = try goal.status(sessions: [Self.session(10, minutes: 10, kmh: 3.5)], now: goalDay(11))
        #expect(
            status
                == .achieved(
                    CareGoalAchievement(
                        date: goalDay(10), evidence: .session(Self.session(10, minutes: 10, kmh: 3.5)), isLate: false)))
        let oneHand = try goal.status(
            sessions: [Self.session(10, minutes: 10, handrail: .oneHand)], now: goalDay(11))
        #expect(
            oneHand
                != .achieved(
                    CareGoalAchievement(
                        date: goalDay(10), evidence: .session(Self.session(10, minutes: 10, handrail: .oneHand)),
                        isLate: false)))
        guard case .inProgress = oneHand else {
            Issue.record("expected in progress, got \(oneHand)")
            return
        }
    }

    @Test("No evidence: not started before the due date, overdue after it")
    func noEvidence() throws {
        let goal = try Self.treadmillGoal()
        #expect(try goal.status(now: goalDay(5)) == .notStarted)
        #expect(try goal.status(now: goalDay(Self.dueDay)) == .notStarted)
        let overdue = try goal.status(now: goalDay(Self.dueDay + 0.5))
        #expect(overdue == .overdue(CareGoalProgress(fraction: 0, expectedFraction: 1, latestEvidence: nil)))
    }

    @Test("Past the due date without meeting the target is overdue, with the progress reached")
    func overdueWithProgress() throws {
        let status = try Self.treadmillGoal().status(
            sessions: [Self.session(30, minutes: 4), Self.session(90, minutes: 8)], now: goalDay(120))
        guard case .overdue(let progress) = status else {
            Issue.record("expected overdue, got \(status)")
            return
        }
        #expect(abs(progress.fraction - 0.8) < 1e-12)
        #expect(!progress.isOnTrack)
    }

    @Test("Evidence after the due date achieves the goal late")
    func evidenceAfterDue() throws {
        let status = try Self.treadmillGoal().status(
            sessions: [Self.session(30, minutes: 6), Self.session(105, minutes: 10)], now: goalDay(110))
        #expect(
            status
                == .achieved(
                    CareGoalAchievement(
                        date: goalDay(105), evidence: .session(Self.session(105, minutes: 10)), isLate: true)))
    }

    @Test(
        "At the due instant is on time; an hour later is late",
        arguments: [(0.0, false), (1.0 / 24, true), (-1.0 / 24, false)])
    func dueBoundary(hoursAfterDue: Double, late: Bool) throws {
        let day = Self.dueDay + hoursAfterDue
        let status = try Self.treadmillGoal().status(sessions: [Self.session(day, minutes: 10)], now: goalDay(120))
        guard case .achieved(let achievement) = status else {
            Issue.record("expected achieved, got \(status)")
            return
        }
        #expect(achievement.isLate == late)
    }

    @Test("Evidence dated after now, or before the goal was set, does not count")
    func evidenceOutsideWindow() throws {
        let goal = try Self.treadmillGoal()
        #expect(try goal.status(sessions: [Self.session(30, minutes: 12)], now: goalDay(20)) == .notStarted)
        #expect(try goal.status(sessions: [Self.session(-3, minutes: 12)], now: goalDay(20)) == .notStarted)
    }

    @Test(
        "On track means progress at least the share of time passed",
        arguments: [(50.0, 5.0, true), (50.0, 4.9, false), (25.0, 3.0, true), (80.0, 7.9, false)])
    func onTrack(day: Double, minutes: Double, expected: Bool) throws {
        let status = try Self.treadmillGoal().status(sessions: [Self.session(1, minutes: minutes)], now: goalDay(day))
        guard case .inProgress(let progress) = status else {
            Issue.record("expected in progress, got \(status)")
            return
        }
        #expect(progress.isOnTrack == expected)
    }

    // MARK: Outcome goals

    @Test(
        "Outcome thresholds are met exactly at the threshold, in the measure's better direction",
        arguments: [
            (OutcomeMeasureID.threeMetreBackwardWalk, 4.5, 4.5, true),  // "3MBWT under 4.5 s": 4.5 counts
            (.threeMetreBackwardWalk, 4.5, 4.51, false),
            (.threeMetreBackwardWalk, 4.5, 3.9, true),
            (.sixMinuteWalk, 400, 400, true),
            (.sixMinuteWalk, 400, 399, false),
            (.sixMinuteWalk, 400, 450, true),
            (.numericPainRating, 3, 3, true),
            (.numericPainRating, 3, 4, false),
        ])
    func outcomeThreshold(measure: OutcomeMeasureID, threshold: Double, value: Double, met: Bool) throws {
        let result: OutcomeResult =
            measure == .numericPainRating
            ? try .answered(measure, answers: ["pain": Int(value)], date: goalDay(30))
            : try .recorded(measure, value: value, date: goalDay(30))
        let status = try Self.outcomeGoal(measure, threshold).status(outcomes: [result], now: goalDay(40))
        if met {
            #expect(
                status == .achieved(CareGoalAchievement(date: goalDay(30), evidence: .outcome(result), isLate: false)))
        } else {
            guard case .inProgress = status else {
                Issue.record("expected in progress, got \(status)")
                return
            }
        }
    }

    @Test("Outcome progress runs from the baseline to the threshold, lower-is-better")
    func outcomeProgressLower() throws {
        // 3MBWT 6.5 s → 5.5 s, target 4.5 s: (6.5 − 5.5) / (6.5 − 4.5) = 1 / 2 = 0.5.
        let results = try [
            OutcomeResult.recorded(.threeMetreBackwardWalk, value: 6.5, date: goalDay(1)),
            OutcomeResult.recorded(.threeMetreBackwardWalk, value: 5.5, date: goalDay(40)),
        ]
        let status = try Self.outcomeGoal(.threeMetreBackwardWalk, 4.5).status(outcomes: results, now: goalDay(50))
        guard case .inProgress(let progress) = status else {
            Issue.record("expected in progress, got \(status)")
            return
        }
        #expect(abs(progress.fraction - 0.5) < 1e-12)
        #expect(progress.isOnTrack)
    }

    @Test("Outcome progress, higher-is-better, and worse than baseline is 0")
    func outcomeProgressHigher() throws {
        // 6MWT 300 m → 375 m, target 400 m: (375 − 300) / (400 − 300) = 0.75.
        let goal = try Self.outcomeGoal(.sixMinuteWalk, 400)
        let better = try [
            OutcomeResult.recorded(.sixMinuteWalk, value: 300, date: goalDay(1)),
            OutcomeResult.recorded(.sixMinuteWalk, value: 375, date: goalDay(60)),
        ]
        guard case .inProgress(let progress) = try goal.status(outcomes: better, now: goalDay(70)) else {
            Issue.record("expected in progress")
            return
        }
        #expect(progress.fraction == 0.75)
        // 300 m → 280 m: worse than baseline, progress 0.
        let worse = try [
            OutcomeResult.recorded(.sixMinuteWalk, value: 300, date: goalDay(1)),
            OutcomeResult.recorded(.sixMinuteWalk, value: 280, date: goalDay(60)),
        ]
        guard case .inProgress(let none) = try goal.status(outcomes: worse, now: goalDay(70)) else {
            Issue.record("expected in progress")
            return
        }
        #expect(none.fraction == 0)
    }

    @Test("Results of other measures are ignored by an outcome goal")
    func otherMeasuresIgnored() throws {
        let results = try [OutcomeResult.recorded(.timedUpAndGo, value: 3, date: goalDay(5))]
        #expect(
            try Self.outcomeGoal(.threeMetreBackwardWalk, 4.5).status(outcomes: results, now: goalDay(10))
                == .notStarted)
    }

    // MARK: Validation

    @Test("Goals with bad fields are refused, naming the field")
    func goalValidation() {
        let target = CareGoalTarget.outcome(OutcomeGoalTarget(measure: .threeMetreBackwardWalk, threshold: 4.5))
        #expect(throws: InputError(field: "title", problem: "must not be empty")) {
            try CareGoal(title: "  ", setOn: goalDay(0), due: goalDay(10), target: target)
        }
        #expect(throws: InputError(field: "due", problem: "must be after the date the goal is set")) {
            try CareGoal(title: "Soon", setOn: goalDay(10), due: goalDay(10), target: target)
        }
        let cases: [(CareGoalTarget, String)] = [
            (
                .treadmill(
                    TreadmillGoalTarget(
                        continuousMinutes: 0, minimumSpeed: .kilometersPerHour(3), maximumSupport: .handsFree)),
                "target.continuousMinutes"
            ),
            (
                .treadmill(
                    TreadmillGoalTarget(
                        continuousMinutes: 181, minimumSpeed: .kilometersPerHour(3), maximumSupport: .handsFree)),
                "target.continuousMinutes"
            ),
            (
                .treadmill(TreadmillGoalTarget(continuousMinutes: 10, minimumSpeed: .zero, maximumSupport: .handsFree)),
                "target.minimumSpeed"
            ),
            (
                .treadmill(
                    TreadmillGoalTarget(
                        continuousMinutes: 10, minimumSpeed: .kilometersPerHour(31), maximumSupport: .handsFree)),
                "target.minimumSpeed"
            ),
            (.outcome(OutcomeGoalTarget(measure: .threeMetreBackwardWalk, threshold: 0)), "target.threshold"),
            (.outcome(OutcomeGoalTarget(measure: .numericPainRating, threshold: 2.5)), "target.threshold"),
        ]
        for (target, field) in cases {
            do throws(InputError) {
                _ = try CareGoal(title: "Goal", setOn: goalDay(0), due: goalDay(10), target: target)
                Issue.record("expected an error for \(field)")
            } catch {
                #expect(error.field == field)
            }
        }
    }

    @Test("Bad evidence is refused, naming the session or result")
    func evidenceValidation() throws {
        let goal = try Self.treadmillGoal()
        do throws(InputError) {
            _ = try goal.status(sessions: [Self.session(1, minutes: 5), Self.session(2, minutes: -1)], now: goalDay(3))
            Issue.record("expected an error")
        } catch {
            #expect(error.field == "sessions[1].continuousMinutes")
        }
        do throws(InputError) {
            _ = try goal.status(sessions: [Self.session(1, minutes: 5, kmh: 40)], now: goalDay(3))
            Issue.record("expected an error")
        } catch {
            #expect(error.field == "sessions[0].speed")
        }
    }

    @Test("Goals survive a JSON round trip; decoding validates")
    func goalCoding() throws {
        let goals = try [Self.treadmillGoal(), Self.outcomeGoal(.tenMetreWalk, 0.8)]
        let data = try JSONEncoder().encode(goals)
        #expect(try JSONDecoder().decode([CareGoal].self, from: data) == goals)

        let text = String(decoding: try JSONEncoder().encode(Self.outcomeGoal(.tenMetreWalk, 0.8)), as: UTF8.self)
        let bad = text.replacingOccurrences(of: "10MWT goal", with: "")
        #expect(bad != text)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(CareGoal.self, from: Data(bad.utf8)) }
    }
}
