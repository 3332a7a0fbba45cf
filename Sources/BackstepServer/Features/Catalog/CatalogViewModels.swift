import Foundation

/// The catalog: every program with its summary and audience.
struct ProgramsViewModel: PageViewModel {
    /// One program of the list.
    struct Program: Encodable, Sendable {
        /// The program's id (its page is `/programs/<id>`).
        var id: String
        /// Its name.
        var name: String
        /// What it is, in a sentence.
        var summary: String
        /// Who it is for.
        var audience: String
    }

    static let template = "programs"
    var chrome: PageChrome
    /// The programs, in catalog order.
    var programs: [Program]
}

/// One program: what it trains, its safety notes, a typical session and its evidence.
struct ProgramViewModel: PageViewModel {
    /// A study behind the program.
    struct Evidence: Encodable, Sendable {
        /// The citation.
        var source: String
        /// What it found.
        var finding: String
    }

    static let template = "program"
    var chrome: PageChrome
    /// What it is, in a sentence.
    var summary: String
    /// Who it is for.
    var audience: String
    /// What it trains.
    var trains: [String]
    /// Its safety notes.
    var safety: [String]
    /// Sessions per week, as a range.
    var sessionsPerWeek: String
    /// The steps of a typical session (none if the program has no default workout).
    var steps: [WorkoutStepRow]
    /// The studies behind it.
    var evidence: [Evidence]
}

/// One performed step of a workout as the program and plan pages list it: the name (with the round of a repeat)
/// and its estimated time.
struct WorkoutStepRow: Encodable, Sendable {
    /// The step's name, with "(round n of m)" inside a repeat.
    var name: String
    /// The estimated time.
    var time: String
}
