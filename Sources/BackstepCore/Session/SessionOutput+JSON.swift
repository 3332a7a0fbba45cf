/// JSON form of engine outputs: one flat object per output with `t` (session seconds) and `type`, and
/// unit-suffixed keys. A treadmill command looks like
/// `{"t":12,"type":"command","op":"setTargetSpeed","speedMps":0.67}`.
extension SessionOutput: Encodable {
    enum CodingKeys: String, CodingKey {
        case t, type, op, speedMps, gradePercent, number, segment, count, name, round, rounds, plannedDurationSeconds
        case direction, gait, targetSpeedMps, targetGradePercent, instruction, cue, text, inSeconds, reason, prompt
        case sequence, distanceMeters, heartRateBpm, met, kcal, forwardKcal, bySeconds, requestedSpeedMps
        case allowedSpeedMps, message, summary, guidance
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(t, forKey: .t)
        switch kind {
        case .command(let command):
            try c.encode("command", forKey: .type)
            try c.encode(command.op, forKey: .op)
            switch command {
            case .setTargetSpeed(let speed): try c.encode(speed.metersPerSecond, forKey: .speedMps)
            case .setTargetIncline(let grade): try c.encode(grade.percent, forKey: .gradePercent)
            default: break
            }
        case .event(let event):
            try encode(event, into: &c)
        }
    }

    func encode(_ event: SessionEvent, into c: inout KeyedEncodingContainer<CodingKeys>) throws {
        switch event {
        case .ready(let prompt):
            try c.encode("ready", forKey: .type)
            try c.encode(prompt, forKey: .prompt)
        case .countdown(let number):
            try c.encode("countdown", forKey: .type)
            try c.encode(number, forKey: .number)
        case .segmentStarted(let info):
            try c.encode("segmentStart", forKey: .type)
            try c.encode(info.index, forKey: .segment)
            try c.encode(info.count, forKey: .count)
            try c.encode(info.name, forKey: .name)
            try c.encodeIfPresent(info.round, forKey: .round)
            try c.encodeIfPresent(info.rounds, forKey: .rounds)
            try c.encodeIfPresent(info.plannedSeconds, forKey: .plannedDurationSeconds)
            try c.encodeIfPresent(info.direction, forKey: .direction)
            try c.encodeIfPresent(info.gait, forKey: .gait)
            try c.encodeIfPresent(info.targetSpeed?.metersPerSecond, forKey: .targetSpeedMps)
            try c.encodeIfPresent(info.targetGrade?.percent, forKey: .targetGradePercent)
            try c.encode(info.instruction, forKey: .instruction)
        case .cue(let cue):
            try c.encode("cue", forKey: .type)
            try c.encode(cue.rawValue, forKey: .cue)
            try c.encode(cue.text, forKey: .text)
        case .targetChangeAnnounced(let change):
            try c.encode("targetChange", forKey: .type)
            try c.encode(change.segment, forKey: .segment)
            try c.encodeIfPresent(change.speed?.metersPerSecond, forKey: .targetSpeedMps)
            try c.encodeIfPresent(change.grade?.percent, forKey: .targetGradePercent)
            try c.encode(change.inSeconds, forKey: .inSeconds)
        case .sample(let sample):
            try c.encode("sample", forKey: .type)
            try c.encode(sample.sequence, forKey: .sequence)
            try c.encode(sample.segment, forKey: .segment)
            try c.encodeIfPresent(sample.direction, forKey: .direction)
            try c.encodeIfPresent(sample.gait, forKey: .gait)
            try c.encodeIfPresent(sample.targetSpeed?.metersPerSecond, forKey: .targetSpeedMps)
            try c.encodeIfPresent(sample.speed?.metersPerSecond, forKey: .speedMps)
            try c.encodeIfPresent(sample.targetGrade?.percent, forKey: .targetGradePercent)
            try c.encodeIfPresent(sample.grade?.percent, forKey: .gradePercent)
            try c.encode(sample.distance.meters, forKey: .distanceMeters)
            try c.encodeIfPresent(sample.heartRate, forKey: .heartRateBpm)
            try c.encode(sample.met, forKey: .met)
            try c.encode(sample.kcal, forKey: .kcal)
            try c.encode(sample.forwardKcal, forKey: .forwardKcal)
        case .paused(let reason):
            try c.encode("pause", forKey: .type)
            try c.encode(reason.rawValue, forKey: .reason)
        case .resumed:
            try c.encode("resume", forKey: .type)
        case .skipped(let segment):
            try c.encode("skip", forKey: .type)
            try c.encode(segment, forKey: .segment)
        case .extended(let segment, let seconds):
            try c.encode("extend", forKey: .type)
            try c.encode(segment, forKey: .segment)
            try c.encode(seconds, forKey: .bySeconds)
        case .awaitingUser(let prompt):
            try c.encode("awaitingUser", forKey: .type)
            try c.encode(prompt, forKey: .prompt)
        case .speedAdjusted(let speed):
            try c.encode("speedAdjusted", forKey: .type)
            try c.encode(speed.metersPerSecond, forKey: .speedMps)
        case .capped(let requested, let allowed):
            try c.encode("capped", forKey: .type)
            try c.encode(requested.metersPerSecond, forKey: .requestedSpeedMps)
            try c.encode(allowed.metersPerSecond, forKey: .allowedSpeedMps)
        case .warning(let message):
            try c.encode("warning", forKey: .type)
            try c.encode(message, forKey: .message)
        case .finished(let summary):
            try c.encode("finish", forKey: .type)
            try c.encode(summary, forKey: .summary)
        case .stopped(let reason, let guidance):
            try c.encode("stop", forKey: .type)
            try c.encode(reason, forKey: .reason)
            try c.encode(guidance, forKey: .guidance)
        }
    }
}

