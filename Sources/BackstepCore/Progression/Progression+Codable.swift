import Foundation

/// JSON form of prescriptions, session feedback, records and decisions. Keys carry their unit (`speedMps`,
/// `gradePercent`, `durationSeconds`); decoding checks every range and names the offending field, e.g.
/// `feedback.painDuring: 11 is out of range, allowed 0–10`. `docs/feedback-format.md` describes the format.

extension KeyedDecodingContainer {
    /// Decodes a number and checks it against `range`, reporting the key when it is outside.
    fileprivate func decodeChecked(_ key: Key, in range: ClosedRange<Double>, unit: String) throws -> Double {
        let value = try decode(Double.self, forKey: key)
        do {
            try InputError.check(key.stringValue, value, in: range, unit: unit)
        } catch {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: error.problem)
        }
        return value
    }

    /// Like `decodeChecked(_:in:unit:)`, but `nil` when the key is absent or null.
    fileprivate func decodeCheckedIfPresent(_ key: Key, in range: ClosedRange<Double>, unit: String) throws -> Double? {
        guard try decodeIfPresent(Double.self, forKey: key) != nil else { return nil }
        return try decodeChecked(key, in: range, unit: unit)
    }

    /// Like `decodeChecked(_:in:)`, but `nil` when the key is absent or null.
    fileprivate func decodeCheckedIfPresent(_ key: Key, in range: ClosedRange<Int>) throws -> Int? {
        guard try decodeIfPresent(Int.self, forKey: key) != nil else { return nil }
        return try decodeChecked(key, in: range)
    }

    /// Decodes a whole number and checks it against `range`, reporting the key when it is outside.
    fileprivate func decodeChecked(_ key: Key, in range: ClosedRange<Int>) throws -> Int {
        let value = try decode(Int.self, forKey: key)
        do {
            try InputError.check(key.stringValue, value, in: range)
        } catch {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: error.problem)
        }
        return value
    }
}

extension Prescription: Codable {
    enum CodingKeys: String, CodingKey {
        case speedMps, gradePercent, durationSeconds, handrail, gait, stage, targetDurationSeconds
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let target = try c.decodeCheckedIfPresent(.targetDurationSeconds, in: Self.durationRange, unit: "s")
        self.init(
            speed: Speed(metersPerSecond: try c.decodeChecked(.speedMps, in: Self.speedRange, unit: "m/s")),
            grade: Grade(
                percent: try c.decodeCheckedIfPresent(.gradePercent, in: InputLimits.gradeRange, unit: "%") ?? 0),
            duration: try c.decodeChecked(.durationSeconds, in: Self.durationRange, unit: "s"),
            handrail: try c.decodeIfPresent(HandrailLevel.self, forKey: .handrail) ?? .twoHands,
            gait: try c.decodeIfPresent(Gait.self, forKey: .gait) ?? .walk,
            stage: try c.decode(TrainingStage.self, forKey: .stage),
            targetDuration: target)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(speed.metersPerSecond, forKey: .speedMps)
        try c.encode(grade.percent, forKey: .gradePercent)
        try c.encode(duration, forKey: .durationSeconds)
        try c.encode(handrail, forKey: .handrail)
        try c.encode(gait, forKey: .gait)
        try c.encode(stage, forKey: .stage)
        try c.encodeIfPresent(targetDuration, forKey: .targetDurationSeconds)
    }
}

