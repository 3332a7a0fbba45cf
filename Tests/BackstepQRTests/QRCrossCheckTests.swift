import BackstepQR
import CrossCheckSupport
import Foundation
import Testing

/// The QR driver (`CrossCheck/qr/crosscheck_qr.py`) through the shared cross-check support.
enum QRCrossCheck {
    static let tool = PythonCrossCheck(driver: "CrossCheck/qr/crosscheck_qr.py", label: "QR")
}

/// Our symbols against segno (an independent encoder: same bytes, version, level and mask must give the same
/// matrix, and the same smallest version) and zxing-cpp (an independent decoder: our matrix drawn as a PNG must
/// decode to the text).
@Suite("Cross-check of the QR encoder against segno and zxing-cpp", .serialized)
struct QRCrossCheckTests {
    struct Case: Encodable {
        var id: String
        var text: String
        var level: String
        var version: Int
        var mask: Int
        var autoVersion: Bool
        var rows: [String]
    }

    struct Result: Decodable {
        var id: String
        var segnoEqual: Bool
        var segnoDiff: String?
        var segnoMask: Int?
        var segnoVersion: Int?
        var zxingText: String?
        var zxingBytesMatch: Bool
        var zxingError: String?
    }

    struct Report: Decodable {
        var cases: [Result]
    }

    /// A URL of exactly `length` bytes.
    static func url(length: Int) -> String {
        let prefix = "https://backstep.example/i/"
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789-_")
        var text = prefix
        var state: UInt64 = UInt64(length) &* 0x9E37_79B9_7F4A_7C15
        while text.utf8.count < length {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            text.append(alphabet[Int(state >> 33) % alphabet.count])
        }
        return String(text.prefix(length))
    }

    /// About forty texts at the smallest version and the chosen mask, then every version forced once.
    static func codes() throws -> [QRCode.Fixture] {
        var fixtures: [QRCode.Fixture] = []
        let levels = QRErrorCorrection.allCases
        var texts = [
            "Hi", "HELLO WORLD", "hello, world", "0123456789", "Backstep", "Grüße 步行", "Rückwärts gehen 🚶‍♀️",
            "日本語のテキスト", "Ελληνικά και русский", "line one\nline two\ttab", "a&b<c>\"d\"'e'", "x",
        ]
        texts += [10, 16, 24, 32, 47, 64, 80, 100, 128, 150, 180, 200, 230, 256, 280, 300].map(url(length:))
        for (index, text) in texts.enumerated() {
            let level = levels[index % levels.count]
            fixtures.append(.init(code: try QRCode(encoding: text, correction: level), text: text, autoVersion: true))
        }
        for level in levels where level != .medium {
            fixtures.append(.init(code: try QRCode(encoding: "Grüße 步行", correction: level), text: "Grüße 步行"))
        }
        // Version boundaries: the capacity of 5-M (84 bytes) and one byte more, and 9-M / 10-M, where the
        // character count grows from 8 to 16 bits.
        for length in [84, 85, 180, 181] {
            let text = url(length: length)
            fixtures.append(.init(code: try QRCode(encoding: text), text: text, autoVersion: true))
        }
        for version in 1...40 {
            let level = levels[version % 4]
            // As long as the smallest symbols hold: 7 bytes at 1-H, a 28-byte link from version 3 on.
            let text = String(
                "https://backstep.example/v/\(version)".prefix(QRCode.byteCapacity(version: version, correction: level))
            )
            let code = try QRCode(
                encoding: text, correction: level, version: version, mask: version % 8)
            fixtures.append(.init(code: code, text: text))
        }
        return fixtures
    }

    @Test(
        "segno draws the same matrices and picks the same versions; zxing-cpp decodes them to the texts",
        .enabled(if: QRCrossCheck.tool.shouldRun, "cross-check tools unavailable; run scripts/setup-crosscheck.sh")
    )
    func crossCheck() throws {
        if let reason = QRCrossCheck.tool.unavailableReason {
            Issue.record("BACKSTEP_REQUIRE_CROSSCHECK=1 but \(reason)")
            return
        }
        let fixtures = try Self.codes()
        #expect(fixtures.count >= 80)
        #expect(fixtures.contains { $0.code.version == 5 } && fixtures.contains { $0.code.version == 6 })
        let cases = fixtures.enumerated().map { index, fixture in
            let code = fixture.code
            let rows = (0..<code.size).map { y in
                String((0..<code.size).map { code.isDark(x: $0, y: y) ? "1" : "0" })
            }
            return Case(
                id: "\(index)", text: fixture.text, level: code.correction.description, version: code.version,
                mask: code.mask, autoVersion: fixture.autoVersion, rows: rows)
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("qr-crosscheck-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("cases.json")
        try JSONEncoder().encode(["cases": cases]).write(to: input)

        let (status, output) = try QRCrossCheck.tool.run([input.path])
        try #require(status == 0, "QR driver failed: \(output)")
        let report = try JSONDecoder().decode(Report.self, from: Data(output.utf8))
        try #require(report.cases.count == cases.count)

        var agreed = 0
        var sameMask = 0
        for (result, testCase) in zip(report.cases, cases) {
            let label = "case \(testCase.id) (\(testCase.version)-\(testCase.level), mask \(testCase.mask))"
            #expect(result.id == testCase.id)
            #expect(result.segnoEqual, "\(label): segno's matrix differs: \(result.segnoDiff ?? "?")")
            #expect(result.zxingText == testCase.text, "\(label): zxing-cpp read \(result.zxingText ?? "nothing")")
            #expect(result.zxingBytesMatch, "\(label): zxing-cpp's bytes differ \(result.zxingError ?? "")")
            if testCase.autoVersion {
                #expect(result.segnoVersion == testCase.version, "\(label): segno picks \(result.segnoVersion ?? 0)")
            }
            if result.segnoMask == testCase.mask { sameMask += 1 }
            if result.segnoEqual && result.zxingText == testCase.text && result.zxingBytesMatch { agreed += 1 }
        }
        #expect(agreed == cases.count)
        print("QR cross-check: \(agreed)/\(cases.count) agreed with segno and zxing-cpp; \(sameMask) same mask choice")
    }
}

extension QRCode {
    /// A symbol, the text it holds, and whether its version was chosen (not forced).
    struct Fixture {
        var code: QRCode
        var text: String
        var autoVersion = false
    }
}
