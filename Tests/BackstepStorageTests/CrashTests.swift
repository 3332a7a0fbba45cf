import BackstepCore
import BackstepStorage
import CrossCheckSupport
import Foundation
import Testing

@testable import BackstepStorageSQL

/// kill -9 in the middle of a session: every acknowledged sample is stored, the database passes its integrity
/// check, and the unfinished session is found and closed as interrupted.
@Suite struct CrashTests {

    /// The `backstep` executable built next to the test bundle.
    static var executable: URL? { BackstepExecutable.url }

    @Test(arguments: Engine.sql)
    func killDashNineLosesNoAcknowledgedSample(engine: Engine) async throws {
        let binary = try #require(Self.executable, "the backstep executable was not built")
        let database = try await TestDatabase.make(engine)
        defer { Task { await database.cleanup() } }
        // Create the schema first so the writer starts writing at once.
        try await SQLStore.open(database.location).close()

        let process = Process()
        process.executableURL = binary
        let url: String
        switch database.location {
        case .sqliteFile(let path): url = path
        case .postgres(let postgres):
            url = "postgres://\(postgres.username)@\(postgres.host):\(postgres.port)/\(postgres.database ?? "")"
        case .sqliteMemory: url = ":memory:"
        }
        process.arguments = ["db", "crash-writer", "--database", url, "--samples", "1000000"]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()

        // Read acknowledgements until well into the session, then kill -9.
        var text = ""
        var acknowledged: [Int] = []
        var sessionId: SessionID?
        let reader = out.fileHandleForReading
        while acknowledged.count < 300 {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            text = String(lines.removeLast())
            for line in lines {
                if line.hasPrefix("session ") { sessionId = SessionID(uuidString: String(line.dropFirst(8))) }
                if line.hasPrefix("ack "), let n = Int(line.dropFirst(4)) { acknowledged.append(n) }
            }
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        let id = try #require(sessionId)
        let lastAck = try #require(acknowledged.max())
        #expect(acknowledged.count >= 300)

        // Start again.
        let store = try await SQLStore.open(database.location)
        #expect(try await store.integrityProblems().isEmpty)
        let stored = try #require(try await store.session(id: id))
        let sequences = Set(stored.samples.map(\.sequence))
        #expect((0...lastAck).allSatisfy { sequences.contains($0) }, "an acknowledged sample is missing")
        #expect(sequences.count == stored.samples.count)
        let unfinished = try await store.unfinishedSessions(for: nil)
        #expect(unfinished.map(\.id) == [id])
        let closed = try await store.closeInterrupted(id, at: nil)
        #expect(closed.status == .interrupted)
        #expect((closed.summary?.activeSeconds ?? 0) >= Double(lastAck))
        #expect(try await store.unfinishedSessions(for: nil).isEmpty)
        try await store.close()
    }
}
