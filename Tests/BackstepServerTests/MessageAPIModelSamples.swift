import BackstepCore
import BackstepStorage
import Foundation

@testable import BackstepServer

/// Samples of the notes and messages' API types, by schema, for `OpenAPISchemaConformanceTests`.
extension APIModelSamples {
    static func careMessage(full: Bool) -> CareMessage {
        CareMessage(
            id: CareMessageID(id), clientId: user.id, authorId: professional.id, authorName: professional.name,
            authorRole: .professional, practiceId: practice.id, sessionId: full ? SessionID(id) : nil,
            kind: full ? .clinicalNote : .message, text: "How is the knee?", createdAt: now)
    }

    static func messageThread(full: Bool) -> MessageThread {
        MessageThread(
            messages: full ? [careMessage(full: true), careMessage(full: false)] : [],
            readAt: full ? now.addingTimeInterval(-60) : nil, unread: full ? 2 : 0, reader: user.id)
    }

    static let messageSamples: [String: Entry] = [
        "TeamMessageRequest": entry(
            full: {
                try encode(TeamMessageRequest(kind: .clinicalNote, text: "Watch the load", sessionId: SessionID(id)))
            },
            minimal: { try encode(TeamMessageRequest(kind: .message, text: "Rest two days", sessionId: nil)) }),
        "MessageRequest": entry(
            full: { try encode(MessageRequest(text: "Sore after Monday", sessionId: SessionID(id))) },
            minimal: { try encode(MessageRequest(text: "Better", sessionId: nil)) }),
        "Message": entry(
            full: { try encode(MessageResponse(careMessage(full: true), reader: user.id, unread: true)) },
            minimal: { try encode(MessageResponse(careMessage(full: false), reader: professional.id, unread: false)) }),
        "MessageThread": entry(
            full: { try encode(MessageThreadResponse(messageThread(full: true))) },
            minimal: { try encode(MessageThreadResponse(messageThread(full: false))) }),
    ]
}
