import BackstepCore
import BackstepStorage
import Foundation
import HTTPTypes
import Hummingbird

/// What every feature's pages share: rendering a page's view model, redirects, form bodies and the user's units.
/// A feature's pages conform and get these for free.
protocol PageRoutes: Sendable {
    /// The shared state the composition root built.
    var state: AppState { get }
}

extension PageRoutes {
    /// The service the pages and the API share.
    var service: TrainingService { state.service }

    /// A page rendered by its view model's template.
    func page(_ page: some PageViewModel, status: HTTPResponse.Status = .ok) -> HTML {
        HTML(state.templates.render(page), status: status)
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
