import BackstepCore
import BackstepStorage
import Foundation
import HTTPTypes
import Hummingbird

/// The live view page: `/clients/{id}/live` shows a client's running session as it happens, read-only (the script
/// `watch.js` reads `WatchSocket`; the page has no control that reaches the session).
struct WatchPages: PageRoutes {
    let care: CareService
    let templates: Templates
    let clock: ServerClock

    /// The pages of this feature.
    var routes: RouteCollection<SignedInContext> {
        let routes = RouteCollection(context: SignedInContext.self)
        routes.get("clients/:id/live") { _, context in
            guard let id = UserID(uuidString: try context.parameters.require("id")) else { throw AppError.notFound }
            let access = context.access(toClient: id, through: .page, at: clock.now())
            let linked = try await care.consentedClient(access, resource: "live view opened")
            return page(
                WatchViewModel(
                    chrome: PageChrome(context, title: "Live: \(linked.client.name)"), clientId: id.uuidString,
                    clientName: linked.client.name))
        }
        return routes
    }
}

/// The live view of a client's session.
struct WatchViewModel: PageViewModel {
    static let template = "watch"
    var chrome: PageChrome
    /// The client's id (the socket's `client` parameter).
    var clientId: String
    /// The client's name.
    var clientName: String
}
