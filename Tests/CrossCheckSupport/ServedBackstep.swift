import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A real `backstep serve` process on a free loopback port with a temporary SQLite database, for tests that
/// talk to the server over HTTP (the OpenAPI walk). Stop it with `stop()`.
public final class ServedBackstep {
    /// `http://127.0.0.1:<port>`.
    public let baseURL: String
    let process: Process
    let database: URL

    /// Starts the server and waits (up to 10 s) until `/health` answers.
    /// - Parameters:
    ///   - executable: the `backstep` executable.
    ///   - extraArguments: more `serve` options.
    ///   - log: where the server's output goes.
    /// - Throws: `ServedBackstep.Failure` when no port is free or the server does not answer.
    public init(executable: URL, extraArguments: [String] = [], log: FileHandle? = nil) async throws {
        guard let port = Self.freePort() else { throw Failure("no free loopback port") }
        database = FileManager.default.temporaryDirectory.appendingPathComponent(
            "backstep-served-\(UUID().uuidString).sqlite")
        baseURL = "http://127.0.0.1:\(port)"
        process = Process()
        process.executableURL = executable
        process.arguments =
            [
                "serve", "--port", String(port), "--database", database.path, "--bcrypt-cost", "4", "--log-level",
                "warning",
            ]
            + extraArguments
        if let log {
            process.standardOutput = log
            process.standardError = log
        }
        try process.run()
        guard let health = URL(string: baseURL + "/health") else { throw Failure("bad URL \(baseURL)") }
        for _ in 0..<100 {
            try await Task.sleep(for: .milliseconds(100))
            if let (_, response) = try? await URLSession.shared.data(from: health),
                (response as? HTTPURLResponse)?.statusCode == 200
            {
                return
            }
            guard process.isRunning else { break }
        }
        stop()
        throw Failure("backstep serve did not answer on port \(port)")
    }

    /// Stops the server and removes its database.
    public func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        for suffix in ["", "-wal", "-shm"] {
            try? FileManager.default.removeItem(atPath: database.path + suffix)
        }
    }

    /// A port the kernel just handed out for a loopback socket (free at that moment).
    public static func freePort() -> Int? {
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 }
        }
        guard bound else { return nil }
        let named = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) == 0 }
        }
        guard named else { return nil }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Why the server could not be started.
    public struct Failure: Error, CustomStringConvertible {
        /// What went wrong.
        public var description: String
        init(_ description: String) { self.description = description }
    }
}
