import BackstepCore
import BackstepStorage
import Foundation
import HTTPTypes
import Hummingbird

/// The static files (style sheet and player script), served from memory.
struct AssetRoutes: Sendable {
    let assets: Assets

    /// The pages of this feature.
    var routes: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.get("assets/:name") { _, context in try asset(context) }
        return routes
    }

    func asset(_ context: AppRequestContext) throws -> Response {
        let name = try context.parameters.require("name")
        guard let file = assets.files[name] else { throw AppError.notFound }
        return Response(
            status: .ok, headers: [.contentType: file.type, .cacheControl: "no-cache"],
            body: .init(byteBuffer: ByteBuffer(string: file.body)))
    }
}
