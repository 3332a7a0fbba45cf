import BackstepCore
import Foundation

/// Numbers as the pages show them, in the user's units.
enum Fmt {
    static func speed(_ speed: Speed?, _ units: UnitPreference) -> String {
        guard let speed else { return "–" }
        return "\(ProgressionText.number(speed.value(in: units.speedUnit), digits: 1)) \(units.speedUnit.symbol)"
    }

    static func speedValue(_ speed: Speed?, _ units: UnitPreference) -> String {
        guard let speed else { return "" }
        return ProgressionText.number(speed.value(in: units.speedUnit), digits: 2)
    }

    static func distance(_ meters: Double, _ units: UnitPreference) -> String {
        units == .metric
            ? "\(ProgressionText.number(meters / 1000, digits: 2)) km"
            : "\(ProgressionText.number(meters / Distance.metersPerMile, digits: 2)) mi"
    }

    static func minutes(_ seconds: Double) -> String { ProgressionText.duration(seconds) }

    static func day(_ date: Date) -> String { ProgressionText.day(date) }

    static func dateTime(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_GB")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE d MMM yyyy, HH:mm"
        return formatter.string(from: date) + " UTC"
    }

    static func weekday(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_GB")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEEE d MMM"
        return formatter.string(from: date)
    }

    static func kcal(_ value: Double) -> String { "\(Int(value.rounded())) kcal" }
}
