import ArgumentParser
import BackstepServer
import Foundation

/// `backstep report`: one client's monthly report for remote-monitoring documentation.
public struct ReportCommand: AsyncRenderingCommand {
    public static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Print a client's monthly report for a coach or clinician.",
        discussion: """
            Reads the database directly, as the operator, for a client who consented to the professional's \
            practice: the calendar month (UTC) and its day count, the days with data, sessions and minutes against \
            the plan, pain, outcome measures, flags and how they were handled, prescription changes, and the minutes \
            the practice logged with the dates of interactive communication. Facts only: it makes no billing claim. \
            The report is written to the client's access log with the channel "cli".
            """)

    @Argument(help: "The client's e-mail address or user id.") var client: String
    @Option(help: "The month, YYYY-MM (e.g. 2026-11).") var month: String
    @Option(name: .customLong("as"), help: "The professional's e-mail address.") var email: String
    @Flag(help: "Print the JSON the API answers GET /api/v1/clients/{id}/report with.") var json = false
    @OptionGroup public var options: DatabaseOptions

    public init() {}

    public func render() async throws -> String {
        try await options.withStore { store in
            do {
                return try await ReportListing.render(
                    store: store, professionalEmail: email, client: client, month: month, now: Date(), json: json)
            } catch let failure as ReportListing.Failure {
                switch failure {
                case .noSuchProfessional: throw ValidationError("--as: \(failure.description)")
                case .noSuchClient: throw ValidationError("client: \(failure.description)")
                case .badMonth: throw ValidationError("--month: \(failure.description)")
                }
            }
        }
    }
}
