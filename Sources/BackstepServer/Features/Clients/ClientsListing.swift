import BackstepCore
import BackstepStorage
import Foundation

/// What `backstep clients` prints: a professional's clients, who needs attention first, read through the same
/// service as the web app, so consent is checked and every client read is written to the access log (channel
/// `cli`).
public enum ClientsListing {
    /// Why the listing cannot be made.
    public enum Failure: Error, Hashable, Sendable, CustomStringConvertible {
        /// No professional account has this e-mail address.
        case noSuchProfessional(String)

        public var description: String {
            switch self {
            case .noSuchProfessional(let email): "no coach or clinician has an account with the e-mail address \(email)"
            }
        }
    }

    /// The clients of the professional with `email`, as a table or as the API's JSON.
    /// - Throws: `Failure.noSuchProfessional`; storage errors.
    public static func render(
        store: any WebStore, professionalEmail email: String, now: Date, json: Bool
    ) async throws
        -> String
    {
        let address = email.trimmingCharacters(in: .whitespaces).lowercased()
        guard let account = try await store.account(email: address),
            let professional = try await store.user(id: account.userId), professional.role == .professional
        else { throw Failure.noSuchProfessional(address) }
        let care = CareService(training: TrainingService(store: store, settings: ServerSettings()))
        let clients = try await care.clients(of: professional, through: .cli, address: nil, now: now)
        if json {
            let data = try JSONEncoder.api.encode(clients.map(ClientSummaryResponse.init))
            return String(decoding: data, as: UTF8.self)
        }
        guard !clients.isEmpty else {
            return "No clients yet. Invite one from your practice page (/practice) in the web app."
        }
        var lines = ["Client                        7 days     30 days    Last session  Pain      Flags"]
        for client in clients {
            func adherence(_ window: AdherenceWindow) -> String {
                let text = "\(window.done)/\(window.planned)"
                return text.padding(toLength: 10, withPad: " ", startingAt: 0)
            }
            let last = client.lastSessionAt.map(Fmt.day) ?? "none"
            let flags =
                client.openFlags.isEmpty
                ? "–"
                : client.openFlags.map { "\($0.severity == .urgent ? "!" : "")\($0.kind.rawValue)" }.joined(
                    separator: ", ")
            lines.append(
                String(client.linked.client.name.prefix(29)).padding(toLength: 30, withPad: " ", startingAt: 0)
                    + adherence(client.adherence7) + " " + adherence(client.adherence30) + " "
                    + last.padding(toLength: 13, withPad: " ", startingAt: 0) + " "
                    + client.painTrend.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0) + " " + flags)
        }
        return lines.joined(separator: "\n")
    }
}
