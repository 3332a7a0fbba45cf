import BackstepCore
import BackstepStorage
import Foundation
import HTTPTypes
import Hummingbird

/// The profile and the health screening.
struct OnboardingAPI: APIRoutes {
    let service: TrainingService
    let maxBodyBytes: Int
    let clock: ServerClock

    /// The operations of this feature, below `/api/v1`.
    var routes: RouteCollection<SignedInContext> {
        let routes = RouteCollection(context: SignedInContext.self)
        routes.get("profile") { _, context in
            guard let profile = try await service.profile(for: context.access) else {
                throw AppError.notFound
            }
            return JSONBody(ProfileResponse(profile))
        }
        routes.put("profile") { request, context in
            let profile = try await decode(ProfileRequest.self, request, context).domainValue()
            try await service.saveProfile(profile, for: context.access, now: clock.now())
            return JSONBody(ProfileResponse(profile))
        }
        routes.get("screening") { _, context in
            guard let screening = try await service.screening(for: context.access) else {
                throw AppError.notFound
            }
            return JSONBody(ScreeningResponse(screening))
        }
        routes.post("screening") { request, context in
            let answers = try await decode(ScreeningRequest.self, request, context).domainValue()
            return JSONBody(
                ScreeningResponse(try await service.saveScreening(answers, for: context.access, now: clock.now())),
                status: .created)
        }
        return routes
    }
}
