import BackstepCore
import BackstepStorage
import Foundation
import HTTPTypes
import Hummingbird

/// History, one session, its feedback and next-morning pain.
struct SessionAPI: APIRoutes {
    let state: AppState

    /// The operations of this feature, below `/api/v1`.
    var routes: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.get("sessions") { request, context in
            let limit = request.uri.queryParameters.get("limit").flatMap(Int.init).map { min(max($0, 1), 1000) }
            return JSONBody(try await service.history(for: try context.requireUser(), limit: limit ?? 100))
        }
        routes.get("sessions/:id") { _, context in
            let (session, _) = try await service.session(try sessionId(context), of: try context.requireUser())
            return JSONBody(session)
        }
        routes.post("sessions/:id/feedback") { request, context in
            let user = try context.requireUser()
            let id = try sessionId(context)
            let (session, _) = try await service.session(id, of: user)
            let body = try await decode(FeedbackBody.self, request, context)
            guard let handrail = HandrailLevel(rawValue: body.handrailUsed ?? HandrailLevel.twoHands.rawValue) else {
                throw AppError.invalid("handrailUsed", "Expected one of \(HandrailLevel.allCases.map(\.rawValue)).")
            }
            if let notes = body.notes, notes.count > 2000 {
                throw AppError.invalid("notes", "At most 2000 characters.")
            }
            let feedback = SessionFeedback(
                date: session.startedAt, completed: session.status == .completed, exertion: body.rpe.map { .borg($0) },
                painDuring: body.painDuring, painAfter: body.painAfter, handrailUsed: handrail,
                nearFall: body.nearFall ?? false, notes: body.notes ?? "")
            try await service.saveFeedback(feedback, for: id, of: user)
            return JSONBody(feedback, status: .created)
        }
        routes.post("sessions/:id/morning-pain") { request, context in
            let user = try context.requireUser()
            let body = try await decode(MorningPainBody.self, request, context)
            try await service.saveMorningPain(body.painNextMorning, for: try sessionId(context), of: user)
            return HTTPResponse.Status.noContent
        }
        return routes
    }
}

struct FeedbackBody: Decodable {
    var rpe: Double?
    var painDuring: Int
    var painAfter: Int
    var handrailUsed: String?
    var nearFall: Bool?
    var notes: String?
}

struct MorningPainBody: Decodable { var painNextMorning: Int }
