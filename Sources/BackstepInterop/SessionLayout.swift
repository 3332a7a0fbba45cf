import BackstepCore
import FITCodec
import Foundation

/// How a performed session is cut into laps for export: one lap per run of samples with the same segment
/// (workout step), covering the session from its start to its end without gaps.
struct SessionLayout {
    /// One lap.
    struct Lap {
        /// The segment (performed step index) of its samples.
        var segment: Int
        /// Indices into `samples`.
        var sampleRange: Range<Int>
        /// Session time of the lap's start and end, in seconds.
        var startT: Double
        var endT: Double
        /// Distance at the start and end of the lap.
        var startDistance: Double
        var endDistance: Double
        /// kcal at the start and end.
        var startKcal: Double
        var endKcal: Double
    }

    let session: PerformedSession
    let samples: [SessionSample]
    /// The session's start, in whole Unix seconds (FIT and TCX count from here).
    let startUnixSeconds: Int64
    /// Seconds from the start to the end.
    let duration: Double
    let laps: [Lap]

    init(_ session: PerformedSession) {
        self.session = session
        let samples = session.samples.filter { $0.t.isFinite && $0.t >= 0 }.sorted { $0.sequence < $1.sequence }
        self.samples = samples
        startUnixSeconds = Int64(session.startedAt.timeIntervalSince1970.rounded(.down))
        let lastT = samples.map(\.t).max() ?? 0
        var duration = lastT + (samples.isEmpty ? 0 : 1)
        if let ended = session.endedAt {
            duration = max(duration, ended.timeIntervalSince(session.startedAt))
        } else if let elapsed = session.summary?.elapsedSeconds, elapsed.isFinite {
            duration = max(duration, elapsed)
        }
        self.duration = duration.isFinite ? duration : lastT + 1
        var laps: [Lap] = []
        var start = 0
        while start < samples.count {
            var end = start + 1
            while end < samples.count && samples[end].segment == samples[start].segment { end += 1 }
            if !laps.isEmpty { laps[laps.count - 1].endT = samples[start].t }
            let previous = laps.last
            laps.append(
                Lap(
                    segment: samples[start].segment, sampleRange: start..<end, startT: previous?.endT ?? 0,
                    endT: 0, startDistance: previous?.endDistance ?? 0,
                    endDistance: samples[end - 1].distance.meters, startKcal: previous?.endKcal ?? 0,
                    endKcal: samples[end - 1].kcal))
            start = end
        }
        if !laps.isEmpty { laps[laps.count - 1].endT = self.duration }
        self.laps = laps
    }

    /// The step performed in a segment, if the workout has it.
    func step(_ segment: Int) -> Step? {
        let steps = session.workout.performedSteps
        return steps.indices.contains(segment) ? steps[segment].step : nil
    }

    /// Running when the samples (or, without gaits, the workout) say so.
    var gait: Gait {
        let gaits = samples.compactMap(\.gait)
        if !gaits.isEmpty { return gaits.filter { $0 == .run }.count * 2 > gaits.count ? .run : .walk }
        return FITWorkoutExport.sport(session.workout) == .running ? .run : .walk
    }

    /// The gait of one lap.
    func gait(of lap: Lap) -> Gait {
        let gaits = samples[lap.sampleRange].compactMap(\.gait)
        if let first = gaits.first { return first }
        if case .locomotion(let motion) = step(lap.segment)?.activity { return motion.gait }
        return gait
    }

    /// The direction of most of the samples that have one, or of the workout's steps.
    var direction: Direction? {
        let directions = samples.compactMap(\.direction)
        if !directions.isEmpty {
            return directions.filter { $0 == .backward }.count * 2 >= directions.count ? .backward : .forward
        }
        let workout = session.workout
        if workout.backwardSeconds > 0 {
            return workout.backwardSeconds * 2 >= workout.estimatedSeconds ? .backward : .forward
        }
        return nil
    }

    /// The direction of one lap's samples (or its step).
    func direction(of lap: Lap) -> Direction? {
        if let direction = samples[lap.sampleRange].compactMap(\.direction).first { return direction }
        if case .locomotion(let motion) = step(lap.segment)?.activity { return motion.direction }
        return nil
    }

    /// The handrail level a lap's step allowed.
    func handrail(of lap: Lap) -> HandrailLevel? {
        if case .locomotion(let motion) = step(lap.segment)?.activity { return motion.handrail }
        return nil
    }

    /// True when the lap's step is a rest.
    func isRest(_ lap: Lap) -> Bool {
        if case .rest = step(lap.segment)?.activity { return true }
        return false
    }

    /// The sample's whole-second offset from the start.
    func offset(_ sample: SessionSample) -> Int64 { Int64(sample.t.rounded()) }
}
