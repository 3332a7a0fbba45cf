import Foundation

/// A goal a professional sets together with a client, with a due date and a measurable target, e.g. "walk
/// backward 10 min at 3 km/h without the handrail by 1 March" or "3MBWT under 4.5 s by March".
///
/// `status(sessions:outcomes:now:)` evaluates it from evidence; it is pure and deterministic (`now` is passed in).
/// Dates are instants: a goal due "by 1 March" should be given the end of that day in the client's time zone.
public struct CareGoal: Hashable, Sendable, Codable {
    /// The goal in the client's words.
    public var title: String
    /// When the goal was set; evidence dated before this is not counted.
    public var setOn: Date
    /// The due date (inclusive).
    public var due: Date
    /// What counts as reaching it.
    public var target: CareGoalTarget

    /// The longest title accepted, in characters.
    public static let maximumTitleLength = 200

    /// Creates a goal.
    /// - Throws: `InputError` for `title` when empty or longer than 200 characters, for `due` when not after
    ///   `setOn`, or for the target's fields (see `CareGoalTarget.validate()`).
    public init(title: String, setOn: Date, due: Date, target: CareGoalTarget) throws(InputError) {
        let trimmed = title.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw InputError(field: "title", problem: "must not be empty") }
        guard trimmed.count <= Self.maximumTitleLength else {
            throw InputError(
                field: "title", problem: "is \(trimmed.count) characters, allowed up to \(Self.maximumTitleLength)")
        }
        guard due > setOn else { throw InputError(field: "due", problem: "must be after the date the goal is set") }
        try target.validate()
        self.title = trimmed
        self.setOn = setOn
        self.due = due
        self.target = target
    }

    private enum CodingKeys: String, CodingKey {
        case title, setOn, due, target
    }

    /// Decodes and validates a goal.
    /// - Throws: `DecodingError.dataCorrupted` with the `InputError` text when a field is out of range.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let title = try container.decode(String.self, forKey: .title)
        let setOn = try container.decode(Date.self, forKey: .setOn)
        let due = try container.decode(Date.self, forKey: .due)
        let target = try container.decode(CareGoalTarget.self, forKey: .target)
        do throws(InputError) {
            self = try CareGoal(title: title, setOn: setOn, due: due, target: target)
        } catch {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    /// Encodes the goal.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(title, forKey: .title)
        try container.encode(setOn, forKey: .setOn)
        try container.encode(due, forKey: .due)
        try container.encode(target, forKey: .target)
    }

    /// How far through the goal's time `now` is: `(now − setOn) / (due − setOn)`, clamped to 0…1.
    public func elapsedFraction(now: Date) -> Double {
        let span = due.timeIntervalSince(setOn)
        guard span > 0 else { return 1 }
        return min(1, max(0, now.timeIntervalSince(setOn) / span))
    }

    /// Evaluates the goal.
    ///
    /// Only evidence dated from `setOn` up to `now` counts (later dates have not happened yet). Treadmill goals
    /// read `sessions`, outcome goals read the results of their measure in `outcomes` (results of other measures
    /// are ignored). In order:
    /// 1. **achieved**: the earliest evidence that meets the target, with its date; `isLate` when that date is
    ///    after `due` (the target was met, but not by the due date).
    /// 2. **overdue**: `now` is after `due` and nothing met the target, with the progress reached.
    /// 3. **not started**: no counted evidence yet.
    /// 4. **in progress**: the progress fraction (see `CareGoalProgress`) and whether it keeps pace with time.
    /// - Throws: `InputError` for `sessions[i].<field>` or `outcomes[i].value` when a piece of evidence is out of
    ///   range.
    public func status(
        sessions: [TreadmillGoalEvidence] = [], outcomes: [OutcomeResult] = [], now: Date
    ) throws(InputError) -> CareGoalStatus {
        for (index, session) in sessions.enumerated() {
            try session.validate(field: "sessions[\(index)]")
        }
        for (index, result) in outcomes.enumerated() {
            try result.measure.measure.validate(result.value, field: "outcomes[\(index)].value")
        }
        let evidence: [CareGoalEvidence]
        switch target {
        case .treadmill: evidence = sessions.map(CareGoalEvidence.session)
        case .outcome(let outcome):
            evidence = outcomes.filter { $0.measure == outcome.measure }.map(CareGoalEvidence.outcome)
        }
        let counted = evidence.enumerated()
            .filter { $0.element.date >= setOn && $0.element.date <= now }
            .sorted { $0.element.date != $1.element.date ? $0.element.date < $1.element.date : $0.offset < $1.offset }
            .map(\.element)
        if let met = counted.first(where: target.isMet) {
            return .achieved(CareGoalAchievement(date: met.date, evidence: met, isLate: met.date > due))
        }
        let progress = CareGoalProgress(
            fraction: target.progress(counted), expectedFraction: elapsedFraction(now: now),
            latestEvidence: counted.last)
        if now > due { return .overdue(progress) }
        if counted.isEmpty { return .notStarted }
        return .inProgress(progress)
    }
}

