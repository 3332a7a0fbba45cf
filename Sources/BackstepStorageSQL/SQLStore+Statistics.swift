import BackstepCore
import BackstepStorage
import Foundation
import SQLKit

/// What `TrainingStatistics` is computed from, per user, kept between requests while nothing that feeds it
/// changes: the summary rows of every session (years of history), the current plan and the assessments.
///
/// The statistics themselves are still computed on every call (they depend on the moment asked for: weeks,
/// streaks, adherence); only the reads are saved. An entry is used only when
/// - no write that feeds statistics has gone through this store since it was read (finished, stopped,
///   interrupted or imported sessions, feedback, plans, assessments: each bumps the generation and clears the
///   cache after it commits), and
/// - on SQLite, no other connection (another `backstep` process) has committed since (`PRAGMA data_version`).
/// PostgreSQL has no such cheap signal for other processes, so there the statistics are always read afresh.
final class StatisticsCache: @unchecked Sendable {
    struct Inputs: Sendable {
        var rows: [SessionStatRow]
        var plan: StoredPlan?
        var assessments: [AssessmentRecord]
    }

    private struct Entry {
        var inputs: Inputs
        var dataVersion: Int
        var lastUsed: UInt64
    }

    private let lock = NSLock()
    private var entries: [UUID: Entry] = [:]
    private var generation: UInt64 = 0
    private var uses: UInt64 = 0
    /// Users kept at most (least recently used go first).
    let capacity: Int

    init(capacity: Int = 256) {
        self.capacity = capacity
    }

    /// The current generation, taken before reading so a write that lands meanwhile is noticed.
    var currentGeneration: UInt64 {
        lock.withLock { generation }
    }

    /// Forgets everything; called after every write that feeds statistics.
    func invalidate() {
        lock.withLock {
            generation &+= 1
            entries.removeAll()
        }
    }

    func inputs(for userId: UUID, dataVersion: Int) -> Inputs? {
        lock.withLock {
            guard var entry = entries[userId], entry.dataVersion == dataVersion else { return nil }
            uses &+= 1
            entry.lastUsed = uses
            entries[userId] = entry
            return entry.inputs
        }
    }

    /// Keeps inputs read at `generation`, unless a write has happened since.
    func keep(_ inputs: Inputs, for userId: UUID, dataVersion: Int, readAt generation: UInt64) {
        lock.withLock {
            guard generation == self.generation else { return }
            if entries[userId] == nil, entries.count >= capacity,
                let oldest = entries.min(by: { $0.value.lastUsed < $1.value.lastUsed })?.key
            {
                entries[oldest] = nil
            }
            uses &+= 1
            entries[userId] = Entry(inputs: inputs, dataVersion: dataVersion, lastUsed: uses)
        }
    }

    /// Users held now (tests).
    var count: Int { lock.withLock { entries.count } }
}

extension SQLStore {
    /// Training statistics for a user as of `now`; on SQLite the reads behind them are cached (see
    /// `StatisticsCache`), so a dashboard over years of history costs one `PRAGMA` when nothing changed.
    public func statistics(for userId: UUID, now: Date) async throws -> TrainingStatistics {
        let inputs = try await statisticsInputs(for: userId)
        return TrainingStatistics(rows: inputs.rows, plan: inputs.plan, assessments: inputs.assessments, now: now)
    }

    func statisticsInputs(for userId: UUID) async throws -> StatisticsCache.Inputs {
        let dataVersion: Int?
        do {
            dataVersion = try await engine.dataVersion()
        } catch {
            throw StorageError.engine(describe(error))
        }
        guard let version = dataVersion else { return try await readStatisticsInputs(userId) }
        if let cached = statisticsCache.inputs(for: userId, dataVersion: version) { return cached }
        let generation = statisticsCache.currentGeneration
        let inputs = try await readStatisticsInputs(userId)
        statisticsCache.keep(inputs, for: userId, dataVersion: version, readAt: generation)
        return inputs
    }

    func readStatisticsInputs(_ userId: UUID) async throws -> StatisticsCache.Inputs {
        StatisticsCache.Inputs(
            rows: try await statisticsRows(for: userId), plan: try await currentPlan(for: userId),
            assessments: try await assessments(for: userId))
    }

    /// A write that changes what statistics are computed from: the cache is cleared once it has committed (or
    /// failed), so no later read can keep what was read before it.
    func writeFeedingStatistics<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        defer { statisticsCache.invalidate() }
        return try await write(body)
    }
}
