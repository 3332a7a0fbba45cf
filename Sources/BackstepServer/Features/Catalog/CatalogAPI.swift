import BackstepCore
import BackstepStorage
import Foundation
import HTTPTypes
import Hummingbird

/// The program catalog.
struct CatalogAPI: Sendable {
    /// The operations of this feature, below `/api/v1`.
    var routes: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.get("programs") { _, _ in JSONBody(Catalog.programs.map(ProgramResponse.init)) }
        routes.get("programs/:id") { _, context in
            guard let program = try? Catalog.program(id: try context.parameters.require("id")) else {
                throw AppError.notFound
            }
            return JSONBody(ProgramResponse(program))
        }
        return routes
    }
}
