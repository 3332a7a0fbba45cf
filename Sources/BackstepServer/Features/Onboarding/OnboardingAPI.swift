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
            return JSONBody(ProfileResponse(profile))
        }
        routes.put("profile") { request, context in
            let user = try context.requireUser()
            let profile = try await decode(ProfileRequest.self, request, context).domainValue()
            try await service.saveProfile(profile, for: user, now: state.clock.now())
            return JSONBody(ProfileResponse(profile))
        }
        routes.get("screening") { _, context in
            guard let screening = try await service.screening(for: try context.requireUser()) else {
                throw AppError.notFound
            }
            return JSONBody(ScreeningResponse(screening))
        }
        routes.post("screening") { request, context in
            let user = try context.requireUser()
            let answers = try await decode(ScreeningRequest.self, request, context).domainValue()
            return JSONBody(
                ScreeningResponse(try await service.saveScreening(answers, for: user, now: state.clock.now())),
                status: .created)
        }
        return routes
    }
}
