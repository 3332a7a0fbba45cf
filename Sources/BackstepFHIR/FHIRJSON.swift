import Foundation

/// A JSON value whose objects keep their keys in insertion order, so that one export always gives the same bytes.
enum FHIRJSON: Sendable, Equatable {
    /// An object: keys in the order written.
    case object([(String, FHIRJSON)])
    /// An array.
    case array([FHIRJSON])
    /// A string.
    case string(String)
    /// A number, already spelled as FHIR `decimal` / `integer` text.
    case number(String)
    /// `true` or `false`.
    case bool(Bool)

    static func == (lhs: FHIRJSON, rhs: FHIRJSON) -> Bool {
        switch (lhs, rhs) {
        case (.object(let a), .object(let b)):
            a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        case (.array(let a), .array(let b)): a == b
        case (.string(let a), .string(let b)): a == b
        case (.number(let a), .number(let b)): a == b
        case (.bool(let a), .bool(let b)): a == b
        default: false
        }
    }

    /// The value as compact UTF-8 JSON.
    var data: Data {
        var out = ""
        write(into: &out)
        return Data(out.utf8)
    }

    private func write(into out: inout String) {
        switch self {
        case .object(let pairs):
            out += "{"
            for (index, (key, value)) in pairs.enumerated() {
                if index > 0 { out += "," }
                Self.writeString(key, into: &out)
                out += ":"
                value.write(into: &out)
            }
            out += "}"
        case .array(let elements):
            out += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { out += "," }
                element.write(into: &out)
            }
            out += "]"
        case .string(let text): Self.writeString(text, into: &out)
        case .number(let text): out += text
        case .bool(let flag): out += flag ? "true" : "false"
        }
    }

    /// Writes a JSON string literal: quotes, backslashes and control characters escaped, everything else as is.
    private static func writeString(_ text: String, into out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}

/// Builds an object, leaving out members whose value is nil.
struct FHIRObject {
    private(set) var pairs: [(String, FHIRJSON)] = []

    /// Adds a member when the value is there.
    mutating func add(_ key: String, _ value: FHIRJSON?) {
        guard let value else { return }
        pairs.append((key, value))
    }

    /// Adds a string member when it is there and not blank (FHIR strings may not be empty).
    mutating func add(_ key: String, text: String?) {
        add(key, FHIRFormat.string(text))
    }

    /// Adds an array member when it is not empty (FHIR arrays may not be empty).
    mutating func add(_ key: String, array: [FHIRJSON]) {
        guard !array.isEmpty else { return }
        pairs.append((key, .array(array)))
    }

    /// The object.
    var json: FHIRJSON { .object(pairs) }
}

/// Formatting of FHIR primitive values.
enum FHIRFormat {
    /// A FHIR `string`: trimmed, control characters other than tab, CR and LF removed; nil when nothing remains.
    static func string(_ text: String?) -> FHIRJSON? {
        guard let text else { return nil }
        let kept = String(
            String.UnicodeScalarView(
                text.unicodeScalars.filter { $0.value >= 0x20 || $0 == "\n" || $0 == "\r" || $0 == "\t" }
                    .filter { $0.value != 0x7F }))
        let trimmed = kept.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : .string(trimmed)
    }

    /// Whether text is a valid FHIR `code`: no leading or trailing whitespace, no runs of whitespace, not empty.
    static func isCode(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last else { return false }
        let space = CharacterSet.whitespacesAndNewlines
        if space.contains(first) || space.contains(last) { return false }
        var previousWasSpace = false
        for scalar in text.unicodeScalars {
            if scalar.value < 0x20 || scalar.value == 0x7F { return false }
            let isSpace = space.contains(scalar)
            if isSpace && (previousWasSpace || scalar != " ") { return false }
            previousWasSpace = isSpace
        }
        return true
    }

    /// A FHIR `decimal` with at most `fractionDigits` digits after the point, trailing zeros dropped, never in
    /// exponent form; nil for NaN, infinities and magnitudes beyond 1e15.
    static func decimal(_ value: Double, fractionDigits: Int) -> FHIRJSON? {
        guard value.isFinite, abs(value) < 1e15, (0...9).contains(fractionDigits) else { return nil }
        var scale: Int64 = 1
        for _ in 0..<fractionDigits { scale *= 10 }
        let scaled = (value * Double(scale)).rounded(.toNearestOrAwayFromZero)
        guard abs(scaled) < 9e18 else { return nil }
        let units = Int64(scaled)
        if units == 0 { return .number("0") }
        let magnitude = units.magnitude
        let whole = magnitude / UInt64(scale)
        var fraction = String(magnitude % UInt64(scale))
        var text = (units < 0 ? "-" : "") + String(whole)
        if fractionDigits > 0 {
            fraction = String(repeating: "0", count: fractionDigits - fraction.count) + fraction
            while fraction.hasSuffix("0") { fraction.removeLast() }
            if !fraction.isEmpty { text += "." + fraction }
        }
        return .number(text)
    }

    /// The proleptic Gregorian calendar in UTC.
    static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0) ?? calendar.timeZone
        return calendar
    }()

    /// The earliest and latest times a FHIR `dateTime` can hold (years 0001 to 9999).
    static let dateRange: ClosedRange<Double> = -62_135_596_800...253_402_300_799

    /// A FHIR `dateTime` / `instant` in UTC to the second, `YYYY-MM-DDThh:mm:ssZ` (fractions of a second dropped);
    /// nil outside years 0001 to 9999.
    static func dateTime(_ date: Date) -> FHIRJSON? {
        let seconds = date.timeIntervalSince1970.rounded(.down)
        guard dateRange.contains(seconds) else { return nil }
        let parts = utc.dateComponents(
            [.year, .month, .day, .hour, .minute, .second], from: Date(timeIntervalSince1970: seconds))
        func pad(_ value: Int?, _ width: Int) -> String {
            let text = String(value ?? 0)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return .string(
            "\(pad(parts.year, 4))-\(pad(parts.month, 2))-\(pad(parts.day, 2))T\(pad(parts.hour, 2)):"
                + "\(pad(parts.minute, 2)):\(pad(parts.second, 2))Z")
    }
}
