import BackstepCore
import Foundation

/// The ranges storage accepts, the same ones the schema's CHECK constraints enforce.
public enum StorageLimits {
    /// Speeds: 0 to 30 km/h, in m/s.
    public static let speedRange = 0.0...InputLimits.maximumSpeed.metersPerSecond
    /// Grades, in percent.
    public static let gradeRange = InputLimits.gradeRange
    /// Heart rates, in beats per minute.
    public static let heartRateRange = 20...260
    /// A session's length, in seconds (up to a day).
    public static let durationRange = 0.0...86_400.0
}

extension SessionSample {
    /// Checks the sample against the storage ranges.
    /// - Throws: `InputError` naming the field as `samples[sequence].field`.
    public func validateForStorage() throws(InputError) {
        let prefix = "samples[\(sequence)]"
        try InputError.check("\(prefix).sequence", sequence, in: 0...Int.max)
        try InputError.check("\(prefix).t", t, in: StorageLimits.durationRange, unit: "s")
        try InputError.check("\(prefix).segment", segment, in: 0...100_000)
        for (name, speed) in [("targetSpeedMps", targetSpeed), ("speedMps", speed)] {
            if let speed {
                try InputError.check(
                    "\(prefix).\(name)", speed.metersPerSecond, in: StorageLimits.speedRange, unit: "m/s")
            }
        }
        for (name, grade) in [("targetGradePercent", targetGrade), ("gradePercent", grade)] {
            if let grade {
                try InputError.check("\(prefix).\(name)", grade.percent, in: StorageLimits.gradeRange, unit: "%")
            }
        }
        try InputError.check("\(prefix).distanceMeters", distance.meters, in: 0...1_000_000, unit: "m")
        if let heartRate { try InputError.check("\(prefix).heartRateBpm", heartRate, in: StorageLimits.heartRateRange) }
        try InputError.check("\(prefix).met", met, in: 0...40, unit: "MET")
        try InputError.check("\(prefix).kcal", kcal, in: 0...100_000, unit: "kcal")
        try InputError.check("\(prefix).forwardKcal", forwardKcal, in: 0...100_000, unit: "kcal")
    }
}

extension SessionSummary {
    /// Checks the totals: times within a day, non-negative distances and energy, steps in order.
    /// - Throws: `InputError` naming the summary field.
    public func validateForStorage() throws(InputError) {
        try InputError.check("summary.elapsedSeconds", elapsedSeconds, in: StorageLimits.durationRange, unit: "s")
        try InputError.check("summary.activeSeconds", activeSeconds, in: StorageLimits.durationRange, unit: "s")
        try InputError.check("summary.backwardSeconds", backwardSeconds, in: StorageLimits.durationRange, unit: "s")
        try InputError.check("summary.distanceMeters", distance.meters, in: 0...1_000_000, unit: "m")
        try InputError.check("summary.backwardDistanceMeters", backwardDistance.meters, in: 0...1_000_000, unit: "m")
        try InputError.check("summary.kcal", kcal, in: 0...100_000, unit: "kcal")
        try InputError.check("summary.forwardKcal", forwardKcal, in: 0...100_000, unit: "kcal")
        try InputError.check("summary.stepsTotal", stepsTotal, in: 0...100_000)
        try InputError.check("summary.stepsCompleted", stepsCompleted, in: 0...stepsTotal)
    }

    /// The average backward speed: backward distance over backward time, nil without backward time.
    public var averageBackwardSpeed: Speed? {
        guard backwardSeconds > 0 else { return nil }
        return Speed(
            metersPerSecond: min(backwardDistance.meters / backwardSeconds, StorageLimits.speedRange.upperBound))
    }

    /// The totals of an unfinished session, rebuilt from the samples it has (used to close it as interrupted).
    ///
    /// Distance, energy and time are the last sample's running totals; backward time and distance add up the
    /// seconds whose direction was backward.
    public static func fromSamples(_ samples: [SessionSample], stepsTotal: Int) -> SessionSummary {
        let ordered = samples.sorted { $0.sequence < $1.sequence }
        var backwardSeconds = 0.0
        var backwardMeters = 0.0
        var previous: SessionSample?
        for sample in ordered {
            let dt = previous.map { max(0, sample.t - $0.t) } ?? 0
            let dd = previous.map { max(0, sample.distance.meters - $0.distance.meters) } ?? sample.distance.meters
            if sample.direction == .backward {
                backwardSeconds += dt
                backwardMeters += dd
            }
            previous = sample
        }
        let last = ordered.last
        let segmentsDone = last.map { $0.segment } ?? 0
        return SessionSummary(
            elapsedSeconds: last?.t ?? 0, activeSeconds: last?.t ?? 0, backwardSeconds: backwardSeconds,
            distance: last?.distance ?? Distance(meters: 0), backwardDistance: Distance(meters: backwardMeters),
            kcal: last?.kcal ?? 0, forwardKcal: last?.forwardKcal ?? 0,
            stepsCompleted: min(segmentsDone, stepsTotal), stepsTotal: stepsTotal, completed: false, stopReason: nil)
    }
}

extension SessionFeedback {
    /// `validate()` with the storage error type.
    func validateForStorage() throws(StorageError) {
        do { try validate() } catch {
            throw .invalid(InputError(field: "feedback.\(error.field)", problem: error.problem))
        }
    }
}

/// Checks a whole session before it is written.
public enum SessionValidation {
    /// Checks times, the summary, every sample and the feedback.
    /// - Throws: `StorageError.invalid` naming the first bad field.
    public static func validate(_ session: PerformedSession, requireFinished: Bool) throws(StorageError) {
        if let endedAt = session.endedAt, endedAt < session.startedAt {
            throw .invalid(InputError(field: "endedAt", problem: "is before startedAt"))
        }
        if requireFinished {
            guard session.status != .inProgress else {
                throw .invalid(InputError(field: "status", problem: "a finished session cannot be in progress"))
            }
            guard session.summary != nil else {
                throw .invalid(InputError(field: "summary", problem: "required for a finished session"))
            }
        }
        try StorageError.validating { () throws(InputError) in
            try session.summary?.validateForStorage()
            for sample in session.samples { try sample.validateForStorage() }
        }
        try session.feedback?.validateForStorage()
    }
}