extension SessionSummary: Codable {
    enum CodingKeys: String, CodingKey {
        case elapsedSeconds, activeSeconds, backwardSeconds, distanceMeters, backwardDistanceMeters, kcal, forwardKcal
        case stepsCompleted, stepsTotal, completed, stopReason
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            elapsedSeconds: try c.decode(Double.self, forKey: .elapsedSeconds),
            activeSeconds: try c.decode(Double.self, forKey: .activeSeconds),
            backwardSeconds: try c.decode(Double.self, forKey: .backwardSeconds),
            distance: Distance(meters: try c.decode(Double.self, forKey: .distanceMeters)),
            backwardDistance: Distance(meters: try c.decode(Double.self, forKey: .backwardDistanceMeters)),
            kcal: try c.decode(Double.self, forKey: .kcal),
            forwardKcal: try c.decode(Double.self, forKey: .forwardKcal),
            stepsCompleted: try c.decode(Int.self, forKey: .stepsCompleted),
            stepsTotal: try c.decode(Int.self, forKey: .stepsTotal),
            completed: try c.decode(Bool.self, forKey: .completed),
            stopReason: try c.decodeIfPresent(StopReason.self, forKey: .stopReason))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(elapsedSeconds, forKey: .elapsedSeconds)
        try c.encode(activeSeconds, forKey: .activeSeconds)
        try c.encode(backwardSeconds, forKey: .backwardSeconds)
        try c.encode(distance.meters, forKey: .distanceMeters)
        try c.encode(backwardDistance.meters, forKey: .backwardDistanceMeters)
        try c.encode(kcal, forKey: .kcal)
        try c.encode(forwardKcal, forKey: .forwardKcal)
        try c.encode(stepsCompleted, forKey: .stepsCompleted)
        try c.encode(stepsTotal, forKey: .stepsTotal)
        try c.encode(completed, forKey: .completed)
        try c.encodeIfPresent(stopReason, forKey: .stopReason)
    }
}
