import BackstepStorage
import Foundation
import Hummingbird

/// Counts the signed-in client's unread messages for the pages' navigation ("Messages (N)"): runs on the pages'
/// group after `AuthMiddleware` and puts the count in the request context, which `PageChrome` reads. Professionals
/// see their unread counts per client in the clients list instead.
struct UnreadMessagesMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let care: CareService

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws
        -> Response
    {
        var context = context
        // Only pages show the navigation: the style sheet and scripts are served without the count.
        if let user = context.identity?.user, user.role == .athlete, !request.uri.path.hasPrefix("/assets/") {
            // The count is a courtesy of the navigation: a page still renders when it cannot be read.
            context.unreadMessages = try? await care.unreadMessages(of: user)
        }
        return try await next(request, context)
    }
}
