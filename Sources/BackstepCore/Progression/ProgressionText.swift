import Foundation

/// Formatting shared by the engine's sentences and the command line.
public enum ProgressionText {
    /// "0.58 m/s (2.1 km/h)" or "0.58 m/s (1.3 mph)".
    public static func speed(_ speed: Speed, units: UnitPreference) -> String {
        let unit = units.speedUnit
        return
            "\(number(speed.metersPerSecond, digits: 2)) m/s (\(number(speed.value(in: unit), digits: 1)) \(unit.symbol))"
    }

    /// "10 min", "1 min 30 s", "45 s".
    public static func duration(_ seconds: Seconds) -> String {
        let total = Int(seconds.rounded())
        let minutes = total / 60
        let rest = total % 60
        if minutes == 0 { return "\(rest) s" }
        return rest == 0 ? "\(minutes) min" : "\(minutes) min \(rest) s"
    }

    /// A calendar day in UTC, "2026-03-02".
    public static func day(_ date: Date) -> String {
        let days = Int((date.timeIntervalSince1970 / 86_400).rounded(.down))
        let (year, month, day) = civilDate(fromDays: days)
        let mm = month < 10 ? "0\(month)" : "\(month)"
        let dd = day < 10 ? "0\(day)" : "\(day)"
        return "\(year)-\(mm)-\(dd)"
    }

    /// A number with at most `digits` decimals and no trailing zeros.
    public static func number(_ value: Double, digits: Int = 1) -> String {
        var scale = 1.0
        for _ in 0..<max(digits, 0) { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        if rounded == rounded.rounded(), abs(rounded) < 1e12 { return String(Int(rounded)) }
        var text = String(rounded)
        if let dot = text.firstIndex(of: "."), text.distance(from: dot, to: text.endIndex) - 1 > digits {
            text = String(text[...text.index(dot, offsetBy: digits)])
        }
        return text
    }

    /// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's civil_from_days algorithm).
    static func civilDate(fromDays days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }
}
