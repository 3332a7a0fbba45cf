import BackstepCore
import BackstepStorage
import Foundation

/// Years of training history for the benchmarks: one session a day with 1 Hz samples, a prescription that
/// progresses, and feedback that varies the way real answers do (effort, pain during, after and the next morning,
/// handrail use that fades over the years, the odd stopped session). Deterministic: the same arguments give the
/// same history. Used by `storage-bench` and `web-bench-seed`.
public enum HistorySeeder {
    /// One 1 Hz sample of a backward walk at `speed` metres per second.
    public static func sample(_ i: Int, speed: Double) -> SessionSample {
        let belt = Speed(metersPerSecond: speed)
        let t = Double(i)
        return SessionSample(
            sequence: i, t: t, segment: i / 300, direction: .backward, gait: .walk, targetSpeed: belt, speed: belt,
            targetGrade: .level, grade: .level, distance: Distance(meters: t * speed), heartRate: 100 + i % 30,
            met: 4.5, kcal: t * 0.08, forwardKcal: t * 0.06)
    }

    /// The session of day `day` (of `days`), starting at `start`, with `samples` samples.
    public static func session(
        day: Int, of days: Int, start: Date, samples sampleCount: Int, workout: Workout
    )
        -> (session: PerformedSession, prescription: Prescription)
    {
        let speed = 0.6 + 0.3 * Double(day) / Double(max(1, days))
        let samples = (0..<sampleCount).map { i in sample(i, speed: speed) }
        let seconds = Double(sampleCount)
        // About one session in 37 is stopped early by the user (two thirds of the way through).
        let stopped = day % 37 == 36
        let active = stopped ? (seconds * 2 / 3).rounded() : seconds
        let summary = SessionSummary(
            elapsedSeconds: seconds, activeSeconds: active, backwardSeconds: active,
            distance: Distance(meters: active * speed), backwardDistance: Distance(meters: active * speed),
            kcal: active * 0.08, forwardKcal: active * 0.06, stepsCompleted: stopped ? 2 : 3, stepsTotal: 3,
            completed: !stopped, stopReason: stopped ? .userStop : nil)
        let progress = Double(day) / Double(max(1, days))
        let handrail: HandrailLevel =
            progress < 0.15 ? .twoHands : progress < 0.4 ? .oneHand : progress < 0.7 ? .fingertips : .handsFree
        let feedback = SessionFeedback(
            date: start.addingTimeInterval(seconds + 120), completed: !stopped,
            exertion: .borg(Double(11 + (day * 7) % 5)), painDuring: day % 11 == 0 ? 2 : day % 4 == 0 ? 1 : 0,
            painAfter: day % 13 == 0 ? 3 : day % 3 == 0 ? 1 : 0, painNextMorning: day % 5 == 0 ? day % 2 : nil,
            handrailUsed: handrail, nearFall: day % 211 == 0,
            notes: day % 29 == 0 ? "Felt steady; calves a little tight afterwards." : "")
        let session = PerformedSession(
            startedAt: start, endedAt: start.addingTimeInterval(seconds), programId: "regular-practice",
            workout: workout, status: stopped ? .stopped : .completed, source: .live, summary: summary,
            samples: samples, feedback: feedback)
        return (session, Prescription(speed: Speed(metersPerSecond: speed), duration: seconds, stage: .novice))
    }

    /// Stores `days` daily sessions of `samples` samples for a user, the first on `first`, one transaction per
    /// session (as `backstep log` or an import writes them).
    public static func seed(
        _ store: any BackstepStore, userId: UserID, days: Int, samples: Int, first: Date
    ) async throws {
        let workout = try Catalog.program(id: "regular-practice").workout()
        for day in 0..<days {
            let start = first.addingTimeInterval(Double(day) * 86_400)
            let (session, prescription) = session(
                day: day, of: days, start: start, samples: samples, workout: workout)
            try await store.saveFinishedSession(session, for: userId, prescription: prescription)
        }
    }
}
