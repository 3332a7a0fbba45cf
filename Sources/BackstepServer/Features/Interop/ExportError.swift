import BackstepInterop

/// What can go wrong making a file for download (a session, a plan's calendar, a plan workout), in the product's
/// terms. A session that is not the user's is `TrainingError.noSuchSession`. The server's edge
/// (`DomainErrors+HTTP.swift`) decides how each case is answered.
enum ExportError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The user has no plan yet.
    case noPlan
    /// The user's current plan has no session of this program.
    case programNotInPlan(String)
    /// The chosen format cannot hold this session or workout.
    case format(InteropError)
    /// The plan could not be written as a calendar.
    case calendar(InteropError)

    /// The input field the error is about, if any.
    var field: String? {
        switch self {
        case .format: "format"
        case .noPlan, .programNotInPlan, .calendar: nil
        }
    }

    var description: String {
        switch self {
        case .noPlan: "Make a plan first."
        case .programNotInPlan: "Not found."
        case .format(let error), .calendar(let error): error.description
        }
    }
}
