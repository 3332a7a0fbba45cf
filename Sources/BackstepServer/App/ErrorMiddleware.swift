import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Turns every error of the JSON API's route group into the API's error body
/// (`{"error": {"status": …, "message": …, "field": …}}`), whatever threw it. The composition root adds it to the
/// `/api/v1` group only, so the kind of answer follows the group a route belongs to, not its path.
struct APIErrorMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let appError = AppError.from(error)
            if appError.status == .internalServerError {
                context.logger.error("\(request.method) \(request.uri.path): \(error)")
            }
            return try appError.response(from: request, context: context)
        }
    }
}

/// Turns every error of the pages' route group into a page: a redirect to sign in for 401, a redirect for
/// `Redirect`, and the error page (with the status and the message) for anything else.
struct PageErrorMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let templates: Templates

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let redirect as Redirect {
            return Response(status: .seeOther, headers: [.location: redirect.to])
        } catch {
            let appError = AppError.from(error)
            if appError.status == .internalServerError {
                context.logger.error("\(request.method) \(request.uri.path): \(error)")
            }
            if appError.status == .unauthorized {
                let target = request.uri.path.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
                return Response(status: .seeOther, headers: [.location: "/signin?next=\(target)"])
            }
            let page = templates.render(
                ErrorViewModel(
                    chrome: PageChrome(context, title: "\(appError.status.code) \(appError.status.reasonPhrase)"),
                    message: appError.message))
            var response = try HTML(page, status: appError.status).response(from: request, context: context)
            for field in appError.headers { response.headers.append(field) }
            return response
        }
    }
}

extension RouterMethods where Context == AppRequestContext {
    /// Answers every method on every path of this group that no route matched with 404, through the group's
    /// error middleware (so an unknown API path gets the API's error body, an unknown page the error page).
    func notFoundForEverythingElse() {
        for method: HTTPRequest.Method in [.get, .head, .post, .put, .patch, .delete] {
            on("**", method: method) { _, _ -> Response in throw AppError.notFound }
        }
    }
}
