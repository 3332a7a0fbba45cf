import BackstepStorage
import BackstepStorageSQL
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import Logging
import Mustache
import ServiceLifecycle

/// Everything the routes share, built once by the composition root.
struct AppState: Sendable {
    let store: any WebStore
    let service: TrainingService
    let templates: Templates
    let live: LiveSessionManager
    let limiter: LoginRateLimiter
    let settings: ServerSettings
    let assets: Assets
}

/// The composition root: opens (and migrates) the database, loads and checks the templates and assets, and
/// builds the router with every page, the JSON API and the live-session WebSocket.
///
/// The database is opened and migrated before the application exists, so no request is ever served against an
/// old schema. Live sessions left running by a previous process are closed as interrupted.
/// - Throws: `StorageError` when the database cannot be opened, `TemplateError` when a template is missing or does
///   not parse.
public func buildApplication(settings: ServerSettings) async throws -> some ApplicationProtocol {
    var logger = Logger(label: "backstep.server")
    logger.logLevel = Logger.Level(rawValue: settings.logLevel) ?? .info
    let store = try await SQLStore.open(settings.database)
    for unfinished in try await store.unfinishedSessions(for: nil) {
        _ = try? await store.closeInterrupted(unfinished.id, at: nil)
    }
    let router = try await buildRouter(store: store, settings: settings, logger: logger)
    let (httpRouter, wsRouter, state) = router
    var app = Application(
        router: httpRouter,
        server: .http1WebSocketUpgrade(webSocketRouter: wsRouter),
        configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "backstep"),
        services: [StoreService(state: state)],
        logger: logger)
    let startupLogger = logger
    app.beforeServerStarts {
        startupLogger.info(
            "Backstep is serving http://\(settings.host == "0.0.0.0" ? "localhost" : settings.host):\(settings.port) (database: \(settings.database))"
        )
    }
    return app
}

/// Builds the routers and shared state (tests use it through `buildApplication`).
func buildRouter(
    store: any WebStore, settings: ServerSettings, logger: Logger
) async throws -> (
    Router<AppRequestContext>, Router<AppRequestContext>, AppState
) {
    let state = AppState(
        store: store, service: TrainingService(store: store, settings: settings),
        templates: try await Templates.load(), live: LiveSessionManager(store: store, logger: logger),
        limiter: LoginRateLimiter(limit: settings.loginAttempts, window: settings.loginWindow), settings: settings,
        assets: try Assets.load())
    let router = Router(context: AppRequestContext.self)
    router.addMiddleware {
        ErrorMiddleware(templates: state.templates)
        AuthMiddleware(store: store, settings: settings)
    }
    WebController(state: state).register(on: router)
    APIController(state: state).register(on: router.group("api/v1"))
    InteropController(state: state).register(on: router, api: router.group("api/v1"))
    router.get("health") { _, _ in "ok" }

    let wsRouter = Router(context: AppRequestContext.self)
    wsRouter.addMiddleware { AuthMiddleware(store: store, settings: settings) }
    LiveSocket(state: state).register(on: wsRouter)
    return (router, wsRouter, state)
}

/// Closes the live sessions and the database on shutdown.
struct StoreService: Service {
    let state: AppState

    func run() async throws {
        try? await gracefulShutdown()
        await state.live.shutdown()
        try? await state.store.close()
    }
}
