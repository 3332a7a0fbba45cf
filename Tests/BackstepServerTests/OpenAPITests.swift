import BackstepStorageSQL
import CrossCheckSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@testable import BackstepServer

/// The OpenAPI document against the router (in process) and, through `CrossCheck/openapi/walk.py`, against
/// openapi-spec-validator and openapi-core over a scripted walk of a real `backstep serve`.
@Suite("OpenAPI document")
struct OpenAPITests {
    static let crossCheck = PythonCrossCheck(driver: "CrossCheck/openapi/walk.py", label: "OpenAPI")

    /// Every `/api/v1` route the router serves, as `GET /sessions/{id}`.
    static func routedOperations() async throws -> Set<String> {
        let store = try await SQLStore.open(.sqliteMemory)
        let (router, _, _) = try await buildRouter(
            store: store, settings: .testing(), logger: Logger(label: "backstep.test"))
        try await store.close()
        let prefix = "/api/v1"
        return Set(
            router.routes.compactMap { route -> String? in
                let path = route.path.description
                // The group's catch-all (`**`, a 404 with the API's error body) is no operation.
                guard path.hasPrefix(prefix + "/"), !path.hasSuffix("/**") else { return nil }
                return "\(route.method.rawValue) \(path.dropFirst(prefix.count))"
            })
    }

    static var documentedOperations: Set<String> {
        Set(OpenAPIDocument.operations.map { "\($0.method.uppercased()) \($0.path)" })
    }

    @Test("The document lists exactly the routes the router serves under /api/v1")
    func documentMatchesRouter() async throws {
        let routed = try await Self.routedOperations()
        #expect(routed.count >= 25)
        let undocumented = routed.subtracting(Self.documentedOperations).sorted()
        let unrouted = Self.documentedOperations.subtracting(routed).sorted()
        #expect(undocumented.isEmpty, "routed but not in the OpenAPI document: \(undocumented)")
        #expect(unrouted.isEmpty, "documented but not routed: \(unrouted)")
    }

    @Test("The served document is the built one, with one entry per operation")
    func servedDocument() async throws {
        let app = try await makeApp()
        try await app.test(.router) { client in
            let response = try await client.execute(uri: "/api/v1/openapi.json", method: .get)
            #expect(response.status == .ok)
            #expect(String(buffer: response.body) == OpenAPIDocument.json)
            let object = jsonObject(response)
            #expect(object["openapi"] as? String == "3.0.3")
            let paths = try #require(object["paths"] as? [String: [String: Any]])
            let ids = paths.values.flatMap {
                $0.values.compactMap { ($0 as? [String: Any])?["operationId"] as? String }
            }
            #expect(ids.count == OpenAPIDocument.operations.count)
            #expect(Set(ids).count == ids.count, "operation ids are unique")
        }
    }

    @Test("Every path parameter but an id has its own schema and description; downloads name their media types")
    func pathParametersAndFiles() throws {
        for operation in OpenAPIDocument.operations {
            let undescribed = operation.pathParameterNames.filter { $0 != "id" && operation.pathParameters[$0] == nil }
            #expect(undescribed.isEmpty, "\(operation.method) \(operation.path): \(undescribed)")
        }
        let export = try #require(OpenAPIDocument.operations.first { $0.path == "/sessions/{id}/export/{format}" })
        guard case .object(let description) = OpenAPIDocument.describe(export),
            case .object(let responses) = description["responses"], case .object(let success) = responses["200"],
            case .object(let content) = success["content"], case .object(let headers) = success["headers"]
        else {
            Issue.record("no 200 answer with content and headers")
            return
        }
        #expect(Set(content.keys) == ["application/vnd.ant.fit", "application/vnd.garmin.tcx+xml", "text/csv"])
        #expect(headers["Content-Disposition"] != nil)
        #expect(export.errorStatuses == [401, 404, 422])
    }

    @Test("openapi-spec-validator accepts the document")
    func specValidator() throws {
        guard Self.crossCheck.shouldRun else {
            print("SKIP OpenAPI validation: \(Self.crossCheck.unavailableReason ?? "")")
            return
        }
        #expect(Self.crossCheck.unavailableReason == nil, "\(Self.crossCheck.unavailableReason ?? "")")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("backstep-openapi-\(UUID()).json")
        try Data(OpenAPIDocument.json.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let (status, output) = try Self.crossCheck.run(["--validate", file.path])
        #expect(status == 0, "openapi-spec-validator: \(output)")
    }

    @Test("A walk over every documented operation of a real server matches the document (openapi-core)")
    func walk() async throws {
        guard Self.crossCheck.shouldRun else {
            print("SKIP OpenAPI walk: \(Self.crossCheck.unavailableReason ?? "")")
            return
        }
        #expect(Self.crossCheck.unavailableReason == nil, "\(Self.crossCheck.unavailableReason ?? "")")
        let binary = try #require(BackstepExecutable.url, "the backstep executable was not built next to the tests")
        let server = try await ServedBackstep(executable: binary, extraArguments: ["--session-speedup", "100"])
        defer { server.stop() }
        let (status, output) = try Self.crossCheck.run([server.baseURL])
        #expect(status == 0, "the OpenAPI walk failed:\n\(output)")
        let report = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any]
        let exercised = Set(report?["exercised"] as? [String] ?? [])
        #expect(
            exercised == Self.documentedOperations, "exercised \(exercised.count) of \(Self.documentedOperations.count)"
        )
    }
}
