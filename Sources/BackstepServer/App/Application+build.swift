import BackstepStorage
import BackstepStorageSQL
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import Logging
import Mustache
import ServiceLifecycle

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
    let (httpRouter, wsRouter, live) = try await buildRouter(
        store: store, settings: settings, clock: clock, logger: logger)
    var app = Application(
        router: httpRouter,
        server: .http1WebSocketUpgrade(webSocketRouter: wsRouter),
        configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "backstep"),
        services: storeServices + [LiveSweepService(live: live), StoreService(live: live, store: store)],
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

/// Builds the routers (tests use it through `buildApplication`, or directly) and the live-session manager the
/// services need. This is where every feature's routes get what they use, and nothing else: the store, the service,
/// the templates, the clock and the settings are made once here and handed out as narrow dependencies.
///
/// Each group's middleware runs in this order: its error middleware, `AuthMiddleware`, then the route. Signed-in
/// routes are registered on a child group whose context is `SignedInContext`, built after both middleware ran, so
/// an anonymous request fails there with a 401 the group's error middleware answers in the group's form.
func buildRouter(
    store: any WebStore, settings: ServerSettings, clock: ServerClock = .system, logger: Logger
) async throws -> (
    Router<AppRequestContext>, Router<AppRequestContext>, LiveSessionManager
) {
    let service = TrainingService(store: store, settings: settings)
    let templates = try await Templates.load()
    let live = LiveSessionManager(store: store, clock: clock, retention: settings.liveRetention, logger: logger)
    let limiter = LoginRateLimiter(limit: settings.loginAttempts, window: settings.loginWindow)
    let assets = try Assets.load()
    let bodyLimit = settings.maxBodyBytes
    let starter = LiveStarter(service: service, clock: clock, speedup: settings.sessionSpeedup)

    let planPages = PlanPages(service: service, templates: templates, maxBodyBytes: bodyLimit, clock: clock)
    let sessionPages = SessionPages(
        service: service, templates: templates, maxBodyBytes: bodyLimit, planPages: planPages)
    let interop = InteropRoutes(service: service, clock: clock, settings: settings, historyPages: sessionPages)
    let care = CareService(training: service)
    let accountAPI = AccountAPI(service: service, maxBodyBytes: bodyLimit, clock: clock, limiter: limiter)
    let careTeamPages = CareTeamPages(care: care, templates: templates, clock: clock)
    let clientsPages = ClientsPages(care: care, templates: templates, maxBodyBytes: bodyLimit, clock: clock)

    let router = Router(context: AppRequestContext.self)
    router.get("health") { _, _ in "ok" }
    // Each feature brings its pages and its API operations as route collections: those anyone may open on the
    // group itself, those for the signed-in user on its `SignedInContext` child group. Each group has its own
    // error middleware: HTML pages (and a redirect to sign in) for the pages, the JSON error body for the API.
    let pageGroup = router.group()
        .add(middleware: PageErrorMiddleware(templates: templates))
        .add(middleware: AuthMiddleware(store: store, settings: settings, clock: clock))
        .add(middleware: UnreadMessagesMiddleware(care: care))
    let anonymousPages: [RouteCollection<AppRequestContext>] = [
        AccountPages(
            service: service, templates: templates, maxBodyBytes: bodyLimit, clock: clock, limiter: limiter,
            sessionLifetime: settings.sessionLifetime, store: store
        ).routes,
        CatalogPages(templates: templates).routes, AssetRoutes(assets: assets).routes,
        careTeamPages.invitationRoutes,
    ]
    for collection in anonymousPages { pageGroup.addRoutes(collection) }
    let signedInPages: [RouteCollection<SignedInContext>] = [
        OnboardingPages(service: service, templates: templates, maxBodyBytes: bodyLimit, clock: clock).routes,
        planPages.routes,
        LivePages(service: service, templates: templates, maxBodyBytes: bodyLimit, live: live, starter: starter)
            .routes,
        sessionPages.routes,
        ProgressPages(service: service, templates: templates, maxBodyBytes: bodyLimit, clock: clock).routes,
        SettingsPages(service: service, templates: templates, maxBodyBytes: bodyLimit, clock: clock, limiter: limiter)
            .routes,
        interop.routes,
        PracticePages(care: care, templates: templates, maxBodyBytes: bodyLimit, clock: clock).routes,
        careTeamPages.routes,
        clientsPages.routes,
        WatchPages(care: care, templates: templates, clock: clock).routes,
        MessagesPages(
            care: care, templates: templates, maxBodyBytes: bodyLimit, clock: clock, clientsPages: clientsPages
        ).routes,
        ReportPages(care: care, templates: templates, clock: clock).routes,
    ]
    let signedInPageGroup = pageGroup.group(context: SignedInContext.self)
    for collection in signedInPages { signedInPageGroup.addRoutes(collection) }

    let apiGroup = router.group("api/v1")
        .add(middleware: APIErrorMiddleware())
        .add(middleware: AuthMiddleware(store: store, settings: settings, clock: clock))
    let anonymousAPI: [RouteCollection<AppRequestContext>] = [
        OpenAPIRoutes().routes, accountAPI.routes, CatalogAPI().routes,
    ]
    for collection in anonymousAPI { apiGroup.addRoutes(collection) }
    let signedInAPI: [RouteCollection<SignedInContext>] = [
        accountAPI.signedInRoutes,
        SettingsAPI(service: service, maxBodyBytes: bodyLimit, clock: clock, limiter: limiter).routes,
        OnboardingAPI(service: service, maxBodyBytes: bodyLimit, clock: clock).routes,
        PlanAPI(service: service, maxBodyBytes: bodyLimit, clock: clock).routes,
        LiveAPI(maxBodyBytes: bodyLimit, live: live, starter: starter).routes,
        SessionAPI(service: service, maxBodyBytes: bodyLimit).routes,
        ProgressAPI(service: service, maxBodyBytes: bodyLimit, clock: clock).routes, interop.api,
        PracticeAPI(care: care, maxBodyBytes: bodyLimit, clock: clock).routes,
        CareTeamAPI(care: care, maxBodyBytes: bodyLimit, clock: clock).routes,
        ClientsAPI(care: care, maxBodyBytes: bodyLimit, clock: clock).routes,
        OutcomesAPI(care: care, maxBodyBytes: bodyLimit, clock: clock).routes,
        PrescriptionsAPI(care: care, maxBodyBytes: bodyLimit, clock: clock).routes,
        GoalsAPI(care: care, maxBodyBytes: bodyLimit, clock: clock).routes,
        MessagesAPI(care: care, maxBodyBytes: bodyLimit, clock: clock).routes,
        ReportsAPI(care: care, maxBodyBytes: bodyLimit, clock: clock).routes,
    ]
    let signedInAPIGroup = apiGroup.group(context: SignedInContext.self)
    for collection in signedInAPI { signedInAPIGroup.addRoutes(collection) }
    apiGroup.notFoundForEverythingElse()
    pageGroup.notFoundForEverythingElse()

    // The live socket stays on `AppRequestContext`: a WebSocket route needs a `WebSocketRequestContext`, which is
    // built from the server's source and carries the handler slot of its own type, so no child context can be one.
    // It refuses the upgrade itself when nobody is signed in.
    let wsRouter = Router(context: AppRequestContext.self)
    wsRouter.addMiddleware { AuthMiddleware(store: store, settings: settings, clock: clock) }
    LiveSocket(live: live).register(on: wsRouter)
    WatchSocket(live: live, care: care, clock: clock, recheck: settings.watchRecheck).register(on: wsRouter)
    return (router, wsRouter, live)
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
    let live: LiveSessionManager
    let store: any WebStore

    func run() async throws {
        try? await gracefulShutdown()
        await live.shutdown()
        try? await store.close()
    }
}
