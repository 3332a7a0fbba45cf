import BackstepCore
import Foundation

/// A file ready to be written or downloaded: bytes, media type and a suggested name. The command line writes it to
/// `-o`; the web app serves it as an attachment. One place decides what each format's file looks like.
public struct ExportedFile: Sendable, Hashable {
    /// The content.
    public var bytes: [UInt8]
    /// The media type, with a charset for text formats.
    public var contentType: String
    /// A suggested file name (ASCII letters, digits, `-` and `.` only, so it is safe in a header).
    public var fileName: String
    /// What the file holds, for messages ("FIT activity (1800 records)").
    public var summary: String

    /// The media type of a format: FIT `application/vnd.ant.fit`, TCX `application/vnd.garmin.tcx+xml`, CSV
    /// `text/csv`, ZWO `application/xml`, iCalendar `text/calendar`, JSON `application/json`.
    public static func contentType(of format: InteropFormat) -> String {
        switch format {
        case .fit: "application/vnd.ant.fit"
        case .tcx: "application/vnd.garmin.tcx+xml"
        case .csv: "text/csv; charset=utf-8"
        case .zwo: "application/xml; charset=utf-8"
        case .ics: "text/calendar; charset=utf-8"
        case .json: "application/json; charset=utf-8"
        }
    }

    /// A name made safe for a file system and a `Content-Disposition` header: anything but ASCII letters and
    /// digits becomes `-`, runs collapse, at most 60 characters.
    public static func safeName(_ text: String) -> String {
        var out = ""
        for scalar in text.lowercased().unicodeScalars {
            let keep = (scalar >= "a" && scalar <= "z") || (scalar >= "0" && scalar <= "9")
            if keep {
                out.unicodeScalars.append(scalar)
            } else if !out.hasSuffix("-") {
                out += "-"
            }
        }
        let trimmed = String(out.prefix(60)).trimmingCharacters(in: CharacterSet(charactersIn: "-"))
        return trimmed.isEmpty ? "backstep" : trimmed
    }

    /// A performed session as a FIT activity, TCX or CSV.
    /// - Parameters:
    ///   - session: the session, with its samples.
    ///   - format: `.fit`, `.tcx` or `.csv`.
    ///   - timeZoneOffsetSeconds: the local time offset written into a FIT file.
    /// - Throws: `InteropError` when the session can't be written in that format.
    public static func session(
        _ session: PerformedSession, format: InteropFormat, timeZoneOffsetSeconds: Int = 0
    ) throws(InteropError) -> ExportedFile {
        let day = ProgressionText.day(session.startedAt)
        let name = "backstep-\(day)-\(session.id.uuidString.prefix(8).lowercased()).\(format.rawValue)"
        let count = session.samples.count
        switch format {
        case .fit:
            let bytes = try FITActivityExport.encode(
                session, options: .init(timeZoneOffsetSeconds: timeZoneOffsetSeconds))
            return ExportedFile(
                bytes: bytes, contentType: contentType(of: .fit), fileName: name,
                summary: "FIT activity (\(count) records)")
        case .tcx:
            return ExportedFile(
                bytes: Array(try TCXExport.document(session).utf8), contentType: contentType(of: .tcx),
                fileName: name, summary: "TCX activity (\(count) trackpoints)")
        case .csv:
            return ExportedFile(
                bytes: Array(CSVExport.document(session).utf8), contentType: contentType(of: .csv), fileName: name,
                summary: "CSV (\(count) rows)")
        case .zwo, .ics, .json:
            throw InteropError(.unsupported, format: format, "a session is written as FIT, TCX or CSV")
        }
    }

    /// A workout as a FIT workout file or a Zwift ZWO.
    /// - Parameters:
    ///   - workout: the workout.
    ///   - format: `.fit` or `.zwo`.
    ///   - createdAt: the FIT creation time.
    ///   - zwo: ZWO settings (reference speed, units of the text cues).
    /// - Throws: `InteropError` when the workout can't be written in that format.
    public static func workout(
        _ workout: Workout, format: InteropFormat, createdAt: Date, zwo: ZWOExport.Options = ZWOExport.Options()
    ) throws(InteropError) -> ExportedFile {
        let name = "\(safeName(workout.name)).\(format.rawValue)"
        switch format {
        case .fit:
            return ExportedFile(
                bytes: try FITWorkoutExport.encode(workout, options: .init(createdAt: createdAt)),
                contentType: contentType(of: .fit), fileName: name,
                summary: "FIT workout '\(workout.name)' (\(workout.performedSteps.count) steps performed)")
        case .zwo:
            return ExportedFile(
                bytes: Array(try ZWOExport.document(workout, options: zwo).utf8), contentType: contentType(of: .zwo),
                fileName: name, summary: "Zwift workout '\(workout.name)'")
        case .tcx, .csv, .ics, .json:
            throw InteropError(.unsupported, format: format, "a workout is written as FIT or ZWO")
        }
    }

    /// A plan as an iCalendar file, one event per planned session.
    /// - Parameters:
    ///   - plan: the plan.
    ///   - options: export settings (start date, time of day, DTSTAMP, units).
    /// - Throws: `InteropError` when the sessions can't be placed on days.
    public static func calendar(_ plan: Plan, options: ICalendarExport.Options) throws(InteropError) -> ExportedFile {
        let text = try ICalendarExport.document(plan, options: options)
        return ExportedFile(
            bytes: Array(text.utf8), contentType: contentType(of: .ics),
            fileName: "backstep-\(plan.goal.rawValue)-plan.ics", summary: "\(plan.sessions.count) events")
    }
}
