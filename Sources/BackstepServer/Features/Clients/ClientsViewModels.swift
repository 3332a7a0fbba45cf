import BackstepStorage
import Foundation

/// One open flag as the clients list and the client page show it.
struct FlagRow: Encodable, Sendable {
    /// What raised it, in words.
    var label: String
    /// What the rule found.
    var reason: String
    /// When its cause happened.
    var raised: String
    /// Whether it is urgent (look before the client trains again).
    var urgent: Bool
}

extension FlagRow {
    /// The flag in words.
    init(_ flag: CareFlag) {
        self.init(
            label: flag.kind.label, reason: flag.reason, raised: Fmt.dateTime(flag.raisedAt),
            urgent: flag.severity == .urgent)
    }
}

/// A professional's clients, who needs attention first.
struct ClientsViewModel: PageViewModel {
    /// One client.
    struct Client: Encodable, Sendable {
        /// The client's id (their page is `/clients/<id>`).
        var id: String
        /// Their name.
        var name: String
        /// The practice they share their data with.
        var practice: String
        /// Done against planned over the last 7 days ("2 of 3 planned, 67 %").
        var adherence7: String
        /// The same over 30 days.
        var adherence30: String
        /// When the latest session started, or "None yet".
        var lastSession: String
        /// Which way pain has been going, in words.
        var painTrend: String
        /// How many flags are open, in words ("2 open, 1 urgent" or "None").
        var flagCount: String
        /// Whether any open flag is urgent.
        var urgent: Bool
        /// The open flags, urgent first.
        var flags: [FlagRow]
        /// How many messages and notes are new to the professional ("2 new messages"), if any.
        var unread: String?
    }

    static let template = "clients"
    var chrome: PageChrome
    /// Whether anyone shares their data with the professional's practice.
    var hasClients: Bool
    /// The clients, who needs attention first.
    var clients: [Client]
}

/// One client as a professional sees them: profile, screening, plan, the latest decision, sessions, assessments and
/// flags, with a form to acknowledge each open flag.
struct ClientViewModel: PageViewModel {
    /// The client's profile in words.
    struct Profile: Encodable, Sendable {
        /// "45 years".
        var age: String
        /// "female", "male" …
        var sex: String
        /// Body mass with its unit.
        var mass: String
        /// The goal in words.
        var goal: String
        /// Beginner, intermediate or experienced.
        var experience: String
        /// The personal speed cap with its unit, or "None set".
        var speedCap: String
        /// The conditions, or "None given".
        var conditions: String
    }

    /// The latest screening.
    struct Screening: Encodable, Sendable {
        /// When it was answered.
        var date: String
        /// The clearance in words.
        var clearance: String
        /// The advice that goes with it.
        var advice: String
        /// Whether the client should see a professional first or train only under supervision.
        var consultFirst: Bool
        /// The questions answered "yes".
        var yes: [String]
    }

    /// The plan in brief.
    struct Plan: Encodable, Sendable {
        /// "8 weeks".
        var weeks: String
        /// "3 sessions a week".
        var sessionsPerWeek: String
        /// "Week 2: Build the base", or "Finished".
        var currentWeek: String
    }

    /// The latest progression decision.
    struct Decision: Encodable, Sendable {
        /// What the next session does.
        var action: String
        /// Whether it says to stop and see a professional.
        var stop: Bool
        /// What changes ("speed: 2 km/h → 2.2 km/h").
        var changes: [String]
        /// Why, with the rule's source.
        var reasons: [String]
    }

    /// One recent session.
    struct Session: Encodable, Sendable {
        /// When it started.
        var date: String
        /// The program's name.
        var program: String
        /// Completed, stopped, interrupted …
        var status: String
        /// Active time with its unit.
        var minutes: String
        /// Distance with its unit.
        var distance: String
        /// Pain during, "–" without feedback.
        var painDuring: String
        /// Pain after.
        var painAfter: String
        /// Pain the next morning, or "not yet".
        var painNextMorning: String
        /// Handrail use in words.
        var handrail: String
        /// "Yes" when the client lost their balance or nearly fell.
        var nearFall: String
    }

