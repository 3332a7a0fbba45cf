import Foundation

/// The history: every session, newest first, the import form, and the result of an import just made.
struct HistoryViewModel: PageViewModel {
    /// The fields the import form shows errors for.
    enum Field: String, FormFields { case files, direction }

    /// What an upload through the import form did, file by file.
    struct ImportSummary: Encodable, Sendable {
        /// An imported file.
        struct Imported: Encodable, Sendable {
            /// The file's name.
            var file: String
            /// The stored session's id.
            var sessionId: String
            /// The session's workout name.
            var name: String
        }

        /// A file whose session was already there.
        struct Duplicate: Encodable, Sendable {
            /// The file's name.
            var file: String
            /// The earlier file of the upload with the same session, or "a session already stored".
            var sameAs: String
        }

        /// A file that was not imported.
        struct Skipped: Encodable, Sendable {
            /// The file's name ("?" if it had none).
            var file: String
            /// Why.
            var problem: String
        }

        /// "n imported, n duplicates, n skipped".
        var headline: String
        /// Whether any file was imported.
        var hasImported: Bool
        /// The imported files.
        var imported: [Imported]
        /// Whether any file was a duplicate.
        var hasDuplicates: Bool
        /// The duplicates.
        var duplicates: [Duplicate]
        /// Whether any file was skipped.
        var hasSkipped: Bool
        /// The skipped files.
        var skipped: [Skipped]
    }

    /// One session of the history.
    struct Session: Encodable, Sendable {
        /// The session's id.
        var id: String
        /// Its program's name, or "Session".
        var name: String
        /// When it started.
        var day: String
        /// The active time, or "–".
        var minutes: String
        /// The distance, or "–".
        var distance: String
        /// `completed`, `stopped`, `interrupted` or `in-progress`.
        var status: String
        /// Whether it ended and has no feedback yet.
        var needsFeedback: Bool
    }

    static let template = "history"
    var chrome: PageChrome
    /// The result of the import just made, if any.
    var importSummary: ImportSummary?
    /// The sessions, newest first.
    var sessions: [Session]
    /// The field errors.
    var errors: FieldErrors<Field>
}

/// One session: its summary, charts (SVG), downloads and feedback.
struct SessionViewModel: PageViewModel {
    /// The figures of a finished session.
    struct Summary: Encodable, Sendable {
        /// The active time.
        var active: String
        /// The time walking backward.
        var backward: String
        /// The distance.
        var distance: String
        /// Energy spent.
        var kcal: String
        /// What the same walk forward would have spent.
        var forwardKcal: String
        /// "n of m" steps done.
        var steps: String
        /// Why it stopped; empty if it did not stop early (the template's section still renders for it, as the
        /// page always did).
        var stopReason: String
    }

    /// The session's feedback.
    struct Feedback: Encodable, Sendable {
        /// The effort (Borg RPE), or "–".
        var rpe: String
        /// Pain during, 0–10.
        var painDuring: Int
        /// Pain after, 0–10.
        var painAfter: Int
        /// Pain the next morning, or "not yet".
        var painNextMorning: String
        /// The most handrail support used.
        var handrail: String
        /// Whether the user nearly fell.
        var nearFall: Bool
        /// The notes.
        var notes: String
    }

    static let template = "session"
    var chrome: PageChrome
    /// The session's id.
    var id: String
    /// Its workout's name.
    var name: String
    /// When it started.
    var when: String
    /// `completed`, `stopped`, `interrupted` or `in-progress`.
    var status: String
    /// The figures, once it has ended.
    var summary: Summary?
    /// Speed and target speed over time (SVG).
    var speedChart: String
    /// Incline over time (SVG).
    var gradeChart: String
    /// Whether any sample has a heart rate.
    var hasHeart: Bool
    /// Heart rate over time (SVG).
    var heartChart: String
    /// The feedback, once given.
    var feedback: Feedback?
    /// Whether to ask for feedback (the session ended and has none).
    var askFeedback: Bool
}

/// The feedback form of a session, empty or shown again with what was typed and the errors.
struct FeedbackViewModel: PageViewModel {
    /// The fields the form shows errors for.
    enum Field: String, FormFields { case rpe, painDuring, painAfter, handrail, notes }

    static let template = "feedback"
    var chrome: PageChrome
    /// The session's id.
    var id: String
    /// Its workout's name.
    var name: String
    /// The effort typed.
    var rpe: String
    /// Pain during, as typed.
    var painDuring: String
    /// Pain after, as typed.
    var painAfter: String
    /// The handrail levels, one selected.
    var handrails: [Choice]
    /// Whether "I nearly fell" is ticked.
    var nearFall: Bool
    /// The notes typed.
    var notes: String
    /// The field errors.
    var errors: FieldErrors<Field>
}
