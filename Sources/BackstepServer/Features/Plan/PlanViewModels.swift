import Foundation

/// The plan page: the interrupted session to continue, the next morning's pain question, the next session with
/// the latest progression decision, the plan form, and the plan's weeks, downloads and notes.
struct PlanViewModel: PageViewModel {
    /// The fields the page's forms show errors for (the morning-pain form and the plan form).
    enum Field: String, FormFields { case painNextMorning, days, minutes, weeks }

    /// A session the server cut short, offered to continue.
    struct Resume: Encodable, Sendable {
        /// The interrupted session's id.
        var sessionId: String
        /// Its workout's name.
        var name: String
        /// The step that was running, from 1.
        var step: Int
        /// The number of steps of the whole workout.
        var steps: Int
        /// The estimated time of what is left.
        var left: String
        /// The number of steps left.
        var stepsLeft: Int
    }

    /// The session whose next-morning pain is asked for.
    struct MorningPain: Encodable, Sendable {
        /// The session's id.
        var sessionId: String
        /// The day it was on.
        var day: String
    }

    /// The next planned session, with the dose after the latest decision.
    struct Next: Encodable, Sendable {
        /// The plan week.
        var week: Int
        /// The day within the week.
        var day: Int
        /// The workout's name.
        var name: String
        /// "Today", a weekday, or "Next".
        var when: String
        /// The estimated time.
        var duration: String
        /// The prescribed speed.
        var speed: String
        /// The prescribed handrail use.
        var handrail: String
        /// The workout's steps.
        var steps: [WorkoutStepRow]
    }

    /// The latest progression decision.
    struct Decision: Encodable, Sendable {
        /// What it decided, capitalised.
        var action: String
        /// Whether it says to stop and see a professional.
        var stop: Bool
        /// "variable: before → after" for each variable it changes.
        var changes: [String]
        /// Why, one sentence per rule.
        var reasons: [String]
    }

    /// One week of the plan.
    struct Week: Encodable, Sendable {
        /// One planned session.
        struct Session: Encodable, Sendable {
            /// The weekday (or "Day n" without dates).
            var day: String
            /// The workout's name.
            var name: String
            /// The estimated time.
            var duration: String
            /// Whether it is today.
            var isToday: Bool
        }

        /// The week's number, from 1.
        var number: Int
        /// What the week works on.
        var focus: String
        /// Whether it is the current week.
        var current: Bool
        /// The week's speed.
        var speed: String
        /// The week's speed cap.
        var cap: String
        /// The week's handrail use.
        var handrail: String
        /// The sessions.
        var sessions: [Session]
    }

    /// The download links of one program of the plan.
    struct Download: Encodable, Sendable {
        /// The program's workout name.
        var name: String
        /// The FIT workout's path.
        var fit: String
        /// The ZWO workout's path.
        var zwo: String
    }

    static let template = "plan"
    var chrome: PageChrome
    /// Whether the health screening is still to be answered.
    var needsScreening: Bool
    /// The interrupted session to continue, if any.
    var resume: Resume?
    /// The session to rate the next-morning pain of, if any.
    var morningPain: MorningPain?
    /// The next session, if the plan has one left.
    var next: Next?
    /// The latest progression decision, if any (shown with the next session).
    var decision: Decision?
    /// The treadmill modes a session starts in.
    var modes: [Choice]
    /// Whether there is a plan.
    var hasPlan: Bool
    /// The advice of the screening's clearance.
    var clearance: String
    /// The plan's weeks (empty without a plan).
    var weeks: [Week]
    /// The plan's workout downloads.
    var downloads: [Download]
    /// The notes on how the plan was adjusted.
    var diagnostics: [String]
    /// The field errors.
    var errors: FieldErrors<Field>
}
