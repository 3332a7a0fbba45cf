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
///
/// Two places where segno 1.6.6 departs from ISO/IEC 18004:2015, found by this cross-check:
/// - Padding (§7.4.10): segno adds a whole 0x00 codeword when the bit stream after the terminator already ends on a
///   codeword boundary, which in byte mode it always does; the standard adds padding bits only when it does not. The
///   driver runs segno with that one function following the standard (and reports whether segno still needs it);
///   with it, every matrix agrees module for module.
/// - Mask choice (§7.8.3.1): segno scores each mask before drawing the format and version information and the dark
///   module (those modules count as light), on purpose (a note in its encoder), while the standard says "the area to
///   be evaluated is the complete symbol"; its N3 scan also skips a 1:1:3:1:1 pattern overlapping the previous one.
///   So segno's own mask is only reported. The check is against the standard's rule applied to segno's complete
///   symbols (segno's N1, N2 and N4, the driver's N3): our automatic mask must be the one it picks.
///   `QRCodeTests.helloWorldMaskChoice` works one symbol through where the two choices part.
@Suite("Cross-check of the QR encoder against segno and zxing-cpp", .serialized)
struct QRCrossCheckTests {
    struct Case: Encodable {
        var id: String
        var text: String
        var level: String
        var version: Int
        var mask: Int
        /// Our automatic mask at the same version and level (the fixture's own mask may be forced).
        var autoMask: Int
        var autoVersion: Bool
        var rows: [String]
    }

    struct Result: Decodable {
        var id: String
        var segnoEqual: Bool
        var segnoDiff: String?
        var segnoMask: Int?
        var standardMask: Int?
        var segnoVersion: Int?
        var zxingText: String?
        var zxingBytesMatch: Bool
        var zxingError: String?
    }

    struct Report: Decodable {
        var segnoPaddingQuirk: Bool?
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
        // Every level at the exact capacity of version 1 (the terminator fills the last codeword, no pad codewords)
        // and one byte past version 9's capacity (version 10, 16-bit character count).
        for level in levels {
            for length in [
                QRCode.byteCapacity(version: 1, correction: level),
                QRCode.byteCapacity(version: 9, correction: level) + 1,
            ] {
                let text = url(length: length)
                fixtures.append(
                    .init(code: try QRCode(encoding: text, correction: level), text: text, autoVersion: true))
            }
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
        let cases = try fixtures.enumerated().map { index, fixture in
            let automatic = try QRCode(
                encoding: fixture.text, correction: fixture.code.correction, version: fixture.code.version, mask: nil)
            return Self.testCase(
                id: "\(index)", fixture.code, text: fixture.text, autoMask: automatic.mask,
                autoVersion: fixture.autoVersion)
        }
        let report = try Self.runDriver(cases)

        var agreed = 0
        var sameMask = 0
        var maskMisses = 0
        for (result, testCase) in zip(report.cases, cases) {
            let label = "case \(testCase.id) (\(testCase.version)-\(testCase.level), mask \(testCase.mask))"
            #expect(result.id == testCase.id)
            #expect(result.segnoEqual, "\(label): segno's matrix differs: \(result.segnoDiff ?? "?")")
            #expect(
                result.standardMask == testCase.autoMask,
                "\(label): the standard's rule picks mask \(result.standardMask ?? -1), we pick \(testCase.autoMask)")
            #expect(result.zxingText == testCase.text, "\(label): zxing-cpp read \(result.zxingText ?? "nothing")")
            #expect(result.zxingBytesMatch, "\(label): zxing-cpp's bytes differ \(result.zxingError ?? "")")
            if testCase.autoVersion {
                #expect(result.segnoVersion == testCase.version, "\(label): segno picks \(result.segnoVersion ?? 0)")
            }
            if result.segnoMask == testCase.autoMask { sameMask += 1 }
            if result.standardMask != testCase.autoMask { maskMisses += 1 }
            if result.segnoEqual && result.zxingText == testCase.text && result.zxingBytesMatch { agreed += 1 }
        }
        #expect(agreed == cases.count)
        print(
            "QR cross-check: \(agreed)/\(cases.count) agreed with segno and zxing-cpp; the standard's mask rule on "
                + "segno's symbols agreed with our mask choice in \(cases.count - maskMisses)/\(cases.count); segno's own "
                + "mask choice in \(sameMask)/\(cases.count); segno padding quirk present: "
                + "\(report.segnoPaddingQuirk.map(String.init(describing:)) ?? "?")")
    }

