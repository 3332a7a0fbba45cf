import BackstepCore
import Foundation

/// PerformedSession → CSV: one row per sample, RFC 4180 (comma-separated, CRLF line ends, a header row).
///
/// Columns, units in the names (`docs/formats.md`): `time_utc` (ISO 8601), `elapsed_s`, `segment`, `direction`
/// (backward/forward), `gait` (walk/run), `speed_mps`, `target_speed_mps`, `grade_percent`,
/// `target_grade_percent`, `distance_m`, `heart_rate_bpm`, `met`, `kcal`, `forward_kcal`. An empty cell means
/// unknown. Numbers use a dot and as many digits as needed to read back the same value.
public enum CSVExport {
    /// The header columns, in order.
    public static let columns = [
        "time_utc", "elapsed_s", "segment", "direction", "gait", "speed_mps", "target_speed_mps", "grade_percent",
        "target_grade_percent", "distance_m", "heart_rate_bpm", "met", "kcal", "forward_kcal",
    ]

    /// The session as CSV text.
    /// - Parameter session: the session.
    /// - Returns: the CSV text.
    public static func document(_ session: PerformedSession) -> String {
        var rows = [columns.joined(separator: ",")]
        rows.reserveCapacity(session.samples.count + 1)
        func number(_ value: Double?) -> String {
            guard let value, value.isFinite else { return "" }
            if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
            return "\(value)"
        }
        for sample in session.samples.sorted(by: { $0.sequence < $1.sequence }) {
            let cells: [String] = [
                ISOTime.format(
                    session.startedAt.addingTimeInterval(sample.t.isFinite ? sample.t : 0), milliseconds: true),
                number(sample.t), String(sample.segment), sample.direction?.rawValue ?? "", sample.gait?.rawValue ?? "",
                number(sample.speed?.metersPerSecond), number(sample.targetSpeed?.metersPerSecond),
                number(sample.grade?.percent), number(sample.targetGrade?.percent), number(sample.distance.meters),
                sample.heartRate.map(String.init) ?? "", number(sample.met), number(sample.kcal),
                number(sample.forwardKcal),
            ]
            rows.append(cells.joined(separator: ","))
        }
        return rows.joined(separator: "\r\n") + "\r\n"
    }
}

