import Foundation

/// The file formats Backstep exports and imports.
public enum InteropFormat: String, Sendable, Hashable, Codable, CaseIterable {
    /// Garmin FIT (workout or activity file).
    case fit
    /// Garmin Training Center XML v2.
    case tcx
    /// Comma-separated values (Backstep's columns or a generic time/speed/distance file).
    case csv
    /// Zwift workout XML.
    case zwo
    /// iCalendar (RFC 5545).
    case ics
    /// Backstep's own JSON.
    case json

    /// The usual file extension, without the dot.
    public var fileExtension: String { rawValue }
}

/// A problem with one input file: which file, what is wrong, and where. Importers never crash on bad input;
/// they throw this, and a batch records it against the file and goes on.
public struct InteropError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem it is, for callers that act on it (the command line asks for a missing direction).
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// The bytes are not a valid file of the format (truncated, wrong CRC, broken syntax, values that lie).
        case malformed
        /// A valid file of a kind Backstep doesn't import (a FIT workout, a cycling activity, an unknown format).
        case unsupported
        /// The file holds no samples to make a session from.
        case empty
        /// The file doesn't say whether the walk was backward or forward, and the caller didn't either.
        case directionUnknown = "direction-unknown"
        /// The file is larger than the importer accepts.
        case tooLarge = "too-large"
        /// The data can't be written in the format (an export problem, not an input one).
        case unrepresentable
    }

    /// What kind of problem it is.
    public var kind: Kind
    /// The format being read or written.
    public var format: InteropFormat?
    /// The file's name, when known (a batch fills it in).
    public var file: String?
    /// Where in the file: "byte 1234", "line 5, column speed_mps", "Lap 2 / Trackpoint 17".
    public var location: String?
    /// What is wrong, in words.
    public var problem: String

    /// Creates an error.
    /// - Parameters:
    ///   - kind: the kind of problem.
    ///   - format: the format.
    ///   - location: where in the file.
    ///   - problem: what is wrong.
    ///   - file: the file's name.
    public init(
        _ kind: Kind, format: InteropFormat?, location: String? = nil, _ problem: String, file: String? = nil
    ) {
        self.kind = kind
        self.format = format
        self.location = location
        self.problem = problem
        self.file = file
    }

    /// The error with a file name attached.
    /// - Parameter name: the file's name.
    public func inFile(_ name: String) -> InteropError {
        var copy = self
        copy.file = name
        return copy
    }

    /// "walk.fit: FIT, byte 1234: the file CRC doesn't match".
    public var description: String {
        var prefix: [String] = []
        if let format { prefix.append(format.rawValue.uppercased()) }
        if let location { prefix.append(location) }
        let head = prefix.joined(separator: ", ")
        let body = head.isEmpty ? problem : "\(head): \(problem)"
        guard let file else { return body }
        return "\(file): \(body)"
    }
}
