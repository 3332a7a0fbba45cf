import BackstepStorage
import Foundation
import SQLKit
import Testing

@testable import BackstepStorageSQL

/// The database URL's TLS and pool parameters, read as libpq reads them, and what they do to a real server.
@Suite struct PostgresURLParameterTests {
    /// A URL that parses, and what it asks for.
    struct Accepted: Sendable, CustomTestStringConvertible {
        var query: String
        var tls: PostgresURL.TLSMode
        var root: String?
        var pool: Int?
        var testDescription: String { query.isEmpty ? "(none)" : query }
    }

    static let accepted: [Accepted] = [
        Accepted(query: "", tls: .disable),
        Accepted(query: "sslmode=disable", tls: .disable),
        Accepted(query: "sslmode=allow", tls: .disable),
        Accepted(query: "sslmode=prefer", tls: .prefer),
        Accepted(query: "sslmode=require", tls: .require),
        Accepted(query: "sslmode=require&sslrootcert=/etc/ca.pem", tls: .verifyCA, root: "/etc/ca.pem"),
        Accepted(query: "sslmode=verify-ca&sslrootcert=/etc/ca.pem", tls: .verifyCA, root: "/etc/ca.pem"),
        Accepted(query: "sslmode=verify-full", tls: .verifyFull),
        Accepted(query: "sslrootcert=/ca.pem&sslmode=verify-full", tls: .verifyFull, root: "/ca.pem"),
        Accepted(query: "pool_size=1", tls: .disable, pool: 1),
        Accepted(query: "pool_size=200&sslmode=require", tls: .require, pool: 200),
    ]

    @Test(arguments: accepted) func aURLParameterIsRead(_ row: Accepted) throws {
        let url = try PostgresURL(
            parsing: "postgres://me:pw@db.example:5433/backstep" + (row.query.isEmpty ? "" : "?" + row.query))
        #expect(url.tls == row.tls)
        #expect(url.rootCertificatePath == row.root)
        #expect(url.poolSize == row.pool)
        #expect(url.host == "db.example" && url.port == 5433 && url.database == "backstep")
        #expect(!url.redacted.contains("pw"))
        // What the redacted form shows reads back as the same settings.
        let again = try PostgresURL(parsing: url.redacted)
        #expect(again.tls == url.tls && again.rootCertificatePath == url.rootCertificatePath)
        #expect(again.poolSize == url.poolSize)
    }

    /// A URL that is refused, and the words its reason must hold.
    struct Refused: Sendable, CustomTestStringConvertible {
        var query: String
        var reason: String
        var testDescription: String { query }
    }

    static let refused: [Refused] = [
        Refused(query: "sslmode=sometimes", reason: "sslmode=sometimes is not one of"),
        Refused(query: "sslmode=REQUIRE", reason: "sslmode=REQUIRE is not one of"),
        Refused(query: "sslmode=require&sslmode=disable", reason: "sslmode is given twice"),
        Refused(query: "sslrootcert=/ca.pem", reason: "sslrootcert needs sslmode=require"),
        Refused(query: "sslmode=prefer&sslrootcert=/ca.pem", reason: "(it is prefer)"),
        Refused(query: "sslmode=verify-full&sslrootcert=", reason: "sslrootcert is empty"),
        Refused(query: "pool_size=0", reason: "pool_size=0 is not a whole number from 1 to 200"),
        Refused(query: "pool_size=201", reason: "pool_size=201"),
        Refused(query: "pool_size=ten", reason: "pool_size=ten"),
        Refused(query: "connect_timeout=5", reason: "unknown parameter connect_timeout (known: sslmode"),
    ]

    @Test(arguments: refused) func aBadURLParameterIsRefusedWithItsReason(_ row: Refused) {
        #expect {
            _ = try PostgresURL(parsing: "postgres://me:secret@db.example/backstep?" + row.query)
        } throws: { error in
            guard case StorageError.cannotConnect(let url, let reason) = error else { return false }
            return reason.contains(row.reason) && !url.contains("secret")
        }
    }
}

/// TLS and the pool against the test server, which `scripts/start-test-postgres.sh` starts with `ssl=on` and a
/// certificate for `localhost` and `127.0.0.1` signed by `tls/ca.pem` (`tls/other-ca.pem` signed nothing).
@Suite(.serialized) struct PostgresTLSTests {
    /// The test server's URL, or nil (the suite is then skipped, as the other PostgreSQL tests are).
    static var base: PostgresURL? { Engine.postgresURL.flatMap { try? PostgresURL(parsing: $0) } }

    /// The folder of the test server's certificates.
    static var certificates: String {
        ProcessInfo.processInfo.environment["BACKSTEP_TEST_POSTGRES_TLS_DIR"].flatMap { $0.isEmpty ? nil : $0 }
            ?? "/tmp/backstep-test-postgres/tls"
    }

    /// The base URL with `host` and query parameters swapped in.
    func url(host: String? = nil, _ query: String) throws -> PostgresURL {
        let base = try #require(Self.base)
        var text = "postgres://\(base.username)"
        if let password = base.password { text += ":\(password)" }
        text += "@\(host ?? base.host):\(base.port)/\(base.database ?? base.username)"
        return try PostgresURL(parsing: text + "?" + query)
    }