/// What counts as reaching a goal.
public enum CareGoalTarget: Hashable, Sendable, Codable {
    /// Continuous backward walking on the treadmill at or above a speed, with at most a level of handrail support.
    case treadmill(TreadmillGoalTarget)
    /// An outcome measure reaching a threshold in its better direction.
    case outcome(OutcomeGoalTarget)

    /// Checks the target's values.
    /// - Throws: `InputError` for `target.continuousMinutes`, `target.minimumSpeed` or `target.threshold`.
    public func validate() throws(InputError) {
        switch self {
        case .treadmill(let target): try target.validate()
        case .outcome(let target): try target.validate()
        }
    }

    /// Whether one piece of evidence meets the target (evidence of the other kind never does).
    public func isMet(by evidence: CareGoalEvidence) -> Bool {
        switch (self, evidence) {
        case (.treadmill(let target), .session(let session)): target.isMet(by: session)
        case (.outcome(let target), .outcome(let result)): target.isMet(by: result.value)
        default: false
        }
    }

    /// Progress towards the target from dated evidence (oldest first), 0…1; see `CareGoalProgress.fraction`.
    public func progress(_ evidence: [CareGoalEvidence]) -> Double {
        switch self {
        case .treadmill(let target):
            let sessions = evidence.compactMap { if case .session(let session) = $0 { session } else { nil } }
            return sessions.map(target.progress).max() ?? 0
        case .outcome(let target):
            let values = evidence.compactMap { if case .outcome(let result) = $0 { result.value } else { nil } }
            guard let baseline = values.first, let latest = values.last else { return 0 }
            return target.progress(baseline: baseline, latest: latest)
        }
    }
}

/// A treadmill target: at least `continuousMinutes` of continuous backward walking at `minimumSpeed` or faster,
/// holding on no more than `maximumSupport`.
public struct TreadmillGoalTarget: Hashable, Sendable, Codable {
    /// Minutes of continuous backward walking.
    public var continuousMinutes: Double
    /// The slowest speed that counts.
    public var minimumSpeed: Speed
    /// The most handrail support allowed (`.handsFree` means without the handrail).
    public var maximumSupport: HandrailLevel

    /// The longest target accepted, in minutes.
    public static let maximumMinutes = 180.0

    /// Creates a target; check it with `validate()` (`CareGoal.init` does).
    public init(continuousMinutes: Double, minimumSpeed: Speed, maximumSupport: HandrailLevel) {
        self.continuousMinutes = continuousMinutes
        self.minimumSpeed = minimumSpeed
        self.maximumSupport = maximumSupport
    }

    /// Checks the minutes (above 0, at most 180) and the speed (above 0, at most the input limit of 30 km/h).
    /// - Throws: `InputError` for `target.continuousMinutes` or `target.minimumSpeed`.
    public func validate() throws(InputError) {
        guard continuousMinutes.isFinite, continuousMinutes > 0 else {
            throw InputError(field: "target.continuousMinutes", problem: "must be above 0 min, allowed up to 180 min")
        }
        try InputError.check("target.continuousMinutes", continuousMinutes, in: 0...Self.maximumMinutes, unit: "min")
        let speed = minimumSpeed.kilometersPerHour
        guard speed.isFinite, speed > 0 else {
            throw InputError(field: "target.minimumSpeed", problem: "must be above 0 km/h, allowed up to 30 km/h")
        }
        try InputError.check(
            "target.minimumSpeed", speed, in: 0...InputLimits.maximumSpeed.kilometersPerHour, unit: "km/h")
    }

    /// Whether a session's bout was fast enough with no more support than allowed (its length aside).
    public func qualifies(_ session: TreadmillGoalEvidence) -> Bool {
        session.speed.metersPerSecond + OutcomeChangeThreshold.tolerance >= minimumSpeed.metersPerSecond
            && session.handrail.independence >= maximumSupport.independence
    }

    /// Whether a session meets the whole target.
    public func isMet(by session: TreadmillGoalEvidence) -> Bool {
        qualifies(session) && session.continuousMinutes + OutcomeChangeThreshold.tolerance >= continuousMinutes
    }

    /// One session's progress: its minutes over the target minutes, capped at 1, when speed and support qualify;
    /// 0 otherwise.
    public func progress(_ session: TreadmillGoalEvidence) -> Double {
        guard qualifies(session) else { return 0 }
        return min(1, session.continuousMinutes / continuousMinutes)
    }
}

/// An outcome target: the measure's value at `threshold` or better (lower for timed tests and pain, higher for
/// speed and distance). Reaching the threshold exactly counts.
public struct OutcomeGoalTarget: Hashable, Sendable, Codable {
    /// Which measure.
    public var measure: OutcomeMeasureID
    /// The value to reach, in the measure's unit.
    public var threshold: Double

