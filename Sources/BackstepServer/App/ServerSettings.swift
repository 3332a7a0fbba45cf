import BackstepStorageSQL
import Foundation

/// Everything the web app is configured with, read once at the edge (the `serve` command) and passed inward.
public struct ServerSettings: Sendable {
    /// Interface to listen on (loopback by default).
    public var host: String
    /// TCP port; 0 picks a free one.
    public var port: Int
    /// Where the data lives: a SQLite file (the default), `:memory:` or a `postgres://` URL.
    public var database: DatabaseLocation
    /// Mark cookies `Secure` always (set it when the app is reached over TLS through a proxy that does not send
    /// `X-Forwarded-Proto: https`; with that header cookies are marked `Secure` anyway).
    public var secureCookies: Bool
    /// bcrypt cost factor (4–31). 12 in production; tests use the minimum to stay fast.
    public var bcryptCost: UInt8
    /// Failed sign-ins allowed per e-mail address in `loginWindow` before further attempts are refused.
    public var loginAttempts: Int
    /// The window of the login rate limit.
    public var loginWindow: TimeInterval
    /// How long a browser session lasts.
    public var sessionLifetime: TimeInterval
    /// Session seconds per real second for live sessions (1 for real training; more for demos and tests).
    public var sessionSpeedup: Double
    /// Largest request body accepted, in bytes.
    public var maxBodyBytes: Int
    /// Log level name (`trace` … `critical`).
    public var logLevel: String
    /// How long a finished live session stays in memory for a page that reconnects late, in seconds.
    public var liveRetention: TimeInterval = 60
    /// Seconds between the consent checks of an open live view (a professional watching a client's session).
    public var watchRecheck: TimeInterval = 5
    /// Largest file upload (an import of FIT, TCX and CSV files) accepted, in bytes: 20 MB.
    public var maxUploadBytes: Int = 20 * 1024 * 1024

    /// Creates settings; the defaults are what `backstep serve` uses with no options.
    public init(
        host: String = "127.0.0.1", port: Int = 8080, database: DatabaseLocation = .sqliteMemory,
        secureCookies: Bool = false, bcryptCost: UInt8 = 12, loginAttempts: Int = 5, loginWindow: TimeInterval = 900,
        sessionLifetime: TimeInterval = 30 * 86_400, sessionSpeedup: Double = 1, maxBodyBytes: Int = 64 * 1024,
        logLevel: String = "info"
    ) {
        self.host = host
        self.port = port
        self.database = database
        self.secureCookies = secureCookies
        self.bcryptCost = bcryptCost
        self.loginAttempts = loginAttempts
        self.loginWindow = loginWindow
        self.sessionLifetime = sessionLifetime
        self.sessionSpeedup = sessionSpeedup
        self.maxBodyBytes = maxBodyBytes
        self.logLevel = logLevel
    }

    /// Settings for tests: in-memory SQLite, a free port, the cheapest bcrypt cost.
    public static func testing(speedup: Double = 1) -> ServerSettings {
        ServerSettings(port: 0, database: .sqliteMemory, bcryptCost: 4, sessionSpeedup: speedup, logLevel: "error")
    }
}
