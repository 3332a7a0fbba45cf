import ArgumentParser
import Testing

@testable import BackstepCLI

/// `backstep ftms decode` and `backstep ftms encode`, parsed and run in-process.
@Suite struct FTMSCommandTests {
    func decode(_ arguments: [String]) throws -> String {
        let command = try FTMSCommand.parseAsRoot(["decode"] + arguments)
        let decode = try #require(command as? FTMSCommand.Decode)
        return try decode.output()
    }

    func encode(_ arguments: [String]) throws -> String {
        let command = try FTMSCommand.parseAsRoot(["encode"] + arguments)
        let encode = try #require(command as? FTMSCommand.Encode)
        return try encode.output()
    }

    @Test func decodesTreadmillDataWithUnitsAndExplicitNulls() throws {
        let output = try decode(["treadmill-data", "1E 05 C2 01 90 01 D2 04 00 F1 FF FF 7F 7B 00 00 00 78 58 02"])
        #expect(output.contains("\"speedKmh\": 4.5,"))
        #expect(output.contains("\"totalDistanceMeters\": 1234,"))
        #expect(output.contains("\"inclinationPercent\": -1.5,"))
        #expect(output.contains("\"rampAngleDegrees\": null,"))
        #expect(output.contains("\"positiveElevationGainMeters\": 12.3,"))
        #expect(output.contains("\"heartRateBpm\": 120,"))
        #expect(output.contains("\"powerOutputWatts\": null,"))
    }

    @Test func absentFieldsAreNull() throws {
        let output = try decode(["treadmill-data", "00:00:2C:01"])
        #expect(output.contains("\"speedKmh\": 3,"))
        #expect(output.contains("\"totalDistanceMeters\": null,"))
        #expect(output.contains("\"inclinationPercent\": null,"))
    }

    @Test func hexMaySpanSeveralArguments() throws {
        #expect(try decode(["control-point", "02", "C2", "01"]).contains("\"operation\": \"set-target-speed\""))
    }

    @Test(arguments: [
        ("feature", "5C 16 00 00 03 00 00 00", "\"targetSettingFeatures\": [\"speed\", \"inclination\"]"),
        ("speed-range", "64 00 58 02 0A 00", "\"maximumKmh\": 6,"),
        ("incline-range", "E2 FF 96 00 05 00", "\"minimumPercent\": -3,"),
        ("control-point", "80 02 01", "\"result\": \"success\""),
        ("control-point", "08 02", "\"mode\": \"pause\""),
        ("status", "05 69 00", "\"speedKmh\": 1.05"),
        ("status", "FF", "\"event\": \"control-permission-lost\""),
        ("training-status", "00 01", "\"status\": \"idle\""),
    ])
    func decodesEveryCharacteristic(_ characteristic: String, _ hex: String, _ fragment: String) throws {
        #expect(try decode([characteristic, hex]).contains(fragment))
    }

    @Test(arguments: ["", "ABC", "ZZ", "0"])
    func badHexIsAUsageError(_ hex: String) {
        #expect(throws: (any Error).self) { try FTMSCommand.parseAsRoot(["decode", "status", hex]) }
    }

    @Test func malformedPayloadThrowsTheDecodingErrorAndExitsWith65() throws {
        let truncated = #expect(throws: (any Error).self) { try decode(["treadmill-data", "05 00 01"]) }
        #expect(
            "\(truncated.map { String(describing: $0) } ?? "")"
                == "truncated payload: Total Distance needs 3 byte(s) at offset 2, only 1 left")
        let unknown = #expect(throws: (any Error).self) { try decode(["status", "42"]) }
        #expect(String(describing: unknown.map { "\($0)" } ?? "") == "unknown op code 0x42 at offset 0")
        #expect(FTMSCommand.decodeFailureExitCode.rawValue == 65)
    }

    @Test(arguments: [
        (["control-point", "--op", "set-target-speed", "--speed-kmh", "3.2"], "02 40 01"),
        (["control-point", "--op", "request-control"], "00"),
        (["control-point", "--op", "pause"], "08 02"),
        (["control-point", "--op", "set-target-inclination", "--inclination-percent", "-1.5"], "03 F1 FF"),
        (["control-point", "--op", "response", "--request-op", "set-target-speed", "--result", "success"], "80 02 01"),
        (
            ["treadmill-data", "--speed-kmh", "3", "--inclination-percent", "2", "--total-distance-meters", "120"],
            "0C 00 2C 01 78 00 00 14 00 FF 7F"
        ),
        (["status", "--event", "target-speed-changed", "--speed-kmh", "1.05"], "05 69 00"),
        (["speed-range", "--minimum", "1", "--maximum", "6", "--increment", "0.1"], "64 00 58 02 0A 00"),
        (["incline-range", "--minimum", "-3", "--maximum", "15", "--increment", "0.5"], "E2 FF 96 00 05 00"),
        (
            ["feature", "--machine-features", "total-distance,inclination", "--target-settings", "speed"],
            "0C 00 00 00 01 00 00 00"
        ),
        (["training-status", "--training-status", "idle"], "00 01"),
    ])
    func encodes(_ arguments: [String], _ hex: String) throws {
        #expect(try encode(arguments) == hex)
    }

    @Test func encodeThenDecodeAgree() throws {
        let hex = try encode(["treadmill-data", "--speed-kmh", "2.5", "--elapsed-time-seconds", "30"])
        let json = try decode(["treadmill-data", hex])
        #expect(json.contains("\"speedKmh\": 2.5,"))
        #expect(json.contains("\"elapsedTimeSeconds\": 30,"))
    }

    @Test func splitsIntoNotifications() throws {
        let output = try encode([
            "treadmill-data", "--speed-kmh", "3", "--average-speed-kmh", "2", "--total-distance-meters", "5",
            "--inclination-percent", "1", "--total-energy-kcal", "9", "--max-payload", "8",
        ])
        let lines = output.split(separator: "\n")
        #expect(lines.count > 1)
        #expect(lines.last?.hasPrefix("00") == true || lines.last?.hasPrefix("80") == true)
    }

    @Test(arguments: [
        ["control-point", "--op", "set-target-speed"],
        ["control-point", "--op", "warp"],
        ["control-point", "--op", "set-target-speed", "--speed-kmh", "700"],
        ["status", "--event", "nope"],
    ])
    func badEncodeOptionsAreValidationErrors(_ arguments: [String]) {
        #expect(throws: ValidationError.self) { try encode(arguments) }
    }
}
