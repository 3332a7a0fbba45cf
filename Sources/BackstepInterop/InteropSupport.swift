import BackstepCore
import Foundation

/// A 128-bit FNV-1a hash (two 64-bit lanes with different offsets), used for stable identifiers:
/// iCalendar UIDs, FIT serial numbers and the ids of imported sessions. Deterministic across runs and
/// platforms; not cryptographic.
public struct StableHash: Sendable {
    private var a: UInt64 = 0xcbf2_9ce4_8422_2325
    private var b: UInt64 = 0x6c62_272e_07bb_0142
    private static let prime: UInt64 = 0x0000_0100_0000_01B3

    /// Creates an empty hash.
    public init() {}

    /// Adds bytes.
    /// - Parameter bytes: the bytes.
    public mutating func combine(_ bytes: some Sequence<UInt8>) {
        for byte in bytes {
            a = (a ^ UInt64(byte)) &* Self.prime
            b = (b ^ UInt64(byte ^ 0x5A)) &* Self.prime
        }
        // A separator, so ("ab", "c") and ("a", "bc") differ.
        a = (a ^ 0xFF) &* Self.prime
        b = (b ^ 0x00) &* Self.prime
    }

    /// Adds a string's UTF-8 bytes.
    /// - Parameter text: the string.
    public mutating func combine(_ text: String) { combine(Array(text.utf8)) }

    /// The two lanes.
    public var value: (UInt64, UInt64) { (a, b) }

    /// The hash as 32 lowercase hex digits.
    public var hex: String {
        func pad(_ value: UInt64) -> String {
            let text = String(value, radix: 16)
            return String(repeating: "0", count: 16 - text.count) + text
        }
        return pad(a) + pad(b)
    }

    /// The hash as a UUID (version 8, RFC 9562 "custom"), for stable record ids.
    public var uuid: UUID {
        var bytes: [UInt8] = []
        for lane in [a, b] {
            for shift in stride(from: 56, through: 0, by: -8) {
                bytes.append(UInt8(truncatingIfNeeded: lane >> UInt64(shift)))
            }
        }
        bytes[6] = (bytes[6] & 0x0F) | 0x80
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return UUID(
            uuid: (
                bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7], bytes[8], bytes[9],
                bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
            ))
    }
}

/// Text helpers shared by the writers.
enum InteropText {
    /// The longest prefix of `text` whose UTF-8 form fits in `maximumBytes`, cut between characters
    /// (never inside a multi-byte sequence or a grapheme cluster); "…" marks a cut when it fits.
    static func truncated(_ text: String, maximumBytes: Int) -> String {
        guard text.utf8.count > maximumBytes else { return text }
        let ellipsis = "…"
        let budget = maximumBytes - ellipsis.utf8.count
        guard budget > 0 else { return "" }
        var result = ""
        var used = 0
        for character in text {
            let size = String(character).utf8.count
            if used + size > budget { break }
            result.append(character)
            used += size
        }
        while result.last?.isWhitespace == true { result.removeLast() }
        return result + ellipsis
    }

