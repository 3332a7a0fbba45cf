import BackstepCore
import BackstepStorage
import Foundation
import HTTPTypes
import Hummingbird

/// The profile and the health screening.
struct OnboardingAPI: APIRoutes {
    let state: AppState

    /// The operations of this feature, below `/api/v1`.
    var routes: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.get("profile") { _, context in
            guard let profile = try await service.profile(for: try context.requireUser()) else {
                throw AppError.notFound
            }
            return JSONBody(profile)
        }
        routes.put("profile") { request, context in
            let user = try context.requireUser()
            let profile = try await decode(Profile.self, request, context)
            try await service.saveProfile(profile, for: user, now: state.clock.now())
            return JSONBody(profile)
        }
        routes.get("screening") { _, context in
            guard let screening = try await service.screening(for: try context.requireUser()) else {
                throw AppError.notFound
            }
            return JSONBody(ScreeningDTO(screening))
        }
        routes.post("screening") { request, context in
            let user = try context.requireUser()
            let body = try await decode(ScreeningBody.self, request, context)
            var answers: [ScreeningTopic: Bool] = [:]
            for (key, value) in body.answers {
                guard let topic = ScreeningTopic(rawValue: key) else {
                    throw AppError.invalid("answers.\(key.prefix(40))", "Unknown screening topic.")
                }
                answers[topic] = value
            }
            return JSONBody(
                ScreeningDTO(try await service.saveScreening(answers, for: user, now: state.clock.now())),
                status: .created)
        }
        return routes
    }
}

struct ScreeningBody: Decodable { var answers: [String: Bool] }

struct ScreeningDTO: Encodable, Sendable {
    var date: Date
    var answers: [String: Bool]
    var clearance: String
    var advice: String
    init(_ screening: Screening) {
        date = screening.date
        answers = Dictionary(uniqueKeysWithValues: screening.answers.map { ($0.key.rawValue, $0.value) })
        clearance = screening.clearance.rawValue
        advice = screening.clearance.advice
    }
}
