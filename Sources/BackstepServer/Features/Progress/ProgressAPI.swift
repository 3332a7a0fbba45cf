import BackstepCore
import BackstepStorage
import Foundation
import HTTPTypes
import Hummingbird

/// Statistics and assessments.
struct ProgressAPI: APIRoutes {
    let state: AppState

    /// The operations of this feature, below `/api/v1`.
    var routes: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.get("dashboard") { _, context in
            JSONBody(try await service.statistics(for: try context.requireUser(), now: state.clock.now()))
        }
        routes.get("assessments") { _, context in
            JSONBody(try await service.assessments(for: try context.requireUser()))
        }
        routes.post("assessments") { request, context in
            let user = try context.requireUser()
            let body = try await decode(AssessmentBody.self, request, context)
            guard let population = BackwardWalkTestPopulation(rawValue: body.population ?? "community-older-adults")
            else { throw AppError.invalid("population", "Unknown population.") }
            if let notes = body.notes, notes.count > 2000 {
                throw AppError.invalid("notes", "At most 2000 characters.")
            }
            let (record, result) = try await service.saveWalkTest(
                seconds: body.seconds, population: population, notes: body.notes ?? "", for: user,
                now: state.clock.now())
            return JSONBody(
                AssessmentDTO(record: record, band: result.band.rawValue, interpretation: result.summary),
                status: .created)
        }
        return routes
    }
}

struct AssessmentBody: Decodable { var seconds: Double; var population: String?; var notes: String? }

struct AssessmentDTO: Encodable, Sendable { var record: AssessmentRecord; var band: String; var interpretation: String }
