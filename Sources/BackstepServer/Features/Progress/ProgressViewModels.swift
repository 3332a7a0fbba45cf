import Foundation

/// The progress dashboard: totals, streaks, adherence, energy, and the charts (SVG markup drawn by `SVGChart`).
struct DashboardViewModel: PageViewModel {
    static let template = "dashboard"
    var chrome: PageChrome
    /// The number of sessions.
    var sessions: Int
    /// Average minutes a week over the last four weeks.
    var weeklyMinutes: String
    /// The current streak in days.
    var streakDays: Int
    /// The current streak in weeks.
    var streakWeeks: Int
    /// The plan adherence in %, or "–".
    var adherence: String
    /// Energy spent walking backward.
    var kcal: String
    /// What the same walking forward would have spent.
    var forwardKcal: String
    /// Minutes per week (SVG).
    var minutesChart: String
    /// The comfortable backward speed over time (SVG), when there is a trend.
    var speedChart: String?
    /// Which way the speed goes.
    var speedDirection: String?
    /// The weekly peak pain (SVG), when there is a trend.
    var painChart: String?
    /// Which way the pain goes.
    var painDirection: String?
}

/// The 3-metre backward walk test: the form, the latest result, the trend and every result, newest first.
struct AssessmentsViewModel: PageViewModel {
    /// The fields the form shows errors for.
    enum Field: String, FormFields { case seconds, population }

    /// One stored result.
    struct Row: Encodable, Sendable {
        /// The day it was taken.
        var day: String
        /// The time in seconds.
        var seconds: String
        /// What the time means for the population.
        var meaning: String
        /// The change from the result before (empty for the first).
        var change: String
        /// The notes.
        var notes: String
    }

    static let template = "assessments"
    var chrome: PageChrome
    /// The interpretation of the result just saved; empty otherwise (the template's section still renders for
    /// it, as the page always did).
    var result: String
    /// The time typed.
    var seconds: String
    /// The populations to compare with, one selected.
    var populations: [Choice]
    /// The notes typed.
    var notes: String
    /// The times over days (SVG).
    var trendChart: String
    /// The results, newest first.
    var rows: [Row]
    /// The field errors.
    var errors: FieldErrors<Field>
}
