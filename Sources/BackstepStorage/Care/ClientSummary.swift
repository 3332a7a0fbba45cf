import BackstepCore
import Foundation

/// Sessions done against sessions planned over the latest days.
public struct AdherenceWindow: Hashable, Sendable, Codable {
    /// The window's length in days (7 or 30 in the clients list).
    public var days: Int
    /// Planned sessions whose day falls in the window and has come.
    public var planned: Int
    /// Completed sessions started in the window (planned or not).
    public var done: Int

    /// Creates a window.
    public init(days: Int, planned: Int, done: Int) {
        self.days = days
        self.planned = planned
        self.done = done
    }

    /// Done over planned, at most 1; nil when nothing was planned.
    public var ratio: Double? { planned > 0 ? min(1, Double(done) / Double(planned)) : nil }

    /// The window ending at `now`: planned sessions on days in `(now − days, now]` of the plan's calendar (its
    /// dates, or its start plus week and day), against completed sessions started in the same span.
    public static func compute(
        days: Int, plan: StoredPlan?, sessions: [SessionOverview], now: Date
    ) -> AdherenceWindow {
        let start = now.addingTimeInterval(-Double(days) * 86_400)
        let done = sessions.filter { $0.status == .completed && $0.startedAt > start && $0.startedAt <= now }.count
        guard let plan else { return AdherenceWindow(days: days, planned: 0, done: done) }
        let planned = plan.plannedDays().filter { $0.day > TrainingStatistics.startOfDay(start) && $0.day <= now }.count
        return AdherenceWindow(days: days, planned: planned, done: done)
    }
}

extension StoredPlan {
    /// Each planned session with its day: its own date, or the plan's first day (00:00 UTC) plus its week and day.
    public func plannedDays() -> [(day: Date, session: PlannedSession)] {
        let planStart = TrainingStatistics.startOfDay(TrainingStatistics.planStart(self))
        return plan.sessions.map { session in
            let day =
                session.date
                ?? planStart.addingTimeInterval(Double((session.week - 1) * 7 + (session.day - 1)) * 86_400)
            return (day, session)
        }
    }
}

/// Which way a client's pain has been going.
public enum PainTrend: String, Hashable, Sendable, Codable, CaseIterable {
    /// Fewer than two sessions with feedback.
    case unknown
    /// Falling by more than a point over the recent sessions.
    case falling
    /// Within a point.
    case steady
    /// Rising by more than a point.
    case rising

    /// The trend of the peak pain (during, after, next morning) over the latest `count` sessions with feedback:
    /// the least-squares slope times the span, compared with one point on the 0–10 scale.
    public static func of(_ sessions: [SessionOverview], count: Int = 5) -> PainTrend {
        let rated = sessions.filter { $0.feedback != nil }.sorted { $0.startedAt < $1.startedAt }.suffix(count)
        let pains = rated.compactMap { $0.feedback.map { Double($0.peakPain) } }
        guard pains.count >= 2 else { return .unknown }
        let n = Double(pains.count)
        let meanX = (n - 1) / 2
        let meanY = pains.reduce(0, +) / n
        var numerator = 0.0
        var denominator = 0.0
        for (index, pain) in pains.enumerated() {
            numerator += (Double(index) - meanX) * (pain - meanY)
            denominator += (Double(index) - meanX) * (Double(index) - meanX)
        }
        let change = numerator / denominator * (n - 1)
        if change > 1 { return .rising }
        if change < -1 { return .falling }
        return .steady
    }
}