    /// The cross-check can fail: one flipped module, a wrong mask number and a wrong text are each reported.
    @Test(
        "segno and zxing-cpp report a flipped module, a wrong mask and a wrong text",
        .enabled(if: QRCrossCheck.tool.shouldRun, "cross-check tools unavailable; run scripts/setup-crosscheck.sh")
    )
    func crossCheckCatchesDifferences() throws {
        if let reason = QRCrossCheck.tool.unavailableReason {
            Issue.record("BACKSTEP_REQUIRE_CROSSCHECK=1 but \(reason)")
            return
        }
        let text = "https://backstep.example/invite/abc"
        let code = try QRCode(encoding: text, correction: .medium, version: nil, mask: 2)
        let good = Self.testCase(id: "good", code, text: text, autoMask: code.mask, autoVersion: false)
        // The bottom-right module holds the first data bit (§7.7.3); readers still decode through the error
        // correction, so only segno can see it.
        var flipped = good
        flipped.id = "flipped"
        let last = code.size - 1
        var lastRow = Array(flipped.rows[last])
        lastRow[last] = lastRow[last] == "1" ? "0" : "1"
        flipped.rows[last] = String(lastRow)
        var wrongMask = good
        wrongMask.id = "wrongMask"
        wrongMask.mask = 3
        var wrongText = good
        wrongText.id = "wrongText"
        wrongText.text = "https://backstep.example/invite/abd"

        let report = try Self.runDriver([good, flipped, wrongMask, wrongText])
        let results = Dictionary(uniqueKeysWithValues: report.cases.map { ($0.id, $0) })
        let goodResult = try #require(results["good"])
        #expect(goodResult.segnoEqual && goodResult.zxingText == text && goodResult.zxingBytesMatch)
        let flippedResult = try #require(results["flipped"])
        #expect(!flippedResult.segnoEqual)
        #expect(flippedResult.segnoDiff == "first difference at x=\(last), y=\(last)")
        let wrongMaskResult = try #require(results["wrongMask"])
        #expect(!wrongMaskResult.segnoEqual)
        let wrongTextResult = try #require(results["wrongText"])
        #expect(!wrongTextResult.segnoEqual)
        #expect(wrongTextResult.zxingText == text)
        #expect(!wrongTextResult.zxingBytesMatch)
    }

    /// A case for the driver: our symbol as rows of 0 and 1.
    static func testCase(id: String, _ code: QRCode, text: String, autoMask: Int, autoVersion: Bool) -> Case {
        let rows = (0..<code.size).map { y in
            String((0..<code.size).map { code.isDark(x: $0, y: y) ? "1" : "0" })
        }
        return Case(
            id: id, text: text, level: code.correction.description, version: code.version, mask: code.mask,
            autoMask: autoMask, autoVersion: autoVersion, rows: rows)
    }

    /// Runs the driver on cases and reads its report, one result per case.
    static func runDriver(_ cases: [Case]) throws -> Report {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("qr-crosscheck-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("cases.json")
        try JSONEncoder().encode(["cases": cases]).write(to: input)

        let (status, output) = try QRCrossCheck.tool.run([input.path])
        try #require(status == 0, "QR driver failed: \(output)")
        let report = try JSONDecoder().decode(Report.self, from: Data(output.utf8))
        try #require(report.cases.count == cases.count)
        return report
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