    /// Creates a target; check it with `validate()` (`CareGoal.init` does).
    public init(measure: OutcomeMeasureID, threshold: Double) {
        self.measure = measure
        self.threshold = threshold
    }

    /// Checks the threshold against the measure's valid range.
    /// - Throws: `InputError` for `target.threshold`.
    public func validate() throws(InputError) {
        try measure.measure.validate(threshold, field: "target.threshold")
    }

    /// Whether a value is at the threshold or better.
    public func isMet(by value: Double) -> Bool {
        measure.measure.betterDirection.isAtLeastAsGood(value, as: threshold)
    }

    /// How much of the way from the baseline to the threshold the latest value has come, 0…1. A latest value
    /// worse than the baseline is 0.
    public func progress(baseline: Double, latest: Double) -> Double {
        let direction = measure.measure.betterDirection
        let needed = direction.improvement(from: baseline, to: threshold)
        guard needed > 0 else { return 1 }
        return min(1, max(0, direction.improvement(from: baseline, to: latest) / needed))
    }
}

/// One session's facts for treadmill goals: its longest continuous backward-walking bout, the slowest speed held
/// through that bout, and the most handrail support used in it.
public struct TreadmillGoalEvidence: Hashable, Sendable, Codable {
    /// When the session took place.
    public var date: Date
    /// Minutes of the longest continuous backward-walking bout.
    public var continuousMinutes: Double
    /// The slowest speed held through that bout.
    public var speed: Speed
    /// The most support used during that bout.
    public var handrail: HandrailLevel

    /// The longest bout accepted, in minutes (one day).
    public static let maximumMinutes = 1440.0

    /// Creates session facts; `CareGoal.status` validates them.
    public init(date: Date, continuousMinutes: Double, speed: Speed, handrail: HandrailLevel) {
        self.date = date
        self.continuousMinutes = continuousMinutes
        self.speed = speed
        self.handrail = handrail
    }

    /// Checks minutes (0–1440) and speed (0–30 km/h).
    /// - Throws: `InputError` for `<field>.continuousMinutes` or `<field>.speed`.
    public func validate(field: String = "session") throws(InputError) {
        try InputError.check("\(field).continuousMinutes", continuousMinutes, in: 0...Self.maximumMinutes, unit: "min")
        try InputError.check(
            "\(field).speed", speed.kilometersPerHour, in: 0...InputLimits.maximumSpeed.kilometersPerHour, unit: "km/h")
    }
}

/// A piece of evidence towards a goal.
public enum CareGoalEvidence: Hashable, Sendable, Codable {
    /// A treadmill session's facts.
    case session(TreadmillGoalEvidence)
    /// An outcome result.
    case outcome(OutcomeResult)

    /// When it happened.
    public var date: Date {
        switch self {
        case .session(let session): session.date
        case .outcome(let result): result.date
        }
    }
}

/// A reached goal.
public struct CareGoalAchievement: Hashable, Sendable, Codable {
    /// When the target was first met.
    public var date: Date
    /// What met it.
    public var evidence: CareGoalEvidence
    /// Whether it was met after the due date.
    public var isLate: Bool

    /// Creates an achievement.
    public init(date: Date, evidence: CareGoalEvidence, isLate: Bool) {
        self.date = date
        self.evidence = evidence
        self.isLate = isLate
    }
}

/// Progress towards a goal not yet reached.
public struct CareGoalProgress: Hashable, Sendable, Codable {
    /// How far along, 0…1.
    /// - Treadmill goals: the best session's longest bout over the target minutes, counting only sessions at or
    ///   above the target speed with no more support than allowed (others count 0).
    /// - Outcome goals: the share of the way from the baseline (the first counted result) to the threshold that
    ///   the latest result has come, in the measure's better direction; 0 when the latest is no better than the
    ///   baseline.
    public var fraction: Double
    /// The share of the time between setting and due date that has passed, 0…1.
    public var expectedFraction: Double
    /// The most recent counted evidence, if any.
    public var latestEvidence: CareGoalEvidence?

    /// Creates progress.
    public init(fraction: Double, expectedFraction: Double, latestEvidence: CareGoalEvidence?) {
        self.fraction = fraction
        self.expectedFraction = expectedFraction
        self.latestEvidence = latestEvidence
    }

    /// On track: progress is at least the share of time passed (a straight line from setting to due date).
    public var isOnTrack: Bool { fraction + OutcomeChangeThreshold.tolerance >= expectedFraction }
}

/// Where a goal stands.
public enum CareGoalStatus: Hashable, Sendable, Codable {
    /// No counted evidence yet, and the due date has not passed.
    case notStarted
    /// Evidence so far, target not met, due date not passed.
    case inProgress(CareGoalProgress)
    /// The due date has passed and the target was not met.
    case overdue(CareGoalProgress)
    /// The target was met (possibly after the due date: see `isLate`).
    case achieved(CareGoalAchievement)
}
