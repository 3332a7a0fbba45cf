import ArgumentParser
import BackstepServer
import Foundation

/// `backstep clients`: a coach's or clinician's clients, who needs attention first.
public struct ClientsCommand: AsyncRenderingCommand {
    public static let configuration = CommandConfiguration(
        commandName: "clients",
        abstract: "List a coach's or clinician's clients, who needs attention first.",
        discussion: """
            Reads the database directly, as the operator: for each client who consented to the professional's \
            practice, sessions done against planned over 7 and 30 days, the last session, the pain trend and the \
            open flags (! marks urgent ones). Every client read is written to the client's access log with the \
            channel "cli".
            """)

    @Option(name: .customLong("as"), help: "The professional's e-mail address.") var email: String
    @Flag(help: "Print the JSON the API answers GET /api/v1/clients with.") var json = false
    @OptionGroup public var options: DatabaseOptions

    public init() {}

    public func render() async throws -> String {
        try await options.withStore { store in
            do {
                return try await ClientsListing.render(store: store, professionalEmail: email, now: Date(), json: json)
            } catch let failure as ClientsListing.Failure {
                throw ValidationError("--as: \(failure.description)")
            }
        }
    }
}
