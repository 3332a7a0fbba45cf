import ArgumentParser
import BackstepServer
import BackstepStorageSQL
import Foundation
import Hummingbird

/// `backstep serve`: the web app on http://localhost:8080 with the embedded SQLite database.
public struct ServeCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the web app (pages, JSON API and live sessions) on http://localhost:8080.",
        discussion: """
            With no options the data lives in $XDG_DATA_HOME/backstep/backstep.sqlite (else \
            ~/.local/share/backstep/backstep.sqlite), created and migrated on first start. --database (or \
            BACKSTEP_DATABASE) takes another file, :memory:, or a postgres:// URL.
            """)

    @Option(help: "TCP port (0 picks a free one).") var port: Int = 8080
    @Option(help: "Interface to listen on.") var host: String = "127.0.0.1"
    @Option(help: "A SQLite file, :memory:, or a postgres:// URL.") var database: String?
    @Flag(name: .customLong("secure-cookies"), help: "Mark cookies Secure (when served over TLS).")
    var secureCookies = false
    @Option(
        name: .customLong("session-speedup"), help: "Run live sessions this many times faster (1–1000; demos, tests).")
    var sessionSpeedup: Double = 1
    @Option(name: .customLong("bcrypt-cost"), help: "bcrypt cost factor (4–16).") var bcryptCost: Int = 12
    @Option(
        name: .customLong("live-retention"),
        help: "Seconds a finished live session stays in memory for a page that reconnects late (0–86400).")
    var liveRetention: Double = 60
    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: String = "info"

    public init() {}

    public func validate() throws {
        guard (0...65535).contains(port) else {
            throw ValidationError("--port: \(port) is out of range, allowed 0–65535")
        }
        guard (1...1000).contains(sessionSpeedup) else {
            throw ValidationError("--session-speedup: \(sessionSpeedup) is out of range, allowed 1–1000")
        }
        guard (4...16).contains(bcryptCost) else { throw ValidationError("--bcrypt-cost: allowed 4–16") }
        guard (0...86_400).contains(liveRetention) else {
            throw ValidationError("--live-retention: \(liveRetention) is out of range, allowed 0–86400 seconds")
        }
    }

    public func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let location: DatabaseLocation
        do {
            location = try DatabaseLocation.resolve(option: database, environment: environment)
        } catch {
            throw ValidationError("--database: \(error)")
        }
        var settings = ServerSettings(
            host: host, port: port, database: location, secureCookies: secureCookies, bcryptCost: UInt8(bcryptCost),
            sessionSpeedup: sessionSpeedup, logLevel: logLevel)
        settings.liveRetention = liveRetention
        // The composition root takes an opened store: open (and migrate) it before anything is served.
        let store = try await SQLStore.open(location, pool: .serviceGroup)
        let app = try await buildApplication(
            settings: settings, store: store, storeServices: store.services, clock: .system)
        try await app.runService()
    }
}
