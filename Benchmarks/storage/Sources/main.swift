import BackstepCore
import BackstepStorage
import BackstepStorageSQL
import BenchmarkSeeding
import Foundation

/// Storage benchmark: bulk-inserts `sessions` daily sessions of `samples` 1 Hz samples each (one transaction per
/// session, as `backstep log` or an import writes them; the history comes from `HistorySeeder`), then times
/// `statistics` in-process.
///
/// Usage: storage-bench <database path or URL> [sessions] [samples per session]
@main
struct StorageBench {
    static func main() async throws {
        let arguments = CommandLine.arguments
        guard arguments.count >= 2 else {
            FileHandle.standardError.write(Data("usage: storage-bench <database> [sessions] [samples]\n".utf8))
            exit(64)
        }
        let sessions = arguments.count > 2 ? Int(arguments[2]) ?? 3650 : 3650
        let samplesPerSession = arguments.count > 3 ? Int(arguments[3]) ?? 900 : 900
        let store = try await SQLStore.open(try DatabaseLocation(parsing: arguments[1]))
        let user = try await store.localAthlete(now: Date())
        let first = Date(timeIntervalSince1970: 1_460_000_000)
        let clock = ContinuousClock()
        let started = clock.now
        try await HistorySeeder.seed(store, userId: user.id, days: sessions, samples: samplesPerSession, first: first)
        let insert = started.duration(to: clock.now)
        let insertSeconds = Double(insert.components.seconds) + Double(insert.components.attoseconds) / 1e18
        let total = sessions * samplesPerSession
        print("engine=\(store.engineName) sessions=\(sessions) samples=\(total)")
        print(
            String(format: "insert_seconds=%.1f samples_per_second=%.0f", insertSeconds, Double(total) / insertSeconds))
        var timings: [Double] = []
        for _ in 0..<9 {
            let t0 = clock.now
            // The reads and the computation every time (`store.statistics` would answer from its cache).
            _ = TrainingStatistics(
                rows: try await store.statisticsRows(for: user.id), plan: try await store.currentPlan(for: user.id),
                assessments: try await store.assessments(for: user.id),
                now: first.addingTimeInterval(Double(sessions) * 86_400))
            let d = t0.duration(to: clock.now)
            timings.append(Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15)
        }
        timings.sort()
        print(String(format: "stats_in_process_median_ms=%.1f", timings[timings.count / 2]))
        try await store.close()
    }
}
