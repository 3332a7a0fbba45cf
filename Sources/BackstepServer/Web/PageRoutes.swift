import BackstepCore
import BackstepStorage
import Foundation
import HTTPTypes
import Hummingbird

/// What every feature's pages share: rendering a template with the signed-in state, redirects, form bodies and
/// the user's units. A feature's pages conform and get these for free.
protocol PageRoutes: Sendable {
    /// The shared state the composition root built.
    var state: AppState { get }
}

extension PageRoutes {
    /// The service the pages and the API share.
    var service: TrainingService { state.service }

    func page(
        _ name: String, _ context: AppRequestContext, _ values: [String: Any], status: HTTPResponse.Status = .ok
    )
        -> HTML
    {
        var all = values
        all["csrf"] = context.csrfToken
        all["signedIn"] = context.identity != nil
        all["userName"] = context.identity?.user.name ?? ""
        return HTML(state.templates.render(name, all), status: status)
    }

    func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }

    func form(_ request: Request) async throws -> Form {
        try await Form.read(request, limit: state.settings.maxBodyBytes)
    }

    func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\") else { return "/plan" }
        return next
    }

    /// Field errors as the templates read them: `errors.field` is the message.
    func errorValues(_ errors: [String: String]) -> [String: Any] {
        ["errors": errors, "hasErrors": !errors.isEmpty]
    }

    func units(_ user: User) async throws -> UnitPreference {
        try await service.profile(for: user)?.units ?? .metric
    }
}

/// Sends the browser elsewhere (thrown from page builders that need a step done first).
struct Redirect: Error, HTTPResponseError {
    var to: String
    var status: HTTPResponse.Status { .seeOther }
    func response(from request: Request, context: some RequestContext) throws -> Response {
        Response(status: .seeOther, headers: [.location: to])
    }
}
