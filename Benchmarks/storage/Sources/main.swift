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
    static func main() async {
        do {
            try await run()
        } catch {
            FileHandle.standardError.write(Data("storage-bench: \(error)\n".utf8))
            exit(1)
        }
    }

    static func run() async throws {
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
        let now = first.addingTimeInterval(Double(sessions) * 86_400)
        // The statistics as `backstep stats` computes them (a fresh process has nothing cached: the plan, the
        // assessments and the digest computed in the database), as the dashboard gets them from the SQLite
        // store's cache, and, as the baseline, computed in Swift from one summary row per session.
        let digest = try await medianMilliseconds(clock) {
            let plan = try await store.currentPlan(for: user.id)
            let request = SessionDigest.Request(now: now, plan: plan)
            _ = TrainingStatistics(
                digest: try await store.statisticsDigest(for: user.id, request: request), plan: plan,
                assessments: try await store.assessments(for: user.id), now: now)
        }
        let cached = try await medianMilliseconds(clock) { _ = try await store.statistics(for: user.id, now: now) }
        let fromRows = try await medianMilliseconds(clock) {
            _ = TrainingStatistics(
                rows: try await store.statisticsRows(for: user.id), plan: try await store.currentPlan(for: user.id),
                assessments: try await store.assessments(for: user.id), now: now)
        }
        print(String(format: "stats_in_process_median_ms=%.2f", digest))
        print(String(format: "stats_from_rows_median_ms=%.2f", fromRows))
        print(String(format: "stats_cached_median_ms=%.2f", cached))
        try await store.close()
    }

    /// Median of 15 runs, in milliseconds (one warm-up run first).
    static func medianMilliseconds(
        _ clock: ContinuousClock, _ body: @Sendable () async throws -> Void
    ) async throws -> Double {
        try await body()
        var timings: [Double] = []
        for _ in 0..<15 {
            let t0 = clock.now
            try await body()
            let d = t0.duration(to: clock.now)
            timings.append(Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15)
        }
        timings.sort()
        return timings[timings.count / 2]
    }
}
