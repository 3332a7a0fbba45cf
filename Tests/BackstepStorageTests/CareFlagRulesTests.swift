import BackstepCore
import BackstepStorage
import Foundation
import Testing

/// The flag rules, the adherence windows and the pain trend of the clients list, as rule tables.
@Suite("Care flags, adherence and pain trend")
struct CareFlagRulesTests {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)
    static let client = UserID()

    static func session(
        daysAgo: Double, pain: (during: Int, after: Int, morning: Int?)? = nil, nearFall: Bool = false,
        lostBalance: Bool = false, redFlags: Set<RedFlagSymptom> = [], status: SessionStatus = .completed
    ) -> SessionOverview {
        let start = now.addingTimeInterval(-daysAgo * 86_400)
        let feedback = pain.map {
            SessionFeedback(
                date: start, painDuring: $0.during, painAfter: $0.after, painNextMorning: $0.morning,
                handrailUsed: .oneHand, lostBalance: lostBalance, nearFall: nearFall, redFlags: redFlags)
        }
        return SessionOverview(
            id: SessionID(), userId: client, startedAt: start, endedAt: start.addingTimeInterval(600), programId: nil,
            status: status, source: .live, summary: nil, averageBackwardSpeed: nil, feedback: feedback,
            prescription: nil)
    }

    struct Rule: Sendable, CustomTestStringConvertible {
        var name: String
        var sessions: [SessionOverview]
        var stops: [Int: [StopReason]] = [:]
        var watchedDaysAgo: Double = 3
        var expected: [CareFlagKind]
        var testDescription: String { name }
    }

    static let rules: [Rule] = [
        Rule(name: "nothing to flag", sessions: [session(daysAgo: 1, pain: (3, 5, 2))], expected: []),
        Rule(name: "pain 6 during", sessions: [session(daysAgo: 1, pain: (6, 0, nil))], expected: [.painDuring]),
        Rule(name: "pain 6 right after", sessions: [session(daysAgo: 1, pain: (2, 6, nil))], expected: [.painDuring]),
        Rule(name: "pain 5 is acceptable", sessions: [session(daysAgo: 1, pain: (5, 5, 5))], expected: []),
        Rule(
            name: "next-morning pain", sessions: [session(daysAgo: 1, pain: (2, 2, 6))],
            expected: [.painNextMorning]),
        Rule(
            name: "pain rising over three sessions",
            sessions: [
                session(daysAgo: 5, pain: (1, 1, 1)), session(daysAgo: 3, pain: (2, 2, 2)),
                session(daysAgo: 1, pain: (3, 4, 4)),
            ],
            expected: [.risingPain]),
        Rule(
            name: "pain level over three sessions is not rising",
            sessions: [
                session(daysAgo: 5, pain: (1, 1, 1)), session(daysAgo: 3, pain: (2, 2, 2)),
                session(daysAgo: 1, pain: (2, 2, 2)),
            ],
            expected: []),
        Rule(
            name: "near-fall", sessions: [session(daysAgo: 1, pain: (0, 0, nil), nearFall: true)], expected: [.nearFall]
        ),
        Rule(
            name: "lost balance", sessions: [session(daysAgo: 1, pain: (0, 0, nil), lostBalance: true)],
            expected: [.nearFall]),
        Rule(
            name: "reported chest pain",
            sessions: [session(daysAgo: 1, pain: (0, 0, nil), redFlags: [.chestPain])], expected: [.medicalStop]),
        Rule(
            name: "stopped for dizziness", sessions: [session(daysAgo: 1, status: .stopped)],
            stops: [0: [.dizziness]], expected: [.medicalStop]),
        Rule(
            name: "stopped for balance", sessions: [session(daysAgo: 1, status: .stopped)],
            stops: [0: [.lossOfBalance]], expected: [.balanceStop]),
        Rule(
            name: "link lost and safety key", sessions: [session(daysAgo: 1, status: .stopped)],
            stops: [0: [.linkLost, .safetyKey]], expected: [.safetyEvent]),
        Rule(
            name: "the user's own stop is no flag", sessions: [session(daysAgo: 1, status: .stopped)],
            stops: [0: [.userStop]], expected: []),
        Rule(
            name: "older than 30 days", sessions: [session(daysAgo: 31, pain: (9, 9, 9))], watchedDaysAgo: 3,
            expected: []),
        Rule(
            name: "7 days without a session", sessions: [session(daysAgo: 7, pain: (0, 0, 0))], watchedDaysAgo: 20,
            expected: [.inactive]),
        Rule(
            name: "6 days is fine", sessions: [session(daysAgo: 6, pain: (0, 0, 0))], watchedDaysAgo: 20,
            expected: []),
        Rule(name: "no session since access 7 days ago", sessions: [], watchedDaysAgo: 7, expected: [.inactive]),
        Rule(
            name: "inactivity counts from access, not an older session",
            sessions: [session(daysAgo: 20, pain: (0, 0, 0))], watchedDaysAgo: 2, expected: []),
    ]

    @Test(arguments: rules)
    func flags(_ rule: Rule) {
        var stops: [SessionID: [StopReason]] = [:]
        for (index, reasons) in rule.stops { stops[rule.sessions[index].id] = reasons }
        let input = CareFlagInput(
            sessions: rule.sessions, stops: stops, lastSessionAt: rule.sessions.map(\.startedAt).max(),
            watchedSince: Self.now.addingTimeInterval(-rule.watchedDaysAgo * 86_400))
        let flags = CareFlagRules().flags(input, now: Self.now)
        #expect(
            flags.map(\.kind).sorted { $0.rawValue < $1.rawValue } == rule.expected.sorted { $0.rawValue < $1.rawValue }
        )
        // Keys are stable for the same input
        #expect(CareFlagRules().flags(input, now: Self.now).map(\.key) == flags.map(\.key))
    }

    @Test func urgentFlagsComeFirstAndThresholdsAreSettable() {
        let sessions = [
            Self.session(daysAgo: 2, pain: (7, 0, nil)), Self.session(daysAgo: 1, pain: (0, 0, nil), nearFall: true),
        ]
        let input = CareFlagInput(sessions: sessions, lastSessionAt: Self.now, watchedSince: Self.now)
        let flags = CareFlagRules().flags(input, now: Self.now)
        #expect(flags.map(\.kind) == [.nearFall, .painDuring])
        #expect(flags.first?.severity == .urgent)
        #expect(CareFlagRules(painThreshold: 7).flags(input, now: Self.now).map(\.kind) == [.nearFall])
        #expect(flags.last?.key == "pain-during:\(sessions[0].id)")
    }

    @Test func aRegressDecisionRaisesAFlag() throws {
        let latest = Self.session(daysAgo: 1, pain: (8, 8, 8))
        let prescription = Prescription(speed: .metersPerSecond(0.5), duration: 600, stage: .novice)
        let profile = Profile(age: 60, mass: Mass(kilograms: 70), goal: .knee)
        let engine = ProgressionEngine(profile: profile, clearance: .cleared, strokeBaseline: nil)
        let feedback = try #require(latest.feedback)
        let decision = engine.decide(current: prescription, latest: feedback, history: [])
        #expect([ProgressionAction.regress, .stopAndSeeProfessional].contains(decision.action))
        let input = CareFlagInput(
            sessions: [latest], decision: (decision, latest.id), lastSessionAt: latest.startedAt,
            watchedSince: Self.now)
        let flags = CareFlagRules().flags(input, now: Self.now)
        #expect(flags.contains { $0.kind == .progressionDecision && $0.reason.contains(decision.action.label) })
    }

    @Test(arguments: [
        (7, [1.0, 3, 5], [SessionStatus.completed, .completed, .completed], 3),
        (7, [1.0, 3, 8], [.completed, .completed, .completed], 2),
        (7, [1.0, 2], [.completed, .stopped], 1),
        (30, [1.0, 10, 29, 31], [.completed, .completed, .completed, .completed], 3),
    ])
    func adherenceCountsCompletedSessionsInTheWindow(days: Int, ago: [Double], statuses: [SessionStatus], done: Int) {
        let sessions = zip(ago, statuses).map { Self.session(daysAgo: $0, status: $1) }
        #expect(AdherenceWindow.compute(days: days, plan: nil, sessions: sessions, now: Self.now).done == done)
        #expect(AdherenceWindow.compute(days: days, plan: nil, sessions: sessions, now: Self.now).ratio == nil)
    }

    @Test func adherenceCountsThePlansDaysInTheWindow() throws {
        let profile = Profile(age: 40, mass: Mass(kilograms: 70), goal: .fitness)
        let request = PlanRequest(profile: profile, daysPerWeek: 3, minutesPerSession: 10, weeks: 8)
        let plan = try PlanGenerator.plan(for: request)
        // The plan started 14 days ago on days 1, 3 and 5 of each week: the week's window holds week 2's days 3
        // and 5 and week 3's day 1 (today); the month's holds weeks 1 and 2 and today
        let stored = StoredPlan(
            userId: Self.client, createdAt: Self.now, startDate: Self.now.addingTimeInterval(-14 * 86_400), plan: plan)
        let week = AdherenceWindow.compute(
            days: 7, plan: stored, sessions: [Self.session(daysAgo: 1), Self.session(daysAgo: 3)], now: Self.now)
        #expect(week.planned == 3)
        #expect(week.done == 2)
        #expect(week.ratio == 2.0 / 3.0)
        let month = AdherenceWindow.compute(days: 30, plan: stored, sessions: [], now: Self.now)
        #expect(plan.sessions.filter { $0.week == 1 }.map(\.day) == [1, 3, 5])
        #expect(month.planned == 7)
        #expect(month.ratio == 0)
    }

    @Test(arguments: [
        ([1, 2, 3, 4], PainTrend.rising), ([5, 4, 2, 1], .falling), ([3, 3, 4, 3], .steady), ([4], .unknown),
        ([0, 0, 0, 0, 0, 0, 9], .rising),
    ])
    func painTrend(pains: [Int], expected: PainTrend) {
        let sessions = pains.enumerated().map { index, pain in
            Self.session(daysAgo: Double(pains.count - index), pain: (pain, 0, nil))
        }
        #expect(PainTrend.of(sessions.shuffled()) == expected)
    }
}
