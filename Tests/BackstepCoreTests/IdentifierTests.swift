import BackstepCore
import Foundation
import Testing

@Suite("Typed identifiers")
struct IdentifierTests {
    static let uuid = UUID(uuidString: "6F1C2B9E-0A4D-4E35-9C1B-2D3E4F506172") ?? UUID()

    @Test("An identifier encodes as the bare UUID string, exactly as a UUID does")
    func encodesAsTheBareUUID() throws {
        let id = UserID(Self.uuid)
        let typed = try JSONEncoder().encode(id)
        let bare = try JSONEncoder().encode(Self.uuid)
        #expect(typed == bare)
        #expect(String(decoding: typed, as: UTF8.self) == "\"6F1C2B9E-0A4D-4E35-9C1B-2D3E4F506172\"")
        #expect(try JSONDecoder().decode(UserID.self, from: bare) == id)
        #expect(try JSONDecoder().decode(UUID.self, from: typed) == Self.uuid)
    }

    @Test("Inside a record it is a plain string field")
    func encodesInsideARecord() throws {
        struct Row: Codable, Equatable {
            var id: SessionID
            var userId: UserID?
        }
        let row = Row(id: SessionID(Self.uuid), userId: nil)
        let json = try JSONEncoder().encode(row)
        #expect(String(decoding: json, as: UTF8.self) == #"{"id":"6F1C2B9E-0A4D-4E35-9C1B-2D3E4F506172"}"#)
        #expect(try JSONDecoder().decode(Row.self, from: json) == row)
    }

    @Test("A string that is not a UUID does not decode")
    func badStringThrows() {
        for text in [#""not-a-uuid""#, #""""#, "42", #"{"uuid":"6F1C2B9E-0A4D-4E35-9C1B-2D3E4F506172"}"#] {
            #expect(throws: DecodingError.self) { try JSONDecoder().decode(UserID.self, from: Data(text.utf8)) }
        }
        #expect(PlanID(uuidString: "6F1C2B9E") == nil)
    }

    @Test("The string forms match the UUID's")
    func stringForms() throws {
        let id = try #require(APITokenID(uuidString: Self.uuid.uuidString.lowercased()))
        #expect(id.uuid == Self.uuid)
        #expect(id.uuidString == Self.uuid.uuidString)
        #expect(id.description == Self.uuid.uuidString)
        #expect("\(id)" == "\(Self.uuid)")
        #expect(UserID() != UserID())
    }

    /// Accepts only a user's id. `onlyUsers(SessionID())` does not compile ("cannot convert value of type
    /// 'SessionID' to expected argument type 'UserID'"): that is the point of the types.
    static func onlyUsers(_ id: UserID) -> UUID { id.uuid }

    /// True when two values have the same static type.
    static func sameType<A, B>(_: A.Type, _: B.Type) -> Bool { A.self == B.self }

    @Test("Kinds of id are distinct types over the same UUID")
    func kindsAreDistinct() {
        let user = UserID(Self.uuid)
        let session = SessionID(Self.uuid)
        #expect(Self.onlyUsers(user) == session.uuid)
        #expect(!Self.sameType(UserID.self, SessionID.self))
        #expect(!Self.sameType(UserID.self, PlanID.self))
        #expect(!Self.sameType(SessionID.self, APITokenID.self))
        #expect(!Self.sameType(AssessmentID.self, ScreeningID.self))
        #expect(Self.sameType(UserID.self, Identifier<UserTag>.self))
    }
}
