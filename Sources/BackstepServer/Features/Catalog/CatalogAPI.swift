import BackstepCore
import BackstepStorage
import Foundation
import HTTPTypes
import Hummingbird

/// The program catalog.
struct CatalogAPI: APIRoutes {
    let state: AppState

    /// The operations of this feature, below `/api/v1`.
    var routes: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.get("programs") { _, _ in JSONBody(Catalog.programs.map(ProgramDTO.init)) }
        routes.get("programs/:id") { _, context in
            guard let program = try? Catalog.program(id: try context.parameters.require("id")) else {
                throw AppError.notFound
            }
            return JSONBody(ProgramDTO(program))
        }
        return routes
    }
}

struct ProgramDTO: Encodable, Sendable {
    var id: String
    var name: String
    var summary: String
    var audience: String
    var trains: [String]
    var safetyNotes: [String]
    var evidence: [Citation]
    init(_ program: Program) {
        id = program.id
        name = program.name
        summary = program.summary
        audience = program.audience
        trains = program.trains
        safetyNotes = program.safetyNotes
        evidence = program.evidence
    }
}
