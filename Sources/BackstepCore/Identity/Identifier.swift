import Foundation

/// A typed identifier: a `UUID` tagged with what it identifies, so that one kind of id cannot be passed where
/// another is expected (a `SessionID` is not a `UserID`, though both are UUIDs underneath).
///
/// `Subject` is a phantom tag (an empty enum such as `UserTag`); it is never instantiated. An identifier encodes and
/// decodes as a single plain UUID string, exactly as a bare `UUID` does, so nothing on disk or on the wire changes.
public struct Identifier<Subject>: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The underlying UUID.
    public let uuid: UUID

    /// Creates a new random identifier.
    public init() { uuid = UUID() }

    /// Wraps an existing UUID.
    public init(_ uuid: UUID) { self.uuid = uuid }

    /// Parses a UUID string (any case, as `UUID(uuidString:)` does); nil if it is not one.
    public init?(uuidString: String) {
        guard let uuid = UUID(uuidString: uuidString) else { return nil }
        self.uuid = uuid
    }

    /// The UUID string, upper case, as `UUID.uuidString`.
    public var uuidString: String { uuid.uuidString }

    /// The UUID string, as a bare `UUID` prints.
    public var description: String { uuid.uuidString }

    /// Decodes a single UUID string.
    /// - Throws: `DecodingError.dataCorrupted` when the string is not a UUID.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let uuid = UUID(uuidString: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "'\(text)' is not a UUID")
        }
        self.uuid = uuid
    }

    /// Encodes the UUID as a single string, as `UUID` does.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(uuid)
    }
}

/// Tag of a user's identifier.
public enum UserTag {}
/// Tag of a performed session's identifier.
public enum SessionTag {}
/// Tag of a stored plan's identifier.
public enum PlanTag {}
/// Tag of an API token's public identifier.
public enum APITokenTag {}
/// Tag of a stored assessment's identifier.
public enum AssessmentTag {}
/// Tag of a stored screening's identifier.
public enum ScreeningTag {}

/// Identifies a user.
public typealias UserID = Identifier<UserTag>
/// Identifies a performed session (live, logged or imported).
public typealias SessionID = Identifier<SessionTag>
/// Identifies a stored plan.
public typealias PlanID = Identifier<PlanTag>
/// Identifies an API token (its public id, not its secret).
public typealias APITokenID = Identifier<APITokenTag>
/// Identifies a stored assessment.
public typealias AssessmentID = Identifier<AssessmentTag>
/// Identifies a stored screening.
public typealias ScreeningID = Identifier<ScreeningTag>

/// Tag of a practice's identifier.
public enum PracticeTag {}
/// Tag of a care invitation's identifier.
public enum InvitationTag {}
/// Tag of a care link's identifier.
public enum CareLinkTag {}

/// Identifies a practice (a clinic or a coaching business).
public typealias PracticeID = Identifier<PracticeTag>
/// Identifies a care invitation (its public id, never its code).
public typealias InvitationID = Identifier<InvitationTag>
/// Identifies a care link (a client's consent to a practice).
public typealias CareLinkID = Identifier<CareLinkTag>

/// Tag of a stored outcome result's identifier.
public enum OutcomeTag {}
/// Identifies a stored outcome result (a clinic test or an answered questionnaire).
public typealias OutcomeID = Identifier<OutcomeTag>

/// Tag of a stored care goal's identifier.
public enum GoalTag {}
/// Identifies a stored care goal.
public typealias GoalID = Identifier<GoalTag>
