import BackstepCore
import BackstepStorage
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@testable import BackstepServer
@testable import BackstepStorageSQL

/// A browser-like client state for router tests: cookies and the CSRF token of the last page.
struct Browser {
    var cookies: [String: String] = [:]
    var csrf = ""

    var cookieHeader: String { cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }

    mutating func absorb(_ response: TestResponse) {
        for field in response.headers where field.name == .setCookie {
            let first = field.value.split(separator: ";").first.map(String.init) ?? ""
            let parts = first.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2 { cookies[parts[0]] = parts[1].isEmpty ? nil : parts[1] }
        }
        let body = String(buffer: response.body)
        if let range = body.range(of: "name=\"_csrf\" value=\"") {
            let rest = body[range.upperBound...]
            if let end = rest.firstIndex(of: "\"") { csrf = String(rest[..<end]) }
        }
    }

    func headers(form: Bool = false) -> HTTPFields {
        var fields: HTTPFields = [:]
        if !cookies.isEmpty { fields[.cookie] = cookieHeader }
        if form { fields[.contentType] = "application/x-www-form-urlencoded" }
        return fields
    }
}

func encodeForm(_ values: [(String, String)]) -> String {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    return values.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }
        .joined(separator: "&")
}

extension TestClientProtocol {
    /// GETs a page as the browser, absorbing cookies and the CSRF token.
    @discardableResult
    func page(_ uri: String, _ browser: inout Browser) async throws -> TestResponse {
        let response = try await execute(uri: uri, method: .get, headers: browser.headers())
        browser.absorb(response)
        return response
    }

    /// POSTs a form with the browser's CSRF token.
    @discardableResult
    func submit(
        _ uri: String, _ values: [(String, String)], _ browser: inout Browser, csrf: Bool = true
    ) async throws
        -> TestResponse
    {
        let all = (csrf ? [("_csrf", browser.csrf)] : []) + values
        let response = try await execute(
            uri: uri, method: .post, headers: browser.headers(form: true), body: ByteBuffer(string: encodeForm(all)))
        browser.absorb(response)
        return response
    }

    /// Signs up a new user through the form and returns the browser.
    func signUp(
        name: String = "Test Walker", email: String = "walker-\(UUID().uuidString.prefix(8))@example.com"
    )
        async throws -> Browser
    {
        var browser = Browser()
        try await page("/signup", &browser)
        let response = try await submit(
            "/signup", [("name", name), ("email", email), ("password", "correct horse battery")], &browser)
        #expect(response.status == .seeOther)
        return browser
    }

    /// Fills in the profile and screening and makes a plan.
    func onboard(_ browser: inout Browser) async throws {
        try await page("/onboarding", &browser)
        let profile = try await submit(
            "/onboarding",
            [("units", "imperial"), ("age", "45"), ("mass", "170"), ("goal", "fitness"), ("experience", "beginner")],
            &browser)
        #expect(profile.status == .seeOther)
        try await page("/screening", &browser)
        var answers = [("safety", "on")]
        for topic in [
            "heart-or-blood-pressure", "chest-pain", "dizziness-or-fainting", "chronic-condition",
            "chronic-medication", "bone-or-joint", "supervised-only",
        ] {
            answers.append((topic, "no"))
        }
        let screening = try await submit("/screening", answers, &browser)
        #expect(screening.status == .seeOther)
        try await page("/plan", &browser)
        let plan = try await submit("/plan", [("days", "3"), ("minutes", "10"), ("weeks", "4")], &browser)
        #expect(plan.status == .seeOther)
    }

    /// An API token for a new user.
    func apiUser(name: String = "Api Walker") async throws -> String {
        let email = "api-\(UUID().uuidString.prefix(8))@example.com"
        let body = #"{"name":"\#(name)","email":"\#(email)","password":"correct horse battery"}"#
        let response = try await execute(
            uri: "/api/v1/auth/signup", method: .post, headers: [.contentType: "application/json"],
            body: ByteBuffer(string: body))
        #expect(response.status == .created)
        let object = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]
        return object?["token"] as? String ?? ""
    }

    /// A JSON request with a bearer token.
    @discardableResult
    func api(
        _ uri: String, _ method: HTTPRequest.Method = .get, token: String, json: String? = nil
    ) async throws
        -> TestResponse
    {
        var headers: HTTPFields = [.authorization: "Bearer \(token)"]
        if json != nil { headers[.contentType] = "application/json" }
        return try await execute(uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
    }
}

func jsonObject(_ response: TestResponse) -> [String: Any] {
    (try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]) ?? [:]
}

func makeApp(speedup: Double = 1) async throws -> some ApplicationProtocol {
    try await buildApplication(settings: .testing(speedup: speedup))
}

/// Runs `body` against the app's router over a store the test holds too (to plant sessions), with a user signed
/// up and onboarded in `browser`.
func withSignedUpApp(
    _ body: @Sendable (any TestClientProtocol, inout Browser, SQLStore, UserID) async throws -> Void
)
    async throws
{
    let store = try await SQLStore.open(.sqliteMemory)
    do {
        let (router, _, _) = try await buildRouter(
            store: store, settings: .testing(), logger: Logger(label: "backstep.test"))
        try await Application(router: router).test(.router) { client in
            var browser = try await client.signUp()
            try await client.onboard(&browser)
            let user = try #require(try await store.users(role: nil).first)
            try await body(client, &browser, store, user.id)
        }
    } catch {
        try? await store.close()
        throw error
    }
    try await store.close()
}

/// The server target's source files, found from this file's path, for the tests that check how the code is built.
enum ServerSources {
    /// `Sources/BackstepServer`.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/BackstepServer")

    /// Every Swift file below `root`.
    static func swiftFiles() -> [URL] {
        (FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? [])
            .filter { $0.pathExtension == "swift" }
    }
}

/// The engines a server test runs on: a SQLite file always, PostgreSQL when `BACKSTEP_TEST_POSTGRES_URL` names a
/// server (each test gets a database of its own, dropped afterwards).
enum ServerTestDatabase: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqliteFile, postgres
    var testDescription: String { rawValue }

    static var postgresURL: String? {
        ProcessInfo.processInfo.environment["BACKSTEP_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The engines available here.
    static var available: [ServerTestDatabase] { postgresURL == nil ? [.sqliteFile] : allCases }

    /// A fresh database and how to remove it.
    func make() async throws -> (DatabaseLocation, @Sendable () async -> Void) {
        switch self {
        case .sqliteFile:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("backstep-server-\(UUID())")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            return (
                .sqliteFile(folder.appendingPathComponent("b.sqlite").path),
                {
                    try? FileManager.default.removeItem(at: folder)
                }
            )
        case .postgres:
            let base = try PostgresURL(parsing: try #require(Self.postgresURL))
            let name = "backstep_server_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased())"
            let admin = try await SQLStore.open(.postgres(base), migrate: false)
            try await admin.executeUnchecked("CREATE DATABASE \(name)")
            try await admin.close()
            var url = base
            url.database = name
            return (
                .postgres(url),
                {
                    guard let admin = try? await SQLStore.open(.postgres(base), migrate: false) else { return }
                    try? await admin.executeUnchecked("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
                    try? await admin.close()
                }
            )
        }
    }
}