extension SessionFeedback: Codable {
    enum CodingKeys: String, CodingKey {
        case date, completed, rpe, rpeScale, painDuring, painAfter, painNextMorning, handrailUsed, lostBalance
        case nearFall, redFlags, notes
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let scale = try c.decodeIfPresent(ExertionScale.self, forKey: .rpeScale) ?? .borg
        let rpe = try c.decodeCheckedIfPresent(.rpe, in: scale.range, unit: "on the \(scale.rawValue) scale")
        let morning = try c.decodeCheckedIfPresent(.painNextMorning, in: Self.painRange)
        let date: Date
        do {
            date = try c.decode(Date.self, forKey: .date)
        } catch DecodingError.dataCorrupted(let context) where context.codingPath.last?.stringValue != "date" {
            // Some date strategies report the error without the key; add it so the message names the field.
            throw DecodingError.dataCorruptedError(forKey: .date, in: c, debugDescription: context.debugDescription)
        }
        self.init(
            date: date,
            completed: try c.decode(Bool.self, forKey: .completed),
            exertion: rpe.map { PerceivedExertion($0, scale: scale) },
            painDuring: try c.decodeChecked(.painDuring, in: Self.painRange),
            painAfter: try c.decodeChecked(.painAfter, in: Self.painRange),
            painNextMorning: morning,
            handrailUsed: try c.decode(HandrailLevel.self, forKey: .handrailUsed),
            lostBalance: try c.decodeIfPresent(Bool.self, forKey: .lostBalance) ?? false,
            nearFall: try c.decodeIfPresent(Bool.self, forKey: .nearFall) ?? false,
            redFlags: Set(try c.decodeIfPresent([RedFlagSymptom].self, forKey: .redFlags) ?? []),
            notes: try c.decodeIfPresent(String.self, forKey: .notes) ?? "")
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(date, forKey: .date)
        try c.encode(completed, forKey: .completed)
        try c.encodeIfPresent(exertion?.value, forKey: .rpe)
        try c.encodeIfPresent(exertion?.scale, forKey: .rpeScale)
        try c.encode(painDuring, forKey: .painDuring)
        try c.encode(painAfter, forKey: .painAfter)
        try c.encodeIfPresent(painNextMorning, forKey: .painNextMorning)
        try c.encode(handrailUsed, forKey: .handrailUsed)
        try c.encode(lostBalance, forKey: .lostBalance)
        try c.encode(nearFall, forKey: .nearFall)
        try c.encode(redFlags.sorted(), forKey: .redFlags)
        try c.encode(notes, forKey: .notes)
    }
}

extension SessionRecord: Codable {
    enum CodingKeys: String, CodingKey { case prescription, feedback }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            prescription: try c.decode(Prescription.self, forKey: .prescription),
            feedback: try c.decode(SessionFeedback.self, forKey: .feedback))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(prescription, forKey: .prescription)
        try c.encode(feedback, forKey: .feedback)
    }
}

extension ProgressionReason: Encodable {
    enum CodingKeys: String, CodingKey { case rule, title, message, source, sentence }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(rule, forKey: .rule)
        try c.encode(rule.title, forKey: .title)
        try c.encode(message, forKey: .message)
        try c.encode(rule.source, forKey: .source)
        try c.encode(sentence, forKey: .sentence)
    }
}

extension RunningGateStatus: Encodable {
    enum CodingKeys: String, CodingKey { case open, missing }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(isOpen, forKey: .open)
        try c.encode(missing, forKey: .missing)
    }
}

extension ProgressionDecision: Encodable {
    enum CodingKeys: String, CodingKey {
        case action, rule, changedVariable, changedVariables, current, next, stageChange, reasons, runningGate
    }

    enum StageChangeKeys: String, CodingKey { case from, to }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(action, forKey: .action)
        try c.encode(rule, forKey: .rule)
        try c.encode(changedVariable, forKey: .changedVariable)
        try c.encode(changedVariables, forKey: .changedVariables)
        try c.encode(current, forKey: .current)
        try c.encode(next, forKey: .next)
        if let newStage {
            var stage = c.nestedContainer(keyedBy: StageChangeKeys.self, forKey: .stageChange)
            try stage.encode(current.stage, forKey: .from)
            try stage.encode(newStage, forKey: .to)
        } else {
            try c.encodeNil(forKey: .stageChange)
        }
        try c.encode(reasons, forKey: .reasons)
        try c.encode(runningGate, forKey: .runningGate)
    }
}
