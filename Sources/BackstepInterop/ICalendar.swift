import BackstepCore
import Foundation

/// Plan → iCalendar (RFC 5545): one VEVENT per planned session (`protocols-formats.md` §3.3).
///
/// Each event has a stable UID derived from the plan's content (dates left out) and the session's week and day,
/// so exporting the same plan again — even from another start date — gives the same UIDs and calendars update
/// the events instead of duplicating them. DTSTAMP is UTC; DTSTART is a floating local time (the session's day
/// at `Options.startHour`), with DURATION (never DTEND). SUMMARY names the workout; DESCRIPTION lists its steps
/// and cues. Text is escaped, lines are folded at 75 octets (never inside a UTF-8 sequence) and end in CRLF.
public enum ICalendarExport {
    /// Export settings.
    public struct Options: Sendable, Hashable {
        /// The first day of the plan, used when the plan's sessions have no dates.
        public var startDate: Date?
        /// The local hour (0–23) and minute at which sessions start.
        public var startHour: Int
        /// The local minute at which sessions start.
        public var startMinute: Int
        /// The DTSTAMP of every event: when the file was made.
        public var stamp: Date
        /// Speed units for the descriptions.
        public var units: SpeedUnit

        /// Creates options.
        /// - Parameters:
        ///   - startDate: the plan's first day when its sessions carry no dates.
        ///   - startHour: local start hour.
        ///   - startMinute: local start minute.
        ///   - stamp: when the file was made.
        ///   - units: speed units for descriptions.
        public init(
            startDate: Date? = nil, startHour: Int = 7, startMinute: Int = 0, stamp: Date,
            units: SpeedUnit = .kilometersPerHour
        ) {
            self.startDate = startDate
            self.startHour = startHour
            self.startMinute = startMinute
            self.stamp = stamp
            self.units = units
        }
    }

    /// The plan as an iCalendar document.
    /// - Parameters:
    ///   - plan: the plan.
    ///   - options: export settings.
    /// - Throws: `InteropError` when no session has a date and no start date was given, or the time is invalid.
    public static func document(_ plan: Plan, options: Options) throws(InteropError) -> String {
        guard (0...23).contains(options.startHour), (0...59).contains(options.startMinute) else {
            throw InteropError(
                .unrepresentable, format: .ics,
                "the start time \(options.startHour):\(options.startMinute) is not a time of day")
        }
        let planHash = contentHash(plan)
        var lines = [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Backstep//Backward walking plan//EN", "CALSCALE:GREGORIAN",
            "X-WR-CALNAME:\(escape("Backstep: \(plan.goal.rawValue) plan"))",
        ]
        let stamp = ISOTime.compactUTC(options.stamp)
        for session in plan.sessions {
            let day: Date
            if let date = session.date {
                day = date
            } else if let start = options.startDate {
                day = start.addingTimeInterval(Double((session.week - 1) * 7 + (session.day - 1)) * 86_400)
            } else {
                throw InteropError(
                    .unrepresentable, format: .ics,
                    "the plan's sessions have no dates; give a start date (--start YYYY-MM-DD)")
            }
            let (year, month, dayOfMonth) = ISOTime.utcDay(day)
            let start = String(
                format: "%04lld%02lld%02lldT%02d%02d00", year, month, dayOfMonth, options.startHour, options.startMinute
            )
            let minutes = max(Int((session.estimatedSeconds / 60).rounded(.up)), 1)
            var description = [session.workout.summary].filter { !$0.isEmpty }
            description.append("Week \(session.week), day \(session.day). Program: \(session.programId).")
            for (index, item) in session.workout.items.enumerated() {
                switch item {
                case .step(let step):
                    description.append("\(index + 1). \(InteropText.describe(step, units: options.units))")
                    description += step.cues.map { "   - \($0.text)" }
                case .repeats(let block):
                    description.append("\(index + 1). Repeat \(block.count)×:")
                    for step in block.steps {
                        description.append("   · \(InteropText.describe(step, units: options.units))")
                        description += step.cues.map { "     - \($0.text)" }
                    }
                }
            }
            description.append(
                "Stop at once for chest pain, dizziness, faintness, sharp or rising joint pain, or a loss of balance.")
            lines += [
                "BEGIN:VEVENT",
                "UID:\(uid(planHash: planHash, week: session.week, day: session.day))",
                "DTSTAMP:\(stamp)",
                "DTSTART:\(start)",
                "DURATION:PT\(minutes)M",
                "SUMMARY:\(escape("Backstep: \(session.workout.name)"))",
                "DESCRIPTION:\(escape(description.joined(separator: "\n")))",
                "CATEGORIES:Backstep,Backward walking",
                "TRANSP:OPAQUE",
                "END:VEVENT",
            ]
        }
        lines.append("END:VCALENDAR")
        return lines.map(fold).joined(separator: "\r\n") + "\r\n"
    }

    /// The UID of a session: `backstep-<plan hash>-w<week>d<day>@backstep.app`.
    /// - Parameters:
    ///   - planHash: `contentHash(plan)`.
    ///   - week: the session's week.
    ///   - day: the session's day.
    public static func uid(planHash: String, week: Int, day: Int) -> String {
        "backstep-\(planHash)-w\(week)d\(day)@backstep.app"
    }

    /// A hash of the plan's content without its dates (20 hex digits).
    /// - Parameter plan: the plan.
    public static func contentHash(_ plan: Plan) -> String {
        var undated = plan
        for week in undated.weeks.indices {
            for session in undated.weeks[week].sessions.indices { undated.weeks[week].sessions[session].date = nil }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var hash = StableHash()
        hash.combine((try? encoder.encode(undated)).map { [UInt8]($0) } ?? Array("\(undated)".utf8))
        return String(hash.hex.prefix(20))
    }

    /// TEXT escaping (§3.3.11): backslash, semicolon, comma and newline.
    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n", "\r\n", "\r": out += "\\n"
            default:
                if character.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F }) {
                    out.append(character)
                }
            }
        }
        return out
    }

    /// Folds a content line at 75 octets (§3.1): CRLF plus one space, never splitting a UTF-8 sequence.
    static func fold(_ line: String) -> String {
        var out = ""
        var octets = 0
        var limit = 75
        for scalar in line.unicodeScalars {
            let size = String(scalar).utf8.count
            if octets + size > limit {
                out += "\r\n "
                octets = 0
                limit = 74
            }
            out.unicodeScalars.append(scalar)
            octets += size
        }
        return out
    }
}
