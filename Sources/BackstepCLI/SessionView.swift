import BackstepCore
import Foundation

/// Shows a live session in the terminal. On a terminal it redraws a status block (a large status line, progress
/// bars for the step and the session, the countdown and the latest cue); otherwise it prints plain lines.
struct SessionView {
    let workout: Workout
    let units: SpeedUnit
    let interactive: Bool
    var controlled = false
    let totalSeconds: Double

    var segment: SegmentInfo?
    var segmentStartedAt: Double = 0
    var lastSample: SessionSample?
    var message = ""
    var cue = ""
    var countdown: Int?
    var drawnLines = 0
    var lastPlainSampleAt = -1000.0

    init(workout: Workout, units: SpeedUnit, interactive: Bool) {
        self.workout = workout
        self.units = units
        self.interactive = interactive
        self.totalSeconds = max(workout.estimatedSeconds, 1)
    }

    mutating func show(_ output: SessionOutput) {
        let t = output.t
        switch output.kind {
        case .command(let command):
            if !interactive { line(t, "treadmill: \(describe(command))") }
        case .event(let event):
            switch event {
            case .ready(let prompt):
                message = prompt
                line(t, prompt)
            case .countdown(let n):
                countdown = n
                line(t, "\(n)…")
            case .segmentStarted(let info):
                segment = info
                segmentStartedAt = t
                countdown = nil
                message = info.instruction
                line(
                    t,
                    "Step \(info.index + 1)/\(info.count): \(info.name)\(round(info)) — \(targets(info.targetSpeed, info.targetGrade)). \(info.instruction)"
                )
            case .cue(let technique):
                cue = technique.text
                line(t, "Cue: \(technique.text)")
            case .targetChangeAnnounced(let change):
                let what = change.speed.map { "speed \(formatSpeed($0, units))" } ?? "the belt pauses"
                let grade = change.grade.map { ", incline \(formatNumber($0.percent, digits: 1)) %" } ?? ""
                message = "Next: \(what)\(grade) in \(Int(change.inSeconds.rounded())) s"
                line(t, message)
            case .sample(let sample):
                lastSample = sample
                countdown = nil
                if !interactive, sample.t - lastPlainSampleAt >= 30 {
                    lastPlainSampleAt = sample.t
                    line(t, statusLine())
                }
            case .paused(let reason):
                switch reason {
                case .rest: message = "Belt paused for the rest."
                case .user: message = "Paused. Press space to continue."
                case .machine: message = "The treadmill's own console paused the belt. Press space to continue."
                }
                line(t, message)
            case .resumed:
                message = "Resumed."
                line(t, message)
            case .skipped:
                line(t, "Skipping to the next step.")
            case .extended(_, let seconds):
                line(t, "Step extended by \(Int(seconds)) s.")
            case .awaitingUser(let prompt):
                message = prompt
                line(t, prompt)
            case .speedAdjusted(let speed):
                line(t, "Speed set to \(formatSpeed(speed, units)).")
            case .capped(let requested, let allowed):
                line(t, "Held at \(formatSpeed(allowed, units)) (asked \(formatSpeed(requested, units))): your cap.")
            case .warning(let text):
                message = "! \(text)"
                line(t, message)
            case .stopped(let reason, let guidance):
                message = "STOPPED (\(reason.rawValue)): \(guidance.stopNow)"
                line(t, message)
                line(t, guidance.whatNext)
                line(t, guidance.seekHelp)
            case .finished(let summary):
                finishDisplay()
                print(Self.summaryText(summary, units: units))
            }
        }
        if interactive { redraw() }
    }

    func round(_ info: SegmentInfo) -> String {
        guard let round = info.round, let rounds = info.rounds else { return "" }
        return " (round \(round)/\(rounds))"
    }

    func targets(_ speed: Speed?, _ grade: Grade?) -> String {
        var parts: [String] = []
        if let speed { parts.append(formatSpeed(speed, units)) }
        if let grade { parts.append(grade.percent == 0 ? "level" : "\(formatNumber(grade.percent, digits: 1)) %") }
        return parts.isEmpty ? "no belt" : parts.joined(separator: ", ")
    }

    func describe(_ command: TreadmillCommand) -> String {
        switch command {
        case .setTargetSpeed(let speed): "set speed \(formatSpeed(speed, units))"
        case .setTargetIncline(let grade): "set incline \(formatNumber(grade.percent, digits: 1)) %"
        default: command.op
        }
    }

