import ArgumentParser
import BackstepCore
import Foundation

/// Conventions every `backstep` subcommand follows:
/// - The command's output is built by a `render()` method that returns the text, so tests can check it
///   without spawning a process; `run()` only prints what `render()` returns.
/// - Input that is out of range becomes a `ValidationError` naming the option and the allowed range, which
///   swift-argument-parser reports with its usage exit status (64).
/// - JSON output is pretty-printed with sorted keys, and every quantity's key carries its unit.
public protocol RenderingCommand: ParsableCommand {
    /// Builds the command's output.
    func render() throws -> String
}

extension RenderingCommand {
    /// Prints what `render()` returns.
    public func run() throws {
        print(try render())
    }
}

extension InputError {
    /// The error as swift-argument-parser's usage error, naming the option.
    public var validationError: ValidationError { ValidationError(description) }
}

/// JSON encoding shared by every `--json` output.
public enum CLIJSON {
    /// Encodes `value` pretty-printed with sorted keys and ISO-8601 dates.
    public static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        let data = try encoder.encode(value)
        return String(decoding: data, as: UTF8.self)
    }

    /// A decoder with ISO-8601 dates, for files the user gives.
    public static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }

    /// Describes a decoding error with the path to the offending field, e.g. `feedback.painDuring: …`.
    public static func describe(_ error: any Error) -> String {
        guard let decodingError = error as? DecodingError else { return "\(error)" }
        func path(_ keys: [any CodingKey]) -> String {
            let text = keys.map { key in key.intValue.map { "[\($0)]" } ?? ".\(key.stringValue)" }.joined()
            let trimmed = text.hasPrefix(".") ? String(text.dropFirst()) : text
            return trimmed.isEmpty ? "(top level)" : trimmed
        }
        switch decodingError {
        case .typeMismatch(let type, let context):
            return "\(path(context.codingPath)): expected \(type). \(context.debugDescription)"
        case .valueNotFound(_, let context):
            return "\(path(context.codingPath)): missing value. \(context.debugDescription)"
        case .keyNotFound(let key, let context):
            return "\(path(context.codingPath + [key])): required field is missing"
        case .dataCorrupted(let context):
            let underlying = (context.underlyingError as? NSError)?.userInfo[NSDebugDescriptionErrorKey] as? String
            return "\(path(context.codingPath)): \(context.debugDescription)\(underlying.map { " (\($0))" } ?? "")"
        @unknown default:
            return "\(decodingError)"
        }
    }
}

/// Reads and decodes a JSON file given on the command line, with errors that say which file and which field.
public func decodeJSONFile<T: Decodable>(_ type: T.Type, at path: String, option: String) throws -> T {
    let url = URL(fileURLWithPath: path)
    let data: Data
    do {
        data = try Data(contentsOf: url)
    } catch {
        throw ValidationError("\(option): cannot read '\(path)': \(error.localizedDescription)")
    }
    do {
        return try CLIJSON.decoder.decode(T.self, from: data)
    } catch {
        throw ValidationError("\(option): '\(path)' is not valid: \(CLIJSON.describe(error))")
    }
}

/// Formats a number with at most `digits` decimals, dropping trailing zeros.
func formatNumber(_ value: Double, digits: Int = 2) -> String {
    let scale = pow(10.0, Double(digits))
    let rounded = (value * scale).rounded() / scale
    if rounded == rounded.rounded() { return String(Int(rounded)) }
    var text = String(format: "%.\(digits)f", rounded)
    while text.hasSuffix("0") { text.removeLast() }
    if text.hasSuffix(".") { text.removeLast() }
    return text
}

/// Formats a speed in a unit, e.g. "2.5 mph".
func formatSpeed(_ speed: Speed, _ unit: SpeedUnit) -> String {
    "\(formatNumber(speed.value(in: unit), digits: unit == .metersPerSecond ? 2 : 1)) \(unit.symbol)"
}

/// Formats seconds as m:ss or h:mm:ss.
func formatClock(_ seconds: Double) -> String {
    let total = Int(seconds.rounded())
    let h = total / 3600
    let m = (total % 3600) / 60
    let s = total % 60
    if h > 0 { return String(format: "%d:%02d:%02d", h, m, s) }
    return String(format: "%d:%02d", m, s)
}

extension SpeedUnit: ExpressibleByArgument {}
extension Direction: ExpressibleByArgument {}
extension Gait: ExpressibleByArgument {}
extension Goal: ExpressibleByArgument {}
extension Experience: ExpressibleByArgument {}
extension Condition: ExpressibleByArgument {}
extension HandrailLevel: ExpressibleByArgument {}
