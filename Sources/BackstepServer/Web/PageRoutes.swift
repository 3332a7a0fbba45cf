import BackstepCore
import BackstepStorage
import Foundation
import HTTPTypes
import Hummingbird

/// What every feature's pages share: rendering a page's view model and redirects. A feature's pages conform
/// (holding the templates the composition root loaded) and get these for free.
protocol PageRoutes: Sendable {
    /// The templates every page is rendered with.
    var templates: Templates { get }
}

extension PageRoutes {
    /// A page rendered by its view model's template.
    func page(_ page: some PageViewModel, status: HTTPResponse.Status = .ok) -> HTML {
        HTML(templates.render(page), status: status)
    }

    func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }

    func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\") else { return "/plan" }
        return next
    }
}

/// Pages that read form bodies: they hold the body limit (`ServerSettings.maxBodyBytes`) and get `form(_:)`.
protocol FormPageRoutes: PageRoutes {
    /// Largest form body accepted, in bytes.
    var maxBodyBytes: Int { get }
}

extension FormPageRoutes {
    func form(_ request: Request) async throws -> Form {
        try await Form.read(request, limit: maxBodyBytes)
    }
}

extension TrainingService {
    /// The units the subject chose in the profile (metric without a profile).
    func units(for access: Access) async throws -> UnitPreference {
        try await profile(for: access)?.units ?? .metric
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