    func statusLine() -> String {
        guard let sample = lastSample else { return message }
        let actual = sample.speed.map { formatSpeed($0, units) } ?? "–"
        let target = sample.targetSpeed.map { formatSpeed($0, units) } ?? "–"
        let grade = sample.grade.map { "\(formatNumber($0.percent, digits: 1)) %" } ?? "–"
        let direction = sample.direction.map { $0 == .backward ? "◀ backward" : "▶ forward" } ?? "rest"
        return
            "\(formatClock(sample.t)) \(direction) | target \(target) | belt \(actual), \(grade) | \(formatNumber(sample.distance.meters, digits: 0)) m | \(formatNumber(sample.kcal, digits: 0)) kcal (forward \(formatNumber(sample.forwardKcal, digits: 0)))"
    }

    func bar(_ fraction: Double, width: Int = 24) -> String {
        let filled = Int((min(max(fraction, 0), 1) * Double(width)).rounded())
        return "[" + String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled) + "]"
    }

    /// Prints a plain line (not on a terminal) or keeps it for the status block.
    mutating func line(_ t: Double, _ text: String) {
        if interactive {
            return
        }
        print("[\(formatClock(t))] \(text)")
    }

    mutating func redraw() {
        var lines: [String] = []
        let now = lastSample?.t ?? segmentStartedAt
        if let segment {
            let planned = segment.plannedSeconds ?? 0
            let inStep = max(now - segmentStartedAt, 0)
            let left = planned > 0 ? " · \(formatClock(max(planned - inStep, 0))) left" : ""
            lines.append(
                "\u{1B}[1m STEP \(segment.index + 1)/\(segment.count)  \(segment.name.uppercased())\(round(segment))\(left)\u{1B}[0m"
            )
            lines.append(" step    \(bar(planned > 0 ? inStep / planned : 0))")
        } else {
            lines.append("\u{1B}[1m \(workout.name.uppercased())\u{1B}[0m")
            lines.append("")
        }
        lines.append(" session \(bar(now / totalSeconds)) \(Int(min(now / totalSeconds, 1) * 100)) %")
        lines.append(" \(statusLine())")
        lines.append(countdown.map { " \u{1B}[1m  \($0)  \u{1B}[0m \(message)" } ?? " \(message)")
        lines.append(" \(cue)")
        lines.append(" space start/pause · s stop · p pain stop · n next · d done · +/- speed · q quit")
        var text = ""
        if drawnLines > 0 { text += "\u{1B}[\(drawnLines)A" }
        for line in lines { text += "\r\u{1B}[2K" + line + "\n" }
        FileHandle.standardOutput.write(Data(text.utf8))
        drawnLines = lines.count
    }

    mutating func finishDisplay() {
        if interactive && drawnLines > 0 { FileHandle.standardOutput.write(Data("\n".utf8)) }
        drawnLines = 0
    }

    static func summaryText(_ summary: SessionSummary, units: SpeedUnit) -> String {
        let distance =
            units == .milesPerHour
            ? "\(formatNumber(summary.distance.miles, digits: 2)) mi"
            : "\(formatNumber(summary.distance.kilometers, digits: 2)) km"
        var lines = [
            summary.completed
                ? "Session complete." : "Session ended\(summary.stopReason.map { " (\($0.rawValue))" } ?? "").",
            "  Time: \(formatClock(summary.activeSeconds)) active (\(formatClock(summary.elapsedSeconds)) in all)",
            "  Backward: \(formatClock(summary.backwardSeconds)), \(formatNumber(summary.backwardDistance.meters, digits: 0)) m",
            "  Distance: \(distance)",
            "  Energy: \(formatNumber(summary.kcal, digits: 0)) kcal (the same done forward: \(formatNumber(summary.forwardKcal, digits: 0)) kcal)",
            "  Steps: \(summary.stepsCompleted) of \(summary.stepsTotal)",
        ]
        if summary.kcal > summary.forwardKcal + 0.5 {
            lines.append(
                "  Walking backward cost about \(Int(((summary.kcal / max(summary.forwardKcal, 0.001)) - 1) * 100)) % more than forward."
            )
        }
        return lines.joined(separator: "\n")
    }
}
