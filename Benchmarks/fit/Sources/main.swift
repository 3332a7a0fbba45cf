// fit-bench: generates a corpus of treadmill activity files and measures FITCodec's decoding throughput.
//
//   fit-bench generate <directory> <megabytes>   writes activity-NNNN.fit files totalling about <megabytes>
//   fit-bench decode <runs> <file>...            decodes every file <runs> times with the streaming decoder
//                                                (64 KiB chunks), prints one JSON line with the median MB/s
import FITCodec
import Foundation

func activity(seed: Int, seconds: Int) throws -> [UInt8] {
    let start = FITDateTime(rawValue: 1_105_081_200 + UInt32(seed) * 86_400)
    var encoder = FITEncoder()
    var fileId = FileIdMessage()
    fileId.type = .activity
    fileId.manufacturer = 255
    fileId.product = 1
    fileId.serialNumber = UInt32(seed + 1)
    fileId.timeCreated = start
    try encoder.write(fileId)
    var developer = DeveloperDataIdMessage()
    developer.applicationId = (0..<16).map { UInt8($0 * 13 & 0xFF) }
    developer.developerDataIndex = 0
    try encoder.write(developer)
    var backward = FieldDescriptionMessage()
    backward.developerDataIndex = 0
    backward.fieldDefinitionNumber = 0
    backward.baseType = .uint8
    backward.fieldName = "backward"
    try encoder.write(backward)
    var event = EventMessage()
    event.timestamp = start
    event.event = .timer
    event.eventType = .start
    try encoder.write(event)
    var distance = 0.0
    for second in 0..<seconds {
        var record = RecordMessage()
        record.timestamp = FITDateTime(rawValue: start.rawValue + UInt32(second))
        let speed = Double(800 + (second * 7 + seed) % 400) / 1000
        distance += speed
        record.enhancedSpeed = speed
        record.distance = (distance * 100).rounded() / 100
        record.heartRate = UInt8(90 + (second + seed) % 60)
        record.cadence = UInt8(45 + second % 15)
        record.grade = Double(second % 20) / 4
        record.developerFields = [
            FITDeveloperField(developerDataIndex: 0, number: 0, baseType: .uint8, value: .unsigned(1))
        ]
        try encoder.write(record)
        if (second + 1) % 300 == 0 {
            var lap = LapMessage()
            lap.timestamp = record.timestamp
            lap.startTime = FITDateTime(rawValue: start.rawValue + UInt32(second - 299))
            lap.totalElapsedTime = 300
            lap.totalTimerTime = 300
            lap.sport = .walking
            lap.subSport = .treadmill
            try encoder.write(lap)
        }
    }
    let end = FITDateTime(rawValue: start.rawValue + UInt32(seconds))
    var session = SessionMessage()
    session.timestamp = end
    session.startTime = start
    session.totalElapsedTime = Double(seconds)
    session.totalTimerTime = Double(seconds)
    session.totalDistance = (distance * 100).rounded() / 100
    session.sport = .walking
    session.subSport = .treadmill
    try encoder.write(session)
    var summary = ActivityMessage()
    summary.timestamp = end
    summary.totalTimerTime = Double(seconds)
    summary.numberOfSessions = 1
    try encoder.write(summary)
    return try encoder.encodedFile()
}

func generate(directory: String, megabytes: Int) throws {
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    var total = 0
    var index = 0
    while total < megabytes * 1_000_000 {
        let bytes = try activity(seed: index, seconds: 3600)
        try Data(bytes).write(
            to: URL(fileURLWithPath: directory).appendingPathComponent(String(format: "activity-%04d.fit", index)))
        total += bytes.count
        index += 1
    }
    print("{\"files\": \(index), \"bytes\": \(total)}")
}

func decode(runs: Int, paths: [String]) throws {
    let files = try paths.map { [UInt8](try Data(contentsOf: URL(fileURLWithPath: $0))) }
    let bytes = files.reduce(0) { $0 + $1.count }
    var rates: [Double] = []
    var messages = 0
    for _ in 0..<max(1, runs) {
        messages = 0
        let clock = ContinuousClock()
        let elapsed = try clock.measure {
            for file in files {
                var decoder = FITStreamDecoder()
                var index = 0
                while index < file.count {
                    let end = min(file.count, index + 65_536)
                    decoder.append(file[index..<end])
                    index = end
                    while let event = try decoder.next() {
                        if case .message = event { messages += 1 }
                    }
                }
                decoder.finish()
                while try decoder.next() != nil {}
            }
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        rates.append(Double(bytes) / 1e6 / seconds)
    }
    rates.sort()
    let median = rates[rates.count / 2]
    print(
        "{\"tool\": \"FITCodec\", \"bytes\": \(bytes), \"messages\": \(messages), \"runs\": \(rates.count), \"mb_per_s\": \(median)}"
    )
}

let arguments = CommandLine.arguments
do {
    switch arguments.dropFirst().first {
    case "generate" where arguments.count == 4:
        try generate(directory: arguments[2], megabytes: Int(arguments[3]) ?? 50)
    case "decode" where arguments.count >= 4:
        try decode(runs: Int(arguments[2]) ?? 5, paths: Array(arguments[3...]))
    default:
        FileHandle.standardError.write(Data("usage: fit-bench generate <dir> <MB> | decode <runs> <file>...\n".utf8))
        exit(2)
    }
} catch {
    FileHandle.standardError.write(Data("fit-bench: \(error)\n".utf8))
    exit(1)
}
