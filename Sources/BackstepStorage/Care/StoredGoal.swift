import BackstepCore
import Foundation

/// A goal as stored: set for a client by a professional (or by the client), with who and when.
public struct StoredGoal: Hashable, Sendable, Codable, Identifiable {
    /// Stable identifier.
    public var id: GoalID
    /// Whose goal it is.
    public var clientId: UserID
    /// The goal (title, dates, target).
    public var goal: CareGoal
    /// Who set it.
    public var setBy: UserID
    /// Their name at the time.
    public var setterName: String

    /// Creates a stored goal.
    public init(id: GoalID = GoalID(), clientId: UserID, goal: CareGoal, setBy: UserID, setterName: String) {
        self.id = id
        self.clientId = clientId
        self.goal = goal
        self.setBy = setBy
        self.setterName = setterName
    }
}

/// Care goals.
public protocol GoalRepository: Sendable {
    /// Stores a goal.
    /// - Throws: `StorageError.notFound` for an unknown client.
    func saveGoal(_ goal: StoredGoal) async throws
    /// A client's goals, by due date.
    func goals(of clientId: UserID) async throws -> [StoredGoal]
}