    /// Escapes text for XML content and attribute values.
    static func xmlEscaped(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\u{9}", "\u{A}", "\u{D}": out.unicodeScalars.append(scalar)
            default:
                // XML 1.0 forbids other control characters; drop them.
                if scalar.value >= 0x20 && !(0xFFFE...0xFFFF).contains(scalar.value) {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// A number with at most `digits` decimals and no trailing zeros ("2.5", "3", "0.833").
    static func number(_ value: Double, digits: Int = 3) -> String {
        guard value.isFinite else { return "0" }
        let scale = pow(10.0, Double(digits))
        let rounded = (value * scale).rounded() / scale
        if rounded == rounded.rounded(), abs(rounded) < 1e15 { return String(Int64(rounded)) }
        var text = String(format: "%.\(digits)f", rounded)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    /// A speed in a unit with its symbol, e.g. "3.2 km/h".
    static func speed(_ speed: Speed, _ unit: SpeedUnit) -> String {
        "\(number(speed.value(in: unit), digits: unit == .metersPerSecond ? 2 : 1)) \(unit.symbol)"
    }

    /// A step's goal in words: "2:00", "400 m", "10 reps", "until done".
    static func goal(_ goal: StepGoal) -> String {
        switch goal {
        case .time(let seconds):
            let total = Int(seconds.rounded())
            return total >= 3600
                ? String(format: "%d:%02d:%02d", total / 3600, total % 3600 / 60, total % 60)
                : String(format: "%d:%02d", total / 60, total % 60)
        case .distance(let distance): return "\(number(distance.meters, digits: 0)) m"
        case .reps(let reps): return "\(reps) reps"
        case .repsForTime(let reps): return "\(reps) reps for time"
        case .open: return "until done"
        }
    }

    /// One step on one line, with its targets in words: "Backward walk · 5:00 · 2.5 km/h · level · hands free".
    static func describe(_ step: Step, units: SpeedUnit) -> String {
        var parts = [step.name, goal(step.goal)]
        switch step.activity {
        case .locomotion(let motion):
            parts.append("\(motion.direction.rawValue) \(motion.gait.rawValue)")
            switch motion.speed {
            case .fixed(let value): parts.append(speed(value, units))
            case .range(let low, let high):
                parts.append(
                    "\(number(low.value(in: units), digits: units == .metersPerSecond ? 2 : 1))–\(speed(high, units))")
            case .effort(let effort): parts.append("\(effort.label) effort")
            }
            parts.append(motion.grade.percent == 0 ? "level" : "incline \(number(motion.grade.percent, digits: 1)) %")
            parts.append(motion.handrail.label)
        case .rest(let rest):
            parts.append("rest (\(rest.kind.rawValue.replacingOccurrences(of: "-", with: " ")))")
            if let restSpeed = rest.speed { parts.append(speed(restSpeed, units)) }
        case .strength(let work):
            parts.append(work.exercise.label)
            if let load = work.load { parts.append(load) }
        }
        return parts.joined(separator: " · ")
    }
}

/// ISO 8601 date-times without a formatter object (thread-safe, allocation-light, strict about ranges).
enum ISOTime {
    /// "2025-01-06T07:00:00Z", or with milliseconds when `fraction` and the time has them.
    static func format(_ date: Date, milliseconds: Bool = false) -> String {
        let total = date.timeIntervalSince1970
        var seconds = Int64(total.rounded(.down))
        var millis = Int64(((total - Double(seconds)) * 1000).rounded())
        if millis >= 1000 {
            seconds += 1
            millis -= 1000
        }
        let (days, secondOfDay) = floorDivide(seconds, 86_400)
        let (y, m, d) = civil(fromDays: days)
        var text = String(
            format: "%04lld-%02lld-%02lldT%02lld:%02lld:%02lld", y, m, d, secondOfDay / 3600, secondOfDay % 3600 / 60,
            secondOfDay % 60)
        if milliseconds && millis != 0 { text += String(format: ".%03lld", millis) }
        return text + "Z"
    }

    /// The date part "20250106" and the time part "070000" in UTC, for iCalendar.
    static func compactUTC(_ date: Date) -> String {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        let (days, secondOfDay) = floorDivide(seconds, 86_400)
        let (y, m, d) = civil(fromDays: days)
        return String(
            format: "%04lld%02lld%02lldT%02lld%02lld%02lldZ", y, m, d, secondOfDay / 3600, secondOfDay % 3600 / 60,
            secondOfDay % 60)
    }

    /// Year, month and day of a date in UTC.
    static func utcDay(_ date: Date) -> (year: Int64, month: Int64, day: Int64) {
        let (days, _) = floorDivide(Int64(date.timeIntervalSince1970.rounded(.down)), 86_400)
        return civil(fromDays: days)
    }

    /// Parses "YYYY-MM-DDThh:mm:ss[.fff](Z|±hh:mm)"; a missing zone means UTC. Nil for anything else.
    static func parse(_ text: Substring) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 19, bytes.count <= 40 else { return nil }
        func digits(_ start: Int, _ count: Int) -> Int64? {
            guard start + count <= bytes.count else { return nil }
            var value: Int64 = 0
            for byte in bytes[start..<(start + count)] {
                guard (0x30...0x39).contains(byte) else { return nil }
                value = value * 10 + Int64(byte - 0x30)
            }
            return value
        }
        guard let year = digits(0, 4), bytes[4] == 0x2D, let month = digits(5, 2), bytes[7] == 0x2D,
            let day = digits(8, 2), bytes[10] == 0x54 || bytes[10] == 0x20, let hour = digits(11, 2),
            bytes[13] == 0x3A, let minute = digits(14, 2), bytes[16] == 0x3A, let second = digits(17, 2),
            (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        var index = 19
        var fraction = 0.0
        if index < bytes.count, bytes[index] == 0x2E {
            index += 1
            var scale = 0.1
            let start = index
            while index < bytes.count, (0x30...0x39).contains(bytes[index]) {
                fraction += Double(bytes[index] - 0x30) * scale
                scale /= 10
                index += 1
            }
            guard index > start else { return nil }
        }
        var offset: Int64 = 0
        if index < bytes.count {
            switch bytes[index] {
            case 0x5A:
                index += 1
            case 0x2B, 0x2D:
                let sign: Int64 = bytes[index] == 0x2D ? -1 : 1
                guard let oh = digits(index + 1, 2) else { return nil }
                var next = index + 3
                var om: Int64 = 0
                if next < bytes.count, bytes[next] == 0x3A { next += 1 }
                if next < bytes.count {
                    guard let minutes = digits(next, 2) else { return nil }
                    om = minutes
                    next += 2
                }
                guard oh < 24, om < 60 else { return nil }
                offset = sign * (oh * 3600 + om * 60)
                index = next
            default:
                return nil
            }
        }
        guard index == bytes.count else { return nil }
        let days = daysFromCivil(year, month, day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }

    /// Parses "YYYY-MM-DD" as midnight UTC.
    static func parseDay(_ text: Substring) -> Date? {
        parse(text + "T00:00:00Z")
    }

    private static func floorDivide(_ a: Int64, _ b: Int64) -> (Int64, Int64) {
        let q = a >= 0 ? a / b : -((-a + b - 1) / b)
        return (q, a - q * b)
    }

    /// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(_ year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The proleptic Gregorian date of a day count since 1970-01-01.
    static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? yoe + era * 400 + 1 : yoe + era * 400, m, d)
    }
}
