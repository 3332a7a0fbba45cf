import Foundation

/// Where the server reads the time: the one clock every route, service and live session asks, so tests can run
/// the app at a chosen moment and nothing in the server calls `Date()` by itself.
public struct ServerClock: Sendable {
    private let read: @Sendable () -> Date

    /// A clock that answers with `read()`.
    public init(_ read: @escaping @Sendable () -> Date) {
        self.read = read
    }

    /// The current time.
    public func now() -> Date { read() }

    /// The machine's wall clock (what `backstep serve` uses).
    public static let system = ServerClock { Date() }

    /// A clock that is `offset` seconds ahead of (or, negative, behind) the wall clock: for tests that run the
    /// app on another day.
    public static func shifted(by offset: TimeInterval) -> ServerClock {
        ServerClock { Date().addingTimeInterval(offset) }
    }
}
