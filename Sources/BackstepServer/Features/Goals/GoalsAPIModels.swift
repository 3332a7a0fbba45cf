import BackstepCore
import BackstepStorage
import Foundation

/// A goal's target in the API (schema `GoalTarget`): `treadmill` (minutes of backward walking at or above a
/// speed with at most a level of support) or `outcome` (a measure reaching a threshold).
struct GoalTargetBody: Codable, Sendable {
    var kind: String
    var minutes: Double?
    var minimumSpeedMps: Double?
    var maximumHandrail: HandrailLevel?
    var measure: OutcomeMeasureID?
    var threshold: Double?

    init(_ target: CareGoalTarget) {
        switch target {
        case .treadmill(let t):
            kind = "treadmill"
            minutes = t.continuousMinutes
            minimumSpeedMps = t.minimumSpeed.metersPerSecond
            maximumHandrail = t.maximumSupport
        case .outcome(let o):
            kind = "outcome"
            measure = o.measure
            threshold = o.threshold
        }
    }

    /// The target asked for.
    /// - Throws: `InputError` naming the missing or unknown field.
    func target() throws(InputError) -> CareGoalTarget {
        switch kind {
        case "treadmill":
            guard let minutes else { throw InputError(field: "target.minutes", problem: "is required") }
            guard let speed = minimumSpeedMps else {
                throw InputError(field: "target.minimumSpeedMps", problem: "is required")
            }
            return .treadmill(
                TreadmillGoalTarget(
                    continuousMinutes: minutes, minimumSpeed: .metersPerSecond(speed),
                    maximumSupport: maximumHandrail ?? .handsFree))
        case "outcome":
            guard let measure else { throw InputError(field: "target.measure", problem: "is required") }
            guard let threshold else { throw InputError(field: "target.threshold", problem: "is required") }
            return .outcome(OutcomeGoalTarget(measure: measure, threshold: threshold))
        default:
            throw InputError(field: "target.kind", problem: "must be treadmill or outcome")
        }
    }
}

/// The body of `POST /clients/{id}/goals` and `POST /goals` (schema `GoalRequest`).
struct GoalRequest: Codable, Sendable {
    var title: String
    var due: Date
    var target: GoalTargetBody
}

/// A goal with its status (schema `Goal`).
struct GoalResponse: Codable, Sendable {
    var id: GoalID
    var title: String
    var setBy: String
    var setOn: Date
    var due: Date
    var target: GoalTargetBody
    var status: String
    var progress: Double?
    var expectedProgress: Double?
    var onTrack: Bool?
    var achievedOn: Date?
    var late: Bool?

    init(_ standing: GoalStanding) {
        let goal = standing.stored.goal
        id = standing.stored.id
        title = goal.title
        setBy = standing.stored.setterName
        setOn = goal.setOn
        due = goal.due
        target = GoalTargetBody(goal.target)
        switch standing.status {
        case .notStarted: status = "not-started"
        case .inProgress(let progress), .overdue(let progress):
            status = if case .overdue = standing.status { "overdue" } else { "in-progress" }
            self.progress = progress.fraction
            expectedProgress = progress.expectedFraction
            onTrack = progress.isOnTrack
        case .achieved(let achievement):
            status = "achieved"
            achievedOn = achievement.date
            late = achievement.isLate
        }
    }
}
