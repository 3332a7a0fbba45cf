import BackstepCore
import BackstepStorage
import Foundation
import HTTPTypes
import Hummingbird

/// Monthly reports and review time, below `/api/v1`: a professional logs minutes spent on a client and reads the
/// client's report for a calendar month. Both check the client's consent on the request (404 without it) and write
/// one access-log row.
struct ReportsAPI: APIRoutes {
    let care: CareService
    let maxBodyBytes: Int
    let clock: ServerClock

    /// The operations of this feature.
    var routes: RouteCollection<SignedInContext> {
        let routes = RouteCollection(context: SignedInContext.self)
        routes.post("clients/:id/review-time") { request, context in
            let access = try clientAccess(context)
            let body = try await decode(ReviewTimeRequest.self, request, context)
            let (entry, _) = try await care.logReviewTime(
                date: body.date, minutes: body.minutes, interactive: body.interactive ?? false, note: body.note,
                access, now: clock.now())
            return JSONBody(ReviewTimeResponse(entry), status: .created)
        }
        routes.get("clients/:id/report") { request, context in
            let access = try clientAccess(context)
            let month = request.uri.queryParameters.get("month")
            return JSONBody(MonthlyReportResponse(try await care.monthlyReport(access, month: month, now: clock.now())))
        }
        return routes
    }

    /// The signed-in professional acting on the client in the path, through the API.
    func clientAccess(_ context: SignedInContext) throws -> Access {
        guard let id = UserID(uuidString: try context.parameters.require("id")) else { throw AppError.notFound }
        return context.access(toClient: id, through: .api, at: clock.now())
    }
}
