import BackstepStorage
import Foundation

/// The fields of the message forms (the client's and the professional's).
enum MessageFormField: String, FormFields { case kind, text, sessionId }

/// One message of a thread as a page shows it.
struct MessageRow: Encodable, Sendable {
    /// Who wrote it: "You", or the author's name.
    var author: String
    /// When.
    var when: String
    /// What was written (escaped by the template like every value).
    var text: String
    /// Whether the reader wrote it.
    var mine: Bool
    /// Whether it is new to the reader.
    var unread: Bool
    /// The session it is about, in words ("About the session of Mon 2 Mar 2026, 08:00 UTC"), if any.
    var about: String?
}

/// The client's thread with their care team, newest last, and the form to write.
struct MessagesViewModel: PageViewModel {
    static let template = "messages"
    var chrome: PageChrome
    /// Whether anyone shares the thread with the client (who reads what they write).
    var hasCareTeam: Bool
    /// The practices that read it, in words ("Knee Clinic").
    var careTeam: String
    /// Whether there is anything in the thread.
    var hasMessages: Bool
    /// How many messages were new when the page was opened, in words ("2 new messages"), if any.
    var newCount: String?
    /// The thread, oldest first.
    var messages: [MessageRow]
    /// The text typed, when the form is shown again.
    var text: String
    /// The client's recent sessions the message may be about, "not about a session" first.
    var sessions: [Choice]
    /// The form's field errors.
    var errors: FieldErrors<MessageFormField>
}

/// The messages and clinical notes section of a professional's client page.
struct ClientMessagesSection: Encodable, Sendable {
    /// One message or note.
    struct Row: Encodable, Sendable {
        /// The message.
        var message: MessageRow
        /// Whether it is a clinical note (the client does not see it).
        var clinicalNote: Bool
    }

    /// Whether there is anything in the thread.
    var hasMessages: Bool
    /// How many were new when the page was opened, in words, if any.
    var newCount: String?
    /// The thread, oldest first.
    var entries: [Row]
    /// Message to the client, or clinical note for the care team only.
    var kinds: [Choice]
    /// The client's recent sessions the writing may be about, "not about a session" first.
    var sessions: [Choice]
    /// The text typed, when the form is shown again.
    var text: String
    /// The form's field errors.
    var errors: FieldErrors<MessageFormField>
}
