import BackstepCore
import BackstepStorage
import Foundation

/// A stored assessment as the API shows it (schema `AssessmentRecord`).
struct AssessmentResponse: Codable, Sendable {
    var id: AssessmentID
    var userId: UserID
    var takenAt: Date
    var kind: AssessmentKind
    var seconds: Double?
    var speed: SpeedResponse?
    var population: BackwardWalkTestPopulation?
    var notes: String

    init(_ record: AssessmentRecord) {
        id = record.id
        userId = record.userId
        takenAt = record.takenAt
        kind = record.kind
        seconds = record.seconds
        speed = record.speed.map(SpeedResponse.init)
        population = record.population
        notes = record.notes
    }
}

/// The body of `POST /assessments` (schema `WalkTest`): a 3-metre backward walk test.
struct WalkTestRequest: Codable, Sendable {
    /// A walk test to record, checked.
    struct Test: Sendable, Equatable {
        var seconds: Double
        var population: BackwardWalkTestPopulation
        var notes: String
    }

    var seconds: Double
    var population: String?
    var notes: String?

    init(seconds: Double, population: String? = nil, notes: String? = nil) {
        self.seconds = seconds
        self.population = population
        self.notes = notes
    }

    /// The test, the population defaulting to community-dwelling older adults (the time is checked when saved).
    /// - Throws: `AppError` for an unknown `population` or `notes` over 2000 characters.
    func domainValue() throws -> Test {
        guard let population = BackwardWalkTestPopulation(rawValue: population ?? "community-older-adults") else {
            throw AppError.invalid("population", "Unknown population.")
        }
        if let notes, notes.count > 2000 {
            throw AppError.invalid("notes", "At most 2000 characters.")
        }
        return Test(seconds: seconds, population: population, notes: notes ?? "")
    }
}

/// A recorded walk test with its fall-risk band and what it means (schema `WalkTestResult`).
struct WalkTestResultResponse: Codable, Sendable {
    var record: AssessmentResponse
    var band: String
    var interpretation: String

    init(record: AssessmentRecord, result: ThreeMetreBackwardWalkResult) {
        self.record = AssessmentResponse(record)
        band = result.band.rawValue
        interpretation = result.summary
    }
}

/// Training statistics as the API shows them (schema `TrainingStatistics`).
struct DashboardResponse: Codable, Sendable {
    /// Minutes and sessions in one week.
    struct Week: Codable, Sendable {
        var weekStart: Date
        var minutes: Double
        var backwardMinutes: Double
        var sessions: Int
    }

    /// Planned against completed sessions of the current plan.
    struct Adherence: Codable, Sendable {
        var planId: PlanID
        var plannedSessions: Int
        var completedSessions: Int
        var ratio: Double?
    }

    /// Training streaks in days and weeks.
    struct Streak: Codable, Sendable {
        var currentDays: Int
        var longestDays: Int
        var currentWeeks: Int
        var longestWeeks: Int
    }

    /// The comfortable backward speed over time.
    struct SpeedTrend: Codable, Sendable {
        var source: String
        var points: [SpeedPoint]
        var slopeMpsPerWeek: Double
        var changeMps: Double
        var direction: TrendDirection
    }

    /// One comfortable speed.
    struct SpeedPoint: Codable, Sendable {
        var date: Date
        var speedMps: Double
    }

    /// Weekly peak pain over time.
    struct PainTrend: Codable, Sendable {
        var points: [PainPoint]
        var slopePerWeek: Double
        var direction: String
        var latestPeakPain: Int
    }

    /// One week's mean peak pain.
    struct PainPoint: Codable, Sendable {
        var weekStart: Date
        var meanPeakPain: Double
    }

    /// A personal best and the session it came from.
    struct Best: Codable, Sendable {
        var value: Double
        var sessionId: SessionID
        var date: Date
    }

    /// The personal bests, each left out until there is one.
    struct PersonalBests: Codable, Sendable {
        var longestSessionMinutes: Best?
        var longestBackwardMinutes: Best?
        var longestDistanceMeters: Best?
        var fastestAverageBackwardSpeedMps: Best?
        var mostKcal: Best?
    }

    var asOf: Date
    var sessionCount: Int
    var weeks: [Week]
    var averageMinutesPerWeek: Double
    var averageSessionsPerWeek: Double
    var adherence: Adherence?
    var streak: Streak
    var comfortableSpeedTrend: SpeedTrend?
    var painTrend: PainTrend?
    var personalBests: PersonalBests
    var totalDistanceMeters: Double
    var totalKcal: Double
    var totalForwardKcal: Double
    var totalMinutes: Double
    var totalBackwardMinutes: Double

    init(_ statistics: TrainingStatistics) {
        asOf = statistics.asOf
        sessionCount = statistics.sessionCount
        weeks = statistics.weeks.map {
            Week(
                weekStart: $0.weekStart, minutes: $0.minutes, backwardMinutes: $0.backwardMinutes, sessions: $0.sessions
            )
        }
        averageMinutesPerWeek = statistics.averageMinutesPerWeek
        averageSessionsPerWeek = statistics.averageSessionsPerWeek
        adherence = statistics.adherence.map {
            Adherence(
                planId: $0.planId, plannedSessions: $0.plannedSessions, completedSessions: $0.completedSessions,
                ratio: $0.ratio)
        }
        let streak = statistics.streak
        self.streak = Streak(
            currentDays: streak.currentDays, longestDays: streak.longestDays, currentWeeks: streak.currentWeeks,
            longestWeeks: streak.longestWeeks)
        comfortableSpeedTrend = statistics.comfortableSpeedTrend.map {
            SpeedTrend(
                source: $0.source, points: $0.points.map { SpeedPoint(date: $0.date, speedMps: $0.speedMps) },
                slopeMpsPerWeek: $0.slopeMpsPerWeek, changeMps: $0.changeMps, direction: $0.direction)
        }
        painTrend = statistics.painTrend.map {
            PainTrend(
                points: $0.points.map { PainPoint(weekStart: $0.weekStart, meanPeakPain: $0.meanPeakPain) },
                slopePerWeek: $0.slopePerWeek, direction: $0.direction, latestPeakPain: $0.latestPeakPain)
        }
        let bests = statistics.personalBests
        func best(_ value: TrainingStatistics.Best?) -> Best? {
            value.map { Best(value: $0.value, sessionId: $0.sessionId, date: $0.date) }
        }
        personalBests = PersonalBests(
            longestSessionMinutes: best(bests.longestSessionMinutes),
            longestBackwardMinutes: best(bests.longestBackwardMinutes),
            longestDistanceMeters: best(bests.longestDistanceMeters),
            fastestAverageBackwardSpeedMps: best(bests.fastestAverageBackwardSpeedMps), mostKcal: best(bests.mostKcal))
        totalDistanceMeters = statistics.totalDistanceMeters
        totalKcal = statistics.totalKcal
        totalForwardKcal = statistics.totalForwardKcal
        totalMinutes = statistics.totalMinutes
        totalBackwardMinutes = statistics.totalBackwardMinutes
    }
}