    /// One assessment.
    struct Assessment: Encodable, Sendable {
        /// When.
        var date: String
        /// Which test.
        var kind: String
        /// The result with its unit.
        var result: String
        /// The notes, or "–".
        var notes: String
    }

    /// An open flag with its acknowledge form.
    struct OpenFlag: Encodable, Sendable {
        /// The flag.
        var flag: FlagRow
        /// Its key (the form's `flagKey`).
        var key: String
        /// A number unique on the page, for the note field's id.
        var index: Int
        /// The note typed, when the form is shown again.
        var note: String
        /// Why the acknowledgement was refused, if it was.
        var error: String?
    }

    /// An acknowledged flag.
    struct ReviewedFlag: Encodable, Sendable {
        /// The flag.
        var flag: FlagRow
        /// Who acknowledged it.
        var by: String
        /// When.
        var when: String
        /// Their note, or "–".
        var note: String
    }

    /// The form to log time spent on the client, and the link to the month's report.
    struct ReviewTime: Encodable, Sendable {
        /// The form's fields.
        enum Field: String, FormFields { case date, minutes, note }
        /// The day the time was spent (`YYYY-MM-DD`, today by default).
        var date: String
        /// Today, the latest day accepted.
        var today: String
        /// The minutes typed, when the form is shown again.
        var minutes: String
        /// Whether the time included an interactive communication with the client.
        var interactive: Bool
        /// The note typed.
        var note: String
        /// Why the entry was refused, by field.
        var errors: FieldErrors<Field>
        /// The current month (`2026-11`), for the report link.
        var month: String
        /// "November 2026".
        var monthLabel: String
    }

    static let template = "client"
    var chrome: PageChrome
    /// The client's id (the acknowledge form posts to `/clients/<id>/flags/acknowledge`).
    var id: String
    /// What the last action did.
    var notice: String?
    /// The practice the client shares their data with.
    var practice: String
    /// What the practice may do, in words.
    var scope: String
    /// Since when.
    var since: String
    /// Adherence over 7 days.
    var adherence7: String
    /// Adherence over 30 days.
    var adherence30: String
    /// Which way pain has been going.
    var painTrend: String
    /// The profile, if the client filled it in.
    var profile: Profile?
    /// The latest screening, if any.
    var screening: Screening?
    /// The current plan, if any.
    var plan: Plan?
    /// The latest progression decision, if any.
    var decision: Decision?
    /// Whether there are sessions to list.
    var hasSessions: Bool
    /// Recent sessions, newest first.
    var sessions: [Session]
    /// Whether there are assessments.
    var hasAssessments: Bool
    /// Assessments, oldest first.
    var assessments: [Assessment]
    /// Whether any flag is open.
    var hasOpenFlags: Bool
    /// Open flags, urgent first.
    var openFlags: [OpenFlag]
    /// Whether any flag was acknowledged.
    var hasReviewedFlags: Bool
    /// Acknowledged flags, newest first.
    var reviewedFlags: [ReviewedFlag]
    /// Messages with the client and the care team's clinical notes, with the form to write.
    var messages: ClientMessagesSection?
    /// Logging review time, and the monthly report.
    var reviewTime: ReviewTime
}

extension PainTrend {
    /// The trend in words.
    var pageLabel: String {
        switch self {
        case .unknown: "Not enough feedback yet"
        case .falling: "Falling"
        case .steady: "Steady"
        case .rising: "Rising"
        }
    }
}

extension AdherenceWindow {
    /// "2 of 3 planned, 67 %", or "2 done, none planned".
    var pageText: String {
        guard let ratio else { return "\(done) done, none planned" }
        return "\(done) of \(planned) planned, \(Int((ratio * 100).rounded())) %"
    }
}
