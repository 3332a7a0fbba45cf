import BackstepCore
import BackstepStorage
import Foundation
import HTTPTypes
import Hummingbird

/// History, one session, its feedback and next-morning pain.
struct SessionAPI: APIRoutes {
    let service: TrainingService
    let maxBodyBytes: Int

    /// The operations of this feature, below `/api/v1`.
    var routes: RouteCollection<SignedInContext> {
        let routes = RouteCollection(context: SignedInContext.self)
        routes.get("sessions") { request, context in
            let limit = request.uri.queryParameters.get("limit").flatMap(Int.init).map { min(max($0, 1), 1000) }
            return JSONBody(
                try await service.history(for: context.access, limit: limit ?? 100).map(
                    SessionOverviewResponse.init))
        }
        routes.get("sessions/:id") { _, context in
            let (session, _) = try await service.session(try sessionId(context), of: context.access)
            return JSONBody(SessionResponse(session))
        }
        routes.post("sessions/:id/feedback") { request, context in
            let id = try sessionId(context)
            let (session, _) = try await service.session(id, of: context.access)
            let feedback = try await decode(FeedbackRequest.self, request, context).domainValue(for: session)
            try await service.saveFeedback(feedback, for: id, of: context.access)
            return JSONBody(FeedbackResponse(feedback), status: .created)
        }
        routes.post("sessions/:id/morning-pain") { request, context in
            let body = try await decode(MorningPainRequest.self, request, context)
            try await service.saveMorningPain(body.painNextMorning, for: try sessionId(context), of: context.access)
            return HTTPResponse.Status.noContent
        }
        return routes
    }
}
