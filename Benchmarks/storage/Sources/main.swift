import BackstepCore
import BackstepStorage
import BackstepStorageSQL
import Foundation

/// Storage benchmark: bulk-inserts `sessions` daily sessions of `samples` 1 Hz samples each (one transaction per
/// session, as `backstep log` or an import writes them), then times `statistics` in-process.
///
/// Usage: storage-bench <database path or URL> [sessions] [samples per session]
@main
struct StorageBench {
    static func sample(_ i: Int, speed: Double) -> SessionSample {
        let belt = Speed(metersPerSecond: speed)
        let t = Double(i)
        return SessionSample(
            sequence: i, t: t, segment: i / 300, direction: .backward, gait: .walk, targetSpeed: belt, speed: belt,
            targetGrade: .level, grade: .level, distance: Distance(meters: t * speed), heartRate: 100 + i % 30,
            met: 4.5, kcal: t * 0.08, forwardKcal: t * 0.06)
    }

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
        let workout = try Catalog.program(id: "regular-practice").workout()
        let first = Date(timeIntervalSince1970: 1_460_000_000)
        let clock = ContinuousClock()
        let started = clock.now
        for day in 0..<sessions {
            let start = first.addingTimeInterval(Double(day) * 86_400)
            let speed = 0.6 + 0.3 * Double(day) / Double(max(1, sessions))
            let samples = (0..<samplesPerSession).map { i in sample(i, speed: speed) }
            let seconds = Double(samplesPerSession)
            let summary = SessionSummary(
                elapsedSeconds: seconds, activeSeconds: seconds, backwardSeconds: seconds,
                distance: Distance(meters: seconds * speed), backwardDistance: Distance(meters: seconds * speed),
                kcal: seconds * 0.08, forwardKcal: seconds * 0.06, stepsCompleted: 3, stepsTotal: 3, completed: true,
                stopReason: nil)
            let feedback = SessionFeedback(
                date: start, exertion: .borg(12), painDuring: day % 4, painAfter: day % 3, handrailUsed: .oneHand)
            let session = PerformedSession(
                startedAt: start, endedAt: start.addingTimeInterval(seconds), programId: "regular-practice",
                workout: workout, status: .completed, source: .live, summary: summary, samples: samples,
                feedback: feedback)
            try await store.saveFinishedSession(
                session, for: user.id,
                prescription: Prescription(speed: Speed(metersPerSecond: speed), duration: seconds, stage: .novice))
        }
        let insert = started.duration(to: clock.now)
        let insertSeconds = Double(insert.components.seconds) + Double(insert.components.attoseconds) / 1e18
        let total = sessions * samplesPerSession
        print("engine=\(store.engineName) sessions=\(sessions) samples=\(total)")
        print(
            String(format: "insert_seconds=%.1f samples_per_second=%.0f", insertSeconds, Double(total) / insertSeconds))
        var timings: [Double] = []
        for _ in 0..<9 {
            let t0 = clock.now
            _ = try await store.statistics(for: user.id, now: first.addingTimeInterval(Double(sessions) * 86_400))
            let d = t0.duration(to: clock.now)
            timings.append(Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15)
        }
        timings.sort()
        print(String(format: "stats_in_process_median_ms=%.1f", timings[timings.count / 2]))
        try await store.close()
    }
}
