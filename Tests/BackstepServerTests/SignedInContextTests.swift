import BackstepCore
import BackstepStorageSQL
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@testable import BackstepServer

/// The signed-in routes (those on a `SignedInContext` group) refuse anonymous requests the way each group answers:
/// pages redirect to sign in, the API answers 401 with its error body. The routes come from the router itself, so a
/// new route is walked without being listed here; only the few routes anyone may use are named.
@Suite("Signed-in context")
struct SignedInContextTests {
    /// One route of the HTTP router, as `GET /sessions/{id}/feedback`.
    struct RouteCase: Sendable, CustomTestStringConvertible {
        var method: String
        var path: String

        var testDescription: String { "\(method) \(path)" }
        var isAPI: Bool { path.hasPrefix("/api/v1/") }

        /// The path with every parameter filled in with a value of the right shape.
        var concretePath: String {
            path.split(separator: "/", omittingEmptySubsequences: false).map { part -> String in
                guard part.hasPrefix("{"), part.hasSuffix("}") else { return String(part) }
                switch part.dropFirst().dropLast() {
                case "id": return UUID().uuidString
                case "format": return "fit"
                case "program": return Catalog.programs.first?.id ?? "program"
                default: return "x"
                }
            }.joined(separator: "/")
        }
    }

    /// The routes anyone may use, signed in or not (everything else needs someone signed in).
    static let anonymous: Set<String> = [
        "GET /health", "GET /", "GET /signup", "POST /signup", "GET /signin", "POST /signin", "POST /signout",
        "GET /programs", "GET /programs/{id}", "GET /assets/{name}", "GET /api/v1/openapi.json",
        "POST /api/v1/auth/signup", "POST /api/v1/auth/token", "GET /api/v1/programs", "GET /api/v1/programs/{id}",
        "GET /invite/{code}",
    ]

    /// Every route of the HTTP router but the groups' catch-all 404s.
    static func routes() async throws -> [RouteCase] {
        let store = try await SQLStore.open(.sqliteMemory)
        let (router, _, _) = try await buildRouter(
            store: store, settings: .testing(), logger: Logger(label: "backstep.test"))
        try await store.close()
        return router.routes.compactMap { route in
            let path = route.path.description
            guard !path.hasSuffix("**") else { return nil }
            return RouteCase(method: route.method.rawValue, path: path)
        }
        .sorted { ($0.path, $0.method) < ($1.path, $1.method) }
    }

    static func signedInRoutes() async throws -> [RouteCase] {
        try await routes().filter { !anonymous.contains($0.testDescription) }
    }

    /// Sends `route` with no identity: pages as a browser form (with the anonymous CSRF token, so the CSRF check
    /// passes and the route itself answers), the API as JSON.
    static func anonymousRequest(
        _ route: RouteCase, path: String, _ client: any TestClientProtocol
    ) async throws -> TestResponse {
        var browser = Browser()
        try await client.page("/signin", &browser)
        let method = HTTPRequest.Method(route.method) ?? .get
        var headers = browser.headers(form: !route.isAPI)
        var body = ByteBuffer(string: encodeForm([("_csrf", browser.csrf)]))
        if route.isAPI {
            headers = [.contentType: "application/json"]
            body = ByteBuffer(string: "{}")
        }
        return try await client.execute(
            uri: path, method: method, headers: headers, body: method == .get ? nil : body)
    }

    @Test("The router serves every route named anonymous, and signed-in routes in both groups")
    func partition() async throws {
        let routed = Set(try await Self.routes().map(\.testDescription))
        #expect(Self.anonymous.subtracting(routed).isEmpty, "\(Self.anonymous.subtracting(routed).sorted())")
        let signedIn = try await Self.signedInRoutes()
        #expect(signedIn.filter(\.isAPI).count >= 20)
        #expect(signedIn.filter { !$0.isAPI }.count >= 15)
    }

    @Test(
        "An anonymous request to a signed-in route is sent to sign in (pages) or refused with 401 (API)",
        arguments: try await signedInRoutes())
    func signedInRouteRefusesAnonymous(_ route: RouteCase) async throws {
        let app = try await makeApp()
        try await app.test(.router) { client in
            let path = route.concretePath
            let response = try await Self.anonymousRequest(route, path: path, client)
            if route.isAPI {
                #expect(response.status == .unauthorized)
                let error = jsonObject(response)["error"] as? [String: Any]
                #expect(error?["status"] as? Int == 401)
                #expect(error?["message"] as? String == "Sign in first.")
            } else {
                let next = path.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/signin?next=\(next)")
            }
        }
    }

    @Test(
        "An anonymous request to a route anyone may use is answered by the route itself",
        arguments: try await routes().filter { anonymous.contains($0.testDescription) })
    func anonymousRouteServesAnonymous(_ route: RouteCase) async throws {
        let app = try await makeApp()
        try await app.test(.router) { client in
            let response = try await Self.anonymousRequest(route, path: route.concretePath, client)
            #expect(response.headers[.location]?.hasPrefix("/signin?next=") != true)
            let error = jsonObject(response)["error"] as? [String: Any]
            #expect(error?["message"] as? String != "Sign in first.")
        }
    }

    /// The server's source files, read relative to this file.
    static func serverSources() throws -> [(name: String, text: String)] {
        try ServerSources.swiftFiles().map { ($0.lastPathComponent, try String(contentsOf: $0, encoding: .utf8)) }
    }

    @Test("No route struct takes the AppState bag, and no handler asks for the user with requireUser()")
    func routesTakeNarrowDependencies() throws {
        let sources = try Self.serverSources()
        // The composition root builds the route collections; every other file naming one declares routes.
        let routeFiles = sources.filter {
            $0.name != "Application+build.swift"
                && ($0.text.contains("RouteCollection<") || $0.text.contains("router.ws("))
        }
        #expect(routeFiles.count >= 15)
        for file in routeFiles {
            #expect(!file.text.contains("AppState"), "\(file.name) mentions AppState")
        }
        for file in sources {
            #expect(!file.text.contains("requireUser("), "\(file.name) calls requireUser()")
        }
    }
}
