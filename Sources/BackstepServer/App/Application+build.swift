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
    /// The one clock of the server: every "now" comes from here.
    let clock: ServerClock
}

/// The composition root: takes the store the caller opened (and migrated), loads and checks the templates and
/// assets, and builds the router with every page, the JSON API and the live-session WebSocket.
///
/// `backstep serve` opens the store before calling this, so no request is ever served against an old schema, and
/// tests pass a store they hold too, or a clock set to another day. Before the server starts, live sessions left
/// running by a previous process are closed as interrupted. The application's services run the store's own
/// services first (a PostgreSQL connection pool opened with `pool: .serviceGroup`), drop finished live sessions
/// from memory while it runs, and on shutdown close the live sessions and the store before the pool stops.
/// - Parameters:
///   - settings: what the server is configured with.
///   - store: the opened store; the application closes it when it shuts down.
///   - storeServices: what the store needs running (`SQLStore.services`); the service group runs them first and
///     stops them last.
///   - clock: where every "now" of the server comes from (`.system` in production).
/// - Throws: `TemplateError` when a template is missing or does not parse. Storage errors from the recovery of
///   unfinished sessions are thrown when the application runs, before it serves.
public func buildApplication(
    settings: ServerSettings, store: any WebStore, storeServices: [any Service] = [], clock: ServerClock = .system
) async throws -> some ApplicationProtocol {
    var logger = Logger(label: "backstep.server")
    logger.logLevel = Logger.Level(rawValue: settings.logLevel) ?? .info
    let (httpRouter, wsRouter, state) = try await buildRouter(
        store: store, settings: settings, clock: clock, logger: logger)
    var app = Application(
        router: httpRouter,
        server: .http1WebSocketUpgrade(webSocketRouter: wsRouter),
        configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "backstep"),
        services: storeServices + [LiveSweepService(live: state.live), StoreService(state: state)],
        logger: logger)
    let startupLogger = logger
    app.beforeServerStarts {
        // Queries wait for the store's services (the pool) to run, which the service group starts beside this.
        for unfinished in try await store.unfinishedSessions(for: nil) {
            _ = try? await store.closeInterrupted(unfinished.id, at: nil)
        }
        startupLogger.info(
            "Backstep is serving http://\(settings.host == "0.0.0.0" ? "localhost" : settings.host):\(settings.port) (database: \(settings.database))"
        )
    }
    return app
}

/// Opens (and migrates) the store that `settings.database` names, then builds the application over it.
/// - Throws: `StorageError` when the database cannot be opened, and whatever
///   `buildApplication(settings:store:clock:)` throws.
public func buildApplication(
    settings: ServerSettings, clock: ServerClock = .system
) async throws -> some ApplicationProtocol {
    let store = try await SQLStore.open(settings.database, pool: .serviceGroup)
    do {
        return try await buildApplication(
            settings: settings, store: store, storeServices: store.services, clock: clock)
    } catch {
        try? await store.close()
        throw error
    }
}

/// Builds the routers and shared state (tests use it through `buildApplication`).
func buildRouter(
    store: any WebStore, settings: ServerSettings, clock: ServerClock = .system, logger: Logger
) async throws -> (
    Router<AppRequestContext>, Router<AppRequestContext>, AppState
) {
    let state = AppState(
        store: store, service: TrainingService(store: store, settings: settings),
        templates: try await Templates.load(),
        live: LiveSessionManager(store: store, clock: clock, retention: settings.liveRetention, logger: logger),
        limiter: LoginRateLimiter(limit: settings.loginAttempts, window: settings.loginWindow), settings: settings,
        assets: try Assets.load(), clock: clock)
    let router = Router(context: AppRequestContext.self)
    router.get("health") { _, _ in "ok" }
    // Each feature brings its pages and its API operations as route collections. Each group has its own error
    // middleware: HTML pages for the pages, the JSON error body for the API.
    let interop = InteropRoutes(state: state)
    let pageGroup = router.group()
        .add(middleware: PageErrorMiddleware(templates: state.templates))
        .add(middleware: AuthMiddleware(store: store, settings: settings, clock: clock))
    let pages: [RouteCollection<AppRequestContext>] = [
        AccountPages(state: state).routes, OnboardingPages(state: state).routes, CatalogPages(state: state).routes,
        PlanPages(state: state).routes, LivePages(state: state).routes, SessionPages(state: state).routes,
        ProgressPages(state: state).routes, SettingsPages(state: state).routes, AssetRoutes(state: state).routes,
        interop.routes,
    ]
    for collection in pages { pageGroup.addRoutes(collection) }
    let apiGroup = router.group("api/v1")
        .add(middleware: APIErrorMiddleware())
        .add(middleware: AuthMiddleware(store: store, settings: settings, clock: clock))
    let api: [RouteCollection<AppRequestContext>] = [
        OpenAPIRoutes(state: state).routes, AccountAPI(state: state).routes, SettingsAPI(state: state).routes,
        OnboardingAPI(state: state).routes, CatalogAPI(state: state).routes, PlanAPI(state: state).routes,
        LiveAPI(state: state).routes, SessionAPI(state: state).routes, ProgressAPI(state: state).routes, interop.api,
    ]
    for collection in api { apiGroup.addRoutes(collection) }
    apiGroup.notFoundForEverythingElse()
    pageGroup.notFoundForEverythingElse()

    let wsRouter = Router(context: AppRequestContext.self)
    wsRouter.addMiddleware { AuthMiddleware(store: store, settings: settings, clock: clock) }
    LiveSocket(state: state).register(on: wsRouter)
    return (router, wsRouter, state)
}

/// Drops finished live sessions (and their message logs) from memory while the server runs: every few seconds it
/// asks the manager to sweep, and stops with the application.
struct LiveSweepService: Service {
    let live: LiveSessionManager
    /// How often to sweep.
    var interval: Duration = .seconds(5)

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await Task.sleep(for: interval)
                } catch {
                    return
                }
                await live.sweep()
            }
        }
    }
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