    func certificate(_ name: String) throws -> String {
        let path = Self.certificates + "/" + name
        try #require(
            FileManager.default.fileExists(atPath: path),
            "\(path) is missing: start the server with scripts/start-test-postgres.sh")
        return path
    }

    /// Whether the connection the store reads on is encrypted, as the server sees it.
    func encrypted(_ url: PostgresURL) async throws -> Bool {
        let store = try await SQLStore.open(.postgres(url), migrate: false)
        do {
            let ssl: Bool? = try await store.read { db in
                try await db.raw("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").first()?.decode(
                    column: "ssl", as: Bool.self)
            }
            try await store.close()
            return try #require(ssl as Bool?, "pg_stat_ssl has no row for this connection")
        } catch {
            try? await store.close()
            throw error
        }
    }

    @Test(.enabled(if: base != nil, Comment(rawValue: Engine.skipMessage)))
    func sslmodeDecidesWhetherTheLinkIsEncrypted() async throws {
        #expect(try await encrypted(url("sslmode=disable")) == false)
        #expect(try await encrypted(url("sslmode=prefer")) == true)
        #expect(try await encrypted(url("sslmode=require")) == true)
    }

    @Test(.enabled(if: base != nil, Comment(rawValue: Engine.skipMessage)))
    func aCertificateSignedByTheGivenAuthorityIsTrusted()
        async throws
    {
        let ca = try certificate("ca.pem")
        #expect(try await encrypted(url(host: "localhost", "sslmode=verify-full&sslrootcert=\(ca)")))
        #expect(try await encrypted(url(host: "127.0.0.1", "sslmode=verify-ca&sslrootcert=\(ca)")))
        #expect(try await encrypted(url(host: "localhost", "sslmode=require&sslrootcert=\(ca)")))
    }

    @Test(.enabled(if: base != nil, Comment(rawValue: Engine.skipMessage)))
    func aServerTheAuthorityDidNotSignIsRefused() async throws {
        let other = try certificate("other-ca.pem")
        for mode in ["verify-full", "verify-ca"] {
            let url = try url(host: "localhost", "sslmode=\(mode)&sslrootcert=\(other)")
            await #expect {
                _ = try await SQLStore.open(.postgres(url), migrate: false)
            } throws: { error in
                guard case StorageError.cannotConnect(let shown, _) = error else { return false }
                return shown.contains("sslmode=\(mode)")
            }
        }
    }

    @Test(.enabled(if: base != nil, Comment(rawValue: Engine.skipMessage)))
    func aMissingOrUnreadableAuthorityFileIsNamed() async throws {
        let missing = "/nonexistent/backstep-ca.pem"
        await #expect {
            _ = try await SQLStore.open(
                .postgres(try url("sslmode=verify-full&sslrootcert=\(missing)")), migrate: false)
        } throws: { error in
            guard case StorageError.cannotConnect(_, let reason) = error else { return false }
            return reason.contains(missing)
        }
        let garbage = FileManager.default.temporaryDirectory.appendingPathComponent("backstep-not-a-ca-\(UUID()).pem")
        try Data("not a certificate\n".utf8).write(to: garbage)
        defer { try? FileManager.default.removeItem(at: garbage) }
        await #expect {
            _ = try await SQLStore.open(
                .postgres(try url("sslmode=verify-full&sslrootcert=\(garbage.path)")), migrate: false)
        } throws: { error in
            guard case StorageError.cannotConnect(_, let reason) = error else { return false }
            return reason.contains(garbage.path)
        }
    }

    @Test(.enabled(if: base != nil, Comment(rawValue: Engine.skipMessage)))
    func thePoolOpensNoMoreConnectionsThanPoolSize() async throws {
        let tag = "backstep-pool-\(UUID().uuidString.prefix(8))"
        // The application name tells this test's connections apart from every other client of the server.
        let store = try await SQLStore.open(.postgres(try url("pool_size=3")), migrate: false)
        let observer = try await SQLStore.open(.postgres(try url("sslmode=disable")), migrate: false)
        do {
            let sleepers = Task {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for _ in 0..<8 {
                        group.addTask {
                            try await store.executeUnchecked("SELECT pg_sleep(0.4), '\(tag)'")
                        }
                    }
                    try await group.waitForAll()
                }
            }
            var most = 0
            for _ in 0..<12 {
                try await Task.sleep(for: .milliseconds(100))
                let active = try await observer.read { db in
                    try await db.raw(
                        """
                        SELECT count(*) AS n FROM pg_stat_activity
                        WHERE query LIKE \(bind: "%pg_sleep(0.4), '\(tag)'%") AND pid <> pg_backend_pid()
                        """
                    ).first()?.decode(column: "n", as: Int.self) ?? 0
                }
                most = max(most, active)
            }
            try await sleepers.value
            #expect(most == 3, "at most 3 queries at once with pool_size=3, and the pool was full")
        } catch {
            try? await store.close()
            try? await observer.close()
            throw error
        }
        try await store.close()
        try await observer.close()
    }
}
