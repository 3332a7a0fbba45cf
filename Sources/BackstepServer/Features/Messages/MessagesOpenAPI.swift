import BackstepCore
import BackstepStorage
import Foundation

/// The notes and messages' part of the OpenAPI document.
extension OpenAPIDocument {
    static let messageOperations: [APIOperation] = [
        .init(
            method: "get", path: "/clients/{id}/messages",
            summary: "A client's thread: messages with the client and the care team's clinical notes, with how many "
                + "are unread (logged)",
            success: (200, "OK", Schema.ref("MessageThread"))),
        .init(
            method: "post", path: "/clients/{id}/messages",
            summary: "Write a message to the client or a clinical note for the care team only (logged)",
            request: "TeamMessageRequest", success: (201, "Written", Schema.ref("Message"))),
        .init(
            method: "post", path: "/clients/{id}/messages/read",
            summary: "Mark a client's thread read (logged)", success: (204, "Marked read", nil)),
        .init(
            method: "get", path: "/messages",
            summary: "Your thread with your care team, with how many messages are unread",
            success: (200, "OK", Schema.ref("MessageThread"))),
        .init(
            method: "post", path: "/messages",
            summary: "Write to your care team (optionally about one of your sessions)",
            request: "MessageRequest", success: (201, "Written", Schema.ref("Message"))),
        .init(
            method: "post", path: "/messages/read", summary: "Mark your thread read",
            success: (204, "Marked read", nil)),
    ]

    static let messageSchemas: [String: JSONValue] = {
        var schemas: [String: JSONValue] = [:]
        let text = Schema.string(1...CareMessage.maximumTextLength)
        schemas["TeamMessageRequest"] = Schema.object(
            ["kind": Schema.oneOf(CareMessageKind.self), "text": text, "sessionId": Schema.uuid],
            optional: ["sessionId"])
        schemas["MessageRequest"] = Schema.object(["text": text, "sessionId": Schema.uuid], optional: ["sessionId"])
        schemas["Message"] = Schema.object(
            [
                "id": Schema.uuid, "kind": Schema.oneOf(CareMessageKind.self), "text": text,
                "sessionId": Schema.uuid, "authorId": Schema.uuid, "authorName": Schema.string,
                "authorRole": Schema.oneOf(UserRole.self), "mine": Schema.boolean, "unread": Schema.boolean,
                "createdAt": Schema.dateTime,
            ], optional: ["sessionId"])
        schemas["MessageThread"] = Schema.object(
            [
                "unread": Schema.integer(atLeast: 0), "readAt": Schema.dateTime,
                "messages": Schema.array(Schema.ref("Message")),
            ], optional: ["readAt"])
        return schemas
    }()
}
