import BackstepCore
import Foundation

/// An outcome result as stored: the client's clinic test entered by a professional, or a questionnaire the client
/// answered, with who recorded it and when.
public struct StoredOutcome: Hashable, Sendable, Codable, Identifiable {
    /// Stable identifier.
    public var id: OutcomeID
    /// Whose result it is.
    public var clientId: UserID
    /// The measure, its value (and answers) and the date it was taken.
    public var result: OutcomeResult
    /// Who entered it: a professional, or the client for a questionnaire.
    public var recordedBy: UserID
    /// Their name at the time.
    public var recorderName: String
    /// When it was entered.
    public var recordedAt: Date

    /// Creates a stored result.
    public init(
        id: OutcomeID = OutcomeID(), clientId: UserID, result: OutcomeResult, recordedBy: UserID, recorderName: String,
        recordedAt: Date
    ) {
        self.id = id
        self.clientId = clientId
        self.result = result
        self.recordedBy = recordedBy
        self.recorderName = recorderName
        self.recordedAt = recordedAt
    }
}

/// Outcome results: stored whole (the result's JSON, which validates and re-scores on reading) beside the columns
/// a trend query needs.
public protocol OutcomeRepository: Sendable {
    /// Stores a result.
    /// - Throws: `StorageError.notFound` for an unknown client.
    func saveOutcome(_ outcome: StoredOutcome) async throws
    /// A client's results, oldest first (by the date taken, then when entered).
    func outcomes(of clientId: UserID) async throws -> [StoredOutcome]
}