/// CSV → PerformedSession. Reads Backstep's own columns (see `CSVExport`) and simple generic files.
///
/// A generic file needs a header row, a date-time column (`time_utc`, `time`, `timestamp`, `date_time`; ISO 8601,
/// UTC unless it has an offset) and a speed or distance column. Recognised names (case and spaces ignored, a unit
/// in brackets allowed): speed in m/s (`speed_mps`, `speed`, `speed (m/s)`), km/h (`speed_kmh`, `speed (km/h)`) or
/// mph (`speed_mph`); distance in m (`distance_m`, `distance`), km (`distance_km`) or miles (`distance_mi`);
/// `heart_rate_bpm`/`heart_rate`/`hr`; `grade_percent`/`incline`/`grade`; `direction`; `segment`; `elapsed_s`.
/// Comma or semicolon separated; quoted cells as RFC 4180. Without a distance column, distance is integrated
/// from the speed.
public enum CSVImport {
    /// Reads a CSV file.
    /// - Parameters:
    ///   - bytes: the file (UTF-8, optionally with a byte-order mark).
    ///   - options: the fallback direction and limits.
    /// - Throws: `InteropError` naming the line and column of a bad cell.
    public static func read(
        _ bytes: [UInt8], options: ImportOptions = ImportOptions()
    ) throws(InteropError)
        -> ImportedSession
    {
        var text = String(decoding: bytes, as: UTF8.self)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        guard
            let headerEnd = text.firstIndex(where: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
                ?? Optional(text.endIndex),
            !text[..<headerEnd].trimmingCharacters(in: .whitespaces).isEmpty
        else { throw InteropError(.empty, format: .csv, location: "line 1", "no header row") }
        let headerLine = text[..<headerEnd]
        let separator: Character =
            headerLine.filter { $0 == ";" }.count > headerLine.filter { $0 == "," }.count ? ";" : ","
        let rows = try parse(text, separator: separator)
        guard let header = rows.first else {
            throw InteropError(.empty, format: .csv, location: "line 1", "no header row")
        }
        var columns: [Column: (index: Int, scale: Double)] = [:]
        for (index, name) in header.cells.enumerated() {
            if let (column, scale) = Column.match(name), columns[column] == nil { columns[column] = (index, scale) }
        }
        guard let timeColumn = columns[.time] else {
            throw InteropError(
                .unsupported, format: .csv, location: "line 1",
                "no date-time column (time_utc, time, timestamp or date_time) in the header: \(header.cells.joined(separator: ", "))"
            )
        }
        guard columns[.speed] != nil || columns[.distance] != nil else {
            throw InteropError(
                .unsupported, format: .csv, location: "line 1", "no speed or distance column in the header")
        }

        // Backstep's own files have every column and end every row with CRLF: a missing end means a cut file.
        let ours = Set(CSVExport.columns).isSubset(of: header.cells)
        if ours, !(text.hasSuffix("\n") || text.hasSuffix("\r\n")) {
            throw InteropError(
                .malformed, format: .csv, location: "line \(rows.last?.line ?? 1)", "the file ends mid-row (truncated)")
        }
        var assembler: SessionAssembler?
        var lastSegment: Int?
        var lastDistance = 0.0
        var lastT: Double?
        for row in rows.dropFirst() {
            if row.cells.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            guard row.cells.count == header.cells.count else {
                throw InteropError(
                    .malformed, format: .csv, location: "line \(row.line)",
                    "\(row.cells.count) cells where the header has \(header.cells.count)")
            }
            func cell(_ column: Column) -> (String, Double)? {
                guard let (index, scale) = columns[column], index < row.cells.count else { return nil }
                let value = row.cells[index].trimmingCharacters(in: .whitespaces)
                return value.isEmpty ? nil : (value, scale)
            }
            func number(_ column: Column) throws(InteropError) -> Double? {
                guard let (text, scale) = cell(column) else { return nil }
                let normalised = separator == ";" ? text.replacingOccurrences(of: ",", with: ".") : text
                guard let value = Double(normalised), value.isFinite else {
                    throw InteropError(
                        .malformed, format: .csv,
                        location: "line \(row.line), column \(header.cells[columns[column]?.index ?? 0])",
                        "'\(text)' is not a number")
                }
                return value * scale
            }
            guard let (timeText, _) = cell(.time) else {
                throw InteropError(
                    .malformed, format: .csv, location: "line \(row.line), column \(header.cells[timeColumn.index])",
                    "no time")
            }
            guard let when = ISOTime.parse(Substring(timeText)) else {
                throw InteropError(
                    .malformed, format: .csv, location: "line \(row.line), column \(header.cells[timeColumn.index])",
                    "'\(timeText)' is not an ISO 8601 date-time")
            }
            let elapsed = try number(.elapsed)
            if assembler == nil {
                assembler = SessionAssembler(format: .csv, start: when.addingTimeInterval(-(elapsed ?? 0)))
            }
            guard var current = assembler else { continue }
            let t = elapsed ?? when.timeIntervalSince(current.start)
            guard t >= 0 else {
                throw InteropError(
                    .malformed, format: .csv, location: "line \(row.line)", "the time goes back before the first row")
            }
            let speed = try number(.speed)
            var distance = try number(.distance)
            if distance == nil, let speed, let lastT { distance = lastDistance + speed * max(t - lastT, 0) }
            lastDistance = distance ?? lastDistance
            lastT = t
            var direction: Direction?
            if let (value, _) = cell(.direction) {
                guard let parsed = Direction(rawValue: value.lowercased()) else {
                    throw InteropError(
                        .malformed, format: .csv, location: "line \(row.line), column direction",
                        "'\(value)' is not backward or forward")
                }
                direction = parsed
            }
            var gait: Gait?
            if let (value, _) = cell(.gait) { gait = Gait(rawValue: value.lowercased()) }
            if let segmentValue = try number(.segment) {
                let segment = Int(segmentValue)
                if segment != lastSegment {
                    current.laps.append(
                        SessionAssembler.Lap(
                            startT: current.laps.isEmpty ? 0 : t, endT: t, gait: gait ?? .walk, direction: nil,
                            handrail: nil, isRest: false))
                    lastSegment = segment
                }
            }
            guard current.samples.count < options.maximumSamples else {
                throw InteropError(.tooLarge, format: .csv, "more than \(options.maximumSamples) rows")
            }
            let heartRate = try number(.heartRate)
            current.samples.append(
                SessionSample(
                    sequence: current.samples.count, t: t, segment: 0, direction: direction, gait: gait,
                    targetSpeed: try number(.targetSpeed).map(Speed.init(metersPerSecond:)),
                    speed: speed.map(Speed.init(metersPerSecond:)),
                    targetGrade: try number(.targetGrade).map(Grade.init(percent:)),
                    grade: try number(.grade).map(Grade.init(percent:)), distance: Distance(meters: lastDistance),
                    heartRate: heartRate.flatMap { Int(exactly: $0.rounded()) }, met: try number(.met) ?? 0,
                    kcal: try number(.kcal) ?? 0, forwardKcal: try number(.forwardKcal) ?? 0))
            assembler = current
        }
        guard var result = assembler else { throw InteropError(.empty, format: .csv, "no data rows") }
        if result.samples.contains(where: { $0.gait == .run }) { result.gait = .run }
        for index in result.laps.indices {
            // A lap takes the gait of its first sample.
            let startT = result.laps[index].startT
            if let sample = result.samples.first(where: { $0.t >= startT }), let gait = sample.gait {
                result.laps[index].gait = gait
            }
        }
        return try result.assemble(options: options)
    }

    enum Column: Hashable {
        case time, elapsed, segment, direction, gait, speed, targetSpeed, grade, targetGrade, distance, heartRate, met
        case kcal, forwardKcal

        /// The column a header names, with the factor to SI units (m/s, m).
        static func match(_ raw: String) -> (Column, Double)? {
            let name = raw.lowercased().trimmingCharacters(in: .whitespaces)
                .replacingOccurrences(of: " ", with: "_").replacingOccurrences(of: "(", with: "")
                .replacingOccurrences(of: ")", with: "").replacingOccurrences(of: "[", with: "")
                .replacingOccurrences(of: "]", with: "").replacingOccurrences(of: "/", with: "")
            switch name {
            case "time_utc", "time", "timestamp", "date_time", "datetime": return (.time, 1)
            case "elapsed_s", "elapsed", "elapsed_seconds", "seconds": return (.elapsed, 1)
            case "segment", "lap": return (.segment, 1)
            case "direction": return (.direction, 1)
            case "gait": return (.gait, 1)
            case "speed_mps", "speed", "speed_ms": return (.speed, 1)
            case "speed_kmh", "speed_km_h": return (.speed, 1 / 3.6)
            case "speed_mph": return (.speed, Speed.metersPerSecondPerMph)
            case "target_speed_mps": return (.targetSpeed, 1)
            case "grade_percent", "grade", "incline", "incline_percent", "grade_%", "incline_%": return (.grade, 1)
            case "target_grade_percent": return (.targetGrade, 1)
            case "distance_m", "distance", "distance_meters": return (.distance, 1)
            case "distance_km": return (.distance, 1000)
            case "distance_mi", "distance_miles": return (.distance, 1609.344)
            case "heart_rate_bpm", "heart_rate", "hr", "heartrate", "heart_rate_bpm_": return (.heartRate, 1)
            case "met": return (.met, 1)
            case "kcal": return (.kcal, 1)
            case "forward_kcal": return (.forwardKcal, 1)
            default: return nil
            }
        }
    }

    struct Row {
        var line: Int
        var cells: [String]
    }

    /// RFC 4180 rows: quoted cells may hold separators, doubled quotes and line breaks.
    static func parse(_ text: String, separator: Character) throws(InteropError) -> [Row] {
        var rows: [Row] = []
        var cells: [String] = []
        var cell = ""
        var quoted = false
        var afterQuote = false
        var line = 1
        var rowLine = 1
        for character in text {
            if quoted {
                if character == "\"" {
                    quoted = false
                    afterQuote = true
                } else {
                    if character == "\n" || character == "\r\n" || character == "\r" { line += 1 }
                    cell.append(character)
                }
                continue
            }
            switch character {
            case "\"":
                if afterQuote {
                    cell.append("\"")
                    quoted = true
                    afterQuote = false
                } else if cell.isEmpty {
                    quoted = true
                } else {
                    throw InteropError(
                        .malformed, format: .csv, location: "line \(line)", "a quote inside an unquoted cell")
                }
            case separator:
                cells.append(cell)
                cell = ""
                afterQuote = false
            case "\n", "\r\n", "\r":
                cells.append(cell)
                rows.append(Row(line: rowLine, cells: cells))
                cells = []
                cell = ""
                afterQuote = false
                line += 1
                rowLine = line
            default:
                if afterQuote {
                    throw InteropError(.malformed, format: .csv, location: "line \(line)", "text after a closing quote")
                }
                cell.append(character)
            }
        }
        if quoted {
            throw InteropError(.malformed, format: .csv, location: "line \(rowLine)", "a quoted cell is never closed")
        }
        if !cell.isEmpty || !cells.isEmpty {
            cells.append(cell)
            rows.append(Row(line: rowLine, cells: cells))
        }
        return rows
    }
}
